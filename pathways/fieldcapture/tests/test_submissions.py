"""Submissions become records through the apps' services, once per instance ID, all or nothing; what the
services refuse or what names a likely duplicate is held with its reasons until a reviewer decides."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pathways.fieldcapture import services
from pathways.fieldcapture.models import FormVersion, Submission, SubmissionStatus
from pathways.fieldcapture.tests.collect import fill
from pathways.fieldcapture.tests.conftest import PERSON
from pathways.fieldcapture.xlsforms import definitions, questions
from pathways.jobs import conftest as jobs_fixtures
from pathways.jobs.models import RetentionFollowUp
from pathways.people.models import Consent, Person
from pathways.returns.models import Referral, Return
from pathways.testing.factories import OrganisationFactory
from pathways.training import services as training_services
from pathways.training.models import Attendance

_certificates_and_media = jobs_fixtures._certificates_and_media
course, project, cohort = jobs_fixtures.course, jobs_fixtures.project, jobs_fixtures.cohort
employer, trained, vacancy, placement = (
    jobs_fixtures.employer,
    jobs_fixtures.trained,
    jobs_fixtures.vacancy,
    jobs_fixtures.placement,
)


def submit(actor, form_id, answers, repeats=None, instance_id="", version=None):
    form = services.form_for(actor=actor, form_id=form_id, language="en")
    xml = fill(form.xml, answers, repeats, instance_id)
    if version:
        xml = xml.replace(f'version="{form.version}"'.encode(), f'version="{version}"'.encode())
    return services.submission_receive(actor=actor, xml=xml, files={}).submission


@pytest.fixture
def hospital(places):
    return OrganisationFactory(name_en="Savannakhet provincial hospital", kind="cso", province_id="LA-SV")


def test_a_registration_goes_in_once_with_its_consent_and_audit(svk_staff):
    first = submit(svk_staff, "pw_person", PERSON, instance_id="uuid:reg-1")
    again = submit(svk_staff, "pw_person", PERSON, instance_id="uuid:reg-1")

    assert first.status == SubmissionStatus.ACCEPTED and again.pk == first.pk
    person = Person.objects.get()
    assert (person.given_name_lo, person.home_province_id, person.owner_organisation_id) == (
        "ສົມໃຈ",
        "LA-SV",
        svk_staff.memberships.get().organisation_id,
    )
    assert [p.number for p in person.phones.all()] == ["+8562055551234"]
    assert Consent.objects.get(person=person).notice_version.startswith("person v")
    assert Submission.objects.count() == 1 and first.records["person"] == str(person.pk)


def test_another_instance_under_a_received_instance_id_is_refused(svk_staff):
    submit(svk_staff, "pw_person", PERSON, instance_id="uuid:reg-2")
    with pytest.raises(services.Conflict):
        submit(svk_staff, "pw_person", {**PERSON, "given_name_latin": "Other"}, instance_id="uuid:reg-2")
    assert Person.objects.count() == 1


def test_a_likely_duplicate_is_held_then_the_reviewer_links_it_to_the_registered_person(
    svk_staff, me_officer, hospital
):
    registered = submit(svk_staff, "pw_person", PERSON).records["person"]
    intake = {
        **{k: v for k, v in PERSON.items() if k != "migrant_status"},
        "given_name_latin": "Somchay",
        "organisation": str(svk_staff.memberships.get().organisation_id),
        "returned_on": "2024-02-10",
        "from_country": "TH",
        "reason": "contract_ended",
        "border_point": "friendship_2",
        "screening": "no_indicators",
        "needs": "training job",
    }
    referral = {"service": "health", "referred_to": str(hospital.pk), "referred_on": "2024-02-11"}
    held = submit(svk_staff, "pw_returnee_intake", intake, {"referral": [referral]})

    assert held.status == SubmissionStatus.HELD and held.candidates == {"person": [registered]}
    assert (Person.objects.count(), Return.objects.count(), Referral.objects.count()) == (1, 0, 0)

    accepted = services.submission_accept(
        actor=me_officer, submission=held, corrections={}, decisions={"person": registered}
    )
    assert accepted.status == SubmissionStatus.ACCEPTED
    ret = Return.objects.get()
    assert (str(ret.person_id), ret.needs, ret.border_point) == (
        registered,
        ["training", "job"],
        "friendship_2",
    )
    assert Referral.objects.get().after_return == ret and Person.objects.count() == 1
    assert accepted.reviewed_by == me_officer


def test_an_intake_refused_in_its_referral_saves_nothing_until_corrected(svk_staff, me_officer, hospital):
    intake = {
        **{k: v for k, v in PERSON.items() if k != "migrant_status"},
        "organisation": str(svk_staff.memberships.get().organisation_id),
        "returned_on": "2024-02-10",
        "from_country": "TH",
        "reason": "covid19",
        "screening": "not_screened",
    }
    early = {"service": "health", "referred_to": str(hospital.pk), "referred_on": "2024-02-01"}
    held = submit(svk_staff, "pw_returnee_intake", intake, {"referral": [early]})

    assert held.status == SubmissionStatus.HELD
    assert [p["field"] for p in held.problems] == ["referral.1.referred_on"]
    assert (Person.objects.count(), Return.objects.count()) == (0, 0)

    accepted = services.submission_accept(
        actor=me_officer, submission=held, corrections={"referral.1.referred_on": "2024-02-12"}, decisions={}
    )
    assert accepted.status == SubmissionStatus.ACCEPTED
    assert Person.objects.get().migrant_status == "returnee"
    assert Referral.objects.get().referred_on == datetime.date(2024, 2, 12)
    assert "<referred_on>2024-02-01</referred_on>" in accepted.xml  # what arrived is kept as it came


def test_a_submission_of_an_older_form_version_still_goes_in(svk_staff, monkeypatch):
    old = services.form_for(actor=svk_staff, form_id="pw_person", language="en")
    old_xml = fill(old.xml, PERSON)
    changed = definitions.FORMS["pw_person"].__class__(
        **{
            **vars(definitions.FORMS["pw_person"]),
            "survey": lambda: [
                *questions.person_form(),
                {"type": "text", "name": "remark", "label": "Remark"},
            ],
        }
    )
    monkeypatch.setitem(definitions.FORMS, "pw_person", changed)
    new = services.form_for(actor=svk_staff, form_id="pw_person", language="en")

    assert new.version.split(".")[0] == "2" and old.version.split(".")[0] == "1"
    assert FormVersion.objects.filter(form_id="pw_person").count() == 2
    received = services.submission_receive(actor=svk_staff, xml=old_xml, files={}).submission
    assert received.status == SubmissionStatus.ACCEPTED and received.form_version == old.version


def test_choice_lists_hold_only_the_users_scope(svk_staff, vte_staff):
    svk = services.form_for(actor=svk_staff, form_id="pw_person", language="en").xml
    vte = services.form_for(actor=vte_staff, form_id="pw_person", language="en").xml
    assert "<name>LA-SV</name>" in svk and "<name>LA-VT</name>" not in svk
    assert "<name>LA-VT</name>" in vte and "<name>LA-SV</name>" not in vte


def test_labels_are_in_english_lao_and_thai(svk_staff):
    xml = services.form_for(actor=svk_staff, form_id="pw_returnee_intake", language="lo").xml
    assert 'lang="Lao (lo)" default="true()"' in xml and 'lang="Thai (th)"' in xml
    assert "Reason for return" in xml and "ເຫດຜົນ" in xml


def test_a_donor_gets_no_form_and_cannot_submit(donor, svk_staff):
    xml = fill(services.form_for(actor=svk_staff, form_id="pw_person", language="en").xml, PERSON)
    assert definitions.forms_for(donor) == []
    with pytest.raises(PermissionDenied):
        services.submission_receive(actor=donor, xml=xml, files={})
    assert Submission.objects.count() == 0


def test_a_days_attendance_marks_the_unticked_absent(vte_staff, course, vte_org, project):
    today = timezone.localdate()
    running = training_services.cohort_create(
        actor=vte_staff,
        course=course,
        institution=vte_org,
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=7),
        capacity=20,
        trainers=[vte_staff],
        funding_project=project,
        eligible_statuses=["returnee"],
    )
    people = [
        submit(
            vte_staff,
            "pw_person",
            {
                **PERSON,
                "home_province": "LA-VT",
                "given_name_lo": name,
                "given_name_latin": "",
                "phone": "",
                "birth_date": f"199{n}-01-0{n + 1}",
            },
        ).records["person"]
        for n, name in enumerate(["ບຸນມີ", "ຄຳພອນ", "ແສງເດືອນ"])
    ]
    enrolments = [
        training_services.enrolment_create(actor=vte_staff, cohort=running, person=Person.objects.get(pk=p))
        for p in people
    ]
    day = today - datetime.timedelta(days=1)
    done = submit(
        vte_staff,
        "pw_cohort_attendance",
        {
            "cohort": str(running.pk),
            "day": day.isoformat(),
            "present": str(enrolments[0].pk),
            "excused": str(enrolments[1].pk),
        },
    )
    assert done.status == SubmissionStatus.ACCEPTED, done.problems
    marks = dict(Attendance.objects.filter(day=day).values_list("enrolment_id", "status"))
    assert marks == {enrolments[0].pk: "present", enrolments[1].pk: "excused", enrolments[2].pk: "absent"}


def test_a_follow_up_call_is_recorded_for_the_placement(officer, placement):
    form = services.form_for(actor=officer, form_id="pw_follow_up", language="en")
    assert f"{placement.pk}_3" in form.xml
    done = submit(
        officer,
        "pw_follow_up",
        {
            "employer": str(placement.employer_id),
            "follow_up": f"{placement.pk}_3",
            "checked_on": "2021-09-02",
            "answer": "still_working",
            "current_wage": "2600000",
        },
    )
    assert done.status == SubmissionStatus.ACCEPTED, done.problems
    follow_up = RetentionFollowUp.objects.get()
    assert (follow_up.checkpoint, follow_up.still_employed, follow_up.current_wage) == (3, True, 2_600_000)
