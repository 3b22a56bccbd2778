import datetime

import pytest

from pathways.partners.models import OrganisationKind
from pathways.places.models import Country
from pathways.returns import services
from pathways.testing.factories import OrganisationFactory, make_person

RETURNED = datetime.date(2023, 4, 12)


@pytest.fixture
def quarantine_centre(places):
    return OrganisationFactory(
        name_en="Savannakhet quarantine centre", kind=OrganisationKind.QUARANTINE_CENTRE, province_id="LA-SV"
    )


@pytest.fixture
def hospital(places):
    return OrganisationFactory(
        name_en="Savannakhet provincial hospital", kind=OrganisationKind.CSO, province_id="LA-SV"
    )


@pytest.fixture
def returnee(svk_staff):
    return make_person(
        actor=svk_staff,
        given_name_latin="Bounmy",
        family_name_latin="Phommasak",
        home_province="LA-SV",
        migrant_status="current",
    )


@pytest.fixture
def a_return(svk_staff, svk_org, returnee, quarantine_centre):
    return services.return_record(
        actor=svk_staff,
        person_id=returnee.pk,
        organisation=svk_org,
        returned_on=RETURNED,
        from_country=Country.objects.get(code="TH"),
        reason="covid19",
        border_point="friendship_2",
        quarantine_centre=quarantine_centre,
        screening="no_indicators",
        debt_lak=3_000_000,
        needs=["job", "health"],
    )
