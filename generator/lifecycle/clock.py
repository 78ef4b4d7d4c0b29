"""The clock that statuses are taken at: now in China, or a moment given on the command line."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time

from ..model.programme import CHINA


def china_now() -> datetime:
    return datetime.now(CHINA)


def parse_now(text: str) -> datetime:
    """argparse type for `--now`: a day means the end of that day in China; a time without zone is China's."""
    try:
        if len(text.strip()) == 10:
            return datetime.combine(date.fromisoformat(text.strip()), time(23, 59, 59), tzinfo=CHINA)
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期或时间，请写成 2025-11-30 或 2025-11-30T18:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)
