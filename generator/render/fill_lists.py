"""The files a body keeps as one list, made in the web form: a parent's 审核汇总 (`Forwarding`) and
a parent's or the office's 跟踪考核记录 (`Tracking`). Each entry's fields come from its model
(`ForwardedProject`, `TrackingRecord`), walked by `spec.form_spec` like a registration's; per body
and year the data lists the projects an entry may be about and what the body's file already holds.

An entry's 单位 and 项目 are not asked: they name the project the entry is about. A file that
exists is never rewritten by the form: she appends the new entries at its end on the forge's edit
page, so nothing the file holds (an entry dated later than the build, say) can be lost."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..forms.scaffold import DATE_NOTE, file_head
from ..forms.spec import FormSpec, form_spec
from ..lifecycle.status import Status
from ..model.forwarding import ForwardedProject, Forwarding
from ..model.rules import Tier
from ..model.tracking import Tracking, TrackingRecord
from ..model.units import Unit
from ..paths import Kind, body_filing_path

if TYPE_CHECKING:
    from .context import ProjectView, SiteContext

# The entry's keys that name the project (the models' aliases), filled in from the data.
ENTRY_KEYS = ("单位", "项目")
TRACKABLE = frozenset({Status.REGISTERED, Status.IN_PROGRESS, Status.RECOMMENDED, Status.UNDER_REVIEW})


@dataclass(frozen=True)
class ListKind:
    id: str  # forward | track: the form's element ids and the data's key
    kind: Kind
    title: str
    model: type[BaseModel]
    entry: type[BaseModel]
    field: str  # the model's list field
    about: str  # the file's title line, {body} = the body's name
    include: bool  # an entry is ticked to begin with
    wanted: Callable[[ProjectView], bool]  # a project this body may write an entry about now

    def spec(self) -> FormSpec:
        spec = form_spec(self.entry, self.id, self.title, Tier.ORGAN)
        for f in spec.fields:
            if f.keys[-1] in ENTRY_KEYS:
                f.kind = "entry"
        return spec

    def key(self) -> tuple[str, str]:
        info = self.model.model_fields[self.field]
        return info.alias or self.field, info.description or ""


LISTS = (
    ListKind(
        "forward",
        Kind.FORWARDING,
        "审核汇总",
        Forwarding,
        ForwardedProject,
        "items",
        "审核汇总：{body}对所属基层工会“双创”立项项目的审核意见，报市总工会考评办公室。",
        True,
        lambda p: p.record.status is Status.SUBMITTED and p.record.forwarding is None,
    ),
    ListKind(
        "track",
        Kind.TRACKING,
        "跟踪考核",
        Tracking,
        TrackingRecord,
        "records",
        "跟踪考核记录：{body}对所属项目的跟踪考核，每次一条，按日期先后排列。",
        False,
        lambda p: p.record.status in TRACKABLE,
    ),
)


def list_specs() -> dict[str, Any]:
    return {k.id: {**k.spec().as_data(), "key": k.key()[0]} for k in LISTS}


def list_files(site: SiteContext) -> dict[tuple[int, str], dict[str, Any]]:
    """(year, body) → {kind id: {path, exists, head, entries}} for every body with something to write."""
    out: dict[tuple[int, str], dict[str, Any]] = {}
    recent = site.now.year - 1
    for body in site.units.units:
        for kind in LISTS:
            for p in _projects(site, body, kind):
                if p.year < recent or not kind.wanted(p):
                    continue
                path = body_filing_path(p.year, body.id, kind.kind)
                files = out.setdefault((p.year, body.id), {})
                file = files.setdefault(kind.id, _file(kind, body.name, path))
                file["entries"].append({"unit": p.unit.id, "unitName": p.unit.name, "project": p.id, "name": p.name})
    for (year, body_id), files in out.items():
        for kind in LISTS:
            if kind.id in files:
                files[kind.id]["exists"] = _exists(site, year, body_id, kind)
    return out


def _projects(site: SiteContext, body: Unit, kind: ListKind) -> Iterator[ProjectView]:
    """A parent's grassroots units' projects; for tracking, the office's: every project."""
    if kind.kind is Kind.TRACKING and body.id == site.units.office:
        for views in site.by_unit.values():
            yield from views
        return
    if body.tier is not Tier.ORGAN:
        return
    for child in site.units.children(body.id):
        yield from site.by_unit.get(child.id, [])


def _exists(site: SiteContext, year: int, body: str, kind: ListKind) -> bool:
    """Whether the body's file of that year is on record (some project names it as its source)."""
    path = body_filing_path(year, body, kind.kind)
    for views in site.by_unit.values():
        for p in views:
            if p.year == year and (p.record.forwarding_path == path or any(t.path == path for t in p.record.tracking)):
                return True
    return False


def _file(kind: ListKind, body_name: str, path: str) -> dict[str, Any]:
    _, about = kind.key()
    head = file_head(kind.model, kind.about.format(body=body_name), DATE_NOTE.format(example="2026-03-09"))
    return {"path": path, "exists": False, "head": [*head, "", f"# {about}"], "include": kind.include, "entries": []}
