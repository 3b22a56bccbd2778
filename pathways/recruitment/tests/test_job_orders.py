"""Job orders: recorded as received, approved or rejected by the ministry; workers are recruited only against
an approved one."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pathways.places.models import Country
from pathways.recruitment.models import JobOrder
from pathways.recruitment.services import job_orders, records

RECEIVED = datetime.date(2024, 2, 1)


def _order(actor, employer, agency, **extra):
    fields = {
        "reference": "KR-2024-001",
        "employer": employer,
        "destination": Country.objects.get(code="KR"),
        "channel": "agency",
        "agency": agency,
        "job_title": "Fishery worker",
        "isco_code": "9216",
        "workers_male": 20,
        "workers_female": 5,
        "wage_monthly": Decimal("2060740"),
        "currency": "KRW",
        "contract_months": 36,
        "received_on": RECEIVED,
    } | extra
    return job_orders.job_order_create(actor=actor, **fields)


def test_bad_job_orders_are_refused_naming_the_field(officer, vte_staff, employer, agency, rates, vte_org):
    with pytest.raises(PermissionDenied):
        _order(vte_staff, employer, agency)
    with pytest.raises(ValidationError) as refused:
        _order(officer, vte_org, None, isco_code="92", workers_male=0, workers_female=0, currency="EUR")
    assert set(refused.value.message_dict) == {"employer", "agency", "isco_code", "workers_any", "currency"}
    assert not JobOrder.objects.exists()


def test_workers_are_recruited_only_against_an_approved_job_order(
    officer, svk_staff, svk_org, employer, agency, rates, worker
):
    order = _order(officer, employer, agency)
    recruit = lambda: records.recruitment_record(  # noqa: E731
        actor=svk_staff,
        person_id=worker.pk,
        organisation=svk_org,
        channel="agency",
        agency=agency,
        job_order=order,
        destination=Country.objects.get(code="KR"),
        recruited_on=datetime.date(2024, 3, 1),
    )
    with pytest.raises(ValidationError, match="not approved by the ministry"):
        recruit()
    with pytest.raises(ValidationError, match="Say why"):
        job_orders.job_order_decide(actor=officer, job_order=order, approval="rejected", decided_on=RECEIVED)
    job_orders.job_order_decide(actor=officer, job_order=order, approval="approved", decided_on=RECEIVED)
    order.refresh_from_db()
    assert recruit().job_order == order


def test_job_order_pages_and_api(client, officer, employer, agency, rates):
    client.force_login(officer)
    values = {
        "reference": "KR-2024-002",
        "employer": employer.pk,
        "destination": "KR",
        "channel": "mou",
        "job_title": "Factory worker",
        "isco_code": "8219",
        "workers_any": "10",
        "wage_monthly": "2060740",
        "currency": "KRW",
        "contract_months": "36",
        "received_on": "2024-02-01",
    }
    refused = client.post(reverse("recruitment-job-order-create"), {**values, "contract_months": "0"})
    assert refused.status_code == 400 and "1 to 120" in refused.content.decode()
    created = client.post(reverse("recruitment-job-order-create"), values)
    order = JobOrder.objects.get()
    assert created["Location"] == reverse("recruitment-job-order", args=[order.pk])
    client.post(
        reverse("recruitment-job-order-decide", args=[order.pk]),
        {"approval": "rejected", "decided_on": "2024-02-10", "decision_note": "Wage below the MOU minimum"},
    )
    page = client.get(reverse("recruitment-job-order", args=[order.pk])).content.decode()
    assert "Rejected" in page and "Wage below the MOU minimum" in page

    from pathways.accounts.services import api_token_issue

    key = api_token_issue(actor=None, user=officer, name="t", scopes=["write"])
    listed = client.get(
        "/api/v1/recruitment/job-orders?approval=rejected", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert [o["reference"] for o in listed.json()["results"]] == ["KR-2024-002"]
