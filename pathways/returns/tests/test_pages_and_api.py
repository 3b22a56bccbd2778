"""The return and referral pages and API: thin over the services, scoped like every other route."""

from django.urls import reverse

from pathways.accounts.services import api_token_issue
from pathways.returns.models import Referral, Return


def _bearer(user) -> dict:
    key = api_token_issue(actor=None, user=user, name="test", scopes=["write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_return_is_recorded_from_the_persons_page_then_a_referral_made_and_closed(
    client, svk_staff, svk_org, returnee, quarantine_centre, hospital
):
    client.force_login(svk_staff)
    assert 'href="/returns/"' in client.get("/").content.decode()
    person_page = client.get(reverse("person-detail", args=[returnee.pk])).content.decode()
    assert f"/returns/new/?person={returnee.pk}" in person_page
    values = {
        "person_id": returnee.pk,
        "organisation": svk_org.pk,
        "returned_on": "2023-04-12",
        "from_country": "TH",
        "reason": "contract_ended",
        "border_point": "friendship_2",
        "quarantine_centre": quarantine_centre.pk,
        "screening": "no_indicators",
        "savings_lak": "12000000",
        "needs": ["training", "job"],
    }
    refused = client.post(reverse("returns-create"), {**values, "returned_on": "2999-01-01"})
    recorded = client.post(reverse("returns-create"), values)

    assert refused.status_code == 400 and "The date is in the future" in refused.content.decode()
    record = Return.objects.get()
    assert recorded.status_code == 302 and recorded["Location"] == reverse("returns-return", args=[record.pk])
    assert record.needs == ["training", "job"] and record.savings_lak == 12_000_000
    page = client.get(recorded["Location"]).content.decode()
    assert "Skills training, Job placement" in page and "Friendship Bridge II" in page

    referred = client.post(
        reverse("returns-referral-create", args=[record.pk]),
        {
            "organisation": svk_org.pk,
            "service": "training",
            "referred_to": hospital.pk,
            "referred_on": "2023-04-15",
        },
    )
    assert referred.status_code == 302
    referral = Referral.objects.get()
    bad = client.post(
        reverse("returns-referral-outcome", args=[record.pk, referral.pk]),
        {f"{referral.pk}-status": "completed", f"{referral.pk}-outcome_on": ""},
    )
    assert bad.status_code == 400 and "Give the date." in bad.content.decode()
    done = client.post(
        reverse("returns-referral-outcome", args=[record.pk, referral.pk]),
        {f"{referral.pk}-status": "completed", f"{referral.pk}-outcome_on": "2023-06-30"},
    )
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "completed"
    listing = client.get(reverse("returns-home")).content.decode()
    assert "Bounmy" in listing
    assert "Bounmy" in client.get(reverse("returns-referrals"), {"status": "completed"}).content.decode()
    assert "Bounmy" not in client.get(reverse("returns-referrals")).content.decode()  # none awaiting


def test_staff_of_another_province_and_donors_see_nothing(client, a_return, vte_staff, donor):
    client.force_login(vte_staff)
    assert client.get(reverse("returns-return", args=[a_return.pk])).status_code == 404
    assert "Bounmy" not in client.get(reverse("returns-home")).content.decode()
    client.force_login(donor)
    assert client.get(reverse("returns-home")).status_code == 403


def test_the_api_records_corrects_and_refers(
    client, svk_staff, svk_org, returnee, quarantine_centre, hospital
):
    body = {
        "person_id": str(returnee.pk),
        "organisation_id": str(svk_org.pk),
        "returned_on": "2020-05-02",
        "from_country": "XX",
        "reason": "covid19",
    }
    bad = client.post("/api/v1/returns/", body, content_type="application/json", **_bearer(svk_staff))
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["body", "from_country"]
    body |= {"from_country": "th", "quarantine_centre_id": str(quarantine_centre.pk), "needs": ["health"]}
    made = client.post("/api/v1/returns/", body, content_type="application/json", **_bearer(svk_staff))
    assert made.status_code == 201, made.content
    return_id = made.json()["id"]
    assert made.json()["from_country"] == "TH" and made.json()["needs"] == ["health"]

    patched = client.patch(
        f"/api/v1/returns/{return_id}",
        {"screening": "indicators"},
        content_type="application/json",
        **_bearer(svk_staff),
    )
    assert patched.status_code == 200 and patched.json()["screening"] == "indicators"
    assert patched.json()["reason"] == "covid19"
    referral = client.post(
        f"/api/v1/returns/{return_id}/referrals",
        {
            "organisation_id": str(svk_org.pk),
            "service": "health",
            "referred_to_id": str(hospital.pk),
            "referred_on": "2020-05-03",
        },
        content_type="application/json",
        **_bearer(svk_staff),
    )
    assert referral.status_code == 201, referral.content
    hospital.is_active = False
    hospital.save()
    refused = client.post(
        f"/api/v1/returns/{return_id}/referrals",
        {
            "organisation_id": str(svk_org.pk),
            "service": "job",
            "referred_to_id": str(hospital.pk),
            "referred_on": "2020-05-03",
        },
        content_type="application/json",
        **_bearer(svk_staff),
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["loc"] == ["body", "referred_to_id"]
    outcome = client.post(
        f"/api/v1/returns/referrals/{referral.json()['id']}/outcome",
        {"status": "declined", "outcome_on": "2020-05-10"},
        content_type="application/json",
        **_bearer(svk_staff),
    )
    assert outcome.status_code == 200 and outcome.json()["status"] == "declined"
    listed = client.get(f"/api/v1/returns/{return_id}/referrals", **_bearer(svk_staff)).json()["results"]
    assert [r["status"] for r in listed] == ["declined"]


def test_the_dashboard_counts_referrals_awaiting_an_outcome_for_those_who_may_record_it(
    client, a_return, svk_staff, svk_org, hospital, vte_staff
):
    import datetime

    from pathways.returns import services

    services.referral_make(
        actor=svk_staff,
        person_id=a_return.person_id,
        organisation=svk_org,
        service="health",
        referred_to=hospital,
        referred_on=datetime.date(2023, 4, 20),
        after_return=a_return,
    )
    client.force_login(svk_staff)
    assert "Referrals awaiting an outcome" in client.get("/").content.decode()
    client.force_login(vte_staff)
    assert "Referrals awaiting an outcome" not in client.get("/").content.decode()


def test_the_imports_list_names_each_import_by_its_kind_not_its_code(client, svk_staff, settings, tmp_path):
    from pathways.imports import services as imports
    from pathways.imports.tests.files import csv_bytes

    settings.IMPORTS_DIR = str(tmp_path)
    imports.import_job_create(
        actor=svk_staff, kind="returns", filename="q.csv", content=csv_bytes(["No"], [["1"]]), source="qc"
    )
    client.force_login(svk_staff)
    listing = client.get(reverse("import-list")).content.decode()
    assert "Returns (border point, quarantine centre)" in listing and "<td>returns</td>" not in listing
