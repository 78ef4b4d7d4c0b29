"""Validation: fields (per file) and rules (across files); rule modules register on import."""

from . import lifecycle_rules  # noqa: F401  (registers the E5xx rules after the E3xx ones)
