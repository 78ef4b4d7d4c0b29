"""What the 在线填报 page reads as JSON: the form specs, the registry, and each unit's projects
of the year (ids taken, filings that may still be corrected).

The page itself holds only our labels (`render/fill_page.py`); everything from the registry or
a filing reaches the browser as data, which `fill.js` puts on the page with textContent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..forms.project_id import MAX_ID
from ..forms.scaffold import REGISTRATION_TITLES, registration_head
from ..forms.spec import FormSpec, form_spec
from ..forms.text_policy import character_names
from ..forms.window import form_calendar
from ..lifecycle.status import Status
from ..model.base import CHINESE_DATE, ISO_DATE, LOOSE_DATE
from ..model.registration import REGISTRATION_FORMS
from ..model.rules import Tier
from ..model.units import Unit
from ..ownership import owner_of, signer_accounts
from ..paths import registration_path
from .fill_lists import LISTS, list_files, list_modes, list_specs

BRANCH = "main"  # the branch filings are proposed to (BRANCH_PROTECTION.md protects it)
FORGE_NAMES = {"github": "GitHub", "gitea": "Gitea", "forgejo": "Forgejo"}
# The list of one's own pull requests, and how a leader approves (the forges' Chinese interfaces).
PULL_LISTS = {"github": "/pulls?q=is%3Apr+author%3A%40me", "gitea": "/pulls?type=created_by"}
APPROVE = {
    "github": "点“Files changed”→“Review changes”→“Approve”",
    "gitea": "点“文件变动”（Files Changed）→“评审”（Review）→“批准”（Approve）",
}
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
        "forge": forge_pages(site.programme.platform),
        "maxUrl": MAX_URL,
        "maxId": MAX_ID,
        "office": site.units.office,
        "forms": [{**s.as_data(), "head": heads[s.id]} for s in specs],
        "formFor": {tier.value: FORM_IDS[tier] for tier in models},
        "characterNames": character_names(),
        "datePatterns": {"iso": ISO_DATE.pattern, "chinese": CHINESE_DATE.pattern, "loose": LOOSE_DATE.pattern},
        "units": [_unit(u, site) for u in site.units.units],
        "unitFiles": _index(files),
        "calendar": form_calendar(site.programme, site.now, site.units.office, {k.id: k.kind for k in LISTS}),
        "lists": list_specs(),
        "modes": list_modes(site.units),
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
    for key, lists in list_files(site).items():
        out.setdefault(key, {"ids": [], "names": [], "edit": {}})["lists"] = lists
    return out


def _filing(p: ProjectView) -> dict[str, Any]:
    return {
        "path": p.path,
        "status": p.record.status.value,
        "values": p.form.model_dump(by_alias=True, mode="json", exclude_none=True),
    }


def edit_links(p: ProjectView, repo_url: str | None, platform: str = "github") -> dict[str, str] | None:
    """修改本申报 on a project page, while its filing may still change: the forge's edit page of
    the file, and the form loaded with it (fill.html#edit=YEAR/UNIT/PROJECT)."""
    if p.record.status not in EDITABLE:
        return None
    edit = forge_pages(platform)["edit"]
    forge = f"{repo_url.rstrip('/')}{edit.format(branch=BRANCH, path=p.path)}" if repo_url else ""
    return {"forge": forge, "form": f"fill.html#edit={p.year}/{p.unit.id}/{p.id}"}


@cache
def forge_pages(platform: str) -> dict[str, Any]:
    """The forge's web pages as templates after the repository's address, from the forge client
    itself (`generator/forge/`): `new` ({branch}, {folder}, {filename}), `edit` ({branch}, {path}),
    `pull` ({number}), `pulls` (one's own), whether `new` takes the content in the address, the
    forge's name and how a leader approves, for the form's messages. Placeholders stay unencoded:
    the browser fills each with its URL-encoded value."""
    from ..forge import connect

    forge = connect(platform, "https://forge.invalid/api/v1", "o/r", "", env={})
    root = f"{forge.web_url}/o/r"

    def template(url: str) -> str:
        assert url.startswith(root), url
        return re.sub(r"%7B(branch|folder|filename|path|number)%7D", r"{\1}", url[len(root) :])

    dialect = "github" if platform == "github" else "gitea"
    return {
        "name": FORGE_NAMES[platform],
        "new": template(forge.new_file_url("{branch}", "{folder}", "{filename}")),
        "edit": template(forge.edit_url("{branch}", "{path}")),
        "pull": template(forge.pull_url(0)).replace("/0", "/{number}"),
        "pulls": PULL_LISTS[dialect],
        "inline": getattr(forge, "new_file_takes_content", True),
        "approve": APPROVE[dialect],
    }
