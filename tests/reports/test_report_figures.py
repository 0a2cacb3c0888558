"""Every figure of the monthly report, checked exactly against the hand-built October desk (conftest)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from models.reports import ReportScope, build_report

TZ = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.usefixtures("october")


async def _october(report_now, department_id=None):
    return await build_report(ReportScope.month("2026-10", TZ, department_id), now=report_now)


def _counts(counted):
    return {c.key: c.count for c in counted if c.count}


async def test_volume_counts_tickets_received_on_october_days_in_shanghai_time(report_now):
    report = await _october(report_now)
    assert report.total == 6
    per_day = {day: n for day, n in report.per_day if n}
    assert per_day == {
        date(2026, 10, 1): 1,  # 00:30 Shanghai is still September in UTC
        date(2026, 10, 9): 1,
        date(2026, 10, 12): 1,
        date(2026, 10, 15): 1,
        date(2026, 10, 20): 1,
        date(2026, 10, 31): 1,  # 23:30 Shanghai; the 00:10 ticket of 11-01 is November
    }
    assert len(report.per_day) == 31


async def test_volume_by_category_severity_channel_department_and_status(report_now):
    report = await _october(report_now)
    assert _counts(report.by_category) == {
        "product_quality": 3,
        "service_attitude": 1,
        "delivery_logistics": 1,
        "billing_price": 1,
    }
    assert [c.key for c in report.by_category][:2] == ["product_quality", "service_attitude"]
    assert _counts(report.by_severity) == {"A": 1, "B": 1, "C": 3, "D": 1}
    assert _counts(report.by_channel) == {"telegram": 1, "webchat": 2, "phone": 1, "visit": 1, "email": 1}
    assert [(c.key, c.count) for c in report.by_department] == [("质量部", 3), ("客服部", 2), ("物流部", 1)]
    assert _counts(report.by_status) == {"new": 1, "in_progress": 1, "closed": 4}


async def test_validity_rate_is_the_share_of_valid_among_decided(report_now):
    report = await _october(report_now)
    assert (report.valid, report.invalid, report.undecided) == (3, 1, 2)
    assert report.validity_rate == pytest.approx(0.75)


async def test_first_contact_on_time_rate_counts_overdue_and_late_contacts(report_now):
    fc = (await _october(report_now)).on_time_for("first_contact")
    assert (fc.on_time, fc.late, fc.pending) == (3, 3, 0)
    assert fc.rate == pytest.approx(0.5)


async def test_solution_on_time_rate_follows_holidays_make_up_days_and_reopened_rounds(report_now):
    # T2 filed on National Day: due 10-09 09:00, met 10-08 → on time (a calendar without holidays
    # would have made it late). T3: 10-10 is a make-up workday → due that Saturday, met Sunday → late;
    # its reopened round is late again. T8 met exactly at due_at → on time. T5, T6 open past due → late.
    sol = (await _october(report_now)).on_time_for("solution")
    assert (sol.on_time, sol.late, sol.pending) == (3, 4, 0)
    assert sol.rate == pytest.approx(3 / 7)


async def test_resolution_on_time_rate_counts_each_round_and_leaves_pending_out(report_now):
    res = (await _october(report_now)).on_time_for("resolution")
    assert (res.on_time, res.late, res.pending) == (4, 2, 1)
    assert res.rate == pytest.approx(4 / 6)


async def test_revisit_deadlines_of_both_rounds_count(report_now):
    report = await _october(report_now)
    rev = report.on_time_for("revisit")
    assert (rev.on_time, rev.late, rev.pending) == (5, 0, 0)
    overall = report.on_time_overall
    assert (overall.on_time, overall.late, overall.pending) == (15, 9, 1)


async def test_median_and_p90_time_to_first_contact_and_resolution(report_now):
    report = await _october(report_now)
    # First contact: 300, 3600, 3600, 5400, 34800 s.
    assert report.first_contact.count == 5
    assert report.first_contact.median == pytest.approx(3600)
    assert report.first_contact.p90 == pytest.approx(5400 + 0.6 * (34800 - 5400))
    # Resolution: 86400, 90000, 324000 (T3, to its second resolution), 1071000 s.
    assert report.resolution.count == 4
    assert report.resolution.median == pytest.approx((90000 + 324000) / 2)
    assert report.resolution.p90 == pytest.approx(324000 + 0.7 * (1071000 - 324000))


async def test_satisfaction_counts_every_revisit_round_of_october_tickets(report_now):
    sat = (await _october(report_now)).satisfaction
    assert (sat.surveys, sat.answered, sat.satisfied, sat.unsatisfied, sat.no_response) == (5, 4, 3, 1, 1)
    assert sat.satisfied_rate == pytest.approx(0.75)
    assert (sat.rated, sat.average_rating) == (4, 3.5)
    assert [(c.comment, c.rating, c.satisfied) for c in sat.comments] == [
        ("很满意", 5, True),
        ("态度还是不好", 2, False),
    ]
    assert sat.comments[0].number.startswith("KS-20261001-")


async def test_top_root_causes_are_sorted_by_count(report_now):
    report = await _october(report_now)
    assert [(c.key, c.count) for c in report.root_causes] == [("material", 2), ("misuse", 1), ("service", 1)]


async def test_repeat_complainants_have_two_tickets_within_the_month(report_now):
    report = await _october(report_now)
    assert report.repeat_complainant_count == 2
    assert [(r.name, r.tickets, r.phone_masked) for r in report.repeat_complainants] == [
        ("张伟", 2, "138****5678"),  # a third ticket in September does not count
        ("刘洋", 2, "139****4321"),
    ]


async def test_open_and_overdue_now_count_every_open_ticket(report_now):
    report = await _october(report_now)
    assert (report.open_now, report.overdue_now) == (4, 3)


async def test_one_department_narrows_every_figure(october, report_now):
    report = await _october(report_now, october.quality.id)
    assert report.department_name == "质量部"
    assert report.total == 3
    assert [(c.key, c.count) for c in report.by_department] == [("质量部", 3)]
    assert (report.valid, report.invalid) == (2, 1)
    assert report.repeat_complainant_count == 1
    assert (report.open_now, report.overdue_now) == (1, 0)
    assert report.first_contact.count == 3


async def test_a_date_range_across_months_uses_local_days(report_now):
    report = await build_report(ReportScope(date(2026, 9, 30), date(2026, 10, 1), TZ), now=report_now)
    assert report.total == 2
    assert report.per_day == [(date(2026, 9, 30), 1), (date(2026, 10, 1), 1)]
    november = await build_report(ReportScope.month("2026-11", TZ), now=report_now)
    assert november.total == 2  # T7 at 00:10 on 11-01 and T9


async def test_an_empty_month_has_zeros_and_no_rates(report_now):
    report = await build_report(ReportScope.month("2026-06", TZ), now=report_now)
    assert report.total == 0 and report.validity_rate is None
    assert report.first_contact.median is None and report.satisfaction.satisfied_rate is None
    assert all(o.rate is None for o in report.on_time)
    assert report.repeat_complainants == [] and report.root_causes == []
