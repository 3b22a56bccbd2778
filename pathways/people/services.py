"""Every write to the registry: validated once here for forms, the API and imports alike."""

import datetime
import uuid
from dataclasses import dataclass, field, fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core import audit, bulk
from pathways.identity.keys import keys_for
from pathways.identity.models import MatchProfile
from pathways.identity.profiles import profile_refresh
from pathways.partners.selectors import primary_organisation_id
from pathways.people import names, scopes, validation
from pathways.people.models import (
    WG_DOMAINS,
    AliasKind,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    IdentityDocument,
    MigrantStatus,
    Person,
    PersonAlias,
    Phone,
    Sex,
)
from pathways.places.models import Country, District, Village
from pathways.places.selectors import district_match, province_match


@dataclass
class AliasInput:
    kind: str
    value: str


@dataclass
class DocumentInput:
    kind: str
    number: str
    issuing_country: str = "LA"
    expiry_date: datetime.date | None = None


@dataclass
class PersonInput:
    """Everything a person record holds, as an entry point received it (places as codes or names)."""

    given_name_lo: str = ""
    family_name_lo: str = ""
    given_name_latin: str = ""
    family_name_latin: str = ""
    sex: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    migrant_status: str = ""
    home_province: str = ""
    home_district: str = ""
    home_village: str = ""
    wg_seeing: int | None = None
    wg_hearing: int | None = None
    wg_walking: int | None = None
    wg_remembering: int | None = None
    wg_selfcare: int | None = None
    wg_communicating: int | None = None
    phones: list[str] = field(default_factory=list)
    aliases: list[AliasInput] = field(default_factory=list)
    documents: list[DocumentInput] = field(default_factory=list)


PERSON_FIELDS = [f.name for f in fields(PersonInput) if f.name not in {"phones", "aliases", "documents"}]
PLACE_FIELDS = {"home_province", "home_district", "home_village"}


def person_input_from(person: Person) -> PersonInput:
    """Return the person's current values as input, the base that a partial update is applied to."""
    values = {name: getattr(person, name) for name in PERSON_FIELDS if name not in PLACE_FIELDS}
    return PersonInput(
        **values,
        home_province=person.home_province_id or "",
        home_district=person.home_district.code if person.home_district else "",
        home_village=person.home_village.name_local if person.home_village else "",
        phones=[p.number for p in person.phones.all()],
        aliases=[AliasInput(a.kind, a.value) for a in person.aliases.all()],
        documents=[
            DocumentInput(d.kind, d.number, d.issuing_country_id, d.expiry_date)
            for d in person.documents.all()
        ],
    )


@dataclass
class _Clean:
    values: dict
    phones: list[str]
    aliases: list[tuple[str, str]]
    documents: list[tuple[str, str, str, datetime.date | None]]
    village_to_create: tuple[District, str] | None


_SEXES = frozenset(Sex.values)
_STATUSES = frozenset(MigrantStatus.values)


def _clean(
    data: PersonInput, *, countries: frozenset[str] | None = None, defer_village: bool = False
) -> _Clean:
    """Validate and normalise input, raising one ValidationError that names every bad field.

    `countries` (the issuing-country codes) may be given by bulk callers so no row queries them; with
    `defer_village` the village is not looked up here but left in `village_to_create` for the bulk writer,
    which resolves the villages of many rows at once.
    """
    errors: dict[str, list[str]] = {}

    def fail(key: str, message) -> None:
        errors.setdefault(key, []).append(str(message))

    values: dict = {}
    for name in ("given_name_lo", "family_name_lo"):
        values[name] = names.normalise(getattr(data, name))
        try:
            validation.check_lao_script(values[name])
        except ValidationError as e:
            fail(name, e.messages[0])
    for name in ("given_name_latin", "family_name_latin"):
        values[name] = names.normalise(getattr(data, name))
        try:
            validation.check_latin_script(values[name])
        except ValidationError as e:
            fail(name, e.messages[0])
    for name in ("given_name_lo", "family_name_lo", "given_name_latin", "family_name_latin"):
        if len(values[name]) > 100:
            fail(name, _("At most 100 characters."))
    if not values["given_name_lo"] and not values["given_name_latin"]:
        fail("given_name_latin", _("Give the given name in Lao script or in Latin letters (or both)."))

    if data.sex not in _SEXES:
        fail("sex", _("Choose the sex: female, male or other."))
    values["sex"] = data.sex
    if data.migrant_status not in _STATUSES:
        fail(
            "migrant_status",
            _("Choose a migrant status: %(choices)s.") % {"choices": ", ".join(MigrantStatus.values)},
        )
    values["migrant_status"] = data.migrant_status

    for key, message in validation.check_birth(
        data.birth_date, data.birth_year, timezone.localdate()
    ).items():
        fail(key, message)
    values["birth_date"], values["birth_year"] = data.birth_date, data.birth_year

    for name in WG_DOMAINS:
        answer = getattr(data, name)
        if answer is not None and answer not in (1, 2, 3, 4):
            fail(name, _("Answer 1 (no difficulty) to 4 (cannot do at all)."))
        values[name] = answer

    province = district = village = None
    village_to_create = None
    if data.home_province:
        province = province_match(data.home_province)
        if province is None:
            fail(
                "home_province",
                _("Unknown province %(p)s. Use an ISO code such as LA-VT or a province name.")
                % {"p": repr(data.home_province)},
            )
    if data.home_district:
        district = district_match(data.home_district, province=province)
        if district is None:
            fail(
                "home_district",
                _("Unknown district %(d)s%(in)s.")
                % {"d": repr(data.home_district), "in": _(" in %(p)s") % {"p": province} if province else ""},
            )
        elif province is None and "home_province" not in errors:
            province = district.province
    if data.home_village:
        if district is None:
            if "home_district" not in errors:
                fail("home_village", _("Give the district the village is in."))
        else:
            village_name = names.normalise(data.home_village)
            if not defer_village:
                # Unique per district; order by pk so the query does not join the ordering of District.
                village = (
                    Village.objects.filter(district=district, name_local=village_name).order_by("pk").first()
                )
            if village is None:
                village_to_create = (district, village_name)
    values["home_province"], values["home_district"], values["home_village"] = province, district, village

    phones: list[str] = []
    for i, raw in enumerate(data.phones):
        if not raw.strip():
            continue
        try:
            number = validation.phone_e164(raw)
        except ValidationError as e:
            fail(f"phones.{i}", e.messages[0])
            continue
        if number not in phones:
            phones.append(number)

    aliases: list[tuple[str, str]] = []
    for i, alias in enumerate(data.aliases):
        value = names.normalise(alias.value)
        if alias.kind not in AliasKind.values:
            fail(f"aliases.{i}.kind", _("Choose latin, lao or nickname."))
        elif value and (alias.kind, value) not in aliases:
            aliases.append((alias.kind, value))

    documents: list[tuple[str, str, str, datetime.date | None]] = []
    if countries is None:
        countries = person_reference() if data.documents else frozenset()
    for i, doc in enumerate(data.documents):
        try:
            number = validation.document_number(doc.kind, doc.number)
        except ValidationError as e:
            fail(f"documents.{i}.number", e.messages[0])
            continue
        if doc.issuing_country not in countries:
            fail(
                f"documents.{i}.issuing_country",
                _("Unknown issuing country %(c)s; use LA, TH, KH or MM.") % {"c": repr(doc.issuing_country)},
            )
            continue
        documents.append((doc.kind, number, doc.issuing_country, doc.expiry_date))

    if errors:
        raise ValidationError(errors)
    return _Clean(values, phones, aliases, documents, village_to_create)


def _refresh_keys(person: Person, clean: _Clean) -> None:
    person.name_sort_key = names.sort_key(sort_name(person))
    person.search_text = search_text(
        [
            person.given_name_lo,
            person.family_name_lo,
            person.given_name_latin,
            person.family_name_latin,
            *(value for _kind, value in clean.aliases),
        ],
        phones=clean.phones,
        document_numbers=[number for _k, number, _c, _e in clean.documents],
    )


def person_keys_refresh(person: Person) -> None:
    """Recompute the person's derived keys from the stored values (after a merge moved children)."""
    aliases = list(person.aliases.values_list("value", flat=True))
    person.name_sort_key = names.sort_key(sort_name(person))
    person.search_text = search_text(
        [
            person.given_name_lo,
            person.family_name_lo,
            person.given_name_latin,
            person.family_name_latin,
            *aliases,
        ],
        phones=list(person.phones.values_list("number", flat=True)),
        document_numbers=list(person.documents.values_list("number", flat=True)),
    )
    person.save(update_fields=["name_sort_key", "search_text", "updated_at"])
    profile_refresh(person)


def sort_name(person: Person) -> str:
    """Lao lists are ordered by given name, then family name; the Lao spelling wins when there is one."""
    return _sort_text(
        person.given_name_lo, person.family_name_lo, person.given_name_latin, person.family_name_latin
    )


def _sort_text(given_lo: str, family_lo: str, given_latin: str, family_latin: str) -> str:
    if given_lo:
        return f"{given_lo} {family_lo}"
    return f"{given_latin} {family_latin}"


def search_text(name_values: list[str], *, phones: list[str], document_numbers: list[str]) -> str:
    """Build the folded text a person is found by: every spelling, phone and document number."""
    folded = {names.fold(value) for value in name_values if value}
    local_phones = {p.lstrip("+") for p in phones} | {"0" + p[4:] for p in phones if p.startswith("+856")}
    return " ".join(sorted(folded | local_phones | {n.lower() for n in document_numbers}))


def _write_children(person: Person, clean: _Clean, *, new: bool = False) -> list[str]:
    """Replace phones, aliases and documents, returning which of the three changed.

    A person just created has none yet; not asking saves three queries per row of an import.
    """
    changed = []
    current_phones = [] if new else [p.number for p in person.phones.all()]
    if sorted(current_phones) != sorted(clean.phones):
        if current_phones:
            person.phones.all().delete()
        Phone.objects.bulk_create([Phone(person=person, number=n) for n in clean.phones])
        changed.append("phones")
    current_aliases = [] if new else sorted((a.kind, a.value) for a in person.aliases.all())
    if current_aliases != sorted(clean.aliases):
        if current_aliases:
            person.aliases.all().delete()
        PersonAlias.objects.bulk_create(
            [PersonAlias(person=person, kind=k, value=v) for k, v in clean.aliases]
        )
        changed.append("aliases")
    current_docs = (
        []
        if new
        else [(d.kind, d.number, d.issuing_country_id, d.expiry_date) for d in person.documents.all()]
    )
    if sorted(current_docs, key=str) != sorted(clean.documents, key=str):
        if current_docs:
            person.documents.all().delete()
        IdentityDocument.objects.bulk_create(
            [
                IdentityDocument(person=person, kind=k, number=n, issuing_country_id=c, expiry_date=e)
                for k, n, c, e in clean.documents
            ]
        )
        changed.append("documents")
    return changed


def _ensure_village(clean: _Clean) -> None:
    if clean.village_to_create:
        district, name = clean.village_to_create
        clean.values["home_village"], _created = Village.objects.get_or_create(
            district=district, name_local=name
        )


_require_writer = scopes.require_writer


@transaction.atomic
def person_create(*, actor, data: PersonInput) -> Person:
    """Register a person; the actor's primary organisation becomes the registering partner."""
    _require_writer(actor)
    clean = _clean(data)
    _ensure_village(clean)
    person = Person(**clean.values, owner_organisation_id=primary_organisation_id(actor), created_by=actor)
    _refresh_keys(person, clean)
    person.save()
    _write_children(person, clean, new=True)
    profile_refresh(person)
    audit.record(
        actor=actor,
        action="person.create",
        obj=person,
        person_id=person.pk,
        changed_fields=[k for k, v in clean.values.items() if v not in (None, "")],
    )
    return person


@dataclass
class PreparedPerson:
    """A person validated exactly as person_create validates, with the derived keys computed, ready for
    person_create_many. Plain values only (places as ids), so it can be built in a worker process without
    a database connection (imports validate in parallel with writing)."""

    values: dict  # Person attribute names (home_province_id, ...) -> value; the village is still to resolve
    phones: list[str]
    aliases: list[tuple[str, str]]
    documents: list[tuple[str, str, str, datetime.date | None]]
    village: tuple[int, str] | None  # (district id, village name), resolved or added when written
    name_sort_key: str
    search_text: str
    profile: dict  # identity matching keys (MatchProfile fields)


def person_reference() -> frozenset[str]:
    """What person_prepare needs from the database besides the places index: the issuing-country codes."""
    return frozenset(Country.objects.values_list("code", flat=True))


def person_prepare(data: PersonInput, *, countries: frozenset[str]) -> PreparedPerson:
    """Validate and derive the keys of one new person without writing (or querying) anything; raises the
    same ValidationError as person_create. Places are matched from the in-memory index of places.selectors."""
    clean = _clean(data, countries=countries, defer_village=True)
    values = {k: v for k, v in clean.values.items() if k not in PLACE_FIELDS}
    values["home_province_id"] = clean.values["home_province"].pk if clean.values["home_province"] else None
    values["home_district_id"] = clean.values["home_district"].pk if clean.values["home_district"] else None
    village = (clean.village_to_create[0].pk, clean.village_to_create[1]) if clean.village_to_create else None
    given_lo, family_lo = values["given_name_lo"], values["family_name_lo"]
    given_latin, family_latin = values["given_name_latin"], values["family_name_latin"]
    alias_values = [value for _kind, value in clean.aliases]
    document_numbers = [number for _k, number, _c, _e in clean.documents]
    return PreparedPerson(
        values=values,
        phones=clean.phones,
        aliases=clean.aliases,
        documents=clean.documents,
        village=village,
        name_sort_key=names.sort_key(_sort_text(given_lo, family_lo, given_latin, family_latin)),
        search_text=search_text(
            [given_lo, family_lo, given_latin, family_latin, *alias_values],
            phones=clean.phones,
            document_numbers=document_numbers,
        ),
        profile=vars(
            keys_for(
                given_name_lo=given_lo,
                family_name_lo=family_lo,
                given_name_latin=given_latin,
                family_name_latin=family_latin,
                birth_date=values["birth_date"],
                birth_year=values["birth_year"],
                aliases=alias_values,
                phones=clean.phones,
                document_numbers=document_numbers,
            )
        ),
    )


def person_prepare_many(
    items: list[PersonInput], *, countries: frozenset[str] | None = None
) -> list[PreparedPerson | ValidationError]:
    """person_prepare for many; returns, in order, the prepared person or the ValidationError of each."""
    countries = person_reference() if countries is None else countries
    results: list[PreparedPerson | ValidationError] = []
    for data in items:
        try:
            results.append(person_prepare(data, countries=countries))
        except ValidationError as error:
            results.append(error)
    return results


def _villages_resolve(people: list[PreparedPerson], villages: dict) -> dict[tuple[int, str], int]:
    """(district id, name) -> village id for every village named, adding the ones not known yet.
    `villages` is the caller's memo across calls: ("loaded", district id) and (district id, name) -> id."""
    wanted = {p.village for p in people if p.village}
    for district_id in {d for d, _name in wanted if ("loaded", d) not in villages}:
        # One query per district for a whole import instead of one per row.
        villages[("loaded", district_id)] = True
        known = Village.objects.filter(district_id=district_id).values_list("pk", "name_local")
        villages.update({(district_id, name): pk for pk, name in known})
    missing = sorted(wanted - villages.keys())
    if missing:
        # Unique per district: a village another import added meanwhile is kept, not duplicated.
        Village.objects.bulk_create(
            [Village(district_id=d, name_local=name) for d, name in missing], ignore_conflicts=True
        )
        for district_id in {d for d, _name in missing}:
            names_here = [name for d, name in missing if d == district_id]
            added = Village.objects.filter(district_id=district_id, name_local__in=names_here)
            villages.update({(district_id, name): pk for pk, name in added.values_list("pk", "name_local")})
    return villages


_PERSON_ATTNAMES = [f.attname for f in Person._meta.concrete_fields]
_PERSON_DEFAULTS = {f.attname: f.get_default() for f in Person._meta.concrete_fields}
_PROFILE_FIELDS = [f.attname for f in MatchProfile._meta.concrete_fields if f.attname != "person_id"]


def _written_person(row: list) -> Person:
    """The Person of a row just inserted. Built like Model.from_db but without running __init__ and its
    pre/post_init signals per row, which cost more than the insert itself in a 100,000-row import."""
    person = Person.__new__(Person)
    person.__dict__.update(zip(_PERSON_ATTNAMES, row, strict=True))
    person._state = ModelState()
    person._state.adding, person._state.db = False, "default"
    return person


@transaction.atomic
def person_create_many(
    *,
    actor,
    items: list[PersonInput] | None = None,
    villages: dict | None = None,
    prepared: list[PreparedPerson | ValidationError] | None = None,
) -> list[Person | ValidationError]:
    """Register many people at once (imports): each is validated exactly as by person_create, and the
    valid ones are written in bulk with their phones, aliases, documents, matching keys and audit events.
    Give `items`, or `prepared` (person_prepare_many's result, e.g. from a worker process). Returns, in order,
    the new Person or the ValidationError of each item. `villages` may be kept by the caller across calls
    of one transaction (an import) as a look-up memo."""
    _require_writer(actor)
    if prepared is None:
        prepared = person_prepare_many(items or [])
    organisation_id = primary_organisation_id(actor)
    ready = [p for p in prepared if isinstance(p, PreparedPerson)]
    village_ids = _villages_resolve(ready, {} if villages is None else villages)
    now = timezone.now()
    results: list[Person | ValidationError] = []
    rows: list[list] = []
    phones: list[tuple] = []
    aliases: list[tuple] = []
    documents: list[tuple] = []
    profiles: list[tuple] = []
    events: list[tuple] = []
    for item in prepared:
        if not isinstance(item, PreparedPerson):
            results.append(item)
            continue
        person_id = uuid.uuid4()
        fields = {
            **_PERSON_DEFAULTS,
            **item.values,
            "id": person_id,
            "created_at": now,
            "updated_at": now,
            "home_village_id": village_ids[item.village] if item.village else None,
            "owner_organisation_id": organisation_id,
            "created_by_id": actor.pk,
            "name_sort_key": item.name_sort_key,
            "search_text": item.search_text,
        }
        row = [fields[name] for name in _PERSON_ATTNAMES]
        rows.append(row)
        person = _written_person(row)
        results.append(person)
        phones += [(person_id, number) for number in item.phones]
        aliases += [(person_id, kind, value) for kind, value in item.aliases]
        documents += [(person_id, k, n, c, e) for k, n, c, e in item.documents]
        profiles.append((person_id, *(item.profile[name] for name in _PROFILE_FIELDS)))
        changed = [k.removesuffix("_id") for k, v in item.values.items() if v not in (None, "")]
        events.append((person, person_id, changed + (["home_village"] if item.village else [])))
    bulk.insert_rows(Person, _PERSON_ATTNAMES, rows)
    bulk.insert_rows(Phone, ["person_id", "number"], phones)
    bulk.insert_rows(PersonAlias, ["person_id", "kind", "value"], aliases)
    bulk.insert_rows(
        IdentityDocument, ["person_id", "kind", "number", "issuing_country_id", "expiry_date"], documents
    )
    bulk.insert_rows(MatchProfile, ["person_id", *_PROFILE_FIELDS], profiles)
    audit.record_many(actor=actor, action="person.create", items=events, at=now)
    return results


@transaction.atomic
def person_update(*, actor, person: Person, data: PersonInput) -> Person:
    """Replace the person's values with `data`, recording which fields changed."""
    _require_writer(actor)
    clean = _clean(data)
    _ensure_village(clean)
    changed = audit.apply_changes(person, clean.values)
    changed += _write_children(person, clean)
    _refresh_keys(person, clean)
    if changed:
        person.save()
        profile_refresh(person)
        audit.record(
            actor=actor, action="person.update", obj=person, person_id=person.pk, changed_fields=changed
        )
    return person


@transaction.atomic
def migrant_status_set(*, actor, person: Person, status: str) -> bool:
    """Set the person's migrant status alone (a recorded return makes them a returnee); True when it changed.
    Audited as a correction of the person's record."""
    _require_writer(actor)
    if status not in MigrantStatus.values:
        raise ValidationError(
            {"migrant_status": _("Unknown migrant status %(status)r.") % {"status": status}}
        )
    return bool(
        audit.save_changes(
            actor=actor,
            action="person.update",
            instance=person,
            values={"migrant_status": status},
            person_id=person.pk,
        )
    )


@transaction.atomic
def person_delete(*, actor, person: Person) -> None:
    """Delete a person and everything recorded only about them (administrators only)."""
    scopes.require_deleter(actor)
    audit.record(actor=actor, action="person.delete", obj=person, person_id=person.pk)
    person.delete()


@transaction.atomic
def consent_record(
    *,
    actor,
    person: Person,
    given_on: datetime.date,
    purposes: list[str],
    notice_version: str,
    notice_language: str,
    method: str,
) -> Consent:
    """Record the person's consent for the given purposes under a version of the privacy notice."""
    _require_writer(actor)
    errors: dict[str, str] = {}
    if given_on > timezone.localdate():
        errors["given_on"] = _("Consent cannot be dated in the future.")
    unknown = sorted(set(purposes) - set(ConsentPurpose.values))
    if not purposes:
        errors["purposes"] = _("Choose at least one purpose.")
    elif unknown:
        errors["purposes"] = _("Unknown purposes: %(p)s.") % {"p": ", ".join(unknown)}
    if not notice_version.strip():
        errors["notice_version"] = _("Give the version of the privacy notice that was read to the person.")
    if method not in ConsentMethod.values:
        errors["method"] = _("Choose how consent was given.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person,
        given_on=given_on,
        purposes=sorted(set(purposes)),
        notice_version=notice_version.strip(),
        notice_language=notice_language,
        method=method,
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="consent.record",
        obj=consent,
        person_id=person.pk,
        changed_fields=["given_on", "purposes", "notice_version", "notice_language", "method"],
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, withdrawn_on: datetime.date, reason: str = "") -> Consent:
    """Record that the person withdrew this consent."""
    _require_writer(actor)
    if consent.withdrawn_on is not None:
        raise ValidationError(
            {"withdrawn_on": _("This consent was already withdrawn on %(d)s.") % {"d": consent.withdrawn_on}}
        )
    if withdrawn_on < consent.given_on or withdrawn_on > timezone.localdate():
        raise ValidationError(
            {"withdrawn_on": _("The withdrawal date must be between the consent date and today.")}
        )
    consent.withdrawn_on, consent.withdrawal_reason = withdrawn_on, reason.strip()
    consent.save(update_fields=["withdrawn_on", "withdrawal_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="consent.withdraw",
        obj=consent,
        person_id=consent.person_id,
        changed_fields=["withdrawn_on", "withdrawal_reason"],
    )
    return consent
