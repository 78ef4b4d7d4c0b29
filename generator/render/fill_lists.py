"""The files a body keeps as one list, made in the web form: a parent's 审核汇总 (`Forwarding`), a
parent's or the office's 跟踪考核记录 (`Tracking`) and a leadership organ's 推荐上报
(`Recommendation`). Each entry's fields come from its model (`ForwardedProject`, `TrackingRecord`,
`RecommendedProject`), walked by `spec.form_spec` like a registration's, a list within an entry (a
recommendation's 符合标准) included; per body and year the data lists the projects an entry may be
about and what the body's file already holds.

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
from ..lifecycle.status import ProjectRecord, Status
from ..model.forwarding import ForwardedProject, Forwarding
from ..model.recommendation import Recommendation, RecommendedProject
from ..model.rules import Tier
from ..model.tracking import Tracking, TrackingOutcome, TrackingRecord
from ..model.units import Unit, UnitRegistry
from ..paths import Kind, body_filing_path

if TYPE_CHECKING:
    from .context import ProjectView, SiteContext

# The entry's keys that name the project (the models' aliases), filled in from the data.
ENTRY_KEYS = ("单位", "项目")
TRACKABLE = frozenset({Status.REGISTERED, Status.IN_PROGRESS, Status.RECOMMENDED, Status.UNDER_REVIEW})
# 立项 and not recommended (六.2); 未推荐 once the deadline has passed, for a late recommendation the
# office excepts (the form says so). Withdrawn, refused and late projects never reach these.
RECOMMENDABLE = frozenset({Status.REGISTERED, Status.IN_PROGRESS, Status.NOT_RECOMMENDED})


def _parent(body: Unit, units: UnitRegistry) -> bool:
    return bool(units.children(body.id))


def _rejected(record: ProjectRecord) -> bool:
    """The latest 认定 of its tracking is 不予认定 (W551: do not recommend it until one confirms it)."""
    outcomes = [t.record.outcome for t in record.tracking if t.record.outcome is not None]
    return bool(outcomes) and outcomes[-1] is TrackingOutcome.REJECTED


def _recommendable(p: ProjectView) -> bool:
    return p.record.status in RECOMMENDABLE and p.record.recommendation is None and not _rejected(p.record)


def _claimed(p: ProjectView) -> dict[str, str]:
    """A recommendation's 申报类别 begins as the category the registration intended."""
    alias = RecommendedProject.model_fields["category"].alias or "category"
    return {alias: p.record.category.value} if p.record.category else {}


@dataclass(frozen=True)
class ListKind:
    id: str  # forward | track | recommend: the form's element ids and the data's key
    kind: Kind
    title: str
    model: type[BaseModel]
    entry: type[BaseModel]
    field: str  # the model's list field
    about: str  # the file's title line, {body} = the body's name
    include: bool  # an entry is ticked to begin with
    wanted: Callable[[ProjectView], bool]  # a project this body may write an entry about now
    keeps: Callable[[Unit, UnitRegistry], bool]  # a body that keeps this list
    choice: str  # the list as the form offers it, for the body that keeps it
    intro: str  # what the form asks of her
    own: bool = False  # the body's own projects too, not only its grassroots units'
    values: Callable[[ProjectView], dict[str, str]] = lambda p: {}  # an entry's fields filled in, by label

    def spec(self) -> FormSpec:
        spec = form_spec(self.entry, self.id, self.title, None)
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
        _parent,
        "审核汇总：对所属基层工会立项申报的审核意见（上级单位填写）",
        "下面列出所属基层工会报来、还没有审核汇总的立项申报。每个项目选审核结论（不同意上报的写明理由，也要列入："
        "项目页会显示理由），填写意见、领导签字和日期。",
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
        lambda body, units: _parent(body, units) or body.id == units.office,
        "跟踪考核记录：对已立项项目的跟踪考核（上级单位或考评办公室填写）",
        "下面列出本单位可以跟踪考核的已立项项目。这次考核了哪个项目，就勾选它，填写日期、方式、情况和记录人；"
        "一个项目考核几次就记几条。",
    ),
    ListKind(
        "recommend",
        Kind.RECOMMENDATION,
        "推荐上报",
        Recommendation,
        RecommendedProject,
        "items",
        "推荐上报：{body}推荐上报市总工会考评办公室的“双创”成果。",
        False,
        _recommendable,
        lambda body, units: body.tier is Tier.ORGAN,
        "推荐上报：推荐本单位和所属基层工会符合评选标准的项目（工会领导机关填写）",
        "下面列出本单位和所属基层工会已立项、还没有推荐的项目（最近一次跟踪考核认定为“不予认定”的不列出）。"
        "推荐哪个项目，就勾选它，选申报类别，逐条写明符合的评选标准和佐证，再填写推荐意见、领导签字和日期。",
        own=True,
        values=_claimed,
    ),
)


def list_specs() -> dict[str, Any]:
    return {k.id: {**k.spec().as_data(), "key": k.key()[0]} for k in LISTS}


def list_modes(units: UnitRegistry) -> dict[str, list[str]]:
    """The lists each body may keep besides its own registrations, in the form's order."""
    modes = {u.id: [k.id for k in LISTS if k.keeps(u, units)] for u in units.units}
    return {unit: kinds for unit, kinds in modes.items() if kinds}


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
                file["entries"].append(
                    {
                        "unit": p.unit.id,
                        "unitName": p.unit.name,
                        "tier": p.tier.value,
                        "project": p.id,
                        "name": p.name,
                        "values": kind.values(p),
                    }
                )
    on_record = _sources(site)
    for (year, body_id), files in out.items():
        for kind in LISTS:
            if kind.id in files:
                files[kind.id]["exists"] = (year, body_filing_path(year, body_id, kind.kind)) in on_record
    return out


def _projects(site: SiteContext, body: Unit, kind: ListKind) -> Iterator[ProjectView]:
    """The projects a body that keeps the list writes about: its grassroots units', its own as well
    where the list says so; for the office's tracking, every project."""
    if not kind.keeps(body, site.units):
        return
    if kind.kind is Kind.TRACKING and body.id == site.units.office:
        for views in site.by_unit.values():
            yield from views
        return
    if kind.own:
        yield from site.by_unit.get(body.id, [])
    for child in site.units.children(body.id):
        yield from site.by_unit.get(child.id, [])


def _sources(site: SiteContext) -> set[tuple[int, str]]:
    """(year, path) of every body's file on record: some project of that year names it as its source."""
    found: set[tuple[int, str]] = set()
    for views in site.by_unit.values():
        for p in views:
            r = p.record
            paths = (r.forwarding_path, r.recommendation_path, *(t.path for t in r.tracking))
            found.update((p.year, path) for path in paths if path is not None)
    return found


def _file(kind: ListKind, body_name: str, path: str) -> dict[str, Any]:
    _, about = kind.key()
    head = file_head(kind.model, kind.about.format(body=body_name), DATE_NOTE.format(example="2026-03-09"))
    return {"path": path, "exists": False, "head": [*head, "", f"# {about}"], "include": kind.include, "entries": []}
