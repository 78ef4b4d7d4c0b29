"""Who owns which file: one table, read by `check --base`, CODEOWNERS and the web form.

Every path in the repository belongs to one body, and a change to it needs that body's
signature (a registered signer's approval of the pull request, or an SSH-signed commit):

    submissions/<year>/<unit>/…            the unit whose folder it is: its registrations, and as a
                                           parent its forwarding list, tracking records and
                                           recommendations (the office tracks in its own folder)
    submissions/<year>/*/review.yaml       the office (评审与审定结果)
    submissions/<year>/*/exceptions.yaml   the office (逾期申报例外)
    submissions/units.yaml, programme.yaml the office (单位名录、评选设置)
    submissions/<anything else>            the office
    submissions/schemas/, and everything   the maintainers (a pull request's checks run that pull
    outside submissions/ (code, workflows,  request's code: whoever may change it may change what
    CODEOWNERS, tests, README)             is checked)

The table is written in CODEOWNERS' own pattern language and read with GitHub's rule (the last
matching line wins), so routing and signing cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from .model.units import Signer, UnitRegistry
from .paths import SCHEMAS, SUBMISSIONS

if TYPE_CHECKING:
    from .model.programme import Programme

FOLDER = "<单位>"  # stands for each registered unit's folder


class Body(StrEnum):
    UNIT = "本单位"  # the unit whose folder holds the file
    OFFICE = "考评办公室"
    MAINTAINERS = "系统维护"


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: str  # a CODEOWNERS pattern; FOLDER stands for a unit id
    body: Body
    what: str  # what the paths are, in words (CODEOWNERS comments, messages)


# General → specific: the last matching rule decides.
RULES: tuple[Rule, ...] = (
    Rule("*", Body.MAINTAINERS, "代码、工作流、测试、说明文档和 CODEOWNERS"),
    Rule(f"/{SUBMISSIONS}/", Body.OFFICE, "申报目录中未另行规定的文件"),
    Rule(
        f"/{SUBMISSIONS}/*/{FOLDER}/",
        Body.UNIT,
        "单位文件夹：立项申报表，以及作为上级的审核汇总、跟踪考核记录、推荐上报",
    ),
    Rule(f"/{SUBMISSIONS}/*/*/review.yaml", Body.OFFICE, "评审与审定结果"),
    Rule(f"/{SUBMISSIONS}/*/*/exceptions.yaml", Body.OFFICE, "逾期申报例外"),
    Rule(f"/{SUBMISSIONS}/units.yaml", Body.OFFICE, "单位名录"),
    Rule(f"/{SUBMISSIONS}/programme.yaml", Body.OFFICE, "评选设置（日程、审计起点）"),
    Rule(f"/{SUBMISSIONS}/{SCHEMAS}/", Body.MAINTAINERS, "由程序生成的 JSON Schema"),
)


@dataclass(frozen=True, slots=True)
class Owner:
    body: Body
    unit: str | None  # the owning unit's id (the office's id for OFFICE); None for the maintainers
    rule: Rule

    def describe(self, units: UnitRegistry | None) -> str:
        """The owner in words: 西岗区八一路街道总工会, 考评办公室（大连市总工会办公室）, 系统维护人员."""
        if self.body is Body.MAINTAINERS:
            return "系统维护人员"
        unit = units.by_id.get(self.unit or "") if units else None
        name = unit.name if unit else f"单位“{self.unit}”"
        return f"考评办公室（{name}）" if self.body is Body.OFFICE else name


def owner_of(path: str, units: UnitRegistry | None) -> Owner:
    """The body whose signature a change to `path` (repo-relative, forward slashes) needs."""
    for rule in reversed(RULES):
        if _matches(rule.pattern, path):
            return _owner(rule, path, units)
    raise AssertionError("the first rule matches every path")  # pragma: no cover


def signer_accounts(owner: Owner, units: UnitRegistry | None) -> list[str]:
    """The forge accounts whose approval is the owner's signature."""
    if units is None:
        return []
    if owner.body is Body.MAINTAINERS:
        return list(units.maintainers)
    unit = units.by_id.get(owner.unit or "")
    return [s.account for s in unit.signers] if unit else []


EXCEPTIONS_RULE = next(r for r in RULES if r.pattern.endswith("/exceptions.yaml"))


def leading_group_signers(owner: Owner, path: str, programme: Programme | None) -> list[Signer]:
    """Who signs beside the owner's registered signers: an exception (逾期申报例外) is the leading
    group's decision (八), so that year's 组长, when the settings give the 组长's account, signs it
    as the office's signers do. Read from the BASE settings, like the registry."""
    if programme is None or owner.rule is not EXCEPTIONS_RULE:
        return []
    parts = path.split("/")
    group = programme.leading_group(int(parts[1])) if len(parts) > 2 and parts[1].isdigit() else None
    if group is None or group.chair_account is None:
        return []
    return [Signer(name=group.chair, position="考评领导小组组长", account=group.chair_account)]


def _owner(rule: Rule, path: str, units: UnitRegistry | None) -> Owner:
    if rule.body is Body.UNIT:
        return Owner(rule.body, path.split("/")[2], rule)
    if rule.body is Body.OFFICE:
        return Owner(rule.body, units.office if units else None, rule)
    return Owner(rule.body, None, rule)


def _matches(pattern: str, path: str) -> bool:
    return _regex(pattern).fullmatch(path) is not None


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    """GitHub's CODEOWNERS reading of the patterns used above: `*` is one path segment (or part
    of one), a pattern ending in `/` owns everything below, a leading `/` anchors at the root."""
    if pattern == "*":
        return re.compile(".*", re.S)
    body = re.escape(pattern.lstrip("/")).replace(r"\*", "[^/]*").replace(re.escape(FOLDER), "[^/]+")
    return re.compile(body + (".+" if pattern.endswith("/") else "(?:/.+)?"), re.S)
