"""Fixtures for the training tests: a sewing course with three units, a cohort, an assessor, trainees."""

import datetime

import pytest
from django.utils import translation

from pathways.results.models import Project
from pathways.testing.factories import make_person
from pathways.training import services
from pathways.training.models import Assessor, CompetencyUnit, Course

START = datetime.date(2021, 3, 1)
END = datetime.date(2021, 3, 12)


@pytest.fixture(autouse=True)
def _certificates_and_media(settings, tmp_path):
    # Tests sign with the published development key (DEBUG is off under pytest) and upload into a temp dir.
    settings.CERTIFICATE_DEVELOPMENT_KEY_IN_TESTS = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # A page test that asked for Lao leaves the thread in Lao; service messages are matched in English.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def course(vte_org):
    course = Course.objects.create(
        code="SEW-2W",
        title_en="Industrial sewing",
        title_lo="ການຫຍິບອຸດສາຫະກຳ",
        sector="garment",
        isco_code="7533",
        level="certificate_1",
        duration_days=10,
        duration_hours=80,
    )
    course.offered_by.set([vte_org])
    for i, (en, lo) in enumerate(
        [
            ("Operate an industrial sewing machine", "ໃຊ້ຈັກຫຍິບອຸດສາຫະກຳ"),
            ("Sew basic seams", "ຫຍິບຕະເຂັບພື້ນຖານ"),
            ("Work safely in a garment factory", "ເຮັດວຽກຢ່າງປອດໄພໃນໂຮງງານຕັດຫຍິບ"),
        ],
        start=1,
    ):
        CompetencyUnit.objects.create(course=course, code=f"SEW-{i:02d}", title_en=en, title_lo=lo, order=i)
    return course


@pytest.fixture
def project(places):
    return Project.objects.create(code="PROMISE-II", name="PROMISE II", starts_on=START, ends_on=END)


@pytest.fixture
def cohort(course, vte_org, vte_staff, project):
    return services.cohort_create(
        actor=vte_staff,
        course=course,
        institution=vte_org,
        starts_on=START,
        ends_on=END,
        capacity=20,
        trainers=[vte_staff],
        funding_project=project,
        eligible_statuses=["returnee", "family_member"],
    )


@pytest.fixture
def assessor(vte_staff, vte_org):
    Assessor.objects.create(user=vte_staff, institution=vte_org)
    return vte_staff


@pytest.fixture
def trainee(vte_staff):
    return make_person(actor=vte_staff, given_name_latin="Manivanh", given_name_lo="ມະນີວັນ")


@pytest.fixture
def enrolment(cohort, trainee, vte_staff):
    return services.enrolment_create(actor=vte_staff, cohort=cohort, person=trainee, enrolled_on=START)


def attend_all(actor, cohort, enrolments, days=None):
    for day in days or cohort.days():
        services.attendance_day_save(
            actor=actor, cohort=cohort, day=day, marks={str(e.pk): "present" for e in enrolments}
        )


def assess_all(actor, enrolment, result="competent"):
    for unit in enrolment.cohort.course.units.all():
        services.assessment_record(
            actor=actor, unit=unit, result=result, assessed_on=enrolment.cohort.ends_on, enrolment=enrolment
        )
