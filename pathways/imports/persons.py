"""Which registered person a row of a partner's sheet is about: found exactly, or the row is refused.

Shared by every import kind whose rows are about someone already registered (attendance, enrolments,
placements): the kind adds PERSON_FIELDS to its fields and calls person_from_row.

Partners name people in attendance, enrolment and placement sheets in three ways, tried in this order (the
first one the row fills decides; the others are not used to pick among candidates):

1. the registry ID (the person's id in Pathways, as in the people export and the person page);
2. the partner's own ID from an earlier people import (`SourceRecord` key), optionally with the name of that
   import's source when the same ID was used in several sources;
3. the name together with the date of birth, and the phone when the sheet has one: the name must equal the
   person's full name in Lao script, in Latin letters or an alias (spelling variants folded as in search),
   the birth date must be the recorded one, and a phone must be one of the person's phones.

Only people the actor may see are candidates (people.scopes.visible_to), and a record merged into another
leads to the person it was merged into. No match and several matches are both refusals with the reason:
a row is never attached to someone by a guess. When the row also gives a birth date and the person found by
ID has a different one recorded, the row is refused too (a mistyped ID would otherwise mark someone else).
"""

import dataclasses

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.imports.models import SourceRecord
from pathways.imports.registry import DATE, PHONE, FieldSpec
from pathways.people import names
from pathways.people.models import Person
from pathways.people.scopes import visible_to
from pathways.people.validation import phone_e164

PERSON_FIELDS = [
    FieldSpec(
        "person_id",
        gettext_lazy("registry ID"),
        synonyms=["registry id", "person id", "pathways id", "registry number", "ລະຫັດທະບຽນ", "ເລກທະບຽນ"],
    ),
    FieldSpec(
        "person_source_id",
        gettext_lazy("partner's ID (from an earlier people import)"),
        synonyms=[
            "source id",
            "partner id",
            "participant id",
            "beneficiary id",
            "trainee id",
            "respondent id",
            "ລະຫັດຜູ້ເຂົ້າຮ່ວມ",
            "ລະຫັດຜູ້ຮັບຜົນປະໂຫຍດ",
        ],
    ),
    FieldSpec(
        "person_source",
        gettext_lazy("source of that people import"),
        synonyms=["people source", "registration source", "id source"],
    ),
    FieldSpec(
        "full_name",
        gettext_lazy("full name"),
        synonyms=[
            "name",
            "full name",
            "fullname",
            "participant",
            "participant name",
            "trainee",
            "trainee name",
            "ຊື່ ແລະ ນາມສະກຸນ",
            "ຊື່ແລະນາມສະກຸນ",
            "ຊື່ ນາມສະກຸນ",
            "ຜູ້ເຂົ້າຮ່ວມ",
            "ຜູ້ຝຶກ",
        ],
    ),
    FieldSpec("given_name", gettext_lazy("given name"), synonyms=["given name", "first name", "ຊື່"]),
    FieldSpec(
        "family_name",
        gettext_lazy("family name"),
        synonyms=["family name", "surname", "last name", "ນາມສະກຸນ"],
    ),
    FieldSpec(
        "birth_date",
        gettext_lazy("date of birth"),
        type=DATE,
        synonyms=["date of birth", "dob", "birth date", "birthdate", "ວັນເດືອນປີເກີດ", "ວັນເກີດ", "ວ/ດ/ປ ເກີດ"],
    ),
    FieldSpec(
        "phone",
        gettext_lazy("phone"),
        type=PHONE,
        synonyms=["phone", "phone number", "telephone", "tel", "mobile", "ເບີໂທ", "ເບີໂທລະສັບ", "ໂທລະສັບ"],
    ),
]
# Every one of them says who the row is about: a value that fails its check refuses the row.
PERSON_FIELDS = [dataclasses.replace(f, essential=True) for f in PERSON_FIELDS]
PERSON_FIELD_NAMES = [f.name for f in PERSON_FIELDS]
_MAX_MERGE_HOPS = 10


def _name_of(values: dict) -> str:
    """The row's name without a title before it (ນາງ, นาย, Mr ...): records hold names without titles."""
    full = values.get("full_name") or ""
    if not full:
        full = " ".join(filter(None, [values.get("given_name") or "", values.get("family_name") or ""]))
    return names.without_title(full)[0]


def _tokens(text: str) -> frozenset[str]:
    return frozenset(names.fold(text).split())


def _visible(actor, person_id) -> Person | None:
    """The person with this id if the actor may see them; a merged record leads to the one it was merged
    into (a partner's old ID may name a record merged since)."""
    try:
        for _hop in range(_MAX_MERGE_HOPS):
            person = Person.objects.filter(visible_to(actor), pk=person_id).first()
            if person is not None:
                return person
            person_id = Person.objects.filter(pk=person_id).values_list("merged_into_id", flat=True).first()
            if person_id is None:
                return None
    except (ValueError, ValidationError):  # not a UUID
        pass
    return None


def _by_registry_id(actor, raw: str) -> Person:
    raw = raw.strip()
    person = _visible(actor, raw)
    if person is None:
        raise ValidationError(
            {
                "person_id": _("No one with registry ID %(id)s among the people you can see.")
                % {"id": repr(raw)}
            }
        )
    return person


def _by_source_id(actor, key: str, source: str) -> Person:
    records = SourceRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), key=key.strip()
    )
    if source:
        records = records.filter(source=source.strip())
    found = list(records.values_list("source", "object_id"))
    if len({object_id for _s, object_id in found}) > 1:
        raise ValidationError(
            {
                "person_source_id": _(
                    "ID %(id)s was used for different people in the sources %(sources)s; "
                    "map a column (or set a default) with the people import's source."
                )
                % {"id": repr(key), "sources": ", ".join(sorted({repr(s) for s, _o in found}))}
            }
        )
    person = _visible(actor, found[0][1]) if found else None
    if person is None:
        where = _(" in source %(s)s") % {"s": repr(source)} if source else ""
        raise ValidationError(
            {
                "person_source_id": _(
                    "No person imported earlier with ID %(id)s%(where)s among the people you can see."
                )
                % {"id": repr(key), "where": where}
            }
        )
    return person


def _names_match(person: Person, wanted: frozenset[str]) -> bool:
    family = [person.family_name_lo, person.family_name_latin]
    spellings = [
        f"{person.given_name_lo} {person.family_name_lo}",
        f"{person.given_name_latin} {person.family_name_latin}",
        *(a.value for a in person.aliases.all()),
        *(f"{a.value} {f}" for a in person.aliases.all() for f in family if f),
    ]
    return any(_tokens(s) == wanted for s in spellings if s.strip())


def _by_name(actor, name: str, birth_date, phone: str) -> Person:
    wanted = _tokens(name)
    qs = Person.objects.filter(visible_to(actor), birth_date=birth_date)
    for token in wanted:
        qs = qs.filter(search_text__contains=token)
    if phone:
        qs = qs.filter(phones__number=phone)
    candidates = [p for p in qs.distinct().prefetch_related("aliases")[:50] if _names_match(p, wanted)]
    described = _("%(name)s born %(date)s") % {"name": name, "date": birth_date.isoformat()}
    if phone:
        described = _("%(who)s with phone %(phone)s") % {"who": described, "phone": phone}
    if not candidates:
        raise ValidationError(
            {
                "full_name": _(
                    "No one among the people you can see is %(who)s; register them first or give their "
                    "registry ID."
                )
                % {"who": described}
            }
        )
    if len(candidates) > 1:
        raise ValidationError(
            {
                "full_name": _("%(n)d people you can see are %(who)s; give the registry ID to say which one.")
                % {"n": len(candidates), "who": described}
            }
        )
    return candidates[0]


def person_field(values: dict) -> str:
    """The field that identified the row's person, so refusals about the person point at its column."""
    for name in ("person_id", "person_source_id", "full_name", "given_name", "family_name"):
        if values.get(name):
            return name
    return "full_name"


def person_from_row(*, actor, values: dict) -> Person:
    """Return the one visible person the row names, or raise ValidationError keyed by the row's field."""
    birth_date = values.get("birth_date")
    if values.get("person_id"):
        person, field = _by_registry_id(actor, values["person_id"]), "person_id"
    elif values.get("person_source_id"):
        person = _by_source_id(actor, values["person_source_id"], values.get("person_source") or "")
        field = "person_source_id"
    else:
        name = _name_of(values)
        if not name or not birth_date:
            raise ValidationError(
                {
                    "full_name": _(
                        "Say who this row is about: a registry ID, a partner's ID from an earlier people "
                        "import, or the name with the date of birth."
                    )
                }
            )
        phone = ""
        if values.get("phone"):
            try:
                phone = phone_e164(values["phone"])
            except ValidationError as error:
                raise ValidationError({"phone": error.messages}) from None
        return _by_name(actor, name, birth_date, phone)
    if birth_date and person.birth_date and person.birth_date != birth_date:
        raise ValidationError(
            {
                field: _(
                    "This ID is %(name)s, born %(recorded)s, but the row gives %(given)s as the date of "
                    "birth; check the ID."
                )
                % {
                    "name": person.display_name,
                    "recorded": person.birth_date.isoformat(),
                    "given": birth_date.isoformat(),
                }
            }
        )
    return person
