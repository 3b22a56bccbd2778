import datetime

import pytest

from pathways.outreach import services
from pathways.places.models import Province
from pathways.results.models import Project

HELD = datetime.date(2023, 3, 14)


@pytest.fixture
def project(places):
    return Project.objects.create(
        code="CREST", name="CREST", starts_on=datetime.date(2021, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )


@pytest.fixture
def session(svk_staff, svk_org, project):
    return services.session_create(
        actor=svk_staff,
        organisation=svk_org,
        held_on=HELD,
        topic="safe_migration",
        province=Province.objects.get(code="LA-SV"),
        venue="Ban Phonsaat",
        women_not_named=12,
        men_not_named=9,
        funding_project=project,
    )
