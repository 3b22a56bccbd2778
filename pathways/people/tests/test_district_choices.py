"""Districts narrowed to the chosen province, without scripts (a button) and with them (pathways.js)."""

import re

import pytest

from pathways.people.models import Person

pytestmark = pytest.mark.django_db


def district_options(html: str) -> list[str]:
    select = re.search(r'<select name="home_district".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]+)"', select.group(0))


def test_choosing_a_province_shows_only_its_districts_and_saves_nothing(client, vte_staff):
    client.force_login(vte_staff)
    everything = district_options(client.get("/people/new/").content.decode())
    assert len(everything) > 140

    page = client.post(
        "/people/new/",
        {
            "given_name_latin": "Noy",
            "home_province": "LA-SV",
            "choose_province": "1",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )

    html = page.content.decode()
    assert page.status_code == 200 and not Person.objects.exists()
    narrowed = district_options(html)
    assert 10 <= len(narrowed) < 20 and all(code.startswith("13") for code in narrowed)  # Savannakhet's codes
    assert 'value="Noy"' in html and "This field is required" not in html and "autofocus" in html
    assert 'data-refresh="choose_province"' in html and "pathways.js" in html


def test_an_edited_persons_form_offers_their_provinces_districts(client, vte_staff):
    from pathways.testing.factories import make_person

    person = make_person(actor=vte_staff, given_name_latin="Noy", home_province="LA-VT")
    client.force_login(vte_staff)
    narrowed = district_options(client.get(f"/people/{person.pk}/edit/").content.decode())
    assert 5 <= len(narrowed) < 15 and all(code.startswith("01") for code in narrowed)
