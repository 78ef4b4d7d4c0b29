"""The one clock of the program: `check`, statuses and announcements all judge by it.

Commit dates are set by whoever commits and prove nothing: only the time of the CI run (`--now`)
and the pull request's opening (`--opened-at`) count.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from .model.rules import CHINA
from .paths import year_problem


class ClockError(ValueError):
    """A time on the command line outside the grammar below; the message is for the user."""


# The one grammar of `--now`, `--opened-at` and every other time option:
#   a day         2026-03-20 or 20260320           the end of that day in China (23:59:59)
#   an instant    2026-03-20T09:30[:15[.5]]        with "T" or a space; read as China time …
#                 2026-03-20T09:30:15+08:00        … unless it has an offset: Z, +08:00, +0800, +08
# A deadline day runs to its last second ("3月20日前"), so a bare day means the same here.
_DAY = r"(?P<y>[0-9]{4})(?P<sep>-?)(?P<m>[0-9]{2})(?P=sep)(?P<d>[0-9]{2})"
_TIME = r"(?:[T ](?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,](?P<f>[0-9]{1,6}))?)?)"
_OFFSET = r"(?P<z>Z|[+-][0-9]{2}(?::?[0-9]{2})?)"
_GRAMMAR = re.compile(rf"^{_DAY}(?:{_TIME}{_OFFSET}?)?$")
TIME_HELP = "一天（2026-03-20 或 20260320，指当天 23:59:59 北京时间）或一个时刻（2026-03-20T09:30:00，可带时区如 +08:00；不带时区按北京时间）"


def parse_time(text: str) -> datetime:
    """A moment in the grammar above, in China Standard Time; ClockError for anything else."""
    raw = text.strip()
    found = _GRAMMAR.match(raw)
    if found is None:
        wide = "（数字要用半角 0–9）" if any(ch.isdigit() and not ch.isascii() for ch in raw) else ""
        raise ClockError(f"“{text}”不是 ISO 8601 时间{wide}，应写成{TIME_HELP}")
    if (problem := year_problem(int(found["y"]))) is not None:
        raise ClockError(f"“{text}”：{problem}")
    try:
        day = date(int(found["y"]), int(found["m"]), int(found["d"]))
        if found["H"] is None:
            return datetime.combine(day, time(23, 59, 59), tzinfo=CHINA)
        moment = datetime.combine(
            day, time(int(found["H"]), int(found["M"]), int(found["S"] or 0), int((found["f"] or "0").ljust(6, "0")))
        )
        zone = _zone(found["z"]) if found["z"] else CHINA
    except ValueError:
        raise ClockError(f"“{text}”不是一个存在的日期或时刻（检查月、日、时、分、秒）") from None
    return moment.replace(tzinfo=zone).astimezone(CHINA)


def _zone(written: str) -> tzinfo:
    if written == "Z":
        return UTC
    digits = written[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 14 or minutes > 59:
        raise ValueError(written)
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if written[0] == "-" else offset)


def time_argument(text: str) -> datetime:
    """argparse `type=` for `--now`-like options: the error message is the user's."""
    try:
        return parse_time(text)
    except ClockError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def system_now() -> datetime:
    return datetime.now(CHINA)


def shown(moment: datetime) -> str:
    """How a time appears in a message: Beijing time to the second."""
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True, slots=True)
class Clock:
    """`now` is when the change would land (the CI run, or the merge queue); `opened_at` is when
    the pull request was opened, i.e. when the filing was handed over."""

    now: datetime
    opened_at: datetime

    @classmethod
    def from_args(cls, now: str | None, opened_at: str | None) -> Clock:
        current = parse_time(now) if now else system_now()
        opened = parse_time(opened_at) if opened_at else current
        return cls(current, opened)
