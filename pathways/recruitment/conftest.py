import datetime

import pytest

from pathways.places.models import Country, Province
from pathways.recruitment.services import agencies as agency_services


@pytest.fixture
def agency(officer):
    return agency_services.agency_create(
        actor=officer,
        name_en="Lao Workforce Services",
        name_local="ບໍລິສັດ ແຮງງານລາວ",
        licence_number="MLSW-0042",
        issuing_authority="MLSW",
        licence_valid_from=datetime.date(2022, 1, 1),
        licence_valid_to=datetime.date(2030, 12, 31),
        head_office_province=Province.objects.get(code="LA-VT"),
        sectors=["garment", "agriculture"],
        membership="iris",
        destinations=list(Country.objects.filter(code__in=["TH", "KR"])),
        branch_provinces=list(Province.objects.filter(code__in=["LA-SV", "LA-CH"])),
    )


@pytest.fixture
def rates(officer):
    from decimal import Decimal

    from pathways.recruitment.services import money

    for currency, day, units in [
        ("LAK", datetime.date(2024, 1, 1), "20000"),
        ("LAK", datetime.date(2024, 7, 1), "21000"),
        ("THB", datetime.date(2024, 1, 1), "35"),
        ("THB", datetime.date(2024, 7, 1), "36"),
        ("KRW", datetime.date(2024, 1, 1), "1300"),
    ]:
        money.exchange_rate_set(actor=officer, currency=currency, valid_on=day, units_per_usd=Decimal(units))


@pytest.fixture
def worker(svk_staff):
    from pathways.testing.factories import make_person

    return make_person(
        actor=svk_staff,
        given_name_latin="Noy",
        family_name_latin="Sisavath",
        sex="female",
        home_province="LA-SV",
    )


@pytest.fixture
def case_worker(svk_org):
    from pathways.accounts.models import Role
    from pathways.testing.factories import UserFactory

    return UserFactory(
        username="cw.noy", role=Role.CASE_WORKER, organisation=svk_org, province_codes=["LA-SV"]
    )


@pytest.fixture
def supervisor(svk_org):
    from pathways.accounts.models import Role
    from pathways.testing.factories import UserFactory

    return UserFactory(
        username="cw.boss", role=Role.CASE_WORKER, organisation=svk_org, province_codes=["LA-SV"]
    )


@pytest.fixture
def employer(places):
    from pathways.partners.models import OrganisationKind
    from pathways.testing.factories import OrganisationFactory

    return OrganisationFactory(name_en="Busan Fisheries Co.", kind=OrganisationKind.EMPLOYER, country_id="KR")
