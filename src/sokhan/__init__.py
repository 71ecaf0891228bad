"""Sokhan: an organisation publishes its statements; the public reads and comments."""

__version__ = "0.1.0"
