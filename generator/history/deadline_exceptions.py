"""The office's exceptions as they stand on the base revision (the only ones that count), and
those a change proposes (which do not count yet, but make a better message)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..filings import Filing, parse_filing
from ..model.deadline_exceptions import Grant
from ..model.programme import end_of_day
from ..paths import SUBMISSIONS, FilingPath, Kind
from ..read.source import Source
from .changes import BaseRevision


@dataclass(slots=True)
class ExceptionBook:
    granted: dict[str, Grant] = field(default_factory=dict)  # on the base: these count
    proposed: dict[str, Grant] = field(default_factory=dict)  # only in the change: these do not

    def deadline(self, path: str) -> datetime | None:
        grant = self.granted.get(path)
        return end_of_day(grant.new_deadline) if grant else None

    def only_proposed(self, path: str) -> bool:
        """The change itself adds or extends the exception it would need."""
        proposed = self.proposed.get(path)
        if proposed is None:
            return False
        granted = self.granted.get(path)
        return granted is None or proposed.new_deadline > granted.new_deadline


def exceptions_path(year: int, office: str) -> str:
    return f"{SUBMISSIONS}/{year}/{office}/exceptions.yaml"


def load_book(base: BaseRevision, office: str | None, years: Iterable[int], current: Iterable[Filing]) -> ExceptionBook:
    book = ExceptionBook()
    for filing in current:
        if filing.where.kind is Kind.EXCEPTIONS and filing.where.unit == office:
            book.proposed.update({g.path: g for g in filing.model.grants})
    if office is None:
        return book
    for year in sorted(set(years)):
        path = exceptions_path(year, office)
        text = base.text(path)
        if text is None:
            continue
        parsed, _ = parse_filing(FilingPath(Kind.EXCEPTIONS, path, year, office), Source(path, text))
        if parsed is not None:
            book.granted.update({g.path: g for g in parsed.model.grants if g.path.startswith(f"{SUBMISSIONS}/{year}/")})
    return book
