"""双创 filings as files: read, validate, check against the calendar and history, render."""

__version__ = "0.1.0"
