"""What the 在线填报 page reads as JSON: the form specs, the registry, and each unit's projects
of the year (ids taken, filings that may still be corrected).

The page itself holds only our labels (`render/fill_page.py`); everything from the registry or
a filing reaches the browser as data, which `fill.js` puts on the page with textContent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..forms.project_id import MAX_ID
from ..forms.scaffold import REGISTRATION_TITLES, registration_head
from ..forms.spec import FormSpec, form_spec
from ..forms.text_policy import character_names
from ..lifecycle.status import Status
from ..model.base import CHINESE_DATE, ISO_DATE, LOOSE_DATE
from ..model.registration import REGISTRATION_FORMS
from ..model.rules import Tier
from ..model.units import Unit
from ..ownership import owner_of, signer_accounts
from ..paths import registration_path

BRANCH = "main"  # the branch filings are proposed to (BRANCH_PROTECTION.md protects it)
# GitHub answers 414 for request lines much past 8 KB; longer content goes by the clipboard.
MAX_URL = 8000
FORM_IDS = {Tier.ORGAN: "organ", Tier.GRASSROOTS: "grassroots"}
# A registration may still be corrected (focus areas, category, a withdrawal) until it is
# recommended or closed; see history/calendar_rules.py for what is frozen after the deadline.
EDITABLE = frozenset({Status.REGISTERED, Status.IN_PROGRESS})

Models = Mapping[Tier, type[BaseModel]]

if TYPE_CHECKING:
    from .context import ProjectView, SiteContext


def registration_specs(models: Models = REGISTRATION_FORMS) -> list[FormSpec]:
    return [form_spec(model, FORM_IDS[tier], REGISTRATION_TITLES[tier], tier) for tier, model in models.items()]


def fill_data(
    site: SiteContext, specs: list[FormSpec], models: Models, files: dict[tuple[int, str], Any]
) -> dict[str, Any]:
    """`files`: `unit_files(site)`, which says which unit files the browser may ask for."""
    heads = {FORM_IDS[tier]: registration_head(model, tier) for tier, model in models.items()}
    return {
        "branch": BRANCH,
        "maxUrl": MAX_URL,
        "maxId": MAX_ID,
        "office": site.units.office,
        "forms": [{**s.as_data(), "head": heads[s.id]} for s in specs],
        "formFor": {tier.value: FORM_IDS[tier] for tier in models},
        "characterNames": character_names(),
        "datePatterns": {"iso": ISO_DATE.pattern, "chinese": CHINESE_DATE.pattern, "loose": LOOSE_DATE.pattern},
        "units": [_unit(u, site) for u in site.units.units],
        "unitFiles": _index(files),
    }


def _unit(unit: Unit, site: SiteContext) -> dict[str, Any]:
    """A unit as the form shows it, with who must approve its registrations (by the ownership table)."""
    units = site.units
    owner = owner_of(registration_path(site.now.year, unit.id, "x"), units)
    accounts = set(signer_accounts(owner, units))
    signing = units.by_id.get(owner.unit or "")
    approvers = [
        {"name": s.name, "position": s.position, "account": s.account}
        for s in (signing.signers if signing else [])
        if s.account in accounts
    ]
    return {
        "id": unit.id,
        "name": unit.name,
        "tier": unit.tier.value,
        "parent": unit.parent,
        "owner": owner.describe(units),
        "signers": approvers,
    }


def _index(files: dict[tuple[int, str], Any]) -> dict[str, list[str]]:
    """Year -> the units with a data file, so the browser asks only for files that exist."""
    index: dict[str, list[str]] = {}
    for year, unit in sorted(files):
        index.setdefault(str(year), []).append(unit)
    return index


def unit_files(site: SiteContext) -> dict[tuple[int, str], dict[str, Any]]:
    """Per unit and year (this year and last): the project ids and names it has, and the
    filings it may still correct, as the form loads them."""
    out: dict[tuple[int, str], dict[str, Any]] = {}
    recent = site.now.year - 1
    for unit_id, views in site.by_unit.items():
        for p in views:
            if p.year < recent:
                continue
            entry = out.setdefault((p.year, unit_id), {"ids": [], "names": [], "edit": {}})
            entry["ids"].append(p.id)
            entry["names"].append(p.name)
            if p.record.status in EDITABLE:
                entry["edit"][p.id] = _filing(p)
    return out


def _filing(p: ProjectView) -> dict[str, Any]:
    return {
        "path": p.path,
        "status": p.record.status.value,
        "values": p.form.model_dump(by_alias=True, mode="json", exclude_none=True),
    }


def edit_links(p: ProjectView, repo_url: str | None) -> dict[str, str] | None:
    """修改本申报 on a project page, while its filing may still change: the forge's edit page of
    the file, and the form loaded with it (fill.html#edit=YEAR/UNIT/PROJECT)."""
    if p.record.status not in EDITABLE:
        return None
    forge = f"{repo_url.rstrip('/')}/edit/{BRANCH}/{p.path}" if repo_url else ""
    return {"forge": forge, "form": f"fill.html#edit={p.year}/{p.unit.id}/{p.id}"}
