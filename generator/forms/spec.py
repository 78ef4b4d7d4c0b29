"""A filing's web form, described as plain data from the pydantic model that `check` uses.

The description is walked from `model_json_schema()` (constraints: required, lengths, enums,
dates) and `model_fields` (which Python field it is, whether its text may span lines). Every
message the form shows is made here by `check`'s own wording (`model.field_findings`), so the
form and `check` say the same thing; the browser only fills in the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from ..model.base import Paired, parse_iso_date
from ..model.field_findings import ERROR_CODES, describe, unwrap_annotation
from ..model.rules import CRITERIA, Category, Tier, criteria_for
from ..model.text import text_kind
from .text_policy import text_rules

# Fields the form fills from the registry instead of asking: the unit is chosen from a list,
# the parent follows from it.
REGISTRY_FIELDS = {"unit": "unit", "parent": "parent"}
# Shown to the clerk but never asked: a withdrawal belongs to corrections of a filed form.
EDIT_ONLY = {"withdrawal"}


@dataclass
class Message:
    code: str
    text: str  # may hold {value}: the browser puts the offending value (shortened) there


@dataclass
class Choice:
    value: str
    notes: list[str] = field(default_factory=list)  # e.g. the criteria a category is judged by
    label: str = ""  # the words shown for a value that is a code (a criterion's text); else the value
    when: dict[str, str] = field(default_factory=dict)  # offered only where these hold: tier, category


@dataclass
class FieldSpec:
    keys: list[str]  # the path of aliases in the YAML file, e.g. ["本单位意见", "日期"]
    label: str  # as `check` names it: 本单位意见·日期
    name: str  # the field's own alias, shown beside the input
    kind: str  # fixed | unit | parent | entry | line | text | lines | date | choice | choices | items
    help: str = ""
    required: bool = True
    max_length: int | None = None
    min_items: int | None = None
    value: str | None = None  # fixed fields
    choices: list[Choice] = field(default_factory=list)
    group: str | None = None  # the enclosing field's alias (an opinion, a withdrawal)
    group_help: str = ""
    edit_only: bool = False
    messages: dict[str, Message] = field(default_factory=dict)
    rules: list[dict[str, Any]] = field(default_factory=list)  # the text policy: {code, pattern, message}
    role: str | None = None  # "category": the field whose value decides which criteria are offered
    fields: list[FieldSpec] = field(default_factory=list)  # items: each item's fields, keys within the item


@dataclass
class Pair:
    """Two fields that go together (`model.base.Paired`), by their labels: check's words at `at`."""

    code: str
    text: str
    at: str
    choice: str
    value: str
    written: str  # the text field
    needs: str  # text | choice


@dataclass
class FormSpec:
    id: str  # ascii, for element ids: organ | grassroots
    model: str
    title: str
    tier: str
    fields: list[FieldSpec]
    pairs: list[Pair] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        return asdict(self)


def form_spec(model: type[BaseModel], form_id: str, title: str, tier: Tier | None) -> FormSpec:
    """`tier`: the unit's, whose criteria a category choice lists beside it; None for a form about
    projects of either tier (a list entry), where criteria are offered by their `when`."""
    schema = model.model_json_schema(by_alias=True)
    fields = list(_fields(model, schema, schema.get("$defs", {}), [], None, ""))
    _finish(fields, tier)
    pairs = [Pair(p.code, p.message, p.at, p.choice, p.value, p.text, p.needs) for p in _pairs(model)]
    return FormSpec(form_id, model.__name__, title, tier.value if tier else "", fields, pairs)


def _finish(fields: list[FieldSpec], tier: Tier | None) -> None:
    for f in fields:
        f.messages = _messages(f)
        f.rules = text_rules(f.kind)
        f.choices = _choice_notes(f, tier)
        if any(c.label for c in f.choices):  # values are codes, offered by their words: not how a file writes them
            f.help = f.help[: f.help.index("。") + 1] if "。" in f.help else f.help
        _finish(f.fields, tier)


def _pairs(model: type[BaseModel]) -> tuple[Paired, ...]:
    pairs: tuple[Paired, ...] = getattr(model, "pairs", ())
    return pairs


def _fields(
    model: type[BaseModel],
    schema: dict[str, Any],
    defs: dict[str, Any],
    keys: list[str],
    group: str | None,
    group_help: str,
    edit_only: bool = False,
) -> Iterator[FieldSpec]:
    required = set(schema.get("required", []))
    for name, info in model.model_fields.items():
        alias = info.alias or name
        prop, optional = _resolve(schema["properties"][alias], defs)
        path = [*keys, alias]
        skip = edit_only or name in EDIT_ONLY
        nested = unwrap_annotation(info.annotation)
        model_like = isinstance(nested, type) and issubclass(nested, BaseModel)
        if prop.get("type") == "object" and model_like:
            yield from _fields(nested, prop, defs, path, alias, info.description or "", skip)
            continue
        spec = FieldSpec(
            path,
            "·".join(path),
            alias,
            _kind(name, info, prop, defs),
            info.description or "",
            required=alias in required and not optional,
            group=group,
            group_help=group_help,
            edit_only=skip,
            role="category" if nested is Category else None,
        )
        if spec.kind == "items" and model_like:  # a list of records: each item's fields, walked alike
            item = _resolve(prop["items"], defs)[0]
            spec.fields = list(_fields(nested, item, defs, path, None, "", skip))
        _constraints(spec, prop, defs)
        yield spec


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A property with `$ref` and `anyOf: [X, null]` unwrapped; True when null is allowed."""
    optional = False
    if "anyOf" in prop:
        rest = [p for p in prop["anyOf"] if p.get("type") != "null"]
        optional = len(rest) < len(prop["anyOf"])
        prop = {**{k: v for k, v in prop.items() if k != "anyOf"}, **rest[0]}
    if "$ref" in prop:
        prop = {**defs[prop["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in prop.items() if k != "$ref"}}
    return prop, optional


def _kind(name: str, info: FieldInfo, prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "const" in prop:
        return "fixed"
    if name in REGISTRY_FIELDS:
        return REGISTRY_FIELDS[name]
    if prop.get("type") == "array":  # choices from a list, records (items), or free lines (links), one a line
        items = _resolve(prop.get("items", {}), defs)[0]
        return "choices" if "enum" in items else "items" if items.get("type") == "object" else "lines"
    if "enum" in prop:
        return "choice"
    if prop.get("format") == "date":
        return "date"
    return "text" if text_kind(info) == "text" else "line"


def _constraints(spec: FieldSpec, prop: dict[str, Any], defs: dict[str, Any]) -> None:
    spec.max_length = prop.get("maxLength")
    spec.min_items = prop.get("minItems")
    if "const" in prop:
        spec.value = prop["const"]
    items = _resolve(prop["items"], defs)[0] if prop.get("type") == "array" else prop
    spec.choices = [Choice(v) for v in items.get("enum", [])]


def _choice_notes(spec: FieldSpec, tier: Tier | None) -> list[Choice]:
    """A category comes with the rules' three criteria for the unit's tier in that category (when
    the form is one tier's); a criterion is offered by its words, for its tier and category."""
    categories = {c.value: c for c in Category}
    out = []
    for c in spec.choices:
        if c.value in categories and tier is not None:
            c = Choice(c.value, [k.text for k in criteria_for(tier, categories[c.value])])
        elif c.value in CRITERIA:
            k = CRITERIA[c.value]
            c = Choice(c.value, label=k.text, when={"tier": k.tier.value, "category": k.category.value})
        out.append(c)
    return out


def _messages(spec: FieldSpec) -> dict[str, Message]:
    """`check`'s wording for each way the field can be wrong, keyed by pydantic's error type."""
    leaf = spec.keys[-1]
    out: dict[str, Message] = {}

    def say(
        kind: str, err: dict[str, Any] | None = None, ctx: dict[str, Any] | None = None, as_kind: str | None = None
    ) -> None:
        text, _hint = describe(as_kind or kind, spec.label, leaf, err or {}, ctx or {})
        out[kind] = Message(ERROR_CODES.get(as_kind or kind, "E200"), text)

    if spec.kind == "choices":
        say("too_short", ctx={"min_length": spec.min_items or 1})
        return out
    if spec.kind == "items":  # never too few: the form keeps min_items of them (each item's fields say theirs)
        return out
    say("string_too_short")
    if spec.max_length:
        say("string_too_long", ctx={"max_length": spec.max_length})
    if spec.kind == "date":
        for kind, (as_kind, template) in date_messages().items():
            say(kind, err={"msg": template}, as_kind=as_kind)
    return out


# One sample of each way a date can be wrong; parse_iso_date says what its message is.
_DATE_SAMPLES = {"date_format": "2026年3月5日", "date_invalid": "2026-02-30", "date_garbled": "三月五日"}


def date_messages() -> dict[str, tuple[str, str]]:
    """Our name for each date error -> (pydantic's error type, message template with {value})."""
    out = {}
    for kind, sample in _DATE_SAMPLES.items():
        try:
            parse_iso_date(sample)
        except PydanticCustomError as exc:
            out[kind] = (exc.type, exc.message_template)
    return out
