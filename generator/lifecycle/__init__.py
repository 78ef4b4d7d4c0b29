"""After registration: each project's status through the year, and the year's announcement."""

from .status import ProjectRecord, Status, Transition, derive_projects

__all__ = ["ProjectRecord", "Status", "Transition", "derive_projects"]
