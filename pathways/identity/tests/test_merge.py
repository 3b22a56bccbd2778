import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pathways.core.models import AuditEvent
from pathways.identity import services
from pathways.identity.models import CandidatePair, PairDecision
from pathways.people import names
from pathways.people import selectors as people_selectors
from pathways.people.models import Consent, Person, Phone
from pathways.people.services import DocumentInput, consent_record
from pathways.testing.factories import make_person


@pytest.fixture
def twin(officer):
    """The same woman registered again by another partner: other spelling, year only, another phone."""
    person = make_person(
        actor=officer,
        given_name_latin="Suksavan",
        family_name_latin="Pommachan",
        birth_year=1994,
        home_province="LA-SV",
        home_district="Kaysone Phomvihane",
        phones=["020 7777 0001", "020 5555 1234"],
        documents=[DocumentInput(kind="passport", number="P1234567")],
    )
    consent_record(
        actor=officer, person=person, given_on=datetime.date(2023, 5, 1), purposes=["registration"],
        notice_version="2020-1", notice_language="lo", method="signed",
    )  # fmt: skip
    return person


def test_merge_moves_every_row_keeps_names_as_aliases_and_counts_one_person(officer, souk, twin):
    before = people_selectors.person_counts(actor=officer)["total"]["all"]

    record = services.person_merge(
        actor=officer,
        survivor=souk,
        merged=twin,
        choices={"home_district": "merged", "birth_year": "survivor"},
    )

    souk.refresh_from_db()
    assert souk.home_district.name_en == twin.home_district.name_en
    assert souk.birth_date == datetime.date(1994, 3, 7)
    assert set(souk.phones.values_list("number", flat=True)) == {"+8562055551234", "+8562077770001"}
    assert souk.documents.get().number == "P1234567"
    assert Consent.objects.filter(person=souk).count() == 1
    assert "Suksavan Pommachan" in set(souk.aliases.values_list("value", flat=True))
    assert names.fold("Suksavan") in souk.search_text
    # The shared phone was already the survivor's: the copy stays with the merged record.
    assert Phone.objects.filter(person=twin).count() == 1
    assert {r["model"] for r in record.repointed} >= {
        "people.phone",
        "people.identitydocument",
        "people.consent",
    }
    assert people_selectors.person_counts(actor=officer)["total"]["all"] == before - 1
    assert twin not in people_selectors.person_list(actor=officer)
    with pytest.raises(Http404):
        people_selectors.person_get(actor=officer, person_id=twin.pk)
    assert PairDecision.objects.get().decision == "same"
    assert AuditEvent.objects.filter(action="person.merge", person_id=souk.pk).exists()
    assert AuditEvent.objects.filter(action="person.merged_into", person_id=twin.pk).exists()


def test_unmerge_restores_both_records_exactly(officer, souk, twin):
    souk_phones = sorted(souk.phones.values_list("number", flat=True))
    twin_phones = sorted(twin.phones.values_list("number", flat=True))
    record = services.person_merge(
        actor=officer, survivor=souk, merged=twin, choices={"home_district": "merged"}
    )

    services.person_unmerge(actor=officer, record=record)

    souk.refresh_from_db()
    twin.refresh_from_db()
    assert twin.merged_into is None
    assert souk.home_district is None
    assert sorted(souk.phones.values_list("number", flat=True)) == souk_phones
    assert sorted(twin.phones.values_list("number", flat=True)) == twin_phones
    assert twin.documents.count() == 1 and souk.documents.count() == 0
    assert Consent.objects.filter(person=twin).count() == 1
    assert not souk.aliases.exists()
    assert people_selectors.person_get(actor=officer, person_id=twin.pk) == twin
    assert PairDecision.objects.get().decision == "different"
    with pytest.raises(ValidationError, match="already undone"):
        services.person_unmerge(actor=officer, record=record)


def test_only_national_roles_merge_and_a_refusal_changes_nothing(vte_staff, officer, souk, twin):
    with pytest.raises(PermissionDenied):
        services.person_merge(actor=vte_staff, survivor=souk, merged=twin)
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_a_reviewer_limited_to_a_province_cannot_merge_records_outside_it(places, officer, souk):
    from pathways.testing.factories import UserFactory

    vte_officer = UserFactory(role="programme_officer", province_codes=["LA-VT"])
    other = make_person(actor=officer, given_name_latin="Souksavanh", home_province="LA-VT")
    with pytest.raises(Http404):
        services.person_merge(actor=vte_officer, survivor=other, merged=souk)


def test_a_decided_pair_is_never_listed_again(officer, souk, twin):
    from pathways.identity.selectors import candidate_pair_list

    pair = {"a": min(souk.pk.hex, twin.pk.hex), "b": max(souk.pk.hex, twin.pk.hex), "probability": 0.9,
            "match_weight": 5.0, "explanation": []}  # fmt: skip
    services.candidates_store(actor=None, model=None, pairs=[pair], clusters={})
    assert candidate_pair_list(actor=officer).count() == 1

    services.pair_decide(actor=officer, person_a=twin, person_b=souk, decision="different")

    assert candidate_pair_list(actor=officer).count() == 0
    services.candidates_store(actor=None, model=None, pairs=[pair], clusters={})
    assert CandidatePair.objects.count() == 0
    with pytest.raises(ValidationError, match="already decided"):
        services.pair_decide(actor=officer, person_a=souk, person_b=twin, decision="same")


def test_both_timelines_show_the_merge_and_its_undoing_naming_the_other_record_only_to_who_may_see_it(
    officer, vte_staff, souk, twin
):
    from pathways.people.timeline import person_timeline

    record = services.person_merge(actor=officer, survivor=souk, merged=twin, choices={})
    services.person_unmerge(actor=officer, record=record)

    survivor_side = {e.kind: e for e in person_timeline(actor=officer, person=souk)}
    merged_side = {e.kind: e for e in person_timeline(actor=officer, person=twin)}
    assert {"merged", "unmerged"} <= set(survivor_side) and {"merged", "unmerged"} <= set(merged_side)
    assert survivor_side["merged"].detail == twin.display_name
    assert merged_side["merged"].title == "Merged into another record of the same person"
    assert merged_side["merged"].detail == souk.display_name
    # Vientiane staff see their own record but not the Savannakhet record merged into it: no name is shown.
    local = make_person(actor=vte_staff, given_name_latin="Souksavanh", home_province="LA-VT")
    services.person_merge(actor=officer, survivor=local, merged=twin, choices={})
    staff_view = {e.kind: e for e in person_timeline(actor=vte_staff, person=local)}
    assert staff_view["merged"].detail == "" and not Person.objects.filter(pk=twin.pk, home_province="LA-VT")
