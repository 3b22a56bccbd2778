"""Recording a worker's recruitment and costs on the pages and through the API."""

from decimal import Decimal

from django.urls import reverse

from pathways.accounts.services import api_token_issue
from pathways.recruitment.models import ExchangeRate, RecruitmentCost, RecruitmentRecord


def _bearer(user) -> dict:
    key = api_token_issue(actor=None, user=user, name="test", scopes=["write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_recruitment_then_its_costs_and_earnings_are_recorded_on_the_pages(
    client, svk_staff, svk_org, worker, agency, rates
):
    client.force_login(svk_staff)
    values = {
        "person_id": worker.pk,
        "organisation": svk_org.pk,
        "channel": "agency",
        "agency": agency.pk,
        "destination": "TH",
        "recruited_on": "2024-03-10",
        "documents": ["passport", "contract"],
        "contract_wage": "10500",
        "contract_currency": "THB",
    }
    refused = client.post(reverse("recruitment-record-create"), {**values, "contract_wage": "0"})
    assert refused.status_code == 400 and "Earnings of zero" in refused.content.decode()
    created = client.post(reverse("recruitment-record-create"), values)
    record = RecruitmentRecord.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse(
        "recruitment-record", args=[record.pk]
    )

    cost_url = reverse("recruitment-cost-create", args=[record.pk])
    bad = client.post(
        cost_url, {"category": "fee", "amount": "-1", "currency": "LAK", "paid_on": "2024-03-01"}
    )
    assert bad.status_code == 400 and "cannot be negative" in bad.content.decode()
    unknown = client.post(
        cost_url, {"category": "fee", "amount": "10", "currency": "EUR", "paid_on": "2024-03-01"}
    )
    assert unknown.status_code == 400 and "Unknown currency &#x27;EUR&#x27;" in unknown.content.decode()
    assert not RecruitmentCost.objects.exists()
    client.post(
        cost_url, {"category": "fee", "amount": "3000000", "currency": "LAK", "paid_on": "2024-03-01"}
    )
    client.post(
        reverse("recruitment-earnings-create", args=[record.pk]),
        {"reported_on": "2024-08-01", "amount": "10800", "currency": "THB"},
    )

    page = client.get(reverse("recruitment-record", args=[record.pk])).content.decode()
    # 3,000,000 kip / 20,000 = 150 USD; 10,800 baht / 36 = 300 USD a month: 50 %
    assert "150.00 USD" in page and "300.00 USD" in page and "50.00 %" in page
    assert "Passport, Employment contract" in page
    cost = RecruitmentCost.objects.get()
    client.post(reverse("recruitment-cost-delete", args=[record.pk, cost.pk]))
    record.refresh_from_db()
    assert record.costs_usd == 0 and record.cost_share_pct == Decimal("0.00")


def test_exchange_rates_are_recorded_by_national_staff(client, officer, vte_staff):
    client.force_login(vte_staff)
    assert client.post(reverse("recruitment-exchange-rates"), {"currency": "THB"}).status_code == 403
    client.force_login(officer)
    refused = client.post(
        reverse("recruitment-exchange-rates"), {"currency": "baht", "valid_on": "2024-01-01"}
    )
    assert refused.status_code == 400 and "three-letter" in refused.content.decode()
    client.post(
        reverse("recruitment-exchange-rates"),
        {"currency": "thb", "valid_on": "2024-01-01", "units_per_usd": "35.5"},
    )
    assert ExchangeRate.objects.get().units_per_usd == Decimal("35.5")


def test_the_api_records_a_recruitment_with_its_costs_all_or_nothing(
    client, svk_staff, svk_org, worker, agency, rates
):
    body = {
        "person_id": str(worker.pk),
        "organisation_id": str(svk_org.pk),
        "channel": "agency",
        "agency_id": str(agency.pk),
        "destination": "KR",
        "recruited_on": "2024-02-01",
        "contract_wage": "1950000",
        "contract_currency": "KRW",
        "costs": [
            {"category": "fee", "amount": "4000000", "currency": "LAK", "paid_on": "2024-01-20"},
            {"category": "loan_interest", "amount": "-3", "currency": "USD", "paid_on": "2024-01-20"},
        ],
    }
    refused = client.post(
        "/api/v1/recruitment/records", body, content_type="application/json", **_bearer(svk_staff)
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "costs", 1, "amount"]
    assert not RecruitmentRecord.objects.exists()

    body["costs"][1]["amount"] = "50"
    created = client.post(
        "/api/v1/recruitment/records", body, content_type="application/json", **_bearer(svk_staff)
    )
    assert created.status_code == 201
    out = created.json()
    # 4,000,000 / 20,000 = 200 USD, plus 50 USD of interest; 1,950,000 won / 1,300 = 1,500 USD:
    # 250 / 1500 = 16.67 %
    assert out["costs_usd"] == "250.00" and out["monthly_earnings_usd"] == "1500.00"
    assert out["cost_share_pct"] == "16.67" and out["sex"] == "female"
    listed = client.get("/api/v1/recruitment/records", **_bearer(svk_staff)).json()
    assert [r["id"] for r in listed["results"]] == [out["id"]]
