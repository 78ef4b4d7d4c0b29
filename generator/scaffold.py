"""Templates for new filings, written from the models: a Chinese comment above every field."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model.rules import Tier
from .model.units import Unit, UnitRegistry
from .schema import schema_name_for
from .validate.fields import unwrap_annotation

Prefill = dict[str, Any]


def registration_template(registry: UnitRegistry, unit: Unit, project_name: str = "") -> str:
    from .model.registration import REGISTRATION_FORMS

    model = REGISTRATION_FORMS[unit.tier]
    prefill: Prefill = {"表": model.model_fields["form"].annotation.__args__[0], "单位": unit.name,
                        "项目名称": project_name}
    if unit.tier is Tier.GRASSROOTS and unit.parent in registry.by_id:
        prefill["所属上级"] = registry.by_id[unit.parent].name
    title = "附件1：大连市工会领导机关“双创”成果立项申报表" if unit.tier is Tier.ORGAN \
        else "附件2：大连市基层工会“双创”成果立项申报表"
    head = [
        f"# yaml-language-server: $schema=../../schemas/{schema_name_for(model)}",
        f"# {title}",
        "# 填写说明：每行“栏目: 内容”，冒号用英文冒号并后跟一个空格；多行内容在“|”后另起一行、缩进两个空格书写。",
        "# 日期写成 YYYY-MM-DD，例如 2026-03-05。以“#”开头的行是说明，可以保留。",
    ]
    if unit.tier is Tier.GRASSROOTS:
        head.append("# 所属上级的审核意见不写在这里：由上级在自己的“审核汇总”（forwarding.yaml）中填写。")
    return "\n".join([*head, "", *fields_template(model, prefill, 0)]) + "\n"


def fields_template(model: type[BaseModel], prefill: Prefill, indent: int) -> list[str]:
    lines: list[str] = []
    for field in model.model_fields.values():
        lines.extend(_field_lines(field, prefill, indent))
    return lines


def _field_lines(field: FieldInfo, prefill: Prefill, indent: int) -> list[str]:
    pad = " " * indent
    key = field.alias or ""
    optional = not field.is_required()
    lines = [f"{pad}# {field.description or key}" + ("（选填）" if optional else "")]
    inner = unwrap_annotation(field.annotation)
    comment = "# " if optional else ""
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        lines.append(f"{pad}{comment}{key}:")
        for sub in fields_template(inner, {}, indent + 2):
            lines.append(f"{pad}{comment}{sub[indent:]}" if optional else sub)
        return lines
    choices = _choices(inner)
    if choices:
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


def forwarding_template(parent: Unit, items: list[tuple[Unit, str, str]]) -> str:
    """The parent's 审核汇总: one entry per grassroots registration (unit, project id, name),
    with the opinion, signer and date left for the parent to fill in."""
    from .model.base import Opinion
    from .model.forwarding import ForwardedProject, Forwarding

    unit_key, project_key = (ForwardedProject.model_fields[n].alias for n in ("unit", "project"))
    head = [
        f"# yaml-language-server: $schema=../../schemas/{schema_name_for(Forwarding)}",
        f"# 审核汇总：{parent.name}对所属基层工会“双创”立项项目的审核意见，报市总工会考评办公室。",
        "# 每个项目填写意见、领导签字和日期；不同意上报的项目，删掉它的整段（从“- 单位”到“日期”）。",
        "# 日期写成 YYYY-MM-DD，例如 2026-03-09。以“#”开头的行是说明，可以保留。",
        "",
        f"{Forwarding.model_fields['items'].alias}:",
    ]
    body: list[str] = []
    for unit, project, name in items:
        body.append(f"  # {unit.name}：{name}")
        body.append(f"  - {unit_key}: {unit.id}")
        body.append(f"    {project_key}: {project}")
        body.extend(fields_template(Opinion, {}, 4))
    return "\n".join([*head, *body]) + "\n"
