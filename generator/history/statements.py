"""What a filing states, piece by piece: the signed statements the site credits to a landing, and
what an edit after a window closed changed.

A statement is one signed or dated part of a filing (an opinion with its 领导签字 and 日期, an
exception with its 批准人, the review meeting, the 审定, the 通报). Each has a key that stays the
same from version to version of the file, so the audit can find the landing that first brought
the statement as it stands now. Values are compared as the models compare them.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from ..paths import Kind
from .calendar_rules import FROZEN

_SPACE = re.compile(r"\s+")

# Which parts of a registration are fixed at the registration deadline: who files, what the
# project is, and the opinions signed on it (the same reading as check --base).
REGISTRATION_FROZEN = FROZEN
# The review's parts, in the order the office fills them in.
REVIEW_RESULTS = ("meeting", "results", "approval", "province")


def _ref(item: Any) -> str:
    return f"{item.unit}/{item.project}"


def statements(kind: Kind, model: Any) -> dict[str, Any]:
    """The filing's statements by key; each value compares equal exactly when the statement is the same.
    `model`: the filing's model, of the form `kind` names."""
    found: dict[str, Any] = {}
    if kind is Kind.REGISTRATION:
        for name in ("unit_opinion", "parent_opinion", "withdrawal"):
            value = getattr(model, name, None)
            if value is not None:
                found[name] = value
    elif kind in (Kind.FORWARDING, Kind.RECOMMENDATION):
        for item in model.items:
            found.setdefault(f"item:{_ref(item)}", item)
    elif kind is Kind.TRACKING:
        for record in model.records:
            found.setdefault(f"record:{_ref(record)}:{record.date}", record)
    elif kind is Kind.REVIEW:
        found["meeting"] = model.meeting
        for entry in model.results:
            found.setdefault(f"result:{_ref(entry)}", entry)
        for item in model.province:
            found.setdefault(f"province:{_ref(item)}", item)
        if model.approval is not None:
            found["approval"] = model.approval
        if model.announcement is not None:
            found["announcement"] = model.announcement
    elif kind is Kind.EXCEPTIONS:
        for grant in model.grants:
            found.setdefault(f"grant:{grant.path}", grant)
    return found


def _plain(value: Any) -> Any:
    """A value as compared for an edit: text without its line layout (a re-wrapped paragraph says
    the same words; a changed word, number or name is a change)."""
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return _SPACE.sub("", value)
    return value


def _label(model: BaseModel, name: str) -> str:
    field = type(model).model_fields.get(name)
    return (field.alias if field is not None else None) or name


def changed_parts(
    kind: Kind, before: BaseModel | None, after: BaseModel | None, parts: tuple[str, ...] = ()
) -> list[str]:
    """The labels of the judged parts that differ between two versions (a deletion: all of them).
    `parts`: the fields judged (default: what the kind fixes once its window has closed)."""
    if before is None or after is None:
        return ["（整个文件）"] if (before is None) != (after is None) else []
    if type(before) is not type(after):
        return ["表"]
    names = parts or (REGISTRATION_FROZEN if kind is Kind.REGISTRATION else tuple(type(before).model_fields))
    found = [
        _label(before, n)
        for n in names
        if n in type(before).model_fields and _plain(getattr(before, n)) != _plain(getattr(after, n))
    ]
    if (
        kind is Kind.REGISTRATION
        and not parts
        and getattr(before, "withdrawal", None)
        and not getattr(after, "withdrawal", None)
    ):
        found.append(_label(before, "withdrawal"))
    return found
