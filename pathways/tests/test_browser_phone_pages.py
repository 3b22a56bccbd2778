"""Issue 21 item 8: on a 360 px phone, in Lao and in Thai, the pages staff reported as scrolling sideways fit
the screen, the header is compact and phone numbers can be tapped."""

import datetime
import shutil

import pytest

from pathways.identity.models import CandidatePair
from pathways.imports import services as import_services
from pathways.imports.tests.files import csv_bytes
from pathways.testing.factories import make_person
from pathways.tests.test_browser import ARTIFACTS, CHROMIUM, Weighed, browser  # noqa: F401  (the shared browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

# Elements that reach past the right edge of the phone, named so a failure says where to look.
PAST_THE_EDGE = """
() => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .filter((el) => !el.closest(".table-scroll"))
  .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ${el.textContent.trim().slice(0, 40)}`)
  .slice(0, 8)
"""


@pytest.fixture
def phone_world(transactional_db, officer):
    souk = make_person(
        actor=officer, given_name_latin="Souksavanh", family_name_latin="Phommachanh",
        given_name_lo="ສຸກສະຫວັນ", birth_date=datetime.date(1994, 3, 7), home_province="LA-SV",
        phones=["020 5555 1234"],
    )  # fmt: skip
    twin = make_person(
        actor=officer, given_name_latin="Suksavan", family_name_latin="Pommachan", birth_year=1994,
        home_province="LA-SV", phones=["020 5555 1234"],
    )  # fmt: skip
    a, b = sorted([souk, twin], key=lambda p: str(p.pk))
    pair = CandidatePair.objects.create(
        person_a=a, person_b=b, probability=0.97, match_weight=9.1,
        explanation=[{"comparison": "phone", "level": "a number in common", "bayes_factor": 9000.0}],
    )  # fmt: skip
    content = csv_bytes(
        ["full name of the worker as written on the passport", "sex", "migrant status", "date of birth"],
        [["Noy Keomany", "X", "returnee", "1990-02-30"], ["Bounmy Sengdao", "F", "alien", "1991-01-01"]],
    )
    job = import_services.import_job_create(
        actor=officer,
        kind="people",
        filename="kobo-export-savannakhet-2024-very-long-name.csv",
        content=content,
    )
    import_services.import_job_start(actor=officer, job=job, dry_run=False, background=False)
    import_services.import_job_execute(job_id=str(job.pk), dry_run=False)
    return {"person": souk, "pair": pair, "job": job}


@pytest.mark.parametrize("language", ["lo", "th"])
def test_the_reported_pages_fit_a_phone(browser, live_server, phone_world, language):  # noqa: F811
    w = Weighed(browser, live_server.url)
    w.login("officer")
    w.page.click(f"button[name=language][value={language}]")
    w.page.wait_for_load_state("networkidle")
    header = w.page.locator("header.top").bounding_box()
    assert header["height"] <= 120, header

    person, pair, job = phone_world["person"], phone_world["pair"], phone_world["job"]
    pages = {
        "imports": "/imports/",
        "import": f"/imports/{job.pk}/",
        "import-new": "/imports/new/",
        "duplicate-pair": f"/identity/review/{pair.pk}/",
        "certificates": "/training/certificates/",
        "person-audit": f"/people/{person.pk}/",
    }
    overflowing = {}
    for name, path in pages.items():
        w.goto(path)
        if w.page.evaluate("document.documentElement.scrollWidth") > 360:
            overflowing[name] = w.page.evaluate(PAST_THE_EDGE)
        w.shot(f"phone-{name}-{language}")
    assert overflowing == {}

    w.goto(f"/people/{person.pk}/")
    tel = w.page.locator('a[href^="tel:"]').first
    assert tel.get_attribute("href") == "tel:+8562055551234"
    w.context.close()
