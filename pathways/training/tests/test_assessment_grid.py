"""A cohort's assessment on one page: participants by units, one submit, all or nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pathways.core.models import AuditEvent
from pathways.testing.factories import make_person
from pathways.training import services
from pathways.training.conftest import END, START
from pathways.training.models import Assessment, DropoutReason

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainees(cohort, vte_staff, enrolment):
    second = make_person(actor=vte_staff, given_name_latin="Bounmy", given_name_lo="ບຸນມີ")
    return [
        enrolment,
        services.enrolment_create(actor=vte_staff, cohort=cohort, person=second, enrolled_on=START),
    ]


def grid(enrolments, units, result="competent"):
    return {(str(e.pk), str(u.pk)): result for e in enrolments for u in units}


def test_one_grid_records_every_participant_and_unit_and_a_second_send_adds_nothing(
    assessor, cohort, trainees
):
    units = list(cohort.course.units.all())
    cells = grid(trainees, units)
    cells[(str(trainees[1].pk), str(units[2].pk))] = "not_yet_competent"

    saved = services.cohort_assessment_save(actor=assessor, cohort=cohort, assessed_on=END, results=cells)
    again = services.cohort_assessment_save(actor=assessor, cohort=cohort, assessed_on=END, results=cells)

    assert len(saved) == 6 and again == []
    assert Assessment.objects.filter(result="competent").count() == 5
    assert Assessment.objects.get(result="not_yet_competent").enrolment == trainees[1]
    assert AuditEvent.objects.filter(action="assessment.record").count() == 6
    assert services.completion_problems(trainees[0]) != []  # attendance still missing, units are not
    assert "SEW-03" not in " ".join(services.completion_problems(trainees[0]))


def test_a_changed_judgement_is_recorded_and_an_unassessed_cell_is_left_alone(assessor, cohort, trainees):
    units = list(cohort.course.units.all())
    services.cohort_assessment_save(
        actor=assessor,
        cohort=cohort,
        assessed_on=END - datetime.timedelta(days=1),
        results=grid(trainees, units[:1], "not_yet_competent"),
    )
    cells = grid(trainees, units[:1]) | {(str(trainees[0].pk), str(units[1].pk)): ""}

    saved = services.cohort_assessment_save(actor=assessor, cohort=cohort, assessed_on=END, results=cells)

    assert [a.result for a in saved] == ["competent", "competent"]
    assert not Assessment.objects.filter(unit=units[1]).exists()


def test_one_bad_cell_saves_nothing_and_names_the_person(assessor, cohort, trainees, vte_staff):
    units = list(cohort.course.units.all())
    services.enrolment_drop_out(
        actor=vte_staff, enrolment=trainees[1], reason=DropoutReason.choices[0][0], on=START, note=""
    )

    with pytest.raises(ValidationError) as caught:
        services.cohort_assessment_save(
            actor=assessor, cohort=cohort, assessed_on=END, results=grid(trainees, units)
        )

    assert f"results.{trainees[1].pk}.{units[0].pk}" in caught.value.message_dict
    assert "dropped out" in " ".join(caught.value.messages)
    assert not Assessment.objects.exists()


def test_a_date_before_the_latest_judgement_is_refused(assessor, cohort, trainees):
    unit = cohort.course.units.first()
    services.cohort_assessment_save(
        actor=assessor, cohort=cohort, assessed_on=END, results=grid(trainees, [unit])
    )

    with pytest.raises(ValidationError, match="assessed on 2021-03-12, after the date"):
        services.cohort_assessment_save(
            actor=assessor,
            cohort=cohort,
            assessed_on=START,
            results=grid(trainees, [unit], "not_yet_competent"),
        )
    assert Assessment.objects.count() == 2


def test_someone_who_is_not_an_assessor_cannot_save_a_grid(vte_staff, cohort, trainees):
    with pytest.raises(PermissionDenied, match="not a registered assessor"):
        services.cohort_assessment_save(
            actor=vte_staff, cohort=cohort, assessed_on=END, results=grid(trainees, cohort.course.units.all())
        )
    assert not Assessment.objects.exists()


def test_a_participant_of_another_cohort_is_refused(assessor, cohort, trainees, course, vte_org, vte_staff):
    other = services.cohort_create(
        actor=vte_staff, course=course, institution=vte_org, starts_on=START, ends_on=END, capacity=5
    )
    stranger = services.enrolment_create(
        actor=vte_staff,
        cohort=other,
        person=make_person(actor=vte_staff, given_name_latin="Noy"),
        enrolled_on=START,
    )
    with pytest.raises(ValidationError, match="Not a participant"):
        services.cohort_assessment_save(
            actor=assessor, cohort=cohort, assessed_on=END, results=grid([stranger], course.units.all())
        )
    assert not Assessment.objects.exists()


def test_the_page_saves_the_grid_in_one_post(
    client, assessor, cohort, trainees, django_assert_max_num_queries
):
    client.force_login(assessor)
    units = list(cohort.course.units.all())
    with django_assert_max_num_queries(20):
        page = client.get(f"/training/cohorts/{cohort.pk}/assessment/")
    assert page.status_code == 200
    assert page.text.count('type="radio"') == 2 * 3 * 3  # two people, three units, three choices each
    posted = {f"result.{e}.{u}": r for (e, u), r in grid(trainees, units).items()} | {
        "assessed_on": "2021-03-12"
    }

    response = client.post(f"/training/cohorts/{cohort.pk}/assessment/", posted)

    assert response.status_code == 302
    assert Assessment.objects.filter(result="competent", assessor=assessor).count() == 6
    page = client.get(response["Location"])
    assert "6 results recorded." in page.text
    assert 'value="">' not in page.text  # assessed cells no longer offer "not assessed"


def test_the_page_prefills_one_unit_and_reports_a_bad_cell_without_losing_the_grid(
    client, assessor, cohort, trainees
):
    client.force_login(assessor)
    unit = cohort.course.units.first()
    page = client.get(f"/training/cohorts/{cohort.pk}/assessment/?unit={unit.pk}&fill={unit.pk}")
    assert page.text.count('type="radio"') == 2 * 3 and page.text.count('value="competent" checked') == 2

    response = client.post(
        f"/training/cohorts/{cohort.pk}/assessment/?unit={unit.pk}",
        {
            f"result.{trainees[0].pk}.{unit.pk}": "not_yet_competent",
            f"result.{trainees[1].pk}.{unit.pk}": "maybe",
            "assessed_on": "2021-03-12",
        },
    )

    assert response.status_code == 400
    assert (
        "1 result cannot be saved" in response.text
        and "choose competent or not yet competent" in response.text
    )
    assert 'value="not_yet_competent" checked' in response.text
    assert not Assessment.objects.exists()


def test_an_impossible_date_is_reported_on_the_page(client, assessor, cohort, trainees):
    client.force_login(assessor)
    response = client.post(f"/training/cohorts/{cohort.pk}/assessment/", {"assessed_on": "2021-02-30"})
    assert response.status_code == 400 and "Enter a valid date." in response.text
