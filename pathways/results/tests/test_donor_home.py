"""A donor's home page shows the figures of the projects their organisation funds (issue 21 item 10)."""

import pytest

from pathways.accounts.models import Role
from pathways.partners.models import Membership
from pathways.results.models import Indicator
from pathways.results.tests.conftest import THIS_YEAR, promise  # noqa: F401
from pathways.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_donor_sees_their_projects_figures_on_their_home_page(client, promise):  # noqa: F811
    funder = promise.donors.get()
    donor = UserFactory(username="sdc.donor", role=Role.DONOR)
    Membership.objects.create(user=donor, organisation=funder, is_primary=True)
    client.force_login(donor)
    client.cookies["django_language"] = "th"

    page = client.get("/").content.decode()

    registered = Indicator.objects.get(code="1.1.1")
    assert "PROMISE II" in page and f"?period={THIS_YEAR}" in page
    assert registered.title_th in page
    assert "data-busy" in page and 'id="busy"' in page
    # Published figures only: no link into personal records.
    assert "/people/" not in page and "/records/" not in page


def test_a_donor_of_no_project_is_pointed_to_the_results(client, places):
    donor = UserFactory(username="other.donor", role=Role.DONOR)
    client.force_login(donor)
    page = client.get("/").content.decode()
    assert 'href="/results/"' in page and "donor-project" not in page
