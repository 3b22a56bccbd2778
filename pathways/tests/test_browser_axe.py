"""axe-core over every page type a crawl from the dashboard reaches, on a 360 px phone in Lao and in Thai: no
serious or critical violation (issue 21 item 11). axe.min.js is the npm package axe-core 4.10.3's, vendored in
pathways/testing/assets (MPL-2.0, its licence beside it)."""

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pathways.imports import services as import_services
from pathways.imports.tests.files import csv_bytes
from pathways.results.tests.conftest import THIS_YEAR, promise  # noqa: F401  (a project with figures)
from pathways.tests.test_browser import ARTIFACTS, CHROMIUM, browser  # noqa: F401  (the shared browser fixture)
from pathways.tests.test_browser_phone_pages import phone_world  # noqa: F401
from pathways.training.tests.test_browser_certificates import short_cohort  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

AXE = (Path(__file__).resolve().parents[1] / "testing" / "assets" / "axe.min.js").read_text()
# Pages that answer a file or act on a GET, not a page to check.
SKIPPED = re.compile(
    r"(\.pdf|\.csv|\.xlsx|\.json|/pdf|/report\.|/logout|/admin/|/api/|/static/|/media/|/evidence/)"
)
MAX_PAGE_TYPES = 60


def page_type(path: str) -> str:
    """/people/3f2a.../edit/ and /people/9b1c.../edit/ are one page type."""
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>", path)
    path = re.sub(r"/\d{4}-\d{2}-\d{2}/", "/<day>/", path)
    return re.sub(r"/\d+/", "/<n>/", path)


def crawl_and_check(context, base_url: str, seeds: list[str]) -> tuple[set[str], dict[str, list[str]]]:
    """Check each page type once; `seeds` are checked as such (another state of a page type, say)."""
    page = context.new_page()
    queue, seen, problems = ["/", *seeds], set[str](), {}
    while queue and len(seen) < MAX_PAGE_TYPES:
        path = queue.pop(0)
        kind = path if path in seeds else page_type(path)
        if kind in seen:
            continue
        seen.add(kind)
        response = page.goto(base_url + path, wait_until="networkidle")
        if (
            response is None
            or response.status >= 400
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        page.add_script_tag(content=AXE)
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter((v) => v.impact === 'serious' || v.impact === 'critical')"
            ".map((v) => `${v.id} (${v.impact}): `"
            " + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '))"
        )
        if result:
            problems[kind] = result
        for href in page.evaluate(
            "[...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))"
        ):
            target = urlsplit(href)
            if target.netloc or not target.path.startswith("/") or SKIPPED.search(target.path):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if page_type(target.path) not in seen:
                queue.append(link)
    page.close()
    return seen, problems


@pytest.fixture
def import_being_mapped(officer, phone_world):  # noqa: F811
    """An upload waiting for its columns to be matched: the page with a select per column."""
    content = csv_bytes(["nom", "sexe", "statut"], [["Noy", "F", "returnee"]])
    return import_services.import_job_create(actor=officer, kind="people", filename="m.csv", content=content)


@pytest.mark.parametrize("language", ["lo", "th"])
def test_no_serious_or_critical_axe_violation_on_any_page_type(
    browser,  # noqa: F811
    live_server,
    phone_world,  # noqa: F811
    short_cohort,  # noqa: F811
    promise,  # noqa: F811
    import_being_mapped,
    language,
):
    context = browser.new_context(viewport={"width": 360, "height": 640}, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pathways-test")
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    page.click(f"button[name=language][value={language}]")
    page.wait_for_load_state("networkidle")
    page.close()

    seeds = [f"/imports/{import_being_mapped.pk}/", f"/results/PROMISE-II/?period={THIS_YEAR}"]
    checked, problems = crawl_and_check(context, live_server.url, seeds)

    context.close()
    print(sorted(checked))
    assert len(checked) >= 30, sorted(checked)
    assert problems == {}
