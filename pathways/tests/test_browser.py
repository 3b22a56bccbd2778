"""Drive the pages in Debian's Chromium as partner staff would, and weigh what each first load transfers."""

import os
import shutil
from pathlib import Path

import pytest

from pathways.results.tests import conftest as results_fixtures
from pathways.results.tests import test_dhis2_push as dhis2_push
from pathways.testing.factories import make_person

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PAGE_BUDGET_BYTES = 100 * 1024

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]
# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The PROMISE-II framework with a dozen people, shared with the results page tests.
promise = results_fixtures.promise
# A fake DHIS2 on a loopback port and an instance set up to reach it (results/tests/fake_dhis2.py).
fake_dhis2, server = dhis2_push.fake_dhis2, dhis2_push.server


@pytest.fixture(scope="module")
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


@pytest.fixture
def registry(transactional_db, vte_staff, svk_staff):
    vte = [
        make_person(actor=vte_staff, given_name_lo=lo, given_name_latin=latin, home_province="LA-VT")
        for lo, latin in [("ສຸກສະຫວັນ", "Souksavanh"), ("ແສງດາວ", "Sengdao"), ("ບຸນມີ", "Bounmy")]
    ]
    svk = [
        make_person(actor=svk_staff, given_name_lo=lo, given_name_latin=latin, home_province="LA-SV")
        for lo, latin in [("ພອນສະຫວັນ", "Phonesavanh"), ("ຄຳຫຼ້າ", "Khamla")]
    ]
    return {"vte.staff": vte, "svk.staff": svk}


class Weighed:
    """A phone-sized page whose transferred bytes (after gzip) are counted per navigation."""

    def __init__(self, browser, base_url):
        self.context = browser.new_context(viewport={"width": 360, "height": 640}, base_url=base_url)
        self.page = self.context.new_page()
        self.transferred = 0
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._count)

    def _count(self, event):
        self.transferred += event["encodedDataLength"]

    def goto(self, path):
        self.transferred = 0
        self.page.goto(path, wait_until="networkidle")
        return self.transferred

    def login(self, username):
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", "pathways-test")
        self.page.click("button[type=submit]")
        self.page.wait_for_url("**/")

    def shot(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _people_on_list(w: Weighed) -> set[str]:
    w.goto("/people/")
    return set(w.page.locator("table.list tbody td:first-child a small").all_inner_texts())


def test_staff_of_two_provinces_see_disjoint_people(browser, live_server, registry):
    seen = {}
    for username in ("vte.staff", "svk.staff"):
        w = Weighed(browser, live_server.url)
        w.login(username)
        seen[username] = {name.split()[0] for name in _people_on_list(w)}
        w.shot(f"people-list-{username}")
        w.context.close()
    assert seen["vte.staff"] == {"Souksavanh", "Sengdao", "Bounmy"}
    assert seen["svk.staff"] == {"Phonesavanh", "Khamla"}
    assert not seen["vte.staff"] & seen["svk.staff"]


def test_every_page_is_under_100_kb_on_first_load(browser, live_server, registry):
    w = Weighed(browser, live_server.url)
    weights = {"login": w.goto("/accounts/login/")}
    w.login("vte.staff")
    person = registry["vte.staff"][0]
    for name, path in [
        ("dashboard", "/"),
        ("people", "/people/"),
        ("person", f"/people/{person.pk}/"),
        ("register", "/people/new/"),
        ("edit", f"/people/{person.pk}/edit/"),
    ]:
        weights[name] = w.goto(path)
        w.shot(f"page-{name}")
    w.context.close()
    assert all(0 < size < PAGE_BUDGET_BYTES for size in weights.values()), weights


def test_a_person_is_registered_in_lao_through_the_form(browser, live_server, registry):
    w = Weighed(browser, live_server.url)
    w.login("vte.staff")
    w.page.click("button[name=language][value=lo]")
    w.page.wait_for_load_state("networkidle")
    w.goto("/people/new/")
    w.page.fill("#id_given_name_lo", "ມະນີວັນ")
    w.page.fill("#id_given_name_latin", "Manivanh")
    w.page.select_option("#id_sex", "female")
    w.page.select_option("#id_migrant_status", "returnee")
    w.page.select_option("#id_home_province", "LA-VT")
    w.page.fill("#id_phones", "020 5555 0000\n123")
    w.page.click("button.primary[type=submit]")
    assert w.page.locator("#id_phones-error").is_visible()
    w.shot("register-error-lo")
    w.page.fill("#id_phones", "020 5555 0000")
    w.page.click("button.primary[type=submit]")
    w.page.wait_for_url("**/people/*/")
    assert "ມະນີວັນ" in w.page.inner_text("h1")
    w.shot("person-registered-lo")
    w.context.close()


@pytest.mark.parametrize("language", ["en", "lo", "th"])
def test_the_navigation_fits_a_phone_for_the_role_with_most_links(browser, live_server, officer, language):
    w = Weighed(browser, live_server.url)
    w.login("officer")
    if language != "en":
        w.page.click(f"button[name=language][value={language}]")
        w.page.wait_for_load_state("networkidle")
    header = w.page.locator("header.top").bounding_box()
    links = w.page.locator("header.top nav a")
    # dashboard, people, training, outreach, returns, jobs, recruitment, duplicates, imports, results
    assert links.count() == 10
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        # Every link sits on the dark header, not spilled onto the page below or off the right edge.
        assert box["y"] + box["height"] <= header["y"] + header["height"], links.nth(i).inner_text()
        assert box["x"] + box["width"] <= 360, links.nth(i).inner_text()
    assert w.page.evaluate("document.documentElement.scrollWidth") <= 360
    w.shot(f"nav-officer-{language}")
    w.context.close()


# Every element inside a card that runs past its left or right edge, with its edges (none when all fit).
OUTSIDE_ITS_CARD = """
(cards) => cards.flatMap((card) => {
  const edge = card.getBoundingClientRect();
  return [...card.querySelectorAll("*")]
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([el, box]) => box.width > 0 && (box.right > edge.right + 0.5 || box.left < edge.left - 0.5))
    .map(([el, box]) => `${card.querySelector("h2").textContent}: <${el.tagName}> ${box.left}–${box.right}`);
})
"""


def _results_page(browser, base_url, *, username, width, language):
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=base_url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pathways-test")
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    if language == "lo":
        page.click("button[name=language][value=lo]")
        page.wait_for_load_state("networkidle")
    return context, page


@pytest.mark.parametrize("language", ["en", "lo"])
@pytest.mark.parametrize("width", [1100, 768, 360])
def test_every_dashboard_chart_fits_its_card(
    browser, live_server, transactional_db, me_officer, promise, width, language
):
    from pathways.results.tests.conftest import THIS_YEAR

    context, page = _results_page(
        browser, live_server.url, username="me.officer", width=width, language=language
    )
    page.goto(f"/results/PROMISE-II/?period={THIS_YEAR}", wait_until="networkidle")
    # Every table of figures open too: they sit in the indicators' cards.
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    cards = page.locator("section.card")
    assert page.locator(".chart-grid > section.card").count() == 4
    # The bar charts (tables of bars) and the trend's legend used to run past their cards at 1100 px.
    assert page.evaluate(OUTSIDE_ITS_CARD, cards.element_handles()) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The bars are drawn (a bar of a percentage width in a table can collapse to nothing) and share one scale:
    # the target line of the progress chart stands at the same place in every row.
    progress = page.locator(".chart-grid > section.card").first
    bars = [box["width"] for box in (r.bounding_box() for r in progress.locator("td.bar rect").all())]
    assert bars and max(bars) > 0
    targets = {round(line.bounding_box()["x"]) for line in progress.locator("td.bar line").all()}
    assert len(targets) == 1, targets
    legend = page.locator(".chart-line .legend .key")
    # One key per indicator drawn over time (percentages are not: they do not add up over periods).
    from pathways.results.models import Indicator

    indicators = Indicator.objects.filter(node__project=promise)
    charted = [i for i in indicators if i.computation.get("measure") != "ratio"]
    assert legend.count() == len(charted) and legend.last.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"results-dashboard-{language}-{width}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["en", "lo"])
def test_a_period_without_records_says_so_and_links_to_the_latest_with_figures(
    browser, live_server, transactional_db, me_officer, promise, language
):
    from pathways.results.tests.conftest import THIS_YEAR

    context, page = _results_page(
        browser, live_server.url, username="me.officer", width=360, language=language
    )
    page.goto(f"/results/PROMISE-II/?period={THIS_YEAR - 1}", wait_until="networkidle")
    notice = page.locator("#no-records")
    assert notice.is_visible()
    assert str(THIS_YEAR - 1) in notice.inner_text()
    box = notice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    # The page stays on the period asked for; the reader follows the link to the latest one with figures.
    assert page.locator("#period").input_value() == str(THIS_YEAR - 1)
    page.screenshot(path=str(ARTIFACTS / f"results-no-records-{language}.png"), full_page=True)
    notice.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#period").input_value() == str(THIS_YEAR)
    assert page.locator("#no-records").count() == 0
    context.close()


@pytest.mark.parametrize("language", ["en", "lo"])
def test_the_dhis2_page_fits_a_phone_through_a_dry_run_and_its_conflicts(
    browser, live_server, transactional_db, me_officer, promise, server, fake_dhis2, language
):
    from pathways.results.tests.conftest import THIS_YEAR

    meta = fake_dhis2.instance.meta
    meta["dataElements"] = [d for d in meta["dataElements"] if d["id"] != "PwDeRegPrv1"]
    context, page = _results_page(
        browser, live_server.url, username="me.officer", width=360, language=language
    )
    page.goto(f"/results/PROMISE-II/dhis2/?period={THIS_YEAR}", wait_until="networkidle")
    page.click("button[value=dry_run]")
    page.wait_for_load_state("networkidle")

    assert page.locator("#conflicts").is_visible()
    assert "E7610" in page.locator("#conflicts").inner_text()
    # Tables scroll inside their card (.table-scroll); nothing else runs past the card or the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    cards = page.locator("section.card").element_handles()
    outside = page.evaluate(
        OUTSIDE_ITS_CARD.replace('querySelectorAll("*")', 'querySelectorAll("*:not(.table-scroll *)")'), cards
    )
    assert outside == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"results-dhis2-{language}-360.png"), full_page=True)
    context.close()
