"""The reviewer's pages in Debian's Chromium: queue, comparison with its explanation, reject, merge, undo.

Screenshots go to test-artifacts/identity-*.png in English and in Lao.
"""

import datetime
import shutil

import pytest
from django.core.management import call_command

from pathways.identity.models import CandidatePair, Decision, PairDecision
from pathways.people.models import Person
from pathways.testing.factories import make_person
from pathways.tests.test_browser import CHROMIUM, Weighed, browser  # noqa: F401 (the browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def duplicates(transactional_db, officer):
    """Two planted duplicates among distinct people; find_duplicates puts both pairs in the queue."""
    souk = make_person(
        actor=officer,
        given_name_lo="ສຸກສະຫວັນ",
        family_name_lo="ພົມມະຈັນ",
        given_name_latin="Souksavanh",
        family_name_latin="Phommachanh",
        birth_date=datetime.date(1994, 3, 7),
        home_province="LA-SV",
        phones=["020 5555 1234"],
    )
    twin = make_person(
        actor=officer,
        given_name_lo="ສຸກສະຫວັນ",
        given_name_latin="Suksavan",
        family_name_latin="Pommachan",
        birth_date=datetime.date(1994, 7, 3),
        home_province="LA-SV",
        phones=["020 5555 1234"],
    )
    khamla = make_person(
        actor=officer,
        given_name_lo="ຄຳຫຼ້າ",
        family_name_lo="ແກ້ວມະນີ",
        given_name_latin="Khamla",
        family_name_latin="Keomany",
        birth_date=datetime.date(1988, 11, 20),
        home_province="LA-VT",
        phones=["020 7777 4321"],
    )
    namesake = make_person(
        actor=officer,
        given_name_lo="ຄໍາຫລ້າ",
        family_name_lo="ແກ້ວມະນີ",
        given_name_latin="Kham La",
        family_name_latin="Keomany",
        birth_year=1988,
        home_province="LA-VT",
        phones=["020 7777 4321"],
    )
    for i, (lo, latin) in enumerate([("ບຸນມີ", "Bounmy"), ("ແສງດາວ", "Sengdao"), ("ວິໄລ", "Vilay")]):
        make_person(
            actor=officer,
            given_name_lo=lo,
            given_name_latin=latin,
            family_name_latin="Inthavong",
            birth_date=datetime.date(1970 + 7 * i, 2 + i, 9 + i),
            home_province="LA-VT",
        )
    call_command("find_duplicates", train=True)
    return {"souk": souk, "twin": twin, "khamla": khamla, "namesake": namesake}


def _pair_link(w: Weighed, name: str):
    return w.page.locator("table tbody tr", has_text=name).get_by_role("link")


def _review(browser, live_server, duplicates, language: str):  # noqa: F811
    w = Weighed(browser, live_server.url)
    w.login("officer")
    if language == "lo":
        w.page.click("button[name=language][value=lo]")
        w.page.wait_for_load_state("networkidle")
    souk, twin = duplicates["souk"], duplicates["twin"]

    w.goto("/identity/review/")
    assert w.page.locator("table tbody tr").count() == 2
    w.shot(f"identity-queue-{language}")

    # Reject the Khamla pair: it leaves the queue and is remembered.
    _pair_link(w, "Keomany").click()
    w.page.wait_for_load_state("networkidle")
    w.shot(f"identity-pair-rejected-{language}")
    w.page.locator("form[action$='/reject/'] button").click()
    w.page.wait_for_url("**/identity/review/")
    assert w.page.locator("table tbody tr").count() == 1
    assert PairDecision.objects.filter(decision=Decision.DIFFERENT).count() == 1

    # Compare souk and the re-entry: the explanation names the birth level the pair matched on.
    _pair_link(w, "Phommachanh").click()
    w.page.wait_for_load_state("networkidle")
    # In words, what points to one person and what to two: no factors for the reviewer to decode.
    evidence = w.page.locator("section.card .evidence p")
    assert evidence.count() == 2
    assert evidence.nth(0).inner_text().count(";") >= 1  # name, birth, phone... point to one person
    assert "×" not in w.page.locator("section.card .evidence").inner_text()
    w.shot(f"identity-pair-{language}")

    # Keep the re-entry (so the survivor is whichever side is twin) but take souk's Latin spelling.
    pair = CandidatePair.objects.get()
    twin_side, souk_side = ("a", "b") if pair.person_a_id == twin.pk else ("b", "a")
    w.page.check(f"input[name=survivor][value={twin_side}]")
    w.page.check(f"input[name=choice_given_name_latin][value={souk_side}]")
    w.page.locator("form.stack button.primary").click()
    w.page.wait_for_url(f"**/people/{twin.pk}/")
    twin.refresh_from_db()
    souk.refresh_from_db()
    assert twin.given_name_latin == "Souksavanh"
    assert souk.merged_into_id == twin.pk
    assert Person.objects.filter(merged_into__isnull=True, pk=souk.pk).count() == 0
    w.shot(f"identity-merged-{language}")

    # Undo the merge: both records are back, each with its own spelling.
    w.page.locator("form[action*='/identity/merges/'] button").click()
    w.page.wait_for_url(f"**/people/{souk.pk}/")
    twin.refresh_from_db()
    souk.refresh_from_db()
    assert souk.merged_into_id is None
    assert twin.given_name_latin == "Suksavan"
    w.shot(f"identity-unmerged-{language}")
    w.context.close()


def test_a_reviewer_rejects_one_pair_merges_another_with_a_field_choice_and_undoes_it(
    browser,  # noqa: F811
    live_server,
    duplicates,
):
    _review(browser, live_server, duplicates, "en")


def test_the_review_pages_work_in_lao(browser, live_server, duplicates):  # noqa: F811
    _review(browser, live_server, duplicates, "lo")


@pytest.mark.parametrize("language", ["en", "lo"])
def test_registering_someone_already_registered_shows_the_likely_match_before_saving(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    officer,
    language,
):
    souk = make_person(
        actor=officer,
        given_name_lo="ສຸກສະຫວັນ",
        family_name_lo="ພົມມະຈັນ",
        given_name_latin="Souksavanh",
        family_name_latin="Phommachanh",
        birth_date=datetime.date(1994, 3, 7),
        home_province="LA-SV",
        phones=["020 5555 1234"],
    )
    w = Weighed(browser, live_server.url)
    w.login("officer")
    if language == "lo":
        w.page.click("button[name=language][value=lo]")
        w.page.wait_for_load_state("networkidle")
    w.goto("/people/new/")
    # The same returnee, spelled another way, with day and month swapped.
    w.page.fill("#id_given_name_lo", "ສຸກສະຫວັນ")
    w.page.fill("#id_given_name_latin", "Suksavan")
    w.page.fill("#id_family_name_latin", "Pommachan")
    w.page.fill("#id_birth_date", "1994-07-03")
    w.page.select_option("#id_sex", "female")
    w.page.select_option("#id_migrant_status", "returnee")
    w.page.select_option("#id_home_province", "LA-SV")
    w.page.fill("#id_phones", "020 5555 1234")
    w.page.click("button.primary[type=submit]")
    w.page.wait_for_load_state("networkidle")

    warning = w.page.locator("section.warning")
    assert warning.is_visible()
    assert "Souksavanh Phommachanh" in warning.inner_text()
    assert Person.objects.count() == 1  # nothing saved yet
    w.shot(f"identity-entry-candidates-{language}")

    # "Open this record" leads to the registered person instead of a second record.
    with w.page.expect_navigation():
        warning.locator(f"a[href='/people/{souk.pk}/']").click()
    assert w.page.url.endswith(f"/people/{souk.pk}/")
    w.page.go_back()
    w.page.wait_for_load_state("networkidle")

    # Confirming that none of them is the person registers the new record.
    w.page.check("input[name=not_a_duplicate]")
    w.page.click("button.primary[type=submit]")
    w.page.wait_for_url("**/people/*/")
    assert Person.objects.count() == 2
    w.context.close()
