"""A quarantine-centre or MRC worker on a 360 px phone, in Thai: record a returnee's return with the needs
assessment, refer them to a skills centre and record that the training was received; the timeline shows it."""

import shutil

import pytest
from django.utils import translation

from pathways.returns.models import Referral, Return
from pathways.tests.test_browser import CHROMIUM, Weighed, browser  # noqa: F401  (the shared browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def _th(text: str) -> str:
    with translation.override("th"):
        return translation.gettext(text)


def test_a_return_is_recorded_and_a_referral_followed_in_thai(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    svk_staff,
    svk_org,
    returnee,
    hospital,
):
    w = Weighed(browser, live_server.url)
    page = w.page
    w.login("svk.staff")
    page.click("header form.lang button[lang=th]")
    page.wait_for_load_state("networkidle")

    w.goto("/returns/new/")
    page.fill("#q", "Phommasak")
    page.click("form[method=get] button")
    page.wait_for_load_state("networkidle")
    page.click(f"a[href='/returns/new/?person={returnee.pk}']")
    page.wait_for_load_state("networkidle")
    assert _th("Record a return") in page.inner_text("h1")
    page.fill("#id_returned_on", "2023-04-12")
    page.select_option("#id_reason", "deported")
    page.select_option("#id_border_point", "friendship_2")
    page.select_option("#id_screening", "indicators")
    page.fill("#id_debt_lak", "4500000")
    page.check("input[name=needs][value=training]")
    page.check("input[name=needs][value=psychosocial]")
    assert _fits_the_phone(page)
    page.click("form button.primary")
    page.wait_for_load_state("networkidle")
    record = Return.objects.get()
    assert (record.reason, record.from_country_id, record.debt_lak) == ("deported", "TH", 4_500_000)
    assert record.needs == ["training", "psychosocial"]

    page.select_option("#id_referred_to", str(hospital.pk))
    page.fill("#id_referred_on", "2023-04-14")
    page.click("#referrals button.primary")
    page.wait_for_load_state("networkidle")
    referral = Referral.objects.get()
    assert referral.service == "training"  # the first need, proposed by the form
    page.locator("#referrals details").first.evaluate("d => d.open = true")
    page.select_option(f"select[name='{referral.pk}-status']", "completed")
    page.fill(f"input[name='{referral.pk}-outcome_on']", "2023-06-01")
    page.locator("#referrals details form button").first.click()
    page.wait_for_load_state("networkidle")
    referral.refresh_from_db()
    assert referral.status == "completed"
    assert _fits_the_phone(page)
    w.shot("returns-return-th")

    w.goto(f"/people/{returnee.pk}/")
    timeline = page.inner_text("main")
    with translation.override("th"):
        reason = str(Return._meta.get_field("reason").choices[2][1])
    assert reason in timeline
    w.shot("returns-timeline-th")
