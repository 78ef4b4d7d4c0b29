"""What an id may be: it names a folder or a file (units, projects), so it is lower-case ASCII and
a name Windows can hold. Plain regular expressions, no pydantic: the path layout (`paths.py`)
checks every file's name with them, in commands that never validate a model."""

from __future__ import annotations

import re

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
SLUG = re.compile(SLUG_PATTERN)
# Device names Windows refuses as a file or folder name, whatever the case and extension.
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.[^.]*)*$", re.IGNORECASE)


_DEVICES = frozenset({"con", "prn", "aux", "nul", "com", "lpt"})


def windows_reserved(name: str) -> bool:
    # The prefix first: every file name of the tree is asked, and almost none is a device.
    return name[:3].lower() in _DEVICES and bool(_WINDOWS_RESERVED.match(name.rstrip(" .")))
