"""Fixtures shared by every app's tests: reference places, organisations and one user per role."""

import pytest
from django.core.cache import cache

from pathways.accounts.models import Role
from pathways.places.models import Province
from pathways.places.services import reference_places_load
from pathways.testing.factories import OrganisationFactory, UserFactory


@pytest.fixture
def places(db):
    # Migrations load the places, but transactional tests (the browser ones) flush them; reload then.
    if not Province.objects.filter(code="LA-VT").exists():
        reference_places_load()


@pytest.fixture
def vte_org(places):
    return OrganisationFactory(name_en="Vientiane Skills Centre", province_id="LA-VT")


@pytest.fixture
def svk_org(places):
    return OrganisationFactory(name_en="Savannakhet MRC", province_id="LA-SV", kind="mrc")


@pytest.fixture
def admin_user(places):
    return UserFactory(username="admin", role=Role.ADMIN)


@pytest.fixture
def officer(places):
    return UserFactory(username="officer", role=Role.PROGRAMME_OFFICER)


@pytest.fixture
def me_officer(places):
    return UserFactory(username="me.officer", role=Role.ME_OFFICER)


@pytest.fixture
def vte_staff(vte_org):
    return UserFactory(
        username="vte.staff", role=Role.PARTNER_STAFF, organisation=vte_org, province_codes=["LA-VT"]
    )


@pytest.fixture
def svk_staff(svk_org):
    return UserFactory(
        username="svk.staff", role=Role.PARTNER_STAFF, organisation=svk_org, province_codes=["LA-SV"]
    )


@pytest.fixture
def donor(places):
    return UserFactory(username="donor", role=Role.DONOR)


@pytest.fixture(autouse=True)
def _static_files_as_they_are(settings):
    # Production serves hashed copies made by collectstatic (operations/tests/test_static.py checks them);
    # the other tests render pages from the source files without running it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    # Login and public look-up counters live in the cache, which outlives a test's database; every test
    # client comes from 127.0.0.1, so one test's look-ups would count against the next.
    cache.clear()
    yield
