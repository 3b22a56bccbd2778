"""Fixtures for the employment tests: employers at home and in Thailand, a trained person, a vacancy."""

import datetime

import pytest

from pathways.jobs import services
from pathways.partners.models import OrganisationKind
from pathways.testing.factories import OrganisationFactory, make_person
from pathways.training import conftest as training_fixtures
from pathways.training import services as training_services
from pathways.training.conftest import assess_all, attend_all

# The training tests' course, cohort and project, and their signing key and media settings.
_certificates_and_media = training_fixtures._certificates_and_media
course = training_fixtures.course
project = training_fixtures.project
cohort = training_fixtures.cohort

STARTED = datetime.date(2021, 6, 1)


@pytest.fixture
def employer(places):
    return OrganisationFactory(
        kind=OrganisationKind.EMPLOYER,
        name_en="Trimax Garment Factory",
        name_local="ໂຮງງານຕັດຫຍິບ ໄທຣແມັກ",
        acronym="TRIMAX",
        province_id="LA-VT",
    )


@pytest.fixture
def thai_employer(places):
    return OrganisationFactory(
        kind=OrganisationKind.EMPLOYER,
        name_en="Siam Apparel Co., Ltd.",
        acronym="SIAM-APP",
        country_id="TH",
        province_id="TH-11",
    )


@pytest.fixture
def trained(vte_staff, cohort):
    """A returnee who completed the sewing course (attendance and every unit assessed)."""
    from pathways.training.models import Assessor

    Assessor.objects.get_or_create(user=vte_staff, institution=cohort.institution)
    person = make_person(
        actor=vte_staff,
        given_name_latin="Manivanh",
        family_name_latin="Keo",
        given_name_lo="ມະນີວັນ",
        family_name_lo="ແກ້ວ",
        birth_date=datetime.date(1995, 4, 2),
        phones=["+8562055551111"],
    )
    enrolment = training_services.enrolment_create(
        actor=vte_staff, cohort=cohort, person=person, enrolled_on=cohort.starts_on
    )
    attend_all(vte_staff, cohort, [enrolment])
    assess_all(vte_staff, enrolment)
    training_services.enrolment_complete(actor=vte_staff, enrolment=enrolment)
    return person


@pytest.fixture
def vacancy(officer, employer, vte_org):
    return services.vacancy_create(
        actor=officer,
        employer=employer,
        posted_by=vte_org,
        title_en="Sewing machine operator",
        title_lo="ພະນັກງານຈັກຫຍິບ",
        isco_code="7533",
        sector="garment",
        openings=2,
        opens_on=datetime.date(2021, 5, 1),
        wage_monthly=2_500_000,
    )


@pytest.fixture
def placement(officer, trained, vacancy, vte_org):
    return services.placement_create(
        actor=officer, person=trained, vacancy=vacancy, recorded_by_organisation=vte_org, starts_on=STARTED
    )
