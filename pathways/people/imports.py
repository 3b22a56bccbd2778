"""The "people" import kind: a row of a partner sheet or survey export becomes a PersonInput for the services.

Every rule (names per script, phones to E.164, places with aliases, birth dates) stays in people.services;
this module only says which columns can fill which field and how a row becomes a PersonInput.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathways.imports import duplicates, registry
from pathways.imports.registry import CHOICE, DATE, PHONE, YEAR, FieldSpec, ImportKind
from pathways.people import names, services
from pathways.people.models import WG_DOMAINS, Person, Sex
from pathways.people.scopes import visible_to
from pathways.people.services import DocumentInput, PersonInput
from pathways.places import selectors as places_selectors

SEX_SPELLINGS = {
    "female": ["f", "female", "woman", "women", "girl", "ຍິງ", "ເພດຍິງ", "ນາງ", "หญิง", "2"],
    "male": ["m", "male", "man", "men", "boy", "ຊາຍ", "ເພດຊາຍ", "ທ້າວ", "ชาย", "1"],
    "other": ["other", "o", "ອື່ນໆ", "อื่นๆ", "3"],
}
STATUS_SPELLINGS = {
    "prospective": [
        "prospective",
        "prospective migrant",
        "potential migrant",
        "ຜູ້ມີແຜນອົບພະຍົບ",
        "ຄາດວ່າຈະໄປ",
        "ผู้มีแผนจะย้ายถิ่นไปทำงาน",
    ],
    "current": [
        "current",
        "current migrant",
        "migrant",
        "ແຮງງານເຄື່ອນຍ້າຍ",
        "ກຳລັງເຮັດວຽກຢູ່ຕ່າງປະເທດ",
        "แรงงานข้ามชาติ",
    ],
    "returnee": [
        "returnee",
        "returned",
        "returned migrant",
        "return migrant",
        "ຜູ້ກັບຄືນ",
        "ແຮງງານກັບຄືນ",
        "ກັບຄືນ",
        "ผู้เดินทางกลับ",
        "แรงงานคืนถิ่น",
    ],
    "family_member": ["family member", "family", "ສະມາຊິກຄອບຄົວ", "ຄອບຄົວ", "สมาชิกในครอบครัว", "ครอบครัว"],
    "non_migrant": [
        "non migrant",
        "non-migrant",
        "not a migrant",
        "none",
        "ບໍ່ແມ່ນແຮງງານເຄື່ອນຍ້າຍ",
        "ไม่ใช่แรงงานข้ามชาติ",
    ],
}
DIFFICULTY_SPELLINGS = {
    "1": ["no difficulty", "no", "none", "ບໍ່ມີຄວາມຫຍຸ້ງຍາກ", "ບໍ່ມີ", "ไม่มีความลำบาก"],
    "2": ["some difficulty", "some", "ມີຄວາມຫຍຸ້ງຍາກບາງຢ່າງ", "ບາງຢ່າງ", "มีความลำบากบ้าง"],
    "3": ["a lot of difficulty", "a lot", "lot", "ມີຄວາມຫຍຸ້ງຍາກຫຼາຍ", "ຫຼາຍ", "มีความลำบากมาก"],
    "4": ["cannot do at all", "cannot do", "cannot", "ບໍ່ສາມາດເຮັດໄດ້ເລີຍ", "ບໍ່ສາມາດ", "ทำไม่ได้เลย"],
}
WG_SYNONYMS = {
    "wg_seeing": ["seeing", "vision", "difficulty seeing", "ການເບິ່ງເຫັນ"],
    "wg_hearing": ["hearing", "difficulty hearing", "ການໄດ້ຍິນ"],
    "wg_walking": ["walking", "mobility", "difficulty walking", "ການຍ່າງ"],
    "wg_remembering": ["remembering", "cognition", "difficulty remembering", "ການຈື່ຈຳ"],
    "wg_selfcare": ["selfcare", "self care", "self-care", "difficulty self care", "ການດູແລຕົນເອງ"],
    "wg_communicating": ["communicating", "communication", "difficulty communicating", "ການສື່ສານ"],
}

FIELDS = [
    FieldSpec(
        "full_name",
        _("full name (split into given and family name)"),
        synonyms=[
            "name",
            "full name",
            "fullname",
            "participant name",
            "ຊື່ ແລະ ນາມສະກຸນ",
            "ຊື່ແລະນາມສະກຸນ",
            "ຊື່ ນາມສະກຸນ",
            "ຊື່ ແລະ ນາມສະກຸນ (ລາວ)",
            "ຊື່ ແລະ ນາມສະກຸນ ພາສາລາວ",
            "ชื่อ-นามสกุล",
            "ชื่อ นามสกุล",
            "ชื่อและนามสกุล",
            "name and surname",
            "full name lao",
            "full name (lao)",
            "full name english",
            "full name (english)",
            "name english",
            "name (english)",
            "name en",
            "name latin",
        ],
        # A sheet may give the full name twice, in Lao script and in Latin letters.
        many=True,
        essential=True,
    ),
    FieldSpec(
        "given_name_lo",
        _("given name (Lao script)"),
        several_words="full_name",
        synonyms=["ຊື່", "ຊື່ (ລາວ)", "given name lao", "first name lao", "name lao", "ຊື່ແທ້"],
        essential=True,
    ),
    FieldSpec(
        "family_name_lo",
        _("family name (Lao script)"),
        synonyms=["ນາມສະກຸນ", "ນາມສະກຸນ (ລາວ)", "family name lao", "surname lao", "last name lao"],
        essential=True,
    ),
    FieldSpec(
        "given_name_latin",
        _("given name (Latin)"),
        several_words="full_name",
        synonyms=[
            "given name",
            "first name",
            "firstname",
            "given_name",
            "first",
            "forename",
            "given name en",
        ],
        essential=True,
    ),
    FieldSpec(
        "family_name_latin",
        _("family name (Latin)"),
        synonyms=["family name", "surname", "last name", "lastname", "family", "last", "family name en"],
        essential=True,
    ),
    FieldSpec("nickname", _("nickname"), synonyms=["nickname", "nick name", "ຊື່ຫຼິ້ນ", "alias"], many=True),
    FieldSpec(
        "sex",
        _("sex"),
        type=CHOICE,
        required=True,
        choices=SEX_SPELLINGS,
        synonyms=["sex", "gender", "ເພດ", "เพศ", "respondent sex", "sex of respondent"],
    ),
    FieldSpec(
        "birth_date",
        _("date of birth (a year alone is kept as the birth year)"),
        type=DATE,
        year_field="birth_year",
        synonyms=[
            "date of birth",
            "dob",
            "birth date",
            "birthdate",
            "born",
            "ວັນເດືອນປີເກີດ",
            "ວັນເກີດ",
            "ວ/ດ/ປ ເກີດ",
            "วันเกิด",
        ],
    ),
    FieldSpec(
        "birth_year",
        _("birth year"),
        type=YEAR,
        synonyms=["birth year", "year of birth", "yob", "ປີເກີດ", "ปีเกิด"],
    ),
    FieldSpec(
        "migrant_status",
        _("migrant status"),
        type=CHOICE,
        required=True,
        choices=STATUS_SPELLINGS,
        synonyms=["migrant status", "status", "migration status", "ສະຖານະ", "ສະຖານະການເຄື່ອນຍ້າຍ", "สถานะ"],
    ),
    FieldSpec(
        "home_province",
        _("home province"),
        synonyms=["province", "home province", "ແຂວງ", "ແຂວງບ້ານເກີດ", "จังหวัด", "province of origin"],
    ),
    FieldSpec(
        "home_district",
        _("home district"),
        synonyms=["district", "home district", "ເມືອງ", "อำเภอ", "district of origin"],
    ),
    FieldSpec(
        "home_village",
        _("home village"),
        synonyms=["village", "home village", "ບ້ານ", "หมู่บ้าน", "village of origin"],
    ),
    FieldSpec(
        "phones",
        _("phone numbers"),
        type=PHONE,
        many=True,
        synonyms=[
            "phone",
            "phone number",
            "telephone",
            "tel",
            "mobile",
            "mobile number",
            "contact number",
            "ເບີໂທ",
            "ເບີໂທລະສັບ",
            "ໂທລະສັບ",
            "เบอร์โทร",
            "phone 1",
            "phone 2",
            "phone1",
            "phone2",
        ],
    ),
    FieldSpec(
        "passport",
        _("passport number"),
        synonyms=["passport", "passport number", "passport no", "ໜັງສືຜ່ານແດນ", "ເລກໜັງສືຜ່ານແດນ"],
    ),
    FieldSpec(
        "national_id",
        _("national ID number"),
        synonyms=["national id", "id card", "id number", "id card number", "ບັດປະຈຳຕົວ", "ເລກບັດປະຈຳຕົວ"],
    ),
    FieldSpec("pink_card", _("Thai pink card number"), synonyms=["pink card", "pink card number", "ບັດສີບົວ"]),
    *[
        FieldSpec(name, label, type=CHOICE, choices=DIFFICULTY_SPELLINGS, synonyms=WG_SYNONYMS[name])
        for name, label in WG_DOMAINS.items()
    ],
]
_LAO = range(0x0E80, 0x0F00)


def _is_lao(text: str) -> bool:
    return any(ord(ch) in _LAO for ch in text)


def person_input(values: dict, base: PersonInput | None = None) -> PersonInput:
    """Overlay the row's values on `base` (the record, for updates); empty cells keep what is there."""
    data = base or PersonInput()
    for full in values.get("full_name") or []:
        given, family = names.split_full_name(full)
        suffix = "lo" if _is_lao(full) else "latin"
        if not values.get(f"given_name_{suffix}"):
            values = {**values, f"given_name_{suffix}": given, f"family_name_{suffix}": family.strip()}
    for name in (
        "given_name_lo",
        "family_name_lo",
        "given_name_latin",
        "family_name_latin",
        "sex",
        "migrant_status",
        "home_province",
        "home_district",
        "home_village",
    ):
        if values.get(name):
            setattr(data, name, values[name])
    if values.get("birth_date"):
        data.birth_date = values["birth_date"]
        data.birth_year = None
    elif values.get("birth_year"):
        data.birth_year, data.birth_date = values["birth_year"], None
    for name in WG_DOMAINS:
        if values.get(name):
            setattr(data, name, int(values[name]))
    if values.get("phones"):
        # The file is the authority on the fields it fills: a corrected number replaces the old one.
        data.phones = list(values["phones"])
    for nickname in values.get("nickname") or []:
        if nickname not in [a.value for a in data.aliases]:
            data.aliases.append(services.AliasInput("nickname", nickname))
    for kind, country in (("passport", "LA"), ("national_id", "LA"), ("pink_card", "TH")):
        number = values.get(kind)
        if number:
            data.documents = [d for d in data.documents if d.kind != kind]
            data.documents.append(DocumentInput(kind, number, country))
    return data


def _import_fields(error: ValidationError, data: PersonInput) -> ValidationError:
    """The services' refusal keyed by the import's fields: "documents.1.number" is the row's document of
    that kind (passport, national_id, pink_card), so the import can name its column and value."""
    if not hasattr(error, "error_dict"):
        return error
    keyed: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        head, _dot, rest = key.partition(".")
        if head == "documents" and rest.split(".")[0].isdigit():
            index = int(rest.split(".")[0])
            if index < len(data.documents):
                key = data.documents[index].kind
        keyed.setdefault(key, []).extend(messages)
    return ValidationError(keyed)


def derive(values: dict) -> tuple[dict, list[tuple[str, str, str]]]:
    """Titles taken off names (ນາງ, ທ້າວ, นาย, Mrs ...); when the sex is empty, the one the titles imply
    fills it, with a note naming the title."""
    values = dict(values)
    implied: list[tuple[str, str, str]] = []  # (field, the cell, sex)

    def untitled(field: str, text: str) -> str:
        name, sex = names.without_title(text)
        if sex:
            implied.append((field, text, sex))
        return name

    for field in ("given_name_lo", "given_name_latin"):
        if values.get(field):
            values[field] = untitled(field, values[field])
    if values.get("full_name"):
        values["full_name"] = [untitled("full_name", full) for full in values["full_name"]]
    notes = []
    sexes = {sex for _f, _t, sex in implied}
    if not values.get("sex") and len(sexes) == 1:
        field, text, sex = implied[0]
        values["sex"] = sex
        notes.append(
            (field, text, _("The sex was empty; %(sex)s is taken from the title.") % {"sex": Sex(sex).label})
        )
    return values, notes


def apply_row(*, actor, values: dict, existing: Person | None):
    """Create the person, or update the one an earlier import of this source row created."""
    data = person_input(values, None if existing is None else services.person_input_from(existing))
    try:
        if existing is None:
            return services.person_create(actor=actor, data=data), registry.CREATED
        before = existing.updated_at
        person = services.person_update(actor=actor, person=existing, data=data)
    except ValidationError as error:
        raise _import_fields(error, data) from None
    return person, registry.UPDATED if person.updated_at != before else registry.UNCHANGED


def prepare_context() -> dict:
    """What prepare_many needs in a worker process that has no database connection."""
    return {"countries": services.person_reference(), "places": places_selectors.match_index()}


def prepare_many(*, rows: list[dict], context: dict | None = None) -> list:
    """Validate rows into people.services.PreparedPerson (or the row's ValidationError), writing nothing:
    the part of an import that runs in worker processes. Without `context` it reads the database itself."""
    if context is not None:
        places_selectors.match_index_use(context["places"])
    inputs = [person_input(dict(v)) for v in rows]
    prepared = services.person_prepare_many(inputs, countries=context["countries"] if context else None)
    return [
        _import_fields(item, data) if isinstance(item, ValidationError) else item
        for item, data in zip(prepared, inputs, strict=True)
    ]


def apply_many(*, actor, rows: list[dict], memo: dict | None = None, prepared: list | None = None):
    villages = None if memo is None else memo.setdefault("villages", {})
    if prepared is None:
        prepared = prepare_many(rows=rows)
    return services.person_create_many(actor=actor, prepared=prepared, villages=villages)


def likely_duplicates(*, actor, rows: list[dict], prepared: list | None = None) -> list[list[str]]:
    if prepared is not None and duplicates.matcher is duplicates.exact_matches:
        return duplicates.exact_matches_prepared(actor=actor, people=prepared)
    return duplicates.likely_matches(actor=actor, people=[person_input(dict(v)) for v in rows])


def match_keys(*, rows: list[dict], prepared: list | None = None) -> list[set]:
    return duplicates.match_keys(prepared if prepared is not None else [person_input(dict(v)) for v in rows])


def returnee_match_keys(*, rows: list[dict], prepared: list | None = None) -> list[set]:
    return match_keys(rows=_as_returnees(rows), prepared=prepared)


def fetch(*, actor, ids: list[str]) -> dict[str, Person]:
    return {str(p.pk): p for p in Person.objects.filter(Q(pk__in=ids) & visible_to(actor))}


KIND = ImportKind(
    name="people",
    results_url="person-list",
    results_label=_("See the people"),
    record_url="person-detail",
    label=_("People (registration)"),
    model=Person,
    fields=FIELDS,
    apply_row=apply_row,
    apply_many=apply_many,
    prepare_many=prepare_many,
    prepare_context=prepare_context,
    likely_duplicates=likely_duplicates,
    match_keys=match_keys,
    fetch=fetch,
    derive=derive,
    description=_("One row per person: names, sex, birth, migrant status, home place, phones, documents."),
)


def returnee_intake_apply(*, actor, values: dict, existing: Person | None):
    return apply_row(actor=actor, values={**values, "migrant_status": "returnee"}, existing=existing)


def _as_returnees(rows: list[dict]) -> list[dict]:
    return [{**v, "migrant_status": "returnee"} for v in rows]


def returnee_intake_many(*, actor, rows: list[dict], memo: dict | None = None, prepared: list | None = None):
    return apply_many(actor=actor, rows=_as_returnees(rows), memo=memo, prepared=prepared)


def returnee_intake_prepare(*, rows: list[dict], context: dict | None = None) -> list:
    return prepare_many(rows=_as_returnees(rows), context=context)


def returnee_intake_duplicates(*, actor, rows: list[dict], prepared: list | None = None) -> list[list[str]]:
    return likely_duplicates(actor=actor, rows=_as_returnees(rows), prepared=prepared)


RETURNEE_INTAKE = ImportKind(
    name="returnee_intake",
    results_url="person-list",
    results_label=_("See the people"),
    record_url="person-detail",
    label=_("Returnee intake (border point, quarantine centre)"),
    model=Person,
    fields=[f for f in FIELDS if f.name != "migrant_status"],
    apply_row=returnee_intake_apply,
    apply_many=returnee_intake_many,
    prepare_many=returnee_intake_prepare,
    prepare_context=prepare_context,
    likely_duplicates=returnee_intake_duplicates,
    match_keys=returnee_match_keys,
    fetch=fetch,
    derive=derive,
    description=_(
        "Registers everyone as a returnee. To record each one's return (date, reason, border point, "
        "quarantine centre, needs), import the same list again as Returns, naming people by this list's IDs."
    ),
)


def register() -> None:
    registry.register(KIND)
    registry.register(RETURNEE_INTAKE)
