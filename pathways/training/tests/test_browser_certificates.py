"""A trainer's cohort on a 360 px phone: enrolment, attendance, assessment, certificates, verification."""

import datetime
import shutil
import subprocess

import pytest

from pathways.testing.factories import make_person
from pathways.tests.test_browser import ARTIFACTS, CHROMIUM, Weighed, browser  # noqa: F401  (the shared browser fixture)
from pathways.training import services
from pathways.training.models import Assessor, Certificate, CompetencyUnit, Course

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

DAYS = [datetime.date(2021, 3, 1), datetime.date(2021, 3, 2), datetime.date(2021, 3, 3)]
TRAINEES = [("ສຸກສະຫວັນ", "Souksavanh"), ("ແສງດາວ", "Sengdao"), ("ຄຳຫຼ້າ", "Khamla")]


@pytest.fixture
def short_cohort(transactional_db, vte_staff, vte_org):
    course = Course.objects.create(
        code="SEW-3D",
        title_en="Industrial sewing",
        title_lo="ການຫຍິບອຸດສາຫະກຳ",
        sector="garment",
        isco_code="8153",
        level="certificate_1",
        duration_days=3,
        duration_hours=24,
    )
    CompetencyUnit.objects.create(
        course=course, code="SEW-01", title_en="Operate a sewing machine", title_lo="ໃຊ້ຈັກຫຍິບອຸດສາຫະກຳ", order=1
    )
    CompetencyUnit.objects.create(
        course=course, code="SEW-02", title_en="Sew straight seams", title_lo="ຫຍິບຕະເຂັບຊື່", order=2
    )
    Assessor.objects.create(user=vte_staff, institution=vte_org)
    people = [
        make_person(actor=vte_staff, given_name_lo=lo, given_name_latin=latin) for lo, latin in TRAINEES
    ]
    cohort = services.cohort_create(
        actor=vte_staff,
        course=course,
        institution=vte_org,
        starts_on=DAYS[0],
        ends_on=DAYS[-1],
        capacity=10,
        trainers=[vte_staff],
        eligible_statuses=["returnee", "family_member"],
    )
    return cohort, people


def test_a_cohort_from_enrolment_to_verified_certificates(browser, live_server, short_cohort, tmp_path):  # noqa: F811
    cohort, people = short_cohort
    w = Weighed(browser, live_server.url)
    page = w.page
    w.login("vte.staff")

    for _lo, latin in TRAINEES:
        w.goto(f"/training/cohorts/{cohort.pk}/?q={latin}")
        page.click("form[action$='/enrol/'] button")
        page.wait_for_load_state("networkidle")
        assert page.locator(".msg").first.inner_text().startswith("Enrolled")
    w.shot("training-cohort-enrolled")

    # Enrolling the same person again is refused with the reason.
    w.goto(f"/training/cohorts/{cohort.pk}/?q=Souksavanh")
    assert "Nobody found who is not already enrolled" in page.inner_text("main")

    # A date outside the cohort is refused on the grid.
    w.goto(f"/training/cohorts/{cohort.pk}/attendance/2021-03-04/")
    assert "outside this cohort's dates" in page.inner_text("[role=alert]")

    for i, day in enumerate(DAYS):
        w.goto(f"/training/cohorts/{cohort.pk}/attendance/{day.isoformat()}/")
        if i == 0:
            w.shot("training-attendance-360px")
        if i == 2:  # Khamla is absent on the last day: 2 of 3 days is under the 80 % rule
            page.locator("li", has_text="Khamla").locator("label.absent").click()
        page.click("text=Save the day")
        page.wait_for_load_state("networkidle")
        assert "saved (3 people)" in page.inner_text(".msg")

    for person in people:
        enrolment = cohort.enrolments.get(person=person)
        for unit in ("SEW-01", "SEW-02"):
            w.goto(f"/training/enrolments/{enrolment.pk}/")
            page.select_option(
                "#id_unit",
                label=f"{unit} " + ("Operate a sewing machine" if unit == "SEW-01" else "Sew straight seams"),
            )
            page.check("input[name=result][value=competent]")
            page.fill("#id_assessed_on", "2021-03-03")
            page.fill("#id_evidence_note", "Observed at the machine")
            page.click("text=Record assessment")
            page.wait_for_load_state("networkidle")
            assert "Assessment recorded" in page.inner_text(".msg")

    khamla = cohort.enrolments.get(person=people[2])
    w.goto(f"/training/enrolments/{khamla.pk}/")
    page.click("text=Issue certificate")
    page.wait_for_load_state("networkidle")
    assert "has not completed this course" in page.inner_text("[role=alert]")

    w.goto(f"/training/cohorts/{cohort.pk}/")
    page.click("text=Complete everyone who meets the rule")
    page.wait_for_load_state("networkidle")
    assert "2 participants completed" in page.inner_text("main")
    assert "Attended 2 of 3 days" in page.inner_text("main")
    page.click("#issue-certificates")
    page.wait_for_load_state("networkidle")
    assert "2 certificates issued" in page.inner_text("main")
    w.shot("training-cohort-certified")
    assert Certificate.objects.count() == 2

    certificate = Certificate.objects.get(person=people[0])
    w.goto(f"/training/certificates/{certificate.pk}/")
    payload = page.inner_text("#payload").strip()
    assert payload == certificate.payload
    pdf = w.context.request.get(live_server.url + page.get_attribute("#certificate-pdf", "href"))
    assert pdf.headers["content-type"] == "application/pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / "certificate.pdf"
    pdf_path.write_bytes(pdf.body())
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in [
        "Certificate of completion",
        "ໃບຢັ້ງຢືນການສຳເລັດການຝຶກອົບຮົມ",
        "Souksavanh",
        "ສຸກສະຫວັນ",
        "ການຫຍິບອຸດສາຫະກຳ",
        "ໃຊ້ຈັກຫຍິບອຸດສາຫະກຳ",
        certificate.number,
    ]:
        assert expected in text, expected
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", str(pdf_path), str(ARTIFACTS / "certificate")], check=True
    )
    w.context.close()

    # The public page, without logging in: the genuine code is valid, one changed byte is not.
    public = Weighed(browser, live_server.url)
    public.goto("/verify/")
    public.page.fill("#id_code", payload)
    public.page.click("#verify-button")
    public.page.wait_for_load_state("networkidle")
    assert public.page.get_attribute("#verify-result", "data-status") == "valid"
    assert "Souksavanh" in public.page.inner_text("#verify-result")
    public.shot("verify-valid")
    i = payload.index("|") + 4  # inside the certificate number
    tampered = payload[:i] + ("9" if payload[i] != "9" else "8") + payload[i + 1 :]
    public.goto("/verify/")
    public.page.fill("#id_code", tampered)
    public.page.click("#verify-button")
    public.page.wait_for_load_state("networkidle")
    assert public.page.get_attribute("#verify-result", "data-status") == "invalid"
    assert "signature does not match" in public.page.inner_text("#verify-result")
    public.shot("verify-tampered")
    public.context.close()
