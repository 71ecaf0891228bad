"""Whole pages kept for anonymous readers, invalidated the moment what they show changes.

See docs/caching.md. The pure parts (``generations``, ``store``, ``layer``) import no
Django; ``marking``, ``invalidation``, ``schedule`` and ``purge`` are the glue.
"""
