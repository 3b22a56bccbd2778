"""Recruitment agencies: the licence's status from its dates and the ministry's decisions, the history of
decisions, search, pages and API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pathways.accounts.services import api_token_issue
from pathways.core.models import AuditEvent
from pathways.places.models import Province
from pathways.recruitment import selectors
from pathways.recruitment.models import AgencyStatus, AgencyStatusChange, RecruitmentAgency
from pathways.recruitment.services import agencies as agency_services


def _bearer(user) -> dict:
    key = api_token_issue(actor=None, user=user, name="test", scopes=["write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_status_follows_the_licence_dates_unless_the_ministry_decided_otherwise(officer, agency):
    assert agency.status_on(datetime.date(2025, 6, 1)) == AgencyStatus.LICENSED
    assert agency.status_on(datetime.date(2031, 1, 1)) == AgencyStatus.EXPIRED
    assert agency.status_on(datetime.date(2021, 12, 31)) == AgencyStatus.EXPIRED
    agency_services.agency_status_set(
        actor=officer,
        agency=agency,
        status="suspended",
        changed_on=datetime.date(2025, 6, 1),
        reason="Inquiry",
    )
    agency.refresh_from_db()
    assert agency.status_on(datetime.date(2025, 5, 31)) == AgencyStatus.LICENSED  # before the decision
    assert agency.status_on(datetime.date(2025, 6, 1)) == AgencyStatus.SUSPENDED
    assert agency.status_on(datetime.date(2031, 1, 1)) == AgencyStatus.SUSPENDED


def test_filtering_by_status_computes_expiry_in_the_database(officer, agency):
    expired = agency_services.agency_create(
        actor=officer,
        name_en="Old Agency",
        licence_number="MLSW-0001",
        issuing_authority="MLSW",
        licence_valid_from=datetime.date(2015, 1, 1),
        licence_valid_to=datetime.date(2020, 1, 1),
        head_office_province=Province.objects.get(code="LA-SV"),
    )
    found = lambda status: set(selectors.agency_list(actor=officer, status=status))  # noqa: E731
    assert found("licensed") == {agency} and found("expired") == {expired}
    assert set(selectors.agency_list(actor=officer, search="old")) == {expired}
    assert set(selectors.agency_list(actor=officer, search="0042")) == {agency}
    assert set(selectors.agency_list(actor=officer, province="LA-CH")) == {agency}  # a branch there
    assert set(selectors.agency_list(actor=officer, destination="KR")) == {agency}


def test_a_decision_needs_a_reason_and_is_kept_in_the_history(officer, agency):
    with pytest.raises(ValidationError) as refused:
        agency_services.agency_status_set(
            actor=officer, agency=agency, status="suspended", changed_on=datetime.date(2025, 3, 1), reason=" "
        )
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError, match="follows from its dates"):
        agency_services.agency_status_set(
            actor=officer, agency=agency, status="expired", changed_on=datetime.date(2025, 3, 1), reason="x"
        )
    assert AgencyStatusChange.objects.count() == 0

    agency_services.agency_status_set(
        actor=officer,
        agency=agency,
        status="suspended",
        changed_on=datetime.date(2025, 3, 1),
        reason="Charged workers fees above the legal limit",
    )
    agency_services.agency_status_set(
        actor=officer,
        agency=agency,
        status="licensed",
        changed_on=datetime.date(2025, 6, 1),
        reason="Refunded",
    )

    agency.refresh_from_db()
    assert agency.status == AgencyStatus.LICENSED
    assert [(c.status, c.reason) for c in agency.status_changes.all()] == [
        ("licensed", "Refunded"),
        ("suspended", "Charged workers fees above the legal limit"),
    ]
    assert AuditEvent.objects.filter(action="recruitment_agency.status").count() == 2


def test_only_national_staff_license_agencies(vte_staff, agency):
    with pytest.raises(PermissionDenied):
        agency_services.agency_update(actor=vte_staff, agency=agency, name_en="Renamed")
    with pytest.raises(PermissionDenied):
        agency_services.agency_status_set(
            actor=vte_staff, agency=agency, status="revoked", changed_on=datetime.date(2025, 1, 1), reason="x"
        )


def test_bad_licences_are_refused_naming_the_field(officer, agency):
    with pytest.raises(ValidationError) as refused:
        agency_services.agency_create(
            actor=officer,
            name_en="Copy",
            licence_number="mlsw-0042",
            issuing_authority="MLSW",
            licence_valid_from=datetime.date(2024, 1, 1),
            licence_valid_to=datetime.date(2023, 1, 1),
            head_office_province=Province.objects.get(code="LA-VT"),
            sectors=["space"],
        )
    errors = refused.value.message_dict
    assert "already recorded for Lao Workforce Services" in errors["licence_number"][0]
    assert errors["licence_valid_to"] == ["The licence ends before it starts."]
    assert "sectors" in errors
    assert RecruitmentAgency.objects.count() == 1


def test_agency_pages_search_create_and_decide(client, officer, vte_staff, agency):
    client.force_login(vte_staff)
    listed = client.get(reverse("recruitment-agencies"), {"q": "workforce"}).content.decode()
    assert "Lao Workforce Services" in listed and "Record an agency" not in listed
    assert client.get(reverse("recruitment-agency-create")).status_code == 403

    client.force_login(officer)
    values = {
        "name_en": "Mekong Manpower",
        "licence_number": "MLSW-0100",
        "issuing_authority": "MLSW",
        "licence_valid_from": "2024-01-01",
        "licence_valid_to": "2027-12-31",
        "head_office_province": "LA-SV",
        "branch_provinces": ["LA-VT"],
        "destinations": ["TH"],
        "sectors": ["construction"],
        "membership": "none",
    }
    refused = client.post(reverse("recruitment-agency-create"), {**values, "licence_number": "MLSW-0042"})
    assert refused.status_code == 400 and "already recorded" in refused.content.decode()
    created = client.post(reverse("recruitment-agency-create"), values)
    new = RecruitmentAgency.objects.get(licence_number="MLSW-0100")
    assert created.status_code == 302 and created["Location"] == reverse("recruitment-agency", args=[new.pk])
    assert list(new.branches.values_list("province_id", flat=True)) == ["LA-VT"]

    decided = client.post(
        reverse("recruitment-agency-status", args=[new.pk]),
        {"status": "revoked", "changed_on": "2025-02-01", "reason": "Sent workers on tourist visas"},
    )
    assert decided.status_code == 302
    page = client.get(reverse("recruitment-agency", args=[new.pk])).content.decode()
    assert "Sent workers on tourist visas" in page and "Revoked" in page and "no valid licence" in page


def test_agency_api_lists_creates_and_records_decisions(client, officer, vte_staff, agency):
    listed = client.get("/api/v1/recruitment/agencies?q=0042", **_bearer(vte_staff)).json()
    (found,) = listed["results"]
    assert found["licence_number"] == "MLSW-0042"
    assert found["destinations"] == ["KR", "TH"] and found["status"] == "licensed"

    body = {
        "name_en": "Champasak Jobs",
        "licence_number": "MLSW-0200",
        "issuing_authority": "MLSW",
        "licence_valid_from": "2024-01-01",
        "licence_valid_to": "2026-01-01",
        "head_office_province": "LA-CH",
        "destinations": ["LA"],
    }
    refused = client.post(
        "/api/v1/recruitment/agencies", body, content_type="application/json", **_bearer(officer)
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "destinations"]
    denied = client.post(
        "/api/v1/recruitment/agencies",
        {**body, "destinations": ["TH"]},
        content_type="application/json",
        **_bearer(vte_staff),
    )
    assert denied.status_code == 403
    created = client.post(
        "/api/v1/recruitment/agencies",
        {**body, "destinations": ["TH"]},
        content_type="application/json",
        **_bearer(officer),
    )
    assert created.status_code == 201 and created.json()["status"] == "expired"
    decided = client.post(
        f"/api/v1/recruitment/agencies/{created.json()['id']}/status",
        {"status": "revoked", "changed_on": "2025-01-05", "reason": "Fraud"},
        content_type="application/json",
        **_bearer(officer),
    )
    assert decided.status_code == 201
    assert (
        client.get(f"/api/v1/recruitment/agencies/{created.json()['id']}", **_bearer(officer)).json()[
            "status"
        ]
        == "revoked"
    )
