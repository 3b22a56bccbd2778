"""Forms speak through the server (issue 21 item 7): no bubbles, required fields marked, bad dates told."""

from pathlib import Path

import pytest

from pathways.people.models import Person

ROOT = Path(__file__).resolve().parents[2]


def test_every_form_leaves_checking_to_the_server():
    # Without novalidate the browser answers a missing field with its own bubble, in the browser's language.
    missing = [
        f"{path.relative_to(ROOT)}: {line.strip()[:80]}"
        for path in ROOT.rglob("templates/**/*.html")
        for line in path.read_text().splitlines()
        if "<form" in line and "novalidate" not in line
    ]
    assert missing == []


@pytest.mark.django_db
def test_required_fields_are_marked_and_an_unreadable_optional_date_is_reported_not_dropped(
    client, vte_staff
):
    client.force_login(vte_staff)
    client.cookies["django_language"] = "lo"
    page = client.get("/people/new/").content.decode()
    sex = page[page.index('for="id_sex"') :][:200]
    birth = page[page.index('for="id_birth_date"') :][:200]
    assert 'class="req"' in sex and 'class="req"' not in birth

    # static/pathways.js sends a date the browser could not read as "invalid" instead of an empty value.
    response = client.post(
        "/people/new/",
        {
            "given_name_latin": "Noy",
            "sex": "female",
            "migrant_status": "returnee",
            "birth_date": "invalid",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code in (200, 400) and not Person.objects.exists()
    assert 'id="id_birth_date-error"' in response.content.decode()
