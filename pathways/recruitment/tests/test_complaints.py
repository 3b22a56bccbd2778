"""Complaints: recorded as received, followed to an outcome, a worker at risk referred to the case workers
who open a protection case from the complaint — the case shown to its team only — and counts on the agency's
page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pathways.protection.models import ProtectionCase
from pathways.recruitment.models import Complaint
from pathways.recruitment.services import complaints

DAY = datetime.date(2024, 5, 2)


def _complaint(actor, org, **extra):
    fields = {
        "received_on": DAY,
        "complainant": "worker",
        "against": "agency",
        "category": "withheld_documents",
        "channel": "hotline",
    } | extra
    return complaints.complaint_record(actor=actor, organisation=org, **fields)


def test_bad_complaints_are_refused_naming_the_field(svk_staff, svk_org, worker, agency):
    with pytest.raises(ValidationError) as refused:
        _complaint(svk_staff, svk_org, person_id=worker.pk, agency=None)
    assert "agency" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _complaint(svk_staff, svk_org, against="broker")
    assert set(refused.value.message_dict) == {"against_name", "complainant"}
    assert not Complaint.objects.exists()
    anonymous = _complaint(
        svk_staff, svk_org, complainant="anonymous", against="broker", against_name="Mr Somsak"
    )
    with pytest.raises(ValidationError, match="Register the worker first"):
        complaints.complaint_refer(actor=svk_staff, complaint=anonymous, referred_on=DAY)


def test_a_complaint_is_closed_with_a_date_and_an_outcome(svk_staff, svk_org, worker, agency):
    complaint = _complaint(svk_staff, svk_org, person_id=worker.pk, agency=agency)
    with pytest.raises(ValidationError, match="closed before it was received"):
        complaints.complaint_progress(
            actor=svk_staff, complaint=complaint, status="resolved", closed_on=datetime.date(2024, 1, 1)
        )
    complaints.complaint_progress(
        actor=svk_staff, complaint=complaint, status="resolved", closed_on=DAY, outcome="Passport returned"
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.closed_on, complaint.outcome) == (
        "resolved",
        DAY,
        "Passport returned",
    )


def test_a_worker_at_risk_is_referred_and_the_case_is_seen_only_by_its_team(
    client, svk_staff, svk_org, officer, worker, agency, case_worker, supervisor
):
    complaint = _complaint(svk_staff, svk_org, person_id=worker.pk, agency=agency, category="violence")
    client.force_login(svk_staff)
    referred = client.post(
        reverse("recruitment-complaint-refer", args=[complaint.pk]), {"referred_on": "2024-05-03"}
    )
    assert referred.status_code == 302

    client.force_login(case_worker)
    queue = client.get(reverse("recruitment-complaints"), {"referred": "1"}).content.decode()
    assert reverse("recruitment-complaint", args=[complaint.pk]) in queue
    assert "Complaints referred for protection, no case yet" in client.get("/").content.decode()
    opened = client.post(
        reverse("recruitment-complaint-case", args=[complaint.pk]),
        {
            "organisation": svk_org.pk,
            "kind": "labour_exploitation",
            "risk": "high",
            "opened_on": "2024-05-04",
            "supervisor": supervisor.pk,
            "summary": "Beaten by the employer's supervisor",
        },
    )
    case = ProtectionCase.objects.get()
    assert opened.status_code == 302 and opened["Location"] == reverse("protection-case", args=[case.pk])
    complaint.refresh_from_db()
    assert complaint.protection_case == case and case.person == worker
    page = client.get(reverse("recruitment-complaint", args=[complaint.pk])).content.decode()
    assert reverse("protection-case", args=[case.pk]) in page

    for outsider in (svk_staff, officer):
        client.force_login(outsider)
        page = client.get(reverse("recruitment-complaint", args=[complaint.pk])).content.decode()
        assert "Referred for protection on 2024-05-03" in page
        assert str(case.pk) not in page and "Open a protection case" not in page
    api = client.get(reverse("recruitment-agency", args=[agency.pk])).content.decode()
    assert "1 complaint" in api and "Violence" in api


def test_the_agency_page_counts_complaints_for_staff_not_donors(
    client, svk_staff, svk_org, donor, worker, agency
):
    _complaint(svk_staff, svk_org, person_id=worker.pk, agency=agency)
    _complaint(svk_staff, svk_org, complainant="anonymous", agency=agency, category="fees")
    client.force_login(svk_staff)
    page = client.get(reverse("recruitment-agency", args=[agency.pk])).content.decode()
    assert "2 complaints" in page and "Fees above the legal limit" in page and "Withheld documents" in page
    client.force_login(donor)
    page = client.get(reverse("recruitment-agency", args=[agency.pk])).content.decode()
    assert "complaint" not in page.lower()


def test_complaints_through_the_api_and_on_the_timeline(client, svk_staff, svk_org, worker, agency):
    from pathways.accounts.services import api_token_issue

    key = api_token_issue(actor=None, user=svk_staff, name="t", scopes=["write"])
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = {
        "organisation_id": str(svk_org.pk),
        "received_on": "2024-05-02",
        "complainant": "family",
        "person_id": str(worker.pk),
        "against": "agency",
        "category": "unpaid_wages",
        "channel": "mrc",
    }
    refused = client.post("/api/v1/recruitment/complaints", body, content_type="application/json", **bearer)
    assert refused.status_code == 422 and refused.json()["errors"][0]["loc"] == ["body", "agency_id"]
    body["agency_id"] = str(agency.pk)
    created = client.post("/api/v1/recruitment/complaints", body, content_type="application/json", **bearer)
    assert created.status_code == 201
    referred = client.post(
        f"/api/v1/recruitment/complaints/{created.json()['id']}/refer",
        {"referred_on": "2024-05-03"},
        content_type="application/json",
        **bearer,
    )
    assert referred.json()["referred_on"] == "2024-05-03"
    client.force_login(svk_staff)
    timeline = client.get(reverse("person-detail", args=[worker.pk])).content.decode()
    assert "Complaint: Unpaid wages against Lao Workforce Services" in timeline
