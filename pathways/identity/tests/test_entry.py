import datetime

from pathways.identity.entry import entry_candidates
from pathways.people.services import PersonInput
from pathways.testing.factories import make_person


def _input(**values) -> PersonInput:
    defaults = {"sex": "female", "migrant_status": "returnee", "home_province": "LA-SV"}
    return PersonInput(**{**defaults, **values})


def test_a_re_entry_with_another_spelling_and_swapped_day_and_month_is_found(officer, souk):
    found = entry_candidates(
        actor=officer,
        data=_input(
            given_name_latin="Suksavan", family_name_latin="Pommachan", birth_date=datetime.date(1994, 7, 3)
        ),
    )
    assert [c.person for c in found] == [souk]
    levels = {e["comparison"]: e["level"] for e in found[0].explanation}
    assert levels["birth"] == "day and month swapped"


def test_swapped_names_in_lao_script_with_a_year_only_and_the_same_phone_are_found(officer, souk):
    found = entry_candidates(
        actor=officer,
        data=_input(
            given_name_lo="ພົມມະຈັນ", family_name_lo="ສຸກສະຫວັນ", birth_year=1994, phones=["+8562055551234"]
        ),
    )
    assert [c.person for c in found] == [souk]


def test_a_different_person_with_the_same_family_name_is_not_proposed(officer, souk):
    found = entry_candidates(
        actor=officer,
        data=_input(
            given_name_latin="Bounmy", family_name_latin="Phommachanh", birth_date=datetime.date(2001, 11, 20)
        ),
    )
    assert found == []


def test_people_outside_the_actors_scope_are_never_shown(vte_staff, souk):
    # souk lives in Savannakhet and was registered by a national officer: not visible to Vientiane staff.
    found = entry_candidates(
        actor=vte_staff, data=_input(given_name_latin="Souksavanh", family_name_latin="Phommachanh")
    )
    assert found == []


def test_an_office_phone_shared_by_many_records_does_not_make_them_candidates(officer):
    office = "021 212 345"
    for i, name in enumerate(["Bounmy", "Chanthala", "Daovone", "Keo", "Manivanh", "Noy", "Phet"]):
        make_person(
            actor=officer,
            given_name_latin=name,
            family_name_latin=f"Family{i}",
            phones=[office],
            home_province="LA-VT",
        )
    found = entry_candidates(
        actor=officer, data=_input(given_name_latin="Vilay", family_name_latin="Xaysana", phones=[office])
    )
    assert found == []


def test_placeholder_dates_and_one_letter_names_do_not_flood_the_candidates(officer):
    for name in ["Bounmy", "Chanthala", "Daovone", "Keo", "Manivanh"]:
        make_person(
            actor=officer, given_name_latin=name, family_name_latin="", birth_date=datetime.date(1900, 1, 1)
        )
        make_person(
            actor=officer, given_name_latin="K", family_name_latin="S", birth_date=datetime.date(1990, 1, 1)
        )
    found = entry_candidates(
        actor=officer,
        data=_input(
            given_name_latin="K",
            family_name_latin="S",
            birth_date=datetime.date(1900, 1, 1),
            home_province="LA-VT",
        ),
    )
    assert found == []
