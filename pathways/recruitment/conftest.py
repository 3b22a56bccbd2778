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
