"""A trainer uploads a small attendance sheet on a phone: mapping proposed, dry run, import, problem rows."""

import datetime
import os
import re
import shutil

import pytest

from pathways.imports.tests.files import csv_bytes
from pathways.testing.factories import make_person
from pathways.tests.test_browser import ARTIFACTS, CHROMIUM, Weighed, browser  # noqa: F401  (the shared browser fixture)
from pathways.training import services
from pathways.training.models import Attendance, Course

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
DOB = datetime.date(1996, 8, 14)


def test_an_attendance_sheet_is_mapped_checked_and_imported_through_the_pages(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    vte_staff,
    vte_org,
    settings,
    tmp_path,
):
    settings.IMPORTS_BACKGROUND = "inline"
    settings.IMPORTS_DIR = str(tmp_path / "imports")
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
    cohort = services.cohort_create(
        actor=vte_staff,
        course=course,
        institution=vte_org,
        starts_on=datetime.date(2021, 3, 1),
        ends_on=datetime.date(2021, 3, 3),
        capacity=10,
        code="SEW-LKSDI-2021-03",
    )
    souk = make_person(actor=vte_staff, given_name_lo="ສຸກສະຫວັນ", given_name_latin="Souksavanh")
    seng = make_person(
        actor=vte_staff,
        given_name_lo="ແສງດາວ",
        family_name_lo="ວົງສາ",
        given_name_latin="Sengdao",
        birth_date=DOB,
    )
    for person in (souk, seng):
        services.enrolment_create(actor=vte_staff, cohort=cohort, person=person)
    upload = tmp_path / "attendance-march.csv"
    upload.write_bytes(
        csv_bytes(
            ["ລຸ້ນ", "ລະຫັດທະບຽນ", "ຊື່ ແລະ ນາມສະກຸນ", "ວັນເດືອນປີເກີດ", "ວັນທີ", "ການມາຮຽນ"],
            [
                ["SEW-LKSDI-2021-03", str(souk.pk), "", "", "01/03/2021", "ມາ"],
                ["SEW-LKSDI-2021-03", "", "ແສງດາວ ວົງສາ", "14/08/1996", "01/03/2021", "ບໍ່ມາ"],
                ["SEW-LKSDI-2021-03", "", "ແສງດາວ ວົງສາ", "14/08/1996", "09/03/2021", "ມາ"],
            ],
        )
    )
    w = Weighed(browser, live_server.url)
    w.goto("/accounts/login/")
    w.page.fill("#id_username", "vte.staff")
    w.page.fill("#id_password", "pathways-test")
    w.page.click("button[type=submit]")
    w.page.wait_for_url("**/")
    w.page.click("button[name=language][value=lo]")
    w.page.wait_for_load_state("networkidle")
    w.goto("/imports/")
    w.page.select_option("#id_kind", "attendance")
    w.page.fill("#id_source", "LKSDI attendance")
    w.page.set_input_files("#id_file", str(upload))
    w.page.click("button.primary[type=submit]")
    w.page.wait_for_url("**/imports/*/")
    label = w.page.locator("td:first-child", has_text=re.compile("^ວັນທີ$"))
    day = w.page.locator("#mapping tr").filter(has=label).locator("select")
    assert day.input_value() == "day"
    w.shot("training-attendance-import-mapping")
    w.page.click("button[name=action][value=dry_run]")
    w.page.wait_for_load_state("networkidle")
    assert (w.page.inner_text("#n-created"), w.page.inner_text("#n-rejected")) == ("2", "1")
    assert Attendance.objects.count() == 0
    w.shot("training-attendance-import-dry-run")
    # The refused row says why, in Lao: 9 March is after the cohort's last day.
    assert "2021-03-09 ຢູ່ນອກໄລຍະເວລາຂອງຮຸ່ນນີ້" in w.page.inner_text("table.list tr.rejected")
    w.page.click("button[name=action][value=import]")
    w.page.wait_for_load_state("networkidle")
    assert w.page.inner_text("#n-created") == "2"
    w.shot("training-attendance-import-done")
    marks = dict(Attendance.objects.values_list("enrolment__person__given_name_latin", "status"))
    assert marks == {"Souksavanh": "present", "Sengdao": "absent"}
    w.goto(f"/training/cohorts/{cohort.pk}/")
    assert "SEW-LKSDI-2021-03" in w.page.inner_text("body")
    w.shot("training-attendance-import-cohort")
    w.context.close()
