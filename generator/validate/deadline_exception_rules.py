"""Rules for the office's exceptions file: where it lives and what it may cover."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Finding
from ..paths import Kind

if TYPE_CHECKING:
    from ..submissions import Submissions


def exceptions_are_the_offices(subs: Submissions) -> Iterator[Finding]:
    office = subs.units.office if subs.units else None
    for filing in subs.of_kind(Kind.EXCEPTIONS):
        if office is not None and filing.where.unit != office:
            yield filing.error(
                "E440",
                "逾期申报例外只能由考评办公室在自己的文件夹里登记",
                "例外",
                hint=f"把此文件移到 submissions/{filing.where.year}/{office}/exceptions.yaml，由考评办公室提交。",
            )
        seen: set[str] = set()
        for i, grant in enumerate(filing.model.grants):
            if not grant.path.startswith(f"submissions/{filing.where.year}/"):
                yield filing.error(
                    "E441",
                    f"例外所指的文件不在 {filing.where.year} 年",
                    "例外",
                    i,
                    "文件",
                    hint=f"例外只登记在同一年的 exceptions.yaml 里，路径以 submissions/{filing.where.year}/ 开头。",
                )
            if grant.path in seen:
                yield filing.error(
                    "E442",
                    f"“{grant.path}”登记了两次例外",
                    "例外",
                    i,
                    "文件",
                    hint="每个文件只登记一条例外；延期请修改原来那一条的新截止日期。",
                )
            seen.add(grant.path)
