"""Each project's status and timeline, derived from the shipped sample and from small temp trees."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from lifecycle_tree import FILES, write_year

from generator.clock import parse_time as parse_now
from generator.lifecycle.status import TRANSITIONS, ProjectRecord, Status, derive_projects
from generator.model.rules import Category
from generator.submissions import Submissions
from generator.validate.tree import load_submissions

S = Status
FALV = "submissions/2025/falv/falv-legal-aid-hotline.yaml"
OFFICE = "submissions/2025/bangongshi"


@pytest.fixture(scope="module")
def sample(sample_root: Path) -> Submissions:
    subs = load_submissions(sample_root)
    assert subs.ok, [f.to_text() for f in subs.findings]
    return subs


def project(subs: Submissions, project_id: str, now: str, late: tuple[str, ...] = ()) -> ProjectRecord:
    return next(r for r in derive_projects(subs, parse_now(now), late) if r.project_id == project_id)


def steps(record: ProjectRecord) -> list[tuple[Status, date, str]]:
    return [(t.status, t.when, t.path) for t in record.timeline]


FALV_TIMELINE = [
    (S.REGISTERED, date(2025, 3, 12), FALV),
    (S.IN_PROGRESS, date(2025, 5, 16), f"{OFFICE}/tracking.yaml"),
    (S.IN_PROGRESS, date(2025, 9, 3), f"{OFFICE}/tracking.yaml"),
    (S.RECOMMENDED, date(2025, 11, 10), "submissions/2025/falv/recommendation.yaml"),
    (S.UNDER_REVIEW, date(2025, 11, 15), "submissions/2025/falv/recommendation.yaml"),
    (S.UNDER_REVIEW, date(2025, 11, 20), f"{OFFICE}/review.yaml"),
    (S.APPROVED, date(2025, 11, 25), f"{OFFICE}/review.yaml"),
    (S.AWARD_INNOVATION, date(2025, 11, 28), f"{OFFICE}/review.yaml"),
    (S.PROVINCE, date(2025, 11, 28), f"{OFFICE}/review.yaml"),
]


@pytest.mark.parametrize(
    ("now", "status", "length"),
    [
        ("2025-04-01", S.REGISTERED, 1),
        ("2025-06-01", S.IN_PROGRESS, 2),
        ("2025-09-03", S.IN_PROGRESS, 3),
        ("2025-11-10", S.RECOMMENDED, 4),
        ("2025-11-15T23:59:59", S.RECOMMENDED, 4),  # the recommendation window is still open
        ("2025-11-16T00:00:00", S.UNDER_REVIEW, 5),
        ("2025-11-20", S.UNDER_REVIEW, 6),
        ("2025-11-25", S.APPROVED, 7),
        ("2025-11-28", S.PROVINCE, 9),
        ("2026-11-25", S.PROVINCE, 9),
    ],
)
def test_one_project_walks_through_every_status_of_its_year(
    sample: Submissions, now: str, status: Status, length: int
) -> None:
    record = project(sample, "falv-legal-aid-hotline", now)
    assert record.status is status
    assert steps(record) == FALV_TIMELINE[:length]


def test_the_award_is_known_only_once_approved(sample: Submissions) -> None:
    before = project(sample, "falv-legal-aid-hotline", "2025-11-24")
    # The meeting is on record, its votes and 拟授奖 are not public before the 审定.
    assert (before.award, before.to_province, before.review, before.reviewed_on) == (
        None,
        False,
        None,
        date(2025, 11, 20),
    )
    after = project(sample, "falv-legal-aid-hotline", "2025-11-25")
    assert (after.award, after.approval is not None, after.review is not None) == (Category.INNOVATION, True, True)
    assert (after.announcement, after.to_province, after.province_reason) == (None, False, None)
    announced = project(sample, "falv-legal-aid-hotline", "2025-11-28")
    assert announced.announcement is not None and announced.to_province


def test_no_project_has_an_award_before_the_chairmans_approval(sample: Submissions) -> None:
    day = datetime(2025, 11, 1, 12, tzinfo=parse_now("2025-11-01").tzinfo)
    while day.year == 2025:
        for record in derive_projects(sample, day):
            if record.award is not None or record.status in (S.AWARD_INNOVATION, S.AWARD_EXCELLENCE, S.PROVINCE):
                assert record.approval is not None and record.approval.date <= day.date()
        day += timedelta(days=1)


def test_a_withdrawn_project_stays_withdrawn(sample: Submissions) -> None:
    record = project(sample, "hospital-nurse-shift", "2025-12-31")
    assert steps(record) == [
        (S.SUBMITTED, date(2025, 3, 9), "submissions/2025/zhongshan-hospital/hospital-nurse-shift.yaml"),
        (S.REGISTERED, date(2025, 3, 14), "submissions/2025/zhongshan/forwarding.yaml"),
        (S.IN_PROGRESS, date(2025, 5, 20), "submissions/2025/zhongshan/tracking.yaml"),
        (S.WITHDRAWN, date(2025, 6, 20), "submissions/2025/zhongshan-hospital/hospital-nurse-shift.yaml"),
    ]


def test_a_project_nobody_recommended_is_not_recommended_once_the_window_closes(sample: Submissions) -> None:
    path = "submissions/2025/xuanjiao/xuanjiao-worker-reading.yaml"
    assert project(sample, "xuanjiao-worker-reading", "2025-11-15").status is S.IN_PROGRESS
    record = project(sample, "xuanjiao-worker-reading", "2025-11-16")
    assert steps(record)[-1] == (S.NOT_RECOMMENDED, date(2025, 11, 15), path)


def test_a_reviewed_project_without_an_award_ends_not_awarded(sample: Submissions) -> None:
    record = project(sample, "jiaoyu-teacher-wellbeing", "2025-12-01")
    assert (record.status, record.award, record.to_province) == (S.NO_AWARD, None, False)


def test_the_award_may_differ_from_the_claimed_category(sample: Submissions) -> None:
    record = project(sample, "xigang-mediation-network", "2025-12-01")
    assert (record.category, record.award, record.status) == (
        Category.INNOVATION,
        Category.EXCELLENCE,
        S.AWARD_EXCELLENCE,
    )


def test_a_registration_the_git_audit_found_late_takes_no_part(sample: Submissions) -> None:
    record = project(sample, "falv-legal-aid-hotline", "2025-12-01", late=(FALV,))
    assert steps(record) == [(S.LATE, date(2025, 3, 20), FALV)]
    assert (record.award, record.to_province) == (None, False)
    assert project(sample, "port-collective-bargaining", "2025-12-01", late=(FALV,)).status is S.PROVINCE


def test_the_year_in_progress_is_under_review(sample: Submissions) -> None:
    records = [r for r in derive_projects(sample, parse_now("2026-11-25")) if r.year == 2026]
    recommended = {r.project_id for r in records if r.recommendation is not None}
    assert recommended and len(recommended) < len(records)
    for record in records:
        expected = S.UNDER_REVIEW if record.project_id in recommended else S.NOT_RECOMMENDED
        assert (record.status, record.award) == (expected, None), record.project_id
    apprenticeship = next(r for r in records if r.project_id == "metro-apprenticeship")
    assert apprenticeship.registration.model.category is None
    assert apprenticeship.category is Category.EXCELLENCE  # claimed in the recommendation


def test_every_sample_timeline_is_a_path_through_the_machine(sample: Submissions, sample_root: Path) -> None:
    for record in derive_projects(sample, parse_now("2026-11-25")):
        previous = None
        for step in record.timeline:
            assert step.status in TRANSITIONS[previous], record.project_id
            assert (sample_root / step.path).is_file()
            previous = step.status
        days = [t.when for t in record.timeline]
        assert days == sorted(days), record.project_id
        assert record.status is record.timeline[-1].status


def test_a_grassroots_registration_never_forwarded_is_late_after_the_deadline(tree: Path) -> None:
    write_year(tree, {k: v for k, v in FILES.items() if "review" not in k and "recommendation" not in k})
    subs = load_submissions(tree)
    square = "submissions/2026/xigang-renmin-square/square-c.yaml"
    waiting = next(r for r in derive_projects(subs, parse_now("2026-03-20")) if r.path == square)
    assert steps(waiting) == [(S.SUBMITTED, date(2026, 3, 5), square)]  # never "已立项" before the parent forwards it
    late = next(r for r in derive_projects(subs, parse_now("2026-03-21")) if r.path == square)
    assert steps(late) == [(S.SUBMITTED, date(2026, 3, 5), square), (S.LATE, date(2026, 3, 20), square)]


def test_a_forwarded_grassroots_project_is_registered_by_its_parents_list(tree: Path) -> None:
    write_year(tree)
    subs = load_submissions(tree)
    street = next(r for r in derive_projects(subs, parse_now("2026-04-01")) if r.project_id == "street-b")
    assert steps(street) == [
        (S.SUBMITTED, date(2026, 3, 5), "submissions/2026/xigang-bayi-street/street-b.yaml"),
        (S.REGISTERED, date(2026, 3, 10), "submissions/2026/xigang/forwarding.yaml"),
    ]
    assert street.forwarding is not None and street.parent is not None and street.parent.id == "xigang"
