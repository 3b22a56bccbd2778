"""A worker's recruitment: costs in the currency paid converted at the day's rate, earnings, and bad input
refused with a message and nothing half-saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pathways.places.models import Country
from pathways.recruitment.models import RecruitmentCost, RecruitmentRecord
from pathways.recruitment.services import agencies as agency_services
from pathways.recruitment.services import records

TH = lambda: Country.objects.get(code="TH")  # noqa: E731
DAY = datetime.date(2024, 3, 10)


def _record(actor, org, person, **extra):
    fields = {
        "channel": "agency",
        "destination": TH(),
        "recruited_on": DAY,
        "contract_wage": Decimal("10500"),
        "contract_currency": "THB",
    } | extra
    return records.recruitment_record(actor=actor, person_id=person.pk, organisation=org, **fields)


def test_costs_are_converted_at_the_rate_of_the_day_they_were_paid(svk_staff, svk_org, worker, agency, rates):
    record = _record(
        svk_staff,
        svk_org,
        worker,
        agency=agency,
        costs=[
            # 2,000,000 kip at 20,000 (the January rate still stands in March) = 100 USD
            {
                "category": "fee",
                "amount": Decimal("2000000"),
                "currency": "LAK",
                "paid_on": datetime.date(2024, 3, 1),
            },
            # 3,600 baht at 36 (July's rate) = 100 USD
            {
                "category": "visa",
                "amount": Decimal("3600"),
                "currency": "thb",
                "paid_on": datetime.date(2024, 7, 2),
            },
        ],
    )
    assert [c.amount_usd for c in record.costs.all()] == [Decimal("100.00"), Decimal("100.00")]
    # 10,500 baht at 35 on the recruitment day = 300 USD; 200 / 300 = 66.67 %
    assert record.costs_usd == Decimal("200.00") and record.monthly_earnings_usd == Decimal("300.00")
    assert record.cost_share_pct == Decimal("66.67")

    records.earnings_report(
        actor=svk_staff,
        record=record,
        reported_on=datetime.date(2024, 8, 1),
        amount=Decimal("14400"),
        currency="THB",
    )
    record.refresh_from_db()
    # What the worker reports receiving replaces the contract: 14,400 / 36 = 400 USD; 200 / 400 = 50 %
    assert record.monthly_earnings_usd == Decimal("400.00") and record.cost_share_pct == Decimal("50.00")


@pytest.mark.parametrize(
    ("cost", "field", "message"),
    [
        ({"amount": Decimal("-5")}, "costs.1.amount", "cannot be negative"),
        ({"currency": "XYZ"}, "costs.1.currency", "Unknown currency 'XYZ'"),
        (
            {"paid_on": datetime.date(2023, 6, 1)},
            "costs.1.currency",
            "No LAK rate recorded on or before 2023-06-01",
        ),
        ({"category": "bribe"}, "costs.1.category", "Choose what the worker paid for"),
    ],
)
def test_a_bad_cost_refuses_the_whole_record(svk_staff, svk_org, worker, agency, rates, cost, field, message):
    good = {"category": "fee", "amount": Decimal("100"), "currency": "USD", "paid_on": DAY}
    bad = {"category": "documents", "amount": Decimal("500000"), "currency": "LAK", "paid_on": DAY} | cost
    with pytest.raises(ValidationError) as refused:
        _record(svk_staff, svk_org, worker, agency=agency, costs=[good, bad])
    assert message in refused.value.message_dict[field][0]
    assert not RecruitmentRecord.objects.exists() and not RecruitmentCost.objects.exists()


def test_earnings_of_zero_are_refused(svk_staff, svk_org, worker, agency, rates):
    with pytest.raises(ValidationError, match="Earnings of zero"):
        _record(svk_staff, svk_org, worker, agency=agency, contract_wage=Decimal("0"))
    record = _record(svk_staff, svk_org, worker, agency=agency, contract_wage=None)
    assert record.cost_share_pct is None  # no earnings: left out of 10.7.1
    with pytest.raises(ValidationError, match="Earnings of zero"):
        records.earnings_report(
            actor=svk_staff, record=record, reported_on=DAY, amount=Decimal("0"), currency="THB"
        )
    assert not record.earnings.exists()


def test_an_agency_without_a_valid_licence_is_refused_unless_the_office_allows_it_with_a_reason(
    settings, officer, svk_staff, svk_org, worker, agency, rates
):
    agency_services.agency_status_set(
        actor=officer, agency=agency, status="revoked", changed_on=datetime.date(2024, 3, 5), reason="Fraud"
    )
    with pytest.raises(ValidationError, match="no valid licence on 2024-03-10 \\(revoked\\)"):
        _record(svk_staff, svk_org, worker, agency=agency)

    settings.RECRUITMENT_ALLOW_UNLICENSED_AGENCY = True
    with pytest.raises(ValidationError) as refused:
        _record(svk_staff, svk_org, worker, agency=agency)
    assert "say why" in refused.value.message_dict["agency_exception_reason"][0]
    assert not RecruitmentRecord.objects.exists()
    record = _record(
        svk_staff,
        svk_org,
        worker,
        agency=agency,
        agency_exception_reason="The worker had already left in March",
    )
    assert record.agency_exception_reason == "The worker had already left in March"
    # Before the revocation the agency was licensed: a recruitment then needs no reason.
    earlier = _record(svk_staff, svk_org, worker, agency=agency, recruited_on=datetime.date(2024, 3, 1))
    assert earlier.agency_exception_reason == ""


def test_the_agency_channel_names_an_agency(svk_staff, svk_org, worker, rates):
    with pytest.raises(ValidationError) as refused:
        _record(svk_staff, svk_org, worker)
    assert "agency" in refused.value.message_dict


def test_partner_staff_record_only_for_people_they_see_and_their_organisation(
    vte_staff, vte_org, svk_org, worker, rates
):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        _record(vte_staff, svk_org, worker, channel="own")
    with pytest.raises(Http404):
        _record(vte_staff, vte_org, worker, channel="own")


def test_the_recruitment_is_on_the_workers_timeline(client, svk_staff, svk_org, worker, agency, rates):
    _record(svk_staff, svk_org, worker, agency=agency)
    client.force_login(svk_staff)
    page = client.get(reverse("person-detail", args=[worker.pk])).content.decode()
    assert "Recruited for work in Thailand: Licensed recruitment agency" in page
    assert "costs 0.00 % of monthly earnings" in page
