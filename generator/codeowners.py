"""Review routing: `.github/CODEOWNERS` written from the ownership table and the unit registry.

With "require review from code owners" on `main`, GitHub asks the body that owns a path for its
review; `check --base` then verifies that the approval is by a registered signer of that body.
Both read `generator/ownership.py`, so routing and signing agree. In CODEOWNERS the LAST
matching pattern wins, so the table's lines go from general to specific.
"""

from __future__ import annotations

from .model.units import UnitRegistry
from .ownership import FOLDER, PATH_OWNERS, Body, Owner, PathOwner, signer_accounts

CODEOWNERS_PATH = ".github/CODEOWNERS"


def render(units: UnitRegistry) -> str:
    lines = [
        "# 由 `shuangchuang codeowners` 根据 generator/ownership.py 和 submissions/units.yaml 生成，请勿手工修改。",
        "# Generated; the last matching line wins, so lines go general → specific.",
        "# Owners are the registered signers (签字人) of the body that owns the path.",
    ]
    for rule in PATH_OWNERS:
        lines += ["", f"# {rule.what}：{rule.body.value}"]
        lines += _lines(rule, units)
    return "\n".join(lines) + "\n"


def _lines(rule: PathOwner, units: UnitRegistry) -> list[str]:
    if rule.body is not Body.UNIT:
        return [_line(rule.pattern, _owners(Owner(rule.body, units.office, rule), units))]
    return [
        _line(rule.pattern.replace(FOLDER, unit.id), _owners(Owner(rule.body, unit.id, rule), units))
        for unit in units.units
    ]


def _owners(owner: Owner, units: UnitRegistry) -> list[str]:
    accounts = signer_accounts(owner, units)
    if not accounts and owner.body is not Body.MAINTAINERS:
        # A line without owners leaves the path unowned (anyone's approval would count): route it
        # to the office instead; the signature check still refuses it until signers are registered.
        accounts = signer_accounts(Owner(Body.OFFICE, units.office, owner.rule), units)
    return [f"@{account}" for account in (accounts or units.maintainers)]


def _line(pattern: str, owners: list[str]) -> str:
    return f"{pattern} {' '.join(owners)}"
