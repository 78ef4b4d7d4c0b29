"""The one clock of the program: `check`, statuses and announcements all judge by it.

Commit dates are set by whoever commits and prove nothing: only the time of the CI run (`--now`)
and the pull request's opening (`--opened-at`) count.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date, datetime, time

from .model.programme import CHINA


class ClockError(ValueError):
    """A time on the command line that is not ISO 8601; the message is for the user."""


def parse_time(text: str) -> datetime:
    """ISO 8601 with or without an offset; without one the time is read as China Standard Time.

    A bare day means the end of that day, as a deadline does ("3月20日前" runs to 23:59:59).
    """
    raw = text.strip()
    try:
        if len(raw) == 10:
            return datetime.combine(date.fromisoformat(raw), time(23, 59, 59), tzinfo=CHINA)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise ClockError(f"“{text}”不是 ISO 8601 时间，应写成例如 2026-03-10T23:59:59+08:00 或 2026-03-10 23:59:59") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA)
    return moment.astimezone(CHINA)


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
