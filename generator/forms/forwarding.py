"""The parent's 审核汇总 in the web form: the entry's fields from the model (`ForwardedProject`,
walked by `spec.form_spec` like a registration), and per parent and year the grassroots
registrations it may forward and the entries its file already holds.

The entry's 单位 and 项目 are not asked: they name the registration the entry is about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..lifecycle.status import Status
from ..model.forwarding import ForwardedProject, Forwarding
from ..model.rules import Tier
from ..paths import Kind, body_filing_path
from .scaffold import DATE_NOTE, file_head
from .spec import FormSpec, form_spec

if TYPE_CHECKING:
    from ..render.context import SiteContext

# The entry's keys that name the registration (the model's aliases), filled in from the data.
ENTRY_KEYS = ("单位", "项目")


def forwarding_spec() -> FormSpec:
    spec = form_spec(ForwardedProject, "forward", "审核汇总", Tier.ORGAN)
    for f in spec.fields:
        if f.keys[-1] in ENTRY_KEYS:
            f.kind = "entry"
    return spec


def list_key() -> tuple[str, str]:
    """The file's one key and its description, as `new --forwarding` writes them."""
    info = Forwarding.model_fields["items"]
    return info.alias or "items", info.description or ""


def forwarding_files(site: SiteContext) -> dict[tuple[int, str], dict[str, Any]]:
    """(year, parent) → {path, exists, head, entries}: each entry a grassroots registration of that
    year still 待审核汇总, or already in the parent's file (`filed`: its values, kept as they are)."""
    out: dict[tuple[int, str], dict[str, Any]] = {}
    recent = site.now.year - 1
    for parent in site.units.units:
        if parent.tier is not Tier.ORGAN:
            continue
        for child in site.units.children(parent.id):
            for p in site.by_unit.get(child.id, []):
                filed = p.record.forwarding
                if p.year < recent or (filed is None and p.record.status is not Status.SUBMITTED):
                    continue
                path = body_filing_path(p.year, parent.id, Kind.FORWARDING)
                entry = out.setdefault((p.year, parent.id), _file(parent.name, path))
                entry["entries"].append(
                    {
                        "unit": child.id,
                        "unitName": child.name,
                        "project": p.id,
                        "name": p.name,
                        "filed": filed.model_dump(by_alias=True, mode="json") if filed is not None else None,
                    }
                )
                entry["exists"] = entry["exists"] or p.record.forwarding_path == path
    return out


def _file(parent_name: str, path: str) -> dict[str, Any]:
    key, about = list_key()
    head = file_head(
        Forwarding,
        f"审核汇总：{parent_name}对所属基层工会“双创”立项项目的审核意见，报市总工会考评办公室。",
        DATE_NOTE.format(example="2026-03-09"),
    )
    return {"path": path, "exists": False, "head": [*head, "", f"# {about}"], "key": key, "entries": []}
