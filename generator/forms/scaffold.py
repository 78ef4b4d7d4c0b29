"""Templates for new filings, written from the models: a Chinese comment above every field."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..model.rules import Tier
from ..model.units import Unit, UnitRegistry
from ..schema import SCHEMA_FILES, schema_name_for
from ..validate.fields import unwrap_annotation

Prefill = dict[str, Any]
Notes = dict[str, list[str]]  # a field's key -> comment lines under its description


def registration_template(registry: UnitRegistry, unit: Unit, project_name: str = "") -> str:
    from ..model.registration import REGISTRATION_FORMS

    model = REGISTRATION_FORMS[unit.tier]
    prefill: Prefill = {
        "表": model.model_fields["form"].annotation.__args__[0],
        "单位": unit.name,
        "项目名称": project_name,
    }
    if unit.tier is Tier.GRASSROOTS and unit.parent in registry.by_id:
        prefill["所属上级"] = registry.by_id[unit.parent].name
    head = registration_head(model, unit.tier)
    return "\n".join([*head, "", *fields_template(model, prefill, 0)]) + "\n"


REGISTRATION_TITLES = {
    Tier.ORGAN: "附件1：大连市工会领导机关“双创”成果立项申报表",
    Tier.GRASSROOTS: "附件2：大连市基层工会“双创”成果立项申报表",
}


def registration_head(model: type[BaseModel], tier: Tier) -> list[str]:
    """The comment lines a registration opens with, for `new` and the web form alike."""
    head = [
        f"# yaml-language-server: $schema=../../schemas/{_schema_of(model)}",
        f"# {REGISTRATION_TITLES[tier]}",
        "# 填写说明：每行“栏目: 内容”，冒号用英文冒号并后跟一个空格；多行内容在“|”后另起一行、缩进两个空格书写。",
        "# 日期写成 YYYY-MM-DD，例如 2026-03-05。以“#”开头的行是说明，可以保留。",
    ]
    if tier is Tier.GRASSROOTS:
        head.append("# 所属上级的审核意见不写在这里：由上级在自己的“审核汇总”（forwarding.yaml）中填写。")
    return head


def _schema_of(model: type[BaseModel]) -> str:
    """The schema file of `model`, or of the published model it extends (a test's variant)."""
    for cls in model.__mro__:
        if cls in SCHEMA_FILES.values():
            return schema_name_for(cls)
    return schema_name_for(model)


def fields_template(
    model: type[BaseModel], prefill: Prefill, indent: int, notes: Notes | None = None, skip: Collection[str] = ()
) -> list[str]:
    """Every field of `model` (but those named in `skip`), each under its Chinese comment;
    `notes` adds comment lines under a field's description (by its key), in place of the choices."""
    lines: list[str] = []
    for name, info in model.model_fields.items():
        if name not in skip:
            lines.extend(_field_lines(info, prefill, indent, notes or {}))
    return lines


def _field_lines(field: FieldInfo, prefill: Prefill, indent: int, notes: Notes) -> list[str]:
    pad = " " * indent
    key = field.alias or ""
    optional = not field.is_required()
    lines = [f"{pad}# {field.description or key}" + ("（选填）" if optional else "")]
    lines.extend(f"{pad}# {note}" for note in notes.get(key, []))
    inner = unwrap_annotation(field.annotation)
    comment = "# " if optional else ""
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        lines.append(f"{pad}{comment}{key}:")
        listed = _is_list(field.annotation)
        sub = fields_template(inner, {}, indent + (4 if listed else 2), notes)
        for line in _list_item(sub, indent + 2) if listed else sub:
            lines.append(f"{pad}{comment}{line[indent:]}" if optional else line)
        return lines
    choices = _choices(inner)
    if choices and key not in notes:
        lines[-1] += "可填：" + "、".join(choices) + "。"
    if _is_list(field.annotation):
        # Left empty on purpose: a pre-chosen answer would pass `check` without being chosen.
        lines.append(f"{pad}{comment}{key}:")
        lines.append(f"{pad}{comment}  -")
        return lines
    value = prefill.get(key, "")
    if key == "主要内容" and not value:
        lines.append(f"{pad}{comment}{key}: |")
        lines.append(f"{pad}{comment}  ")
        return lines
    lines.append(f"{pad}{comment}{key}: {_scalar(value)}".rstrip())
    return lines


def _list_item(lines: list[str], indent: int) -> list[str]:
    """A mapping written at indent+2 as the one item of a list at `indent`: the first key gets
    the dash, the comments above it move out with it."""
    first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    head = [line[2:] for line in lines[:first]]
    return [*head, " " * indent + "- " + lines[first].lstrip(), *lines[first + 1 :]]


def _choices(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, str) and hasattr(annotation, "__members__"):
        return [m.value for m in annotation]  # type: ignore[attr-defined]
    args = get_args(annotation)
    return [a for a in args if isinstance(a, str)]


def _is_list(annotation: Any) -> bool:
    return getattr(annotation, "__origin__", None) is list


def _scalar(value: Any) -> str:
    text = str(value)
    if text and (text[0] in "!&*[]{}|>%@`'\"#-?:,“" or ": " in text or " #" in text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


@dataclass(frozen=True, slots=True)
class Entry:
    """One project a body's list names: the ids are filled in, the rest is left blank."""

    unit: str
    project: str
    title: str  # who and what, in Chinese, for the comment above the entry
    notes: Notes = field(default_factory=dict)


REF_FIELDS = ("unit", "project")  # ProjectRef's fields; ForwardedProject has the same two


def project_entries(model: type[BaseModel], entries: list[Entry], indent: int = 2) -> list[str]:
    """One list item per project: its unit and project ids, then `model`'s other fields blank."""
    pad = " " * indent
    unit_key, project_key = (model.model_fields[n].alias for n in REF_FIELDS)
    lines: list[str] = []
    for entry in entries:
        lines.append(f"{pad}# {entry.title}")
        lines.append(
            f"{pad}# {unit_key}、{project_key}：这个项目的单位编号和项目编号（申报表的文件名），已填好，不要改。"
        )
        lines.append(f"{pad}- {unit_key}: {entry.unit}")
        lines.append(f"{pad}  {project_key}: {entry.project}")
        lines.extend(fields_template(model, {}, indent + 2, entry.notes, skip=REF_FIELDS))
    return lines


def file_head(model: type[BaseModel], *notes: str) -> list[str]:
    """The schema line editors read, then the file's title and instructions as comments."""
    return [f"# yaml-language-server: $schema=../../schemas/{schema_name_for(model)}", *(f"# {n}" for n in notes)]


DATE_NOTE = "日期写成 YYYY-MM-DD，例如 {example}。以“#”开头的行是说明，可以保留。"


def forwarding_template(parent: Unit, items: list[tuple[Unit, str, str]]) -> str:
    """The parent's 审核汇总: one entry per grassroots registration (unit, project id, name),
    with the opinion, signer and date left for the parent to fill in."""
    from ..model.forwarding import ForwardedProject, Forwarding

    head = file_head(
        Forwarding,
        f"审核汇总：{parent.name}对所属基层工会“双创”立项项目的审核意见，报市总工会考评办公室。",
        "每个项目都填写审核结论（同意上报 或 不同意上报）、意见、领导签字和日期；不同意上报的，在“理由”中写明原因，",
        "不要删掉它：申报单位和公示网站据此知道结果和理由。审核的是申报表当前的内容，申报表以后再改，须重新审核。",
        DATE_NOTE.format(example="2026-03-09"),
    )
    entries = [Entry(unit.id, project, f"{unit.name}：{name}") for unit, project, name in items]
    return list_file(head, Forwarding, "items", project_entries(ForwardedProject, entries))


def list_file(head: list[str], model: type[BaseModel], field_name: str, entries: list[str]) -> str:
    """A file that is one list: the head, then the list's key under its description, then the entries."""
    info = model.model_fields[field_name]
    return "\n".join([*head, "", f"# {info.description}", f"{info.alias}:", *entries]) + "\n"
