import datetime

import pytest

from pathways.testing.factories import make_person


@pytest.fixture
def souk(officer):
    """A returnee registered with a full date of birth, a phone and a passport."""
    return make_person(
        actor=officer,
        given_name_lo="ສຸກສະຫວັນ",
        family_name_lo="ພົມມະຈັນ",
        given_name_latin="Souksavanh",
        family_name_latin="Phommachanh",
        birth_date=datetime.date(1994, 3, 7),
        home_province="LA-SV",
        phones=["020 5555 1234"],
    )
