import datetime

import pytest

from pathways.accounts.models import Role
from pathways.protection import services
from pathways.testing.factories import UserFactory, make_person

OPENED = datetime.date(2023, 5, 2)


@pytest.fixture
def case_worker(svk_org):
    return UserFactory(
        username="cw.noy", role=Role.CASE_WORKER, organisation=svk_org, province_codes=["LA-SV"]
    )


@pytest.fixture
def supervisor(svk_org):
    return UserFactory(
        username="cw.boss", role=Role.CASE_WORKER, organisation=svk_org, province_codes=["LA-SV"]
    )


@pytest.fixture
def colleague(svk_org):
    """A case worker of the same organisation and province, not on the case."""
    return UserFactory(
        username="cw.other", role=Role.CASE_WORKER, organisation=svk_org, province_codes=["LA-SV"]
    )


@pytest.fixture
def survivor(svk_staff):
    return make_person(
        actor=svk_staff, given_name_latin="Keo", family_name_latin="Sisouk", home_province="LA-SV"
    )


@pytest.fixture
def case(case_worker, supervisor, svk_org, survivor):
    return services.case_open(
        actor=case_worker,
        person_id=survivor.pk,
        organisation=svk_org,
        kind="trafficking",
        risk="high",
        opened_on=OPENED,
        supervisor=supervisor,
        summary="Returned from a fishing boat; wages withheld for two years.",
    )
