"""Persian text: normalisation for matching (and later Jalali dates and digits). Pure."""
