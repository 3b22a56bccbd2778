"""A placement officer on a 360 px phone, in Lao then English: vacancy → matching people → placement →
3-month follow-up."""

import datetime
import shutil

import pytest

from pathways.jobs import services
from pathways.jobs.models import Placement, RetentionFollowUp
from pathways.partners.models import OrganisationKind
from pathways.testing.factories import OrganisationFactory, make_person
from pathways.tests.test_browser import ARTIFACTS, CHROMIUM, Weighed, browser  # noqa: F401  (the shared browser fixture)
from pathways.training import services as training_services
from pathways.training.models import Course

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def vacancy_and_graduate(transactional_db, vte_staff, vte_org):
    employer = OrganisationFactory(
        kind=OrganisationKind.EMPLOYER,
        name_en="Vientiane Garment Industries",
        name_local="ໂຮງງານຕັດຫຍິບ ວຽງຈັນ ອຸດສາຫະກຳ",
        acronym="VGI",
    )
    course = Course.objects.create(
        code="SEW-2W",
        title_en="Industrial sewing",
        title_lo="ການຫຍິບອຸດສາຫະກຳ",
        sector="garment",
        isco_code="8153",
        level="certificate_1",
        duration_days=1,
        duration_hours=8,
    )
    cohort = training_services.cohort_create(
        actor=vte_staff,
        course=course,
        institution=vte_org,
        starts_on=datetime.date(2021, 3, 1),
        ends_on=datetime.date(2021, 3, 1),
        capacity=5,
        assessment_required=False,
    )
    graduate = make_person(actor=vte_staff, given_name_lo="ສຸກສະຫວັນ", given_name_latin="Souksavanh")
    enrolment = training_services.enrolment_create(
        actor=vte_staff, cohort=cohort, person=graduate, enrolled_on=cohort.starts_on
    )
    training_services.attendance_day_save(
        actor=vte_staff, cohort=cohort, day=cohort.starts_on, marks={str(enrolment.pk): "present"}
    )
    training_services.enrolment_complete(actor=vte_staff, enrolment=enrolment)
    vacancy = services.vacancy_create(
        actor=vte_staff,
        employer=employer,
        posted_by=vte_org,
        title_en="Sewing machine operator",
        title_lo="ພະນັກງານຈັກຫຍິບ",
        isco_code="8153",
        sector="garment",
        openings=20,
        opens_on=datetime.date(2021, 4, 1),
        wage_monthly=2_300_000,
    )
    return vacancy, graduate


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_vacancy_to_matching_person_to_placement_to_follow_up(browser, live_server, vacancy_and_graduate):  # noqa: F811
    vacancy, graduate = vacancy_and_graduate
    w = Weighed(browser, live_server.url)
    page = w.page
    w.login("vte.staff")
    page.click("header form.lang button[lang=lo]")
    page.wait_for_load_state("networkidle")

    w.goto("/jobs/")
    assert "ຕຳແໜ່ງງານຫວ່າງ" in page.inner_text("h1")
    assert "2,300,000 LAK" in page.inner_text("main")
    w.shot("jobs-vacancies-lo")
    page.click(f"a[href='/jobs/vacancies/{vacancy.pk}/']")
    page.wait_for_load_state("networkidle")
    matches = page.inner_text("#matches")
    assert "ສຸກສະຫວັນ" in matches and "ອາຊີບດຽວກັນ" in matches  # same occupation
    assert _fits_the_phone(page)
    w.shot("jobs-vacancy-matches-lo")

    page.click(f"a[href='/jobs/vacancies/{vacancy.pk}/place/{graduate.pk}/']")
    page.wait_for_load_state("networkidle")
    page.fill("#id_starts_on", (datetime.date.today() + datetime.timedelta(days=3)).isoformat())
    page.click("form button.primary")
    page.wait_for_load_state("networkidle")
    assert "ຍັງບໍ່ມາເຖິງ" in page.inner_text("main")  # the start date is in the future
    w.shot("jobs-place-refused-lo")
    page.fill("#id_starts_on", "2021-06-01")
    page.click("form button.primary")
    page.wait_for_load_state("networkidle")
    assert Placement.objects.filter(person=graduate, vacancy=vacancy).exists()
    assert "ຄົບກຳນົດ 2021-09-01" in page.inner_text("#follow-ups")
    assert _fits_the_phone(page)
    w.shot("jobs-placement-lo")

    page.fill("#id_checked_on", "2021-09-03")
    page.check("input[name=still_employed][value=yes]")
    page.fill("#id_current_wage", "2400000")
    page.click("#follow-ups button.primary")
    page.wait_for_load_state("networkidle")
    assert "ບັນທຶກການຕິດຕາມແລ້ວ" in page.inner_text(".msg")
    assert RetentionFollowUp.objects.get().still_employed

    page.click("header form.lang button[lang=en]")
    page.wait_for_load_state("networkidle")
    text = page.inner_text("#follow-ups")
    assert "Still employed" in text and "2,400,000 LAK" in text and "due 2021-12-01" in text
    assert _fits_the_phone(page)
    w.shot("jobs-placement-en")
    w.goto("/jobs/follow-ups/")
    assert "Souksavanh" in page.inner_text("main") and "overdue" in page.inner_text("main")
    assert _fits_the_phone(page)
    w.shot("jobs-follow-ups-due-en")
    w.goto(f"/people/{graduate.pk}/")
    assert "Started work as Sewing machine operator" in page.inner_text("main")
    assert ARTIFACTS.exists()
