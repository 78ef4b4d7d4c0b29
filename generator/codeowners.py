"""Review routing: `.github/CODEOWNERS` written from the unit registry.

With "require review from code owners" on `main`, an approval by a path's owner is that body's
decision (the parent's opinion and signature on the paper form). Any one owner of a path
suffices, so each path lists the accounts of exactly one body. In CODEOWNERS the LAST matching
pattern wins, so lines go from general to specific.
"""

from __future__ import annotations

from .model.rules import Tier
from .model.units import Unit, UnitRegistry
from .paths import RESERVED, SUBMISSIONS, TOP_LEVEL, Kind

CODEOWNERS_PATH = ".github/CODEOWNERS"
# A pull request's checks run that pull request's workflow and code: whoever may change these
# may change what is checked, so they are the maintainers'.
CODE_PATHS = ("/.github/", "/.ci/", "/generator/", "/tests/", "/pyproject.toml", "/mkdocs.yml")
# Files the office decides wherever they are: recommendations are judged, and results and
# exceptions are written, by the office (the leading group's office).
OFFICE_FILES = (Kind.RECOMMENDATION, Kind.REVIEW, Kind.EXCEPTIONS)


def render(units: UnitRegistry) -> str:
    maintainers = list(units.maintainers)
    office_unit = units.by_id.get(units.office)
    office = (office_unit.reviewers if office_unit else []) or maintainers
    lines = [
        "# 由 `shuangchuang codeowners` 根据 submissions/units.yaml 生成，请勿手工修改。",
        "# Generated from the unit registry; the last matching line wins, so lines go general → specific.",
        "",
        "# Anything not routed below: the maintainers.",
        _line("*", maintainers),
        "",
        "# The submissions: by default the office.",
        _line(f"/{SUBMISSIONS}/", office),
        "",
        "# Each unit's folder: a grassroots union's by its parent, a leadership organ's by the office.",
    ]
    lines += [_line(f"/{SUBMISSIONS}/*/{unit.id}/", _approvers(units, unit, office)) for unit in units.units]
    lines += ["", "# Recommendations, results and exceptions: the office, in whichever folder."]
    lines += [_line(f"/{SUBMISSIONS}/*/*/{stem}.yaml", office) for stem, kind in RESERVED.items() if kind in OFFICE_FILES]
    lines += ["", "# The registry and the calendar: the office."]
    lines += [_line(f"/{SUBMISSIONS}/{name}", office) for name in TOP_LEVEL]
    lines += ["", "# Generated schemas and the code that does the checking: the maintainers."]
    lines += [_line(f"/{SUBMISSIONS}/schemas/", maintainers)]
    lines += [_line(path, maintainers) for path in CODE_PATHS]
    return "\n".join(lines) + "\n"


def _approvers(units: UnitRegistry, unit: Unit, office: list[str]) -> list[str]:
    if unit.tier is Tier.GRASSROOTS:
        parent = units.by_id.get(unit.parent or "")
        if parent is not None and parent.reviewers:
            return list(parent.reviewers)
    # A line without owners would leave the path unowned (anyone's approval counts): fall back.
    return office


def _line(pattern: str, owners: list[str]) -> str:
    return f"{pattern} {' '.join(owners)}"
