"""The office's issue when the audit of main finds something: what the record-check workflow posts.

Our own words are Markdown; every finding (its text may quote a filing) is one row of the same
escaped HTML table as the job summary (`diagnostics.to_markdown_table`), which Markdown leaves alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import to_markdown_table

if TYPE_CHECKING:
    from .audit import AuditReport

ISSUE_TITLE = "记录核对发现问题"


def issue_body(report: AuditReport, ref: str) -> str:
    """The issue's body for the audit of `ref`; without findings, the comment that closes it."""
    source = "合并时间取自平台记录" if report.verified else "合并时间为提交时间，未经平台核实"
    head = [
        f"## {ISSUE_TITLE if report.findings else '记录核对已无问题'}",
        "",
        f"主分支提交 `{ref[:12]}` 的记录核对（{report.commits} 个第一父提交，{len(report.landings)} 个文件；{source}）。",
        "",
    ]
    if not report.findings:
        # The comment with which the workflow closes the issue (`forge issue --close`).
        return "\n".join([*head, "没有发现问题：此前发现的问题已经解决，问题单关闭。", ""])
    return "\n".join(
        [
            *head,
            f"发现 {len(report.findings)} 条问题。网站上受影响的页面显示“{ISSUE_TITLE}”，直到问题解决：",
            "",
            "- 确属特殊情况的，由考评办公室在当年的例外文件中登记所涉文件并合并到主分支；",
            "- 事后改动了已定记录的，以更正提交恢复原来的内容；",
            "- 合并时间不符、时间倒流或合并请求编号不符的，由系统维护人员查明这次合并是怎样进入主分支的。",
            "",
            to_markdown_table(report.findings),
            "",
        ]
    )
