"""A case worker on a 360 px phone, in Lao: from a returnee's page, open a protection case and write a note;
a programme officer who sees the same person finds nothing of the case, and its address is refused."""

import shutil

import pytest
from django.utils import translation

from pathways.core.models import AuditEvent
from pathways.protection.models import ProtectionCase
from pathways.testing.factories import make_person
from pathways.tests.test_browser import CHROMIUM, Weighed, browser  # noqa: F401  (the shared browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def _lo(text: str) -> str:
    with translation.override("lo"):
        return translation.gettext(text)


def test_a_case_is_opened_and_noted_in_lao_and_stays_hidden_from_the_officer(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    case_worker,
    supervisor,
    officer,
    svk_staff,
):
    keo = make_person(
        actor=svk_staff,
        given_name_latin="Keo",
        family_name_latin="Sisouk",
        given_name_lo="ແກ້ວ",
        family_name_lo="ສີສຸກ",
        home_province="LA-SV",
    )
    w = Weighed(browser, live_server.url)
    page = w.page
    w.login(case_worker.username)
    page.click("header form.lang button[lang=lo]")
    page.wait_for_load_state("networkidle")

    w.goto(f"/people/{keo.pk}/")
    page.click(f"a[href='/protection/cases/new/?person={keo.pk}']")
    page.wait_for_load_state("networkidle")
    assert _lo("Open a protection case") in page.inner_text("h1")
    page.fill("#id_opened_on", "2023-05-02")
    page.select_option("#id_kind", "trafficking")
    page.select_option("#id_risk", "high")
    page.select_option("#id_supervisor", str(supervisor.pk))
    page.fill("#id_summary", "ຖືກຫຼອກລວງໄປເຮັດວຽກປະມົງ; ຖືກກັກຂັງຢູ່ເທິງເຮືອ.")
    assert _fits_the_phone(page)
    w.shot("protection-open-lo")
    page.click("form button.primary")
    page.wait_for_load_state("networkidle")
    case = ProtectionCase.objects.get()
    assert case.kind == "trafficking" and set(case.case_workers.all()) == {case_worker}
    assert "ຖືກກັກຂັງຢູ່ເທິງເຮືອ" in page.inner_text("main")

    page.fill("#id_written_on", "2023-05-03")
    page.fill("#id_text", "ສົ່ງຕໍ່ໄປສູນພັກເຊົາຊົ່ວຄາວ.")
    page.click("#notes button.primary")
    page.wait_for_load_state("networkidle")
    assert case.notes.get().text == "ສົ່ງຕໍ່ໄປສູນພັກເຊົາຊົ່ວຄາວ."
    assert "ສົ່ງຕໍ່ໄປສູນພັກເຊົາຊົ່ວຄາວ." in page.inner_text("#notes")
    assert _fits_the_phone(page)
    w.shot("protection-case-lo")

    officer_view = Weighed(browser, live_server.url)
    officer_view.login(officer.username)
    officer_view.goto(f"/people/{keo.pk}/")
    seen = officer_view.page.inner_text("main")
    assert "Keo" in seen and "Trafficking" not in seen and "protection" not in seen.lower()
    response = officer_view.page.goto(f"/protection/cases/{case.pk}/")
    # Refused for the role, the same for any address: nothing says whether the case exists.
    assert response is not None and response.status == 403
    assert not AuditEvent.objects.filter(action="protection_case.view", actor=officer).exists()
