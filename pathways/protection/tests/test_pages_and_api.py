"""The protection pages and API: thin over the services, closed to all not on a case, every read logged."""

from django.urls import reverse

from pathways.accounts.services import api_token_issue
from pathways.core.models import AuditEvent
from pathways.protection.models import ProtectionCase


def _bearer(user) -> dict:
    key = api_token_issue(actor=None, user=user, name="test", scopes=["write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_case_worker_finds_the_person_opens_a_case_and_writes_a_note(
    client, case_worker, supervisor, svk_org, survivor
):
    client.force_login(case_worker)
    home = client.get("/").content.decode()
    assert 'href="/protection/"' in home
    person_page = client.get(reverse("person-detail", args=[survivor.pk])).content.decode()
    assert f"/protection/cases/new/?person={survivor.pk}" in person_page
    found = client.get(reverse("protection-case-open"), {"q": "Keo"}).content.decode()
    assert f"?person={survivor.pk}" in found
    values = {
        "person_id": survivor.pk,
        "organisation": svk_org.pk,
        "opened_on": "2023-05-02",
        "kind": "labour_exploitation",
        "risk": "high",
        "supervisor": supervisor.pk,
        "summary": "Passport withheld by the employer.",
    }

    refused = client.post(reverse("protection-case-open"), {**values, "opened_on": "2999-01-01"})
    opened = client.post(reverse("protection-case-open"), values)

    assert refused.status_code == 400 and "The date is in the future" in refused.content.decode()
    case = ProtectionCase.objects.get()
    assert opened.status_code == 302 and opened["Location"] == reverse("protection-case", args=[case.pk])
    page = client.get(opened["Location"]).content.decode()
    assert "Passport withheld by the employer." in page and "Every view of this page is logged" in page
    noted = client.post(
        reverse("protection-note-add", args=[case.pk]),
        {"written_on": "2023-05-03", "text": "Called the embassy."},
    )
    assert noted.status_code == 302
    bad_note = client.post(
        reverse("protection-note-add", args=[case.pk]), {"written_on": "2023-05-03", "text": ""}
    )
    assert bad_note.status_code == 400 and "Write the note." in bad_note.content.decode()
    assert "Called the embassy." in client.get(reverse("protection-case", args=[case.pk])).content.decode()
    # Three page views (after opening, after the note, the refused note's page), each logged.
    assert AuditEvent.objects.filter(action="protection_case.view", actor=case_worker).count() == 3
    listing = client.get(reverse("protection-home")).content.decode()
    assert "Keo" in listing and "Labour exploitation" in listing


def test_people_not_on_a_case_get_the_same_404_as_for_no_case(
    client, case, colleague, officer, admin_user, survivor
):
    for outsider in (colleague, officer, admin_user):
        client.force_login(outsider)
        assert client.get(reverse("protection-case", args=[case.pk])).status_code in (403, 404)
        assert client.post(
            reverse("protection-note-add", args=[case.pk]), {"written_on": "2023-05-03", "text": "x"}
        ).status_code in (403, 404)
        person_page = client.get(reverse("person-detail", args=[survivor.pk])).content.decode()
        assert "Protection case" not in person_page and "Trafficking in persons" not in person_page
    client.force_login(colleague)
    assert client.get(reverse("protection-case", args=[case.pk])).status_code == 404
    assert "Keo" not in client.get(reverse("protection-home")).content.decode()
    client.force_login(officer)
    assert client.get(reverse("protection-home")).status_code == 403
    assert 'href="/protection/"' not in client.get("/").content.decode()
    assert not AuditEvent.objects.filter(action="protection_case.view").exists()


def test_the_supervisor_hands_the_case_over_on_its_page(client, case, case_worker, supervisor, colleague):
    client.force_login(case_worker)
    assert (
        "Change who works on the case"
        not in client.get(reverse("protection-case", args=[case.pk])).content.decode()
    )
    client.force_login(supervisor)
    page = client.get(reverse("protection-case", args=[case.pk])).content.decode()
    assert "Change who works on the case" in page
    moved = client.post(
        reverse("protection-case-team", args=[case.pk]),
        {"supervisor": supervisor.pk, "case_workers": [colleague.pk]},
    )
    assert moved.status_code == 302
    assert list(case.case_workers.all()) == [colleague]
    closed = client.post(
        reverse("protection-case-close", args=[case.pk]),
        {"closed_on": "2023-06-01", "closure_reason": "referred"},
    )
    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.closure_reason == "referred"


def test_the_api_opens_reads_and_closes_a_case_and_logs_each_read(
    client, case_worker, supervisor, colleague, svk_org, survivor
):
    body = {
        "person_id": str(survivor.pk),
        "organisation_id": str(svk_org.pk),
        "kind": "trafficking",
        "risk": "high",
        "opened_on": "2023-05-02",
        "supervisor": "cw.boss",
        "case_workers": ["nobody.here"],
    }
    refused = client.post(
        "/api/v1/protection/cases", body, content_type="application/json", **_bearer(case_worker)
    )
    assert refused.status_code == 422 and "nobody.here" in refused.json()["errors"][0]["msg"]
    body["case_workers"] = []
    opened = client.post(
        "/api/v1/protection/cases", body, content_type="application/json", **_bearer(case_worker)
    )
    assert opened.status_code == 201, opened.content
    case_id = opened.json()["id"]
    assert opened.json()["case_workers"] == ["cw.noy"] and opened.json()["supervisor"] == "cw.boss"

    one = client.get(f"/api/v1/protection/cases/{case_id}", **_bearer(supervisor))
    hidden = client.get(f"/api/v1/protection/cases/{case_id}", **_bearer(colleague))
    patched = client.patch(
        f"/api/v1/protection/cases/{case_id}",
        {"risk": "low"},
        content_type="application/json",
        **_bearer(case_worker),
    )
    note = client.post(
        f"/api/v1/protection/cases/{case_id}/notes",
        {"written_on": "2023-05-04", "text": "Safe at the shelter."},
        content_type="application/json",
        **_bearer(case_worker),
    )
    closed = client.post(
        f"/api/v1/protection/cases/{case_id}/close",
        {"closed_on": "2023-05-01", "closure_reason": "needs_met"},
        content_type="application/json",
        **_bearer(case_worker),
    )

    assert one.status_code == 200 and one.json()["kind"] == "trafficking"
    assert hidden.status_code == 404
    assert patched.status_code == 200 and patched.json()["risk"] == "low"
    assert note.status_code == 201 and note.json()["author"] == "cw.noy"
    assert closed.status_code == 422 and closed.json()["errors"][0]["loc"] == ["body", "closed_on"]
    # Every answer carrying the case is a logged read: opening, the GET, the PATCH (not the refused close).
    views = AuditEvent.objects.filter(action="protection_case.view", object_id=case_id)
    assert sorted(v.actor.username for v in views) == ["cw.boss", "cw.noy", "cw.noy"]
    assert (
        "summary" not in client.get("/api/v1/protection/cases", **_bearer(case_worker)).json()["results"][0]
    )
    assert [
        c["id"] for c in client.get("/api/v1/protection/cases", **_bearer(colleague)).json()["results"]
    ] == []


def test_a_merge_through_the_api_does_not_tell_the_reviewer_about_the_case_and_undoing_it_moves_it_back(
    client, case, officer, survivor, svk_staff
):
    from pathways.testing.factories import make_person

    twin = make_person(
        actor=svk_staff, given_name_latin="Keo", family_name_latin="Sisuk", home_province="LA-SV"
    )
    merged = client.post(
        "/api/v1/identity/merges",
        {"survivor": str(twin.pk), "merged": str(survivor.pk)},
        content_type="application/json",
        **_bearer(officer),
    )
    assert merged.status_code == 201, merged.content
    assert not any(row["model"].startswith("protection") for row in merged.json()["repointed"])
    case.refresh_from_db()
    assert case.person_id == twin.pk

    undone = client.post(f"/api/v1/identity/merges/{merged.json()['id']}/undo", **_bearer(officer))
    assert undone.status_code == 200
    case.refresh_from_db()
    assert case.person_id == survivor.pk


def test_the_correction_form_is_a_logged_view_and_an_empty_team_is_refused_in_words(
    client, case, case_worker, supervisor
):
    client.force_login(case_worker)
    assert client.get(reverse("protection-case-edit", args=[case.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="protection_case.view", actor=case_worker).count() == 1
    client.force_login(supervisor)
    refused = client.post(reverse("protection-case-team", args=[case.pk]), {"supervisor": supervisor.pk})
    assert refused.status_code == 400 and "Assign at least one case worker." in refused.content.decode()
    kindless = client.post(reverse("protection-case-edit", args=[case.pk]), {"kind": "", "risk": "low"})
    assert kindless.status_code == 400 and "Choose the kind of case." in kindless.content.decode()


def test_the_dashboard_counts_the_open_cases_for_their_team_only(
    client, case, case_worker, colleague, officer
):
    client.force_login(case_worker)
    page = client.get("/").content.decode()
    assert (
        "Needs your attention" in page
        and "Open protection cases you work on" in page
        and "1 high risk" in page
    )
    for other in (colleague, officer):
        client.force_login(other)
        assert "Open protection cases" not in client.get("/").content.decode()
