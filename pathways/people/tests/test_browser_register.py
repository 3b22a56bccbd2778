"""Registering a person on a 360 px phone in Lao and in Thai: the districts follow the province (the script
presses the hidden button), a date typed in part is reported, not dropped, and required fields are marked."""

import shutil

import pytest

from pathways.people.models import Person
from pathways.tests.test_browser import CHROMIUM, Weighed, browser  # noqa: F401  (the shared browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.mark.parametrize("language", ["lo", "th"])
def test_registering_on_a_phone(browser, live_server, vte_staff, language):  # noqa: F811
    w = Weighed(browser, live_server.url)
    page = w.page
    w.login("vte.staff")
    page.click(f"button[name=language][value={language}]")
    page.wait_for_load_state("networkidle")
    w.goto("/people/new/")
    assert not page.locator("#choose-province").is_visible()  # the script presses it
    assert page.locator("label[for=id_sex] .req").count() == 1
    page.fill("#id_given_name_latin", "Noy")
    page.select_option("#id_sex", "female")
    page.select_option("#id_migrant_status", "returnee")
    with page.expect_navigation():
        page.select_option("#id_home_province", "LA-SV")
    page.wait_for_load_state("networkidle")
    districts = page.locator("#id_home_district option").evaluate_all("(os) => os.map((o) => o.value)")
    assert districts[0] == "" and all(code.startswith("13") for code in districts[1:]) and len(districts) > 10
    assert page.input_value("#id_given_name_latin") == "Noy"  # what was typed is still there
    page.select_option("#id_home_district", "1301")
    # A date typed only in part: the browser would send it as empty; the page says it is not a date.
    page.focus("#id_birth_date")
    page.keyboard.type("12")
    assert page.evaluate("document.querySelector('#id_birth_date').validity.badInput")
    page.click("form.stack button.primary")
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_birth_date-error").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    w.shot(f"register-date-reported-{language}")
    assert not Person.objects.exists()
    w.context.close()
