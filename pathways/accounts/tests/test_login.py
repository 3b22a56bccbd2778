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
