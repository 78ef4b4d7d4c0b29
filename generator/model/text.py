"""The one text policy: what a filing's words may hold, for every model and the web form.

Two kinds of text:

- **one line** (`OneLine`, `Name`): names of projects, units, signers, meetings, numbers… One
  line, trimmed, NFC-normalised, and free of control, zero-width and bidi characters.
- **multi-line** (`Text`): 主要内容, 意见, 理由…: the same, except that line breaks (LF only) are
  allowed and a paragraph's opening full-width spaces (　　) are kept. Tabs are refused in both:
  they look like spaces but print as anything; the hint says to type spaces instead.

Trimming and NFC are silent (they change nothing a reader sees); every other rule refuses the
value with its own code, the offending character as U+XXXX, and a hint. The rules are data
(`characters.py`, `TEXT_RULES`), so the web form generates its JavaScript checks from the same table.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, get_args

from pydantic import BeforeValidator, PlainValidator, StringConstraints, WithJsonSchema
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from .characters import TextKind, character, character_name, first_violation

NAME_MAX = 80
TEXT_MAX = 5000


def _refuse(text: str, kind: TextKind, skipped: int) -> None:
    """Raise for the first refused character of `text`, which starts `skipped` characters into
    the value as written (the error's offset points into that)."""
    found = first_violation(text, kind)
    if found is None:
        return
    rule, index = found
    char = text[index]
    raise PydanticCustomError(
        rule.error_type,
        rule.message,
        {
            "char": character(char),
            "name": character_name(char),
            "code": rule.code,
            "hint": rule.hint,
            "offset": skipped + index,
        },
    )


def clean_line(value: Any) -> Any:  # a str for a str; anything else as it came
    """A one-line value as the model keeps it: checked, trimmed, NFC. Non-text passes through
    for the field's own type to refuse."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    _refuse(text, "line", len(value) - len(value.lstrip()))
    return unicodedata.normalize("NFC", text)


def clean_text(value: Any) -> str:
    """Multi-line text keeps a paragraph's opening full-width spaces (　　), which the forms'
    Chinese typesetting uses; only ASCII blanks around it and trailing blank lines are dropped."""
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "应是一段文字")
    text = value.rstrip().lstrip(" \t\r\n")
    if not text.strip():
        raise PydanticCustomError("string_too_short", "不能为空", {"min_length": 1})
    _refuse(text, "text", len(value) - len(value.lstrip(" \t\r\n")))
    text = unicodedata.normalize("NFC", text)
    if len(text) > TEXT_MAX:
        raise PydanticCustomError("string_too_long", "太长", {"max_length": TEXT_MAX})
    return text


_LINE = BeforeValidator(clean_line)
_TEXT = PlainValidator(clean_text)
# The one-line policy as metadata, for a type with more constraints (checked after the policy):
# `Annotated[str, StringConstraints(pattern=...), LINE]`. Written out so a type checker sees a type.
LINE = _LINE

OneLine = Annotated[str, _LINE]
Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX), _LINE]
Text = Annotated[str, _TEXT, WithJsonSchema({"type": "string", "minLength": 1, "maxLength": TEXT_MAX})]


def text_kind(field: FieldInfo) -> TextKind | None:
    """Which policy a model field follows ("line", "text"), or None if it is not free text.
    Lists and optionals count by their items: a list of names is one-line text."""
    for meta in _metadata(field):
        if meta is _LINE:
            return "line"
        if meta is _TEXT:
            return "text"
    return None


def _metadata(field: FieldInfo) -> list[Any]:
    found = list(field.metadata)
    stack = [field.annotation]
    while stack:
        annotation = stack.pop()
        found.extend(getattr(annotation, "__metadata__", ()))
        stack.extend(get_args(annotation))
    return found
