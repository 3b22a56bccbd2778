"""An MRC outreach worker on a 360 px phone, in Thai: record a village session with its head counts, find a
registered person and add them, record their test scores; the person's timeline shows the session."""

import shutil

import pytest
from django.utils import translation

from pathways.outreach.models import InformationSession, SessionAttendance
from pathways.testing.factories import make_person
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


def test_a_session_is_recorded_and_a_person_added_with_scores_in_thai(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    svk_staff,
    svk_org,
):
    noy = make_person(
        actor=svk_staff, given_name_latin="Noy", family_name_latin="Sisouk", home_province="LA-SV"
    )
    w = Weighed(browser, live_server.url)
    page = w.page
    w.login("svk.staff")
    page.click("header form.lang button[lang=th]")
    page.wait_for_load_state("networkidle")

    w.goto("/outreach/sessions/new/")
    assert _th("Record an information session") in page.inner_text("h1")
    page.fill("#id_held_on", "2023-03-14")
    page.select_option("#id_topic", "safe_migration")
    page.select_option("#id_province", "LA-SV")
    page.fill("#id_venue", "Ban Phonsaat")
    page.fill("#id_women_not_named", "12")
    page.fill("#id_men_not_named", "9")
    page.click("form button.primary")
    page.wait_for_load_state("networkidle")
    session = InformationSession.objects.get()
    assert (session.women_not_named, session.men_not_named, session.organisation_id) == (12, 9, svk_org.pk)
    assert _fits_the_phone(page)
    w.shot("outreach-session-th")

    page.fill("#q", "Sisouk")
    page.click("#attendees form[method=get] button")
    page.wait_for_load_state("networkidle")
    page.click("#attendees form[method=post] button.primary")
    page.wait_for_load_state("networkidle")
    attendance = SessionAttendance.objects.get(person=noy)
    page.locator("#attendees details").first.evaluate("d => d.open = true")
    page.fill(f"input[name='{attendance.pk}-pre_test']", "40")
    page.fill(f"input[name='{attendance.pk}-post_test']", "85")
    page.locator("#attendees details form").first.locator("button").click()
    page.wait_for_load_state("networkidle")
    attendance.refresh_from_db()
    assert (attendance.pre_test, attendance.post_test) == (40, 85)
    attended = page.inner_text("dl")
    assert "22" in attended and "13" in attended  # 12 + 9 not named, and Noy; 12 women not named, and Noy
    assert _fits_the_phone(page)
    w.shot("outreach-attendee-th")

    w.goto(f"/people/{noy.pk}/")
    timeline = page.inner_text("main")
    with translation.override("th"):
        topic = str(InformationSession._meta.get_field("topic").choices[0][1])
        title = translation.gettext("Attended an information session: %(topic)s") % {"topic": topic}
    assert title in timeline and "40% → 85%" in timeline
    w.shot("outreach-timeline-th")
