"""An MRC worker on a 360 px phone records a worker's recruitment and what it cost them (a wrong currency
first, refused with a message), then the worker's complaint against the agency, referred because the worker
is at risk; a case worker opens the protection case from it. Nothing runs past the phone's width."""

import shutil

import pytest

from pathways.protection.models import ProtectionCase
from pathways.recruitment.models import Complaint, RecruitmentCost, RecruitmentRecord
from pathways.tests.test_browser import CHROMIUM, Weighed, browser  # noqa: F401  (the shared browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_costs_then_a_complaint_through_to_a_referral_on_a_phone(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    svk_staff,
    svk_org,
    worker,
    agency,
    rates,
    case_worker,
    supervisor,
):
    w = Weighed(browser, live_server.url)
    page = w.page
    w.login("svk.staff")

    w.goto("/recruitment/new/")
    page.fill("#q", "Sisavath")
    page.click("form[method=get] button")
    page.wait_for_load_state("networkidle")
    page.click(f"a[href='/recruitment/new/?person={worker.pk}']")
    page.wait_for_load_state("networkidle")
    page.select_option("#id_channel", "agency")
    page.select_option("#id_agency", str(agency.pk))
    page.fill("#id_recruited_on", "2024-03-10")
    page.fill("#id_contract_wage", "10500")
    page.fill("#id_contract_currency", "THB")
    assert _fits_the_phone(page)
    page.click("form button.primary")
    page.wait_for_load_state("networkidle")
    record = RecruitmentRecord.objects.get()

    page.select_option("#id_category", "fee")
    page.fill("#id_amount", "3000000")
    page.fill("#id_currency", "KIP")
    page.fill("#id_paid_on", "2024-03-01")
    page.click("#costs button.primary")
    page.wait_for_load_state("networkidle")
    assert "Unknown currency 'KIP'" in page.inner_text("#costs")
    assert not RecruitmentCost.objects.exists()
    page.fill("#id_currency", "LAK")
    page.click("#costs button.primary")
    page.wait_for_load_state("networkidle")
    # 3,000,000 kip / 20,000 = 150 USD over 10,500 baht / 35 = 300 USD a month
    assert page.inner_text("#share") == "50.00 %"
    assert _fits_the_phone(page)
    w.shot("recruitment-record-360")

    w.goto(f"/recruitment/complaints/new/?person={worker.pk}")
    page.select_option("#id_complainant", "worker")
    page.select_option("#id_channel", "hotline")
    page.select_option("#id_against", "agency")
    page.select_option("#id_agency", str(agency.pk))
    page.select_option("#id_category", "withheld_documents")
    page.fill("#id_description", "The agency keeps her passport.")
    page.fill("#id_received_on", "2024-05-02")
    page.click("form button.primary")
    page.wait_for_load_state("networkidle")
    complaint = Complaint.objects.get()
    page.fill("#id_referred_on", "2024-05-03")
    page.click("#refer + form button.primary")
    page.wait_for_load_state("networkidle")
    assert "Referred for protection on 2024-05-03" in page.inner_text("#referral")
    assert _fits_the_phone(page)
    record.refresh_from_db()

    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_load_state("networkidle")
    w.login("cw.noy")
    w.goto(f"/recruitment/complaints/{complaint.pk}/")
    page.click("#referral a.button")
    page.wait_for_load_state("networkidle")
    page.select_option("#id_risk", "high")
    page.select_option("#id_supervisor", str(supervisor.pk))
    assert _fits_the_phone(page)
    page.click("form button.primary")
    page.wait_for_load_state("networkidle")
    case = ProtectionCase.objects.get()
    complaint.refresh_from_db()
    assert complaint.protection_case == case and case.person == worker
    assert f"/protection/cases/{case.pk}/" in page.url or str(case.pk) in page.url
