import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pathways.core.models import AuditEvent
from pathways.people import names, services
from pathways.people.models import Person
from pathways.people.services import AliasInput, DocumentInput, PersonInput
from pathways.testing.factories import make_person


def test_a_person_is_registered_with_normalised_names_phones_and_documents(vte_staff, vte_org):
    person = make_person(
        actor=vte_staff,
        given_name_lo="ສຸກສະຫວັນ",
        family_name_lo="ຫລວງລາດ",
        phones=["020 5555 1234"],
        aliases=[AliasInput("nickname", "Noy")],
        documents=[DocumentInput("passport", "p 123-4567", "LA")],
    )
    assert person.family_name_lo == "ຫຼວງລາດ"
    assert [p.number for p in person.phones.all()] == ["+8562055551234"]
    assert person.documents.get().number == "P1234567"
    assert person.owner_organisation == vte_org
    assert names.fold("Noy") in person.search_text.split()
    assert names.fold("ສຸກສະຫວັນ") in person.search_text.split()


def test_a_person_with_only_a_lao_given_name_and_no_family_name_is_accepted(vte_staff):
    person = make_person(actor=vte_staff, given_name_lo="ປາ", given_name_latin="", family_name_latin="")
    assert person.display_name == "ປາ"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"phones": ["12345"]}, "phones.0", "not a valid phone number"),
        ({"birth_date": datetime.date(2099, 1, 1)}, "birth_date", "in the future"),
        ({"birth_year": 1850}, "birth_year", "between 1900"),
        (
            {"documents": [DocumentInput("passport", "12", "LA")]},
            "documents.0.number",
            "not a valid Passport",
        ),
        ({"documents": [DocumentInput("pink_card", "ABC", "TH")]}, "documents.0.number", "13 digits"),
        ({"home_province": "Atlantis"}, "home_province", "Unknown province"),
        (
            {"home_province": "LA-VT", "home_district": "Kaysone Phomvihane"},
            "home_district",
            "Unknown district",
        ),
        ({"sex": "x"}, "sex", "Choose the sex"),
        ({"given_name_latin": "", "given_name_lo": ""}, "given_name_latin", "Give the given name"),
        ({"given_name_lo": "Somchai"}, "given_name_lo", "Lao script"),
        ({"wg_seeing": 7}, "wg_seeing", "Answer 1"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(vte_staff, values, field, message):
    with pytest.raises(ValidationError) as caught:
        make_person(actor=vte_staff, **values)
    assert message in " ".join(caught.value.message_dict[field])
    assert Person.objects.count() == 0
    assert AuditEvent.objects.filter(action="person.create").count() == 0


def test_every_bad_field_is_reported_at_once(vte_staff):
    with pytest.raises(ValidationError) as caught:
        make_person(actor=vte_staff, phones=["1"], home_province="Nowhere", sex="")
    assert {"phones.0", "home_province", "sex"} <= set(caught.value.message_dict)


def test_a_district_without_a_province_sets_the_province(vte_staff):
    person = make_person(actor=vte_staff, home_province="", home_district="0104")
    assert person.home_province_id == "LA-VT"


def test_a_new_village_is_added_to_its_district(vte_staff):
    person = make_person(actor=vte_staff, home_district="0104", home_village="ບ້ານ ໂພນສະອາດ")
    again = make_person(
        actor=vte_staff, given_name_latin="Bee", home_district="0104", home_village="ບ້ານ ໂພນສະອາດ"
    )
    assert person.home_village == again.home_village


def test_an_update_records_who_changed_which_fields(vte_staff):
    person = make_person(actor=vte_staff)
    data = services.person_input_from(person)
    data.migrant_status = "current"
    data.phones = ["+66 81 234 5678"]
    services.person_update(actor=vte_staff, person=person, data=data)
    event = AuditEvent.objects.filter(action="person.update").get()
    assert event.actor == vte_staff
    assert event.changed_fields == ["migrant_status", "phones"]
    assert event.person_id == person.pk


def test_an_update_that_changes_nothing_records_nothing(vte_staff):
    person = make_person(actor=vte_staff)
    services.person_update(actor=vte_staff, person=person, data=services.person_input_from(person))
    assert not AuditEvent.objects.filter(action="person.update").exists()


def test_a_failed_update_leaves_the_record_as_it_was(vte_staff):
    person = make_person(actor=vte_staff, phones=["020 5555 1234"])
    data = services.person_input_from(person)
    data.migrant_status, data.phones = "current", ["nope"]
    with pytest.raises(ValidationError):
        services.person_update(actor=vte_staff, person=person, data=data)
    person.refresh_from_db()
    assert person.migrant_status == "returnee"
    assert list(person.phones.values_list("number", flat=True)) == ["+8562055551234"]


def test_a_donor_cannot_register_people(donor):
    with pytest.raises(PermissionDenied):
        make_person(actor=donor)


def test_only_an_administrator_deletes_and_the_deletion_is_audited(vte_staff, admin_user):
    person = make_person(actor=vte_staff)
    with pytest.raises(PermissionDenied):
        services.person_delete(actor=vte_staff, person=person)
    person_id = person.pk
    services.person_delete(actor=admin_user, person=person)
    assert not Person.objects.exists()
    assert AuditEvent.objects.filter(action="person.delete", person_id=person_id, actor=admin_user).exists()


def test_consent_is_recorded_and_withdrawn_with_dates_checked(vte_staff):
    person = make_person(actor=vte_staff)
    consent = services.consent_record(
        actor=vte_staff,
        person=person,
        given_on=datetime.date(2024, 5, 1),
        purposes=["registration", "follow_up"],
        notice_version="2024-1",
        notice_language="lo",
        method="thumbprint",
    )
    with pytest.raises(ValidationError, match="between the consent date and today"):
        services.consent_withdraw(actor=vte_staff, consent=consent, withdrawn_on=datetime.date(2024, 4, 1))
    services.consent_withdraw(
        actor=vte_staff, consent=consent, withdrawn_on=datetime.date(2024, 6, 1), reason="moved"
    )
    consent.refresh_from_db()
    assert not consent.is_active
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.consent_withdraw(actor=vte_staff, consent=consent, withdrawn_on=datetime.date(2024, 6, 2))


def test_consent_without_purposes_is_refused(vte_staff):
    person = make_person(actor=vte_staff)
    with pytest.raises(ValidationError) as caught:
        services.consent_record(
            actor=vte_staff,
            person=person,
            given_on=datetime.date(2024, 5, 1),
            purposes=[],
            notice_version="",
            notice_language="lo",
            method="signed",
        )
    assert {"purposes", "notice_version"} <= set(caught.value.message_dict)
    assert not person.consents.exists()


def test_washington_group_counts_a_lot_of_difficulty_in_any_domain_as_disability(vte_staff):
    assert make_person(actor=vte_staff, wg_walking=3).has_disability
    assert not make_person(actor=vte_staff, given_name_latin="Kham", wg_walking=2, wg_seeing=2).has_disability


def test_input_round_trips_through_person_input_from(vte_staff):
    person = make_person(
        actor=vte_staff,
        home_district="0104",
        home_village="ບ້ານ ໂພນສະອາດ",
        birth_year=1990,
        documents=[DocumentInput("passport", "P1234567", "LA", datetime.date(2030, 1, 1))],
    )
    data = services.person_input_from(person)
    assert isinstance(data, PersonInput)
    assert (data.home_province, data.home_district, data.home_village) == ("LA-VT", "0104", "ບ້ານ ໂພນສະອາດ")
    assert data.documents[0].expiry_date == datetime.date(2030, 1, 1)


def _record_of(person: Person) -> dict:
    """Everything stored about a person, minus what differs between any two records (ids, times)."""
    from pathways.identity.models import MatchProfile

    values = {
        f.attname: getattr(person, f.attname)
        for f in Person._meta.concrete_fields
        if f.attname not in {"id", "created_at", "updated_at"}
    }
    profile = MatchProfile.objects.get(person=person)
    event = AuditEvent.objects.get(object_id=str(person.pk), action="person.create")
    return {
        **values,
        "phones": sorted(p.number for p in person.phones.all()),
        "aliases": sorted((a.kind, a.value) for a in person.aliases.all()),
        "documents": sorted((d.kind, d.number, d.issuing_country_id) for d in person.documents.all()),
        "profile": {f.attname: getattr(profile, f.attname) for f in MatchProfile._meta.concrete_fields[1:]},
        "audit": (event.actor_id, event.object_type, event.person_id == person.pk, event.changed_fields),
    }


def test_bulk_registration_stores_exactly_what_single_registration_stores(vte_staff):
    data = dict(
        given_name_lo="ສຸກສະຫວັນ",
        family_name_lo="ຫລວງລາດ",
        given_name_latin="Souksavanh",
        family_name_latin="Luanglath",
        sex="female",
        birth_date=datetime.date(1994, 3, 21),
        migrant_status="returnee",
        home_province="Savanakhet",
        home_district="Kaysone",
        home_village="Ban Nongdouang",
        wg_seeing=3,
        phones=["020 5555 1234", "+66 81 234 5678"],
        aliases=[AliasInput("nickname", "Noy")],
        documents=[DocumentInput("passport", "p 123-4567", "LA")],
    )
    single = services.person_create(actor=vte_staff, data=PersonInput(**data))
    bad = PersonInput(given_name_latin="Keo", sex="x", migrant_status="returnee")
    results = services.person_create_many(actor=vte_staff, items=[PersonInput(**data), bad])

    assert isinstance(results[1], ValidationError) and "sex" in results[1].message_dict
    bulk = Person.objects.get(pk=results[0].pk)
    assert _record_of(bulk) == _record_of(single)
    assert bulk.home_village_id == single.home_village_id  # the village added once, then found
    assert bulk.created_at == bulk.updated_at
    assert abs(bulk.created_at - single.created_at).total_seconds() < 60
    assert Person.objects.count() == 2
