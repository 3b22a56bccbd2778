"""The outreach pages and API: thin over the services, scoped like every other route."""

from django.urls import reverse

from pathways.accounts.services import api_token_issue
from pathways.outreach.models import InformationSession, SessionAttendance
from pathways.testing.factories import make_person


def _bearer(user) -> dict:
    key = api_token_issue(actor=None, user=user, name="test", scopes=["write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_session_is_recorded_on_its_page_and_listed(client, svk_staff, svk_org):
    client.force_login(svk_staff)
    assert 'href="/outreach/"' in client.get("/").content.decode()
    values = {
        "organisation": svk_org.pk,
        "held_on": "2023-03-14",
        "topic": "pre_departure",
        "province": "LA-SV",
        "venue": "MRC hall",
        "women_not_named": 4,
        "men_not_named": 3,
    }

    refused = client.post(reverse("outreach-session-create"), {**values, "held_on": "2999-01-01"})
    recorded = client.post(reverse("outreach-session-create"), values)

    assert refused.status_code == 400 and "The date is in the future" in refused.content.decode()
    session = InformationSession.objects.get()
    assert recorded.status_code == 302 and recorded["Location"] == reverse(
        "outreach-session", args=[session.pk]
    )
    listing = client.get(reverse("outreach-home")).content.decode()
    assert "Pre-departure orientation" in listing and "MRC hall" in listing


def test_attendees_are_found_in_the_registry_added_scored_and_taken_off(client, svk_staff, session):
    noy = make_person(
        actor=svk_staff, given_name_latin="Noy", family_name_latin="Sisouk", home_province="LA-SV"
    )
    client.force_login(svk_staff)
    page = client.get(reverse("outreach-session", args=[session.pk]), {"q": "Sisouk"}).content.decode()
    assert "Noy" in page and reverse("outreach-attendee-add", args=[session.pk]) in page

    client.post(reverse("outreach-attendee-add", args=[session.pk]), {"person_id": noy.pk})
    again = client.post(reverse("outreach-attendee-add", args=[session.pk]), {"person_id": noy.pk})
    attendance = SessionAttendance.objects.get()
    scored = client.post(
        reverse("outreach-attendee-scores", args=[session.pk, attendance.pk]),
        {f"{attendance.pk}-pre_test": "40", f"{attendance.pk}-post_test": "85"},
    )

    assert again.status_code == 400 and "already on this session" in again.content.decode()
    assert scored.status_code == 302
    attendance.refresh_from_db()
    assert (attendance.pre_test, attendance.post_test) == (40, 85)
    page = client.get(reverse("outreach-session", args=[session.pk])).content.decode()
    assert "22 (13 women, 9 men)" in page  # 12 + 9 not named, and Noy
    client.post(reverse("outreach-attendee-remove", args=[session.pk, attendance.pk]))
    assert not SessionAttendance.objects.exists()


def test_others_see_the_session_but_neither_change_it_nor_see_attendees_outside_their_scope(
    client, svk_staff, vte_staff, donor, session
):
    noy = make_person(actor=svk_staff, given_name_latin="Noy", home_province="LA-SV")
    SessionAttendance.objects.create(session=session, person=noy)
    client.force_login(vte_staff)
    page = client.get(reverse("outreach-session", args=[session.pk])).content.decode()
    assert "Noy" not in page and "1 more attendee is outside the people you can see" in page
    assert reverse("outreach-session-edit", args=[session.pk]) not in page
    assert client.get(reverse("outreach-session-edit", args=[session.pk])).status_code == 403
    client.force_login(donor)
    assert client.get(reverse("outreach-home")).status_code == 403


def test_the_api_records_a_session_and_its_attendees(client, svk_staff, svk_org):
    headers = _bearer(svk_staff)
    noy = make_person(actor=svk_staff, given_name_latin="Noy", home_province="LA-SV")
    body = {
        "organisation_id": str(svk_org.pk),
        "held_on": "2023-03-14",
        "topic": "labour_rights",
        "province": "LA-SV",
        "women_not_named": 5,
    }

    created = client.post("/api/v1/outreach/sessions", body, content_type="application/json", **headers)
    session_id = created.json()["id"]
    added = client.post(
        f"/api/v1/outreach/sessions/{session_id}/attendees",
        {"person_id": str(noy.pk), "pre_test": 50, "post_test": 75},
        content_type="application/json",
        **headers,
    )
    refused = client.post(
        f"/api/v1/outreach/sessions/{session_id}/attendees",
        {"person_id": str(noy.pk)},
        content_type="application/json",
        **headers,
    )

    assert created.status_code == 201 and created.json()["women_not_named"] == 5
    assert added.status_code == 201 and added.json()["post_test"] == 75
    assert refused.status_code == 422 and "already on this session" in refused.content.decode()
    listed = client.get(f"/api/v1/outreach/sessions/{session_id}", **headers).json()
    assert listed["named"] == 1
    gone = client.delete(f"/api/v1/outreach/sessions/{session_id}/attendees/{noy.pk}", **headers)
    assert gone.status_code == 204 and not SessionAttendance.objects.exists()


def test_a_merged_record_is_refused_with_the_survivor_and_odd_years_are_ignored(
    client, svk_staff, officer, session
):
    from pathways.identity.services import person_merge

    noy = make_person(actor=svk_staff, given_name_latin="Noy", home_province="LA-SV")
    twin = make_person(actor=svk_staff, given_name_latin="Noy", family_name_latin="K", home_province="LA-SV")
    person_merge(actor=officer, survivor=noy, merged=twin)
    client.force_login(svk_staff)

    refused = client.post(reverse("outreach-attendee-add", args=[session.pk]), {"person_id": twin.pk})

    assert refused.status_code == 400 and str(noy.pk) in refused.content.decode()
    assert client.get(reverse("outreach-home"), {"year": "99999"}).status_code == 200
    assert client.get("/api/v1/outreach/sessions", {"year": 99999}, **_bearer(svk_staff)).status_code == 422


def test_the_api_refuses_other_organisations_and_people_outside_the_scope(
    client, svk_staff, vte_staff, vte_org, session
):
    body = {
        "organisation_id": str(vte_org.pk),
        "held_on": "2023-03-14",
        "topic": "other",
        "province": "LA-VT",
    }
    vientiane = make_person(actor=vte_staff, given_name_latin="Phet", home_province="LA-VT")
    headers = _bearer(svk_staff)

    other = client.post("/api/v1/outreach/sessions", body, content_type="application/json", **headers)
    outside = client.post(
        f"/api/v1/outreach/sessions/{session.pk}/attendees",
        {"person_id": str(vientiane.pk)},
        content_type="application/json",
        **headers,
    )
    too_long = client.post(
        "/api/v1/outreach/sessions",
        {**body, "organisation_id": str(session.organisation_id), "province": "LA-SV", "venue": "x" * 201},
        content_type="application/json",
        **headers,
    )

    assert other.status_code == 403 and outside.status_code == 404 and too_long.status_code == 422
    assert InformationSession.objects.count() == 1 and not SessionAttendance.objects.exists()
