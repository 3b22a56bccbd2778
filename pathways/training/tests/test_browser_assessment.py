"""An assessor records a cohort's results on a 360 px phone in Lao and in Thai, from one grid."""

import shutil

import pytest

from pathways.tests.test_browser import ARTIFACTS, CHROMIUM, Weighed, browser  # noqa: F401  (the shared browser fixture)
from pathways.training.models import Assessment
from pathways.training.tests.test_browser_certificates import DAYS, TRAINEES, short_cohort  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.mark.parametrize("language", ["lo", "th"])
def test_a_cohort_assessed_from_one_grid_on_a_phone(browser, live_server, short_cohort, language):  # noqa: F811
    cohort, people = short_cohort
    from pathways.training import services

    for person in people:
        services.enrolment_create(actor=cohort.created_by, cohort=cohort, person=person, enrolled_on=DAYS[0])
    w = Weighed(browser, live_server.url)
    page = w.page
    w.login("vte.staff")
    page.click(f"button[name=language][value={language}]")
    page.wait_for_load_state("networkidle")

    w.goto(f"/training/cohorts/{cohort.pk}/")
    page.click(f"a[href='/training/cohorts/{cohort.pk}/assessment/']")
    page.wait_for_load_state("networkidle")
    # Every unassessed cell of the first unit starts as competent; the assessor changes only Khamla's.
    page.locator("dl.units a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("label.competent input:checked").count() == 3
    khamla = page.locator("li", has_text=TRAINEES[2][1])
    khamla.locator("label.not_yet_competent").first.click()
    page.fill("#id_assessed_on", DAYS[-1].isoformat())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    w.shot(f"training-assessment-grid-{language}-360px")
    page.click(".save button")
    page.wait_for_load_state("networkidle")

    assert "3" in page.inner_text(".msg")
    assert Assessment.objects.filter(result="competent").count() == 2
    assert Assessment.objects.get(result="not_yet_competent").person == people[2]
    # Saved cells no longer offer "not assessed"; the second unit still does.
    assert page.locator("li", has_text=TRAINEES[0][1]).locator("label.none").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    w.context.close()
