"""The admin reads sessions and attendance but never writes them, and lists attendees as the pages do."""

import pytest
from django.urls import reverse

from pathways.accounts.models import Role
from pathways.outreach import services
from pathways.outreach.models import SessionAttendance
from pathways.testing.factories import UserFactory, make_person


@pytest.fixture
def vientiane_admin(places):
    """An administrator whose scope is Vientiane Capital only."""
    user = UserFactory(username="vte.admin", role=Role.ADMIN, province_codes=["LA-VT"])
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def attendees(session, me_officer):
    savannakhet = make_person(actor=me_officer, given_name_latin="Noy", home_province="LA-SV")
    vientiane = make_person(actor=me_officer, given_name_latin="Dao", home_province="LA-VT")
    for person in (savannakhet, vientiane):
        services.attendance_add(actor=me_officer, session=session, person_id=person.pk)
    return savannakhet, vientiane


def test_attendance_is_listed_only_for_people_the_administrator_may_see(client, vientiane_admin, attendees):
    client.force_login(vientiane_admin)
    page = client.get(reverse("admin:outreach_sessionattendance_changelist")).content.decode()
    savannakhet, vientiane = attendees
    assert "1 session attendance" in page
    hidden = SessionAttendance.objects.get(person=savannakhet)
    shown = SessionAttendance.objects.get(person=vientiane)
    assert client.get(reverse("admin:outreach_sessionattendance_change", args=[shown.pk])).status_code == 200
    # Out of scope: the admin answers as for a record that does not exist (a redirect to its index).
    assert client.get(reverse("admin:outreach_sessionattendance_change", args=[hidden.pk])).status_code == 302


@pytest.mark.parametrize(
    "model", ["outreach_informationsession", "outreach_sessionattendance", "jobs_vacancy"]
)
def test_records_with_services_cannot_be_added_changed_or_deleted_in_the_admin(
    client, vientiane_admin, attendees, session, model
):
    client.force_login(vientiane_admin)
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403
    if model == "outreach_informationsession":
        change = reverse(f"admin:{model}_change", args=[session.pk])
        assert client.post(change, {"venue": "elsewhere"}).status_code == 403
        assert (
            client.post(reverse(f"admin:{model}_delete", args=[session.pk]), {"post": "yes"}).status_code
            == 403
        )
        session.refresh_from_db()
        assert session.venue == "Ban Phonsaat"
