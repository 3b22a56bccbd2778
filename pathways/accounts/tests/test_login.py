import pytest
from django.core.cache import cache
from django.urls import reverse


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_five_wrong_passwords_lock_the_user_out_even_with_the_right_one(client, vte_staff):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "vte.staff", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "vte.staff", "password": "pathways-test"})
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_clears_earlier_failures(client, vte_staff):
    for _ in range(4):
        client.post(reverse("login"), {"username": "vte.staff", "password": "wrong"})
    assert (
        client.post(reverse("login"), {"username": "vte.staff", "password": "pathways-test"}).status_code
        == 302
    )
    client.logout()
    for _ in range(4):
        client.post(reverse("login"), {"username": "vte.staff", "password": "wrong"})
    assert (
        client.post(reverse("login"), {"username": "vte.staff", "password": "pathways-test"}).status_code
        == 302
    )


def test_one_address_failing_on_many_user_names_is_stopped_for_every_name(client, vte_staff):
    from pathways.accounts.forms import ADDRESS

    for i in range(ADDRESS.limit):
        client.post(reverse("login"), {"username": f"guess{i}", "password": "Password1"})

    # Under every name's own limit, and with the right password: the address is held back for a while.
    response = client.post(reverse("login"), {"username": "vte.staff", "password": "pathways-test"})
    assert "Too many failed sign-ins from this network" in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post(
        reverse("login"), {"username": "vte.staff", "password": "pathways-test"}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302


def test_one_user_name_failing_from_many_addresses_is_stopped(client, vte_staff):
    from pathways.accounts.forms import USER_ANYWHERE

    for i in range(USER_ANYWHERE.limit):
        client.post(
            reverse("login"),
            {"username": "vte.staff", "password": "wrong"},
            REMOTE_ADDR=f"198.51.100.{i + 1}",
        )

    response = client.post(
        reverse("login"), {"username": "vte.staff", "password": "pathways-test"}, REMOTE_ADDR="203.0.113.9"
    )
    assert "Too many failed attempts for this user" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_good_login_does_not_reset_the_count_of_an_address(client, vte_staff):
    from pathways.accounts.forms import ADDRESS

    for i in range(ADDRESS.limit - 1):
        client.post(reverse("login"), {"username": f"guess{i}", "password": "Password1"})
    assert (
        client.post(reverse("login"), {"username": "vte.staff", "password": "pathways-test"}).status_code
        == 302
    )
    client.logout()

    client.post(reverse("login"), {"username": "guess-again", "password": "Password1"})

    response = client.post(reverse("login"), {"username": "vte.staff", "password": "pathways-test"})
    assert "Too many failed sign-ins from this network" in response.content.decode()
