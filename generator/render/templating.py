"""The Jinja2 environment: autoescape on for every template, so filing text is always text."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..lifecycle.status import Status
from ..paths import FilingPath, classify

# Status → a CSS class for its colour; the label itself is the status text.
STATUS_CLASS = {
    Status.SUBMITTED: "info",
    Status.REGISTERED: "ok",
    Status.IN_PROGRESS: "ok",
    Status.RECOMMENDED: "info",
    Status.UNDER_REVIEW: "info",
    Status.APPROVED: "info",
    Status.AWARD_INNOVATION: "award",
    Status.AWARD_EXCELLENCE: "award",
    Status.PROVINCE: "award",
    Status.WITHDRAWN: "muted",
    Status.LATE: "bad",
    Status.REFUSED: "bad",
    Status.NOT_RECOMMENDED: "muted",
    Status.NO_AWARD: "muted",
}


def cn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.year} 年 {value.month} 月 {value.day} 日"


def file_kind(path: str) -> str:
    """The kind of filing at `path` in words (立项申报表, 审核汇总, …), for a timeline's reader."""
    where = classify(path)
    return str(where.kind) if isinstance(where, FilingPath) else "申报文件"


def to_html(page: str) -> str:
    """A docs-tree page path as the built file's path (`use_directory_urls: false`)."""
    return page[:-3] + ".html" if page.endswith(".md") else page


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: no stat() per page rendered
    )
    env.filters.update(
        cn_date=cn_date, html=to_html, status_class=lambda s: STATUS_CLASS.get(s, "ok"), file_kind=file_kind
    )
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
