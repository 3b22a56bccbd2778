"""Protection cases: who may see them, what every write checks, and that nothing about a case reaches anyone
who is not on it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pathways.core.models import AuditEvent
from pathways.identity.services import person_merge
from pathways.people.selectors import person_audit
from pathways.people.services import person_delete
from pathways.people.timeline import person_timeline
from pathways.protection import selectors, services
from pathways.protection.conftest import OPENED
from pathways.protection.models import CaseNote, ProtectionCase
from pathways.testing.factories import make_person


def test_the_opener_and_supervisor_see_a_case_and_nobody_else_does(
    case, case_worker, supervisor, colleague, officer, admin_user, svk_staff, donor
):
    assert set(case.case_workers.all()) == {case_worker}
    for insider in (case_worker, supervisor):
        assert list(selectors.case_list(actor=insider)) == [case]
        assert selectors.case_get(actor=insider, case_id=case.pk) == case
    for outsider in (colleague, officer, admin_user, svk_staff, donor):
        assert not selectors.case_list(actor=outsider).exists()
        with pytest.raises(Http404):
            selectors.case_get(actor=outsider, case_id=case.pk)


def test_every_view_is_logged_without_naming_the_person(case, supervisor, officer, survivor):
    selectors.case_view(actor=supervisor, case_id=case.pk)
    selectors.case_view(actor=supervisor, case_id=case.pk)

    views = AuditEvent.objects.filter(action="protection_case.view", object_id=str(case.pk))
    assert views.count() == 2 and {e.actor for e in views} == {supervisor}
    assert [e.action for e in selectors.case_log(case=case)][-1] == "protection_case.open"
    # The person's audit trail (read by national staff) does not show that a case exists.
    assert not AuditEvent.objects.filter(person_id=survivor.pk, object_type__startswith="protection").exists()
    assert not any(
        e.object_type.startswith("protection") for e in person_audit(actor=officer, person=survivor)
    )


def test_the_timeline_shows_the_case_only_to_its_team(case, case_worker, colleague, officer, survivor):
    def kinds(actor):
        return [e.kind for e in person_timeline(actor=actor, person=survivor)]

    assert "protection_case" in kinds(case_worker)
    assert "protection_case" not in kinds(colleague)
    assert "protection_case" not in kinds(officer)


def test_only_case_workers_open_cases_for_their_own_organisation(
    svk_staff, officer, vte_org, svk_org, case_worker, supervisor, survivor
):
    values = dict(person_id=survivor.pk, kind="health", risk="low", opened_on=OPENED, supervisor=supervisor)
    for actor in (svk_staff, officer):
        with pytest.raises(PermissionDenied):
            services.case_open(actor=actor, organisation=svk_org, **values)
    with pytest.raises(PermissionDenied):
        services.case_open(actor=case_worker, organisation=vte_org, **values)


def test_a_case_is_refused_with_errors_that_name_the_field(case_worker, svk_org, vte_staff, survivor):
    with pytest.raises(ValidationError) as refused:
        services.case_open(
            actor=case_worker,
            person_id=survivor.pk,
            organisation=svk_org,
            kind="gossip",
            risk="extreme",
            opened_on=datetime.date.today() + datetime.timedelta(days=1),
            supervisor=vte_staff,
            case_workers=[vte_staff],
            summary="x" * 5000,
        )
    assert set(refused.value.message_dict) == {
        "kind",
        "risk",
        "opened_on",
        "supervisor",
        "case_workers",
        "summary",
    }
    assert "vte.staff" in refused.value.message_dict["case_workers"][0]
    assert not ProtectionCase.objects.exists()


def test_a_second_open_case_of_the_same_kind_is_refused_for_its_team_only(
    case, case_worker, colleague, supervisor, svk_org, survivor
):
    values = dict(
        person_id=survivor.pk,
        organisation=svk_org,
        kind="trafficking",
        risk="high",
        opened_on=OPENED,
        supervisor=supervisor,
    )
    with pytest.raises(ValidationError) as refused:
        services.case_open(actor=case_worker, **values)
    assert "already has an open case of this kind" in refused.value.message_dict["kind"][0]
    # A colleague not on the case is not told it exists: they open their own.
    assert services.case_open(actor=colleague, **values) != case


def test_a_person_outside_the_case_workers_scope_or_merged_away_is_refused(
    case_worker, supervisor, svk_org, vte_staff, svk_staff, officer
):
    elsewhere = make_person(actor=vte_staff, home_province="LA-VT")
    values = dict(organisation=svk_org, kind="health", risk="low", opened_on=OPENED, supervisor=supervisor)
    with pytest.raises(Http404):
        services.case_open(actor=case_worker, person_id=elsewhere.pk, **values)
    a = make_person(actor=svk_staff, home_province="LA-SV", given_name_latin="Bounmy")
    b = make_person(actor=svk_staff, home_province="LA-SV", given_name_latin="Bounmi")
    person_merge(actor=officer, survivor=a, merged=b)
    with pytest.raises(ValidationError) as refused:
        services.case_open(actor=case_worker, person_id=b.pk, **values)
    assert str(a.pk) in refused.value.message_dict["person"][0]


def test_notes_corrections_closing_and_reopening_are_checked_and_logged(case, case_worker, colleague):
    with pytest.raises(ValidationError) as refused:
        services.note_add(
            actor=case_worker, case=case, written_on=OPENED - datetime.timedelta(days=1), text=" "
        )
    assert set(refused.value.message_dict) == {"written_on", "text"}
    services.note_add(actor=case_worker, case=case, written_on=OPENED, text="Referred to the shelter.")
    services.case_update(actor=case_worker, case=case, risk="medium")
    with pytest.raises(ValidationError) as bad_close:
        services.case_close(actor=case_worker, case=case, closed_on=OPENED, closure_reason="")
    assert set(bad_close.value.message_dict) == {"closure_reason"}
    services.case_close(
        actor=case_worker,
        case=case,
        closed_on=datetime.date(2023, 9, 1),
        closure_reason="needs_met",
        note="Home.",
    )
    case.refresh_from_db()
    assert (case.risk, case.status, case.closed_on) == ("medium", "closed", datetime.date(2023, 9, 1))
    assert [n.text for n in case.notes.all()] == ["Home.", "Referred to the shelter."]
    with pytest.raises(ValidationError):
        services.case_close(
            actor=case_worker, case=case, closed_on=datetime.date(2023, 9, 2), closure_reason="moved"
        )
    services.case_reopen(actor=case_worker, case=case)
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closure_reason) == ("open", None, "")
    actions = [e.action for e in selectors.case_log(case=case)]
    assert actions == [
        "protection_case.reopen",
        "protection_case.close",
        "protection_case.note",
        "protection_case.update",
        "protection_case.note",
        "protection_case.open",
    ]
    # Someone not on the case cannot write to it, and is not told it exists.
    with pytest.raises(Http404):
        services.note_add(actor=colleague, case=case, written_on=OPENED, text="Looking around.")


def test_only_the_supervisor_changes_the_team(case, case_worker, supervisor, colleague, vte_staff):
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=case_worker, case=case, supervisor=supervisor, case_workers=[colleague])
    with pytest.raises(ValidationError) as refused:
        services.case_assign(actor=supervisor, case=case, supervisor=supervisor, case_workers=[])
    assert "at least one" in refused.value.message_dict["case_workers"][0]
    services.case_assign(actor=supervisor, case=case, supervisor=supervisor, case_workers=[colleague])

    assert list(selectors.case_list(actor=colleague)) == [case]
    assert not selectors.case_list(actor=case_worker).exists()
    assert AuditEvent.objects.filter(
        action="protection_case.assign", changed_fields=["case_workers"]
    ).exists()


def test_a_merge_moves_the_case_to_the_surviving_record(case, officer, survivor, svk_staff):
    twin = make_person(
        actor=svk_staff, given_name_latin="Keo", family_name_latin="Sisuk", home_province="LA-SV"
    )
    person_merge(actor=officer, survivor=twin, merged=survivor)
    case.refresh_from_db()
    assert case.person_id == twin.pk


def test_erasing_the_person_takes_their_cases_and_notes(case, case_worker, admin_user, survivor):
    services.note_add(actor=case_worker, case=case, written_on=OPENED, text="First contact.")
    person_delete(actor=admin_user, person=survivor)
    assert not ProtectionCase.objects.exists() and not CaseNote.objects.exists()


def test_correcting_the_kind_or_reopening_cannot_make_a_second_open_case_of_a_kind(
    case, case_worker, supervisor, svk_org, survivor
):
    health = services.case_open(
        actor=case_worker,
        person_id=survivor.pk,
        organisation=svk_org,
        kind="health",
        risk="low",
        opened_on=OPENED,
        supervisor=supervisor,
    )
    with pytest.raises(ValidationError) as refused:
        services.case_update(actor=case_worker, case=health, kind="trafficking")
    assert "already has an open case of this kind" in refused.value.message_dict["kind"][0]
    services.case_close(actor=case_worker, case=case, closed_on=OPENED, closure_reason="referred")
    services.case_update(actor=case_worker, case=health, kind="trafficking")  # the first one is closed now
    with pytest.raises(ValidationError) as reopening:
        services.case_reopen(actor=case_worker, case=case)
    assert "already has an open case of this kind" in reopening.value.message_dict["status"][0]


def test_a_case_worker_does_not_supervise_the_case_they_open(case_worker, svk_org, survivor):
    with pytest.raises(ValidationError) as refused:
        services.case_open(
            actor=case_worker,
            person_id=survivor.pk,
            organisation=svk_org,
            kind="health",
            risk="low",
            opened_on=OPENED,
            supervisor=case_worker,
        )
    assert set(refused.value.message_dict) == {"supervisor"}


def test_views_are_counted_per_reader_apart_from_the_changes(case, case_worker, supervisor):
    for reader in (case_worker, supervisor, case_worker):
        selectors.case_view(actor=reader, case_id=case.pk)
    views = {v["actor"]: v["views"] for v in selectors.case_views(case=case)}
    assert views == {case_worker: 2, supervisor: 1}
    assert [e.action for e in selectors.case_log(case=case)] == ["protection_case.open"]


def test_a_case_worker_who_leaves_the_organisation_no_longer_sees_its_cases(case, case_worker, vte_org):
    case_worker.memberships.update(organisation=vte_org)
    case_worker.__dict__.pop("_pathways_scope", None)
    assert not selectors.case_list(actor=case_worker).exists()
    with pytest.raises(Http404):
        services.note_add(actor=case_worker, case=case, written_on=OPENED, text="Still here?")


def test_the_admin_will_not_list_cases_behind_a_user_organisation_or_project_it_would_delete(
    client, case, admin_user, supervisor, svk_org
):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    for url in (
        f"/admin/accounts/user/{supervisor.pk}/delete/",
        f"/admin/partners/organisation/{svk_org.pk}/delete/",
    ):
        page = client.get(url)
        assert page.status_code == 403, url
        assert "Trafficking" not in page.content.decode() and str(case.pk) not in page.content.decode()
    bulk = client.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [supervisor.pk]},
    )
    assert "Trafficking" not in bulk.content.decode() and str(case.pk) not in bulk.content.decode()
    assert "may not list" in bulk.content.decode()


def test_when_the_supervisor_has_gone_a_case_worker_on_the_case_names_a_new_one(
    case, case_worker, supervisor, colleague
):
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=case_worker, case=case, supervisor=colleague, case_workers=[case_worker])
    supervisor.is_active = False
    supervisor.save()
    services.case_assign(actor=case_worker, case=case, supervisor=colleague, case_workers=[case_worker])
    case.refresh_from_db()
    assert case.supervisor == colleague
    # The colleague now supervises; the case worker is back to being one.
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=case_worker, case=case, supervisor=case_worker, case_workers=[case_worker])
