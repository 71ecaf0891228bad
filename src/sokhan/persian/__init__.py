"""Persian text: normalisation for matching, Solar Hijri dates, digits. Pure."""
