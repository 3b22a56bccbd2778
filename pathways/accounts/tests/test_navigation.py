"""The navigation offers each role only the pages its scope opens (no links that end in 'forbidden')."""

import pytest
from django.urls import reverse
from django.utils.translation import get_language_info

PAGES = {
    "People": "person-list",
    "Training": "training-home",
    "Duplicates": "identity-queue",
    "Imports": "import-list",
    "Results": "results-projects",
}


def _nav_links(client, user) -> set[str]:
    client.force_login(user)
    html = client.get(reverse("dashboard")).content.decode()
    nav = html.split("<nav>", 1)[1].split("</nav>", 1)[0]
    return {label for label, name in PAGES.items() if f'href="{reverse(name)}"' in nav}


@pytest.mark.parametrize(
    "role, expected",
    [
        ("officer", {"People", "Training", "Duplicates", "Imports", "Results"}),
        ("vte_staff", {"People", "Training", "Imports", "Results"}),
        ("donor", {"Results"}),
    ],
)
def test_navigation_matches_what_the_role_may_open(client, request, role, expected):
    user = request.getfixturevalue(role)
    assert _nav_links(client, user) == expected
    for label in expected:
        assert client.get(reverse(PAGES[label])).status_code == 200, label
    for label in set(PAGES) - expected:
        assert client.get(reverse(PAGES[label])).status_code == 403, label


@pytest.mark.parametrize(
    "language, words",
    [
        ("lo", ["ຜົນໄດ້ຮັບ", "ອອກຈາກລະບົບ"]),
        ("th", ["ผลการดำเนินงาน", "ออกจากระบบ"]),
    ],
)
def test_the_interface_speaks_the_language_chosen_and_offers_the_others(client, officer, language, words):
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": language, "next": "/"})

    html = client.get(reverse("dashboard")).content.decode()

    assert f'<html lang="{language}">' in html
    for word in words:
        assert word in html
    for code in ("en", "lo", "th"):
        button = f'value="{code}" lang="{code}">{get_language_info(code)["name_local"]}</button>'
        assert (button in html) == (code != language), code
