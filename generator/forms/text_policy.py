"""The text policy as the browser applies it: plain rules (a code, a JS-compatible pattern of
the characters refused, the message) for one-line and multi-line fields.

The policy itself lives with the models (`generator/model/characters.py`, `TEXT_RULES`); this module
only picks, for a field's kind, the rules that apply, in the shape `fill.js` reads.
"""

from __future__ import annotations

from typing import Any

from ..model.characters import CHARACTER_NAMES, TEXT_RULES

FIELD_KINDS = {"line": "line", "unit": "line", "parent": "line", "text": "text"}


def text_rules(field_kind: str) -> list[dict[str, Any]]:
    """The rules for a form field of `field_kind` (line, text, …), each {code, pattern, message}."""
    kind = FIELD_KINDS.get(field_kind)
    if kind is None:
        return []
    return [dict(r) for r in TEXT_RULES if kind in r["applies"]]


def character_names() -> dict[str, str]:
    """ "U+200B" -> its Chinese name, for the rules' {name}."""
    return dict(CHARACTER_NAMES)
