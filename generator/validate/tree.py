"""The whole tree, checked: loaded file by file (`submissions.py`), then every rule that spans
files applied to it. Commands that report findings start here."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from ..diagnostics import Finding
from ..submissions import Submissions, paused_gc, read_submissions
from . import deadline_exception_rules, lifecycle_rules, rules
from .rules import Rule

# Every rule that spans files, in the order their findings are reported: the registry and the
# registrations (E3xx), the office's exceptions (E44x), then the later stages of the lifecycle (E5xx).
CROSS_FILE_RULES: tuple[Rule, ...] = (
    rules.registry_is_consistent,
    rules.registrations_match_registry,
    rules.project_ids_are_unique,
    rules.project_names_are_unique_per_unit,
    rules.forwarding_lists_are_the_parents,
    rules.calendars_are_in_order,
    deadline_exception_rules.exceptions_are_the_offices,
    lifecycle_rules.tracking_by_parent_or_office,
    lifecycle_rules.recommendations_are_valid,
    lifecycle_rules.review_is_the_offices,
    lifecycle_rules.review_results_are_consistent,
    lifecycle_rules.notice_periods_are_in_order,
)


def load_submissions(
    repo_root: Path, only: Iterable[str] | None = None, *, use_cache: bool = True, years: Collection[int] | None = None
) -> Submissions:
    """Load the tree, then apply the rules; with `only` (files or folders), report per-file
    findings for those alone; with `years`, read only those years (see `read_submissions`).

    Rules that span files always see the whole tree: a file checked alone is still checked
    against its neighbours (a project id another unit already uses, say). No rule spans years:
    each compares filings of one year, and the registry and settings are always read.
    """
    with paused_gc():
        subs = read_submissions(repo_root, only, use_cache=use_cache, years=years)
        apply_rules(subs)
    return subs


def check_rules(subs: Submissions) -> list[Finding]:
    """The findings of every rule in CROSS_FILE_RULES, in order."""
    return [finding for rule in CROSS_FILE_RULES for finding in rule(subs)]


def apply_rules(subs: Submissions) -> Submissions:
    """Add the findings of every rule that spans files (those about the files asked for)."""
    subs.findings.extend(f for f in check_rules(subs) if subs.reports(f))
    subs.findings.sort(key=Finding.sort_key)
    return subs
