"""The offline form page in Debian's Chromium: open a form while connected, lose the network, reload the
page and fill it (ODK Web Forms, kept by the service worker), see it kept on the device, get the network back
and see the record arrive — once."""

import os
import shutil
import time
from pathlib import Path

import pytest

from pathways.fieldcapture.models import Submission, SubmissionStatus
from pathways.people.models import Person

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


def wait_until(page, expression: str, timeout: float = 30) -> None:
    """page.wait_for_function compiles its predicate in the page, which the page's Content-Security-Policy
    (no 'unsafe-eval') refuses; page.evaluate goes through the DevTools protocol, which the policy allows."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.2)


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_form_filled_with_the_network_cut_arrives_once_when_it_returns(
    browser, live_server, transactional_db, svk_staff
):
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", svk_staff.username)
    page.fill("#id_password", "pathways-test")
    page.click("button[type=submit]")
    page.wait_for_url("**/")

    page.goto("/field/forms/pw_person/")
    page.wait_for_selector(".odk-form", timeout=60_000)
    # Kept for offline use once the service worker has taken the page, its script and the form.
    wait_until(
        page,
        """async () => {
            const names = await caches.keys();
            for (const name of names) {
                const cache = await caches.open(name);
                const form = await cache.match('/field/forms/pw_person.xml');
                if (form && await cache.match(location.href)) return true;
            }
            return false;
        }""",
    )
    shot(page, "fieldcapture-online-360")

    context.set_offline(True)
    page.reload()
    page.wait_for_selector(".odk-form", timeout=60_000)
    page.get_by_label("Given name (Latin letters)").fill("Phonesavanh")
    page.get_by_label("Family name (Latin letters)").fill("Keomany")
    page.get_by_text("Female", exact=True).click()
    year = page.locator(".question-container", has_text="Year of birth").locator("input")
    year.click()
    page.keyboard.type("1996")
    page.get_by_text("Returnee", exact=True).click()
    page.get_by_text("Savannakhet", exact=True).click()
    page.get_by_text("Yes", exact=True).click()
    shot(page, "fieldcapture-filled-offline-360")
    page.get_by_role("button", name="Send").click()
    wait_until(
        page, "document.querySelector('#queue-count') && !document.querySelector('#queue-count').hidden"
    )
    assert "kept on this device" in page.text_content("#offline-status")
    shot(page, "fieldcapture-kept-offline-360")
    assert Person.objects.count() == 0

    context.set_offline(False)
    wait_until(page, "document.querySelector('#queue-count').hidden")
    assert "Sent" in page.text_content("#offline-status")
    person = Person.objects.get()
    assert (person.given_name_latin, person.family_name_latin, person.home_province_id) == (
        "Phonesavanh",
        "Keomany",
        "LA-SV",
    )
    assert Submission.objects.get().status == SubmissionStatus.ACCEPTED

    page.reload()  # nothing kept is sent twice
    page.wait_for_selector(".odk-form", timeout=60_000)
    page.wait_for_timeout(1500)
    assert Person.objects.count() == 1 and Submission.objects.count() == 1
    context.close()
