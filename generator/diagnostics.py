"""Findings: what is wrong with a filing, where, and how to fix it.

Every stage of the pipeline (read, parse, model, rules, history) reports through
`Finding`; the CLI only formats them. Messages and hints are Chinese; codes are stable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from html import escape

from .catalogue import Severity
from .model.characters import visible


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    path: str
    line: int = 0  # 1-based; 0 when the finding is about the whole file
    column: int = 0  # 1-based
    hint: str = ""
    severity: Severity = Severity.ERROR
    end: dict[str, int] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path

    def to_text(self) -> str:
        """One line, whatever a filing put into the message."""
        hint = f"（提示：{self.hint}）" if self.hint else ""
        text = f"{self.location()}: {self.severity.label}[{self.code}]: {self.message}{hint}"
        return visible(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def error(code: str, message: str, path: str, line: int = 0, column: int = 0, hint: str = "") -> Finding:
    return Finding(code, message, path, line, column, hint, Severity.ERROR)


def warning(code: str, message: str, path: str, line: int = 0, column: int = 0, hint: str = "") -> Finding:
    return Finding(code, message, path, line, column, hint, Severity.WARNING)


def summary(findings: Iterable[Finding], files: int) -> str:
    found = list(findings)
    errors = sum(f.is_error for f in found)
    warnings = len(found) - errors
    if not found:
        return f"检查完毕：{files} 个文件，没有发现问题。"
    return f"检查完毕：{files} 个文件，{errors} 个错误，{warnings} 个警告。"


# --- output formats -------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(finding: Finding) -> str:
    """One workflow command; nothing from a filing can end it early or start another."""
    kind = "error" if finding.is_error else "warning"
    props = [f"file={_escape_property(finding.path)}"]
    if finding.line:
        props.append(f"line={finding.line}")
        props.append(f"col={finding.column or 1}")
    props.append(f"title={_escape_property(f'{finding.severity.label}[{finding.code}]')}")
    body = finding.message + (f"（提示：{finding.hint}）" if finding.hint else "")
    return f"::{kind} {','.join(props)}::{_escape_data(body)}"


def to_json(findings: list[Finding], files: int) -> str:
    report = {
        "files": files,
        "errors": sum(f.is_error for f in findings),
        "warnings": sum(not f.is_error for f in findings),
        "findings": [
            {k: v for k, v in asdict(f).items() if k != "end"} | {"severity": str(f.severity)} for f in findings
        ],
    }
    return json.dumps(report, ensure_ascii=False, indent=2)


# Line endings for Markdown (CR, LF) and for editors (U+2028/9, NEL), and every other control character.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def to_markdown_table(findings: list[Finding]) -> str:
    """The job summary: GitHub shows only ten annotations per step, the summary shows all.

    GitHub renders the summary as Markdown, so the table is one block of HTML with a row a line:
    Markdown does not look inside such a block (a finding's text cannot become a link, a heading
    or another row), and with every line break and control character taken out of the text,
    nothing can end the block early. Text is HTML-escaped."""
    head = "".join(f"<th>{h}</th>" for h in ("级别", "代码", "位置", "问题", "提示"))
    rows = ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for f in findings:
        cells = [f.severity.label, f.code, f.location(), f.message, f.hint]
        rows.append("<tr>" + "".join(f"<td>{_html_cell(c)}</td>" for c in cells) + "</tr>")
    return "\n".join([*rows, "</tbody>", "</table>"])


def _html_cell(text: str) -> str:
    return escape(" ".join(_NOT_ONE_LINE.sub(" ", text).split()))
