"""The "returns" import kind: one row per return of a registered person, as a border point or quarantine
centre keeps them in a return wave (registered in ReturnsConfig.ready()).

A quarantine centre's list names new returnees: import it first as "Returnee intake" (it registers them,
keeping the list's own IDs), then again as "Returns", naming each person by that ID (or by registry ID, or
name with date of birth: imports.persons). Rows go through returns.services.return_record, the page's
service: the same checks, and the person becomes a returnee.

A person's return on a date is recorded once: a row for one already recorded corrects it
(returns.services.return_update) and is "updated", or "unchanged" when it says what is recorded, so a list
can be imported again. Empty optional columns keep what is recorded (a new return without a country is from
Thailand).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.accounts.scopes import scope_of
from pathways.imports import registry
from pathways.imports.persons import PERSON_FIELD_NAMES, PERSON_FIELDS, person_field, person_from_row
from pathways.imports.registry import CHOICE, DATE, FieldSpec, ImportKind
from pathways.imports.rows import organisation_from_row, rekeyed
from pathways.jobs.imports import wage_amount
from pathways.partners.models import Organisation, OrganisationKind
from pathways.partners.selectors import primary_organisation_id
from pathways.places.models import Country
from pathways.places.selectors import country_match
from pathways.results.selectors import funding_project
from pathways.returns import access, services
from pathways.returns.models import Return

FIELDS = [
    *PERSON_FIELDS,
    FieldSpec(
        "returned_on",
        gettext_lazy("date of return"),
        type=DATE,
        synonyms=[
            "returned on",
            "return date",
            "date of return",
            "date returned",
            "arrival date",
            "ວັນທີກັບຄືນ",
            "ວັນທີກັບ",
            "วันที่กลับ",
        ],
        required=True,
    ),
    FieldSpec(
        "from_country",
        gettext_lazy("returned from (country; Thailand when empty)"),
        synonyms=[
            "country",
            "from country",
            "country of work",
            "destination country",
            "returned from",
            "ປະເທດ",
            "ກັບມາຈາກ",
            "ประเทศ",
        ],
        # Empty means Thailand: a country not recognised must not become Thailand quietly.
        essential=True,
    ),
    FieldSpec(
        "reason",
        gettext_lazy("reason for return"),
        type=CHOICE,
        choices={
            "contract_ended": [
                "contract ended",
                "end of contract",
                "contract end",
                "ໝົດສັນຍາ",
                "ครบสัญญา",
                "หมดสัญญา",
            ],
            "covid19": ["covid", "covid-19", "covid19", "pandemic", "ໂຄວິດ", "ໂຄວິດ-19", "โควิด", "โควิด-19"],
            "deported": [
                "ຖືກຈັບ",
                "ຖືກສົ່ງກັບຄືນ",
                "ຖືກສົ່ງກັບປະເທດ",
                "deported",
                "deportation",
                "arrested",
                "ຖືກສົ່ງກັບ",
                "ถูกส่งกลับ",
                "ถูกจับ",
            ],
            "fled": ["fled", "escaped", "exploitation", "abuse", "ໜີ", "ໜີອອກມາ", "หนี"],
            "family": ["family", "family reasons", "ຄອບຄົວ", "ครอบครัว"],
            "other": ["other", "ອື່ນໆ", "อื่นๆ"],
        },
        synonyms=["reason", "reason for return", "why returned", "ສາເຫດ", "ເຫດຜົນ", "สาเหตุ"],
        required=True,
    ),
    FieldSpec(
        "border_point",
        gettext_lazy("border point"),
        type=CHOICE,
        choices={
            "friendship_1": [
                "ຂົວມິດຕະພາບ I",
                "ຂົວມິດຕະພາບ ລາວ-ໄທ 1",
                "ໜອງຄາຍ",
                "ທ່າເດື່ອ",
                "สะพานมิตรภาพ 1",
                "สะพานมิตรภาพแห่งที่ 1",
                "friendship bridge 1",
                "friendship bridge i",
                "bridge 1",
                "nong khai",
                "thanaleng",
                "ຂົວມິດຕະພາບ 1",
                "ທ່ານາແລ້ງ",
                "หนองคาย",
            ],
            "friendship_2": [
                "ຂົວມິດຕະພາບ II",
                "ຂົວມິດຕະພາບ ລາວ-ໄທ 2",
                "ມຸກດາຫານ",
                "ສະຫວັນນະເຂດ",
                "savannakhet",
                "สะพานมิตรภาพ 2",
                "สะพานมิตรภาพแห่งที่ 2",
                "friendship bridge 2",
                "friendship bridge ii",
                "bridge 2",
                "mukdahan",
                "ຂົວມິດຕະພາບ 2",
                "มุกดาหาร",
            ],
            "friendship_3": [
                "ຂົວມິດຕະພາບ III",
                "ຂົວມິດຕະພາບ ລາວ-ໄທ 3",
                "ນະຄອນພະນົມ",
                "ທ່າແຂກ",
                "สะพานมิตรภาพ 3",
                "สะพานมิตรภาพแห่งที่ 3",
                "friendship bridge 3",
                "friendship bridge iii",
                "bridge 3",
                "nakhon phanom",
                "thakhek",
                "ຂົວມິດຕະພາບ 3",
                "นครพนม",
            ],
            "friendship_4": [
                "ຂົວມິດຕະພາບ IV",
                "ຂົວມິດຕະພາບ ລາວ-ໄທ 4",
                "ຊຽງຂອງ",
                "ຫ້ວຍຊາຍ",
                "สะพานมิตรภาพ 4",
                "สะพานมิตรภาพแห่งที่ 4",
                "ห้วยทราย",
                "friendship bridge 4",
                "friendship bridge iv",
                "bridge 4",
                "chiang khong",
                "houayxay",
                "ຂົວມິດຕະພາບ 4",
                "เชียงของ",
            ],
            "vangtao": ["ຊ່ອງເມັກ", "vangtao", "vang tao", "chong mek", "ວັງເຕົ່າ", "ช่องเม็ก", "วังเต่า"],
            "other_checkpoint": ["other checkpoint", "other", "ດ່ານອື່ນ", "ด่านอื่น"],
            "irregular": ["irregular", "not through a checkpoint", "no checkpoint", "ບໍ່ຜ່ານດ່ານ", "ไม่ผ่านด่าน"],
        },
        synonyms=["border point", "border", "checkpoint", "point of entry", "ດ່ານ", "ດ່ານຊາຍແດນ", "ด่าน"],
    ),
    FieldSpec(
        "quarantine_centre",
        gettext_lazy("quarantine centre (acronym or name)"),
        synonyms=["quarantine centre", "quarantine center", "quarantine", "ສູນກັກກັນ", "ศูนย์กักกัน"],
    ),
    FieldSpec(
        "screening",
        gettext_lazy("screening for trafficking or exploitation"),
        type=CHOICE,
        choices={
            "not_screened": ["not screened", "no screening", "ບໍ່ໄດ້ກວດ"],
            "no_indicators": ["no indicators", "negative", "none", "ບໍ່ພົບ", "ไม่พบ"],
            "indicators": ["indicators", "indicators found", "positive", "suspected", "ພົບ", "พบ"],
        },
        synonyms=["screening", "screening result", "trafficking screening", "ການກວດຄັດກອງ", "การคัดกรอง"],
    ),
    FieldSpec("savings_lak", gettext_lazy("savings (LAK)"), synonyms=["savings", "ເງິນທ້ອນ", "เงินออม"]),
    FieldSpec("debt_lak", gettext_lazy("debts (LAK)"), synonyms=["debt", "debts", "ໜີ້ສິນ", "ໜີ້", "หนี้"]),
    FieldSpec(
        "skills_gained",
        gettext_lazy("skills gained abroad"),
        synonyms=["skills", "skills gained", "work abroad", "ທັກສະ", "ທັກສະທີ່ໄດ້ຮັບ", "ทักษะ"],
    ),
    FieldSpec(
        "needs",
        gettext_lazy("needs (codes separated by spaces)"),
        type=CHOICE,
        many=True,
        choices={
            "training": ["training", "ຝຶກອົບຮົມ", "ฝึกอบรม"],
            "job": ["job", "jobs", "employment", "ວຽກ", "ວຽກເຮັດງານທຳ", "งาน"],
            "health": ["health", "medical", "ສຸຂະພາບ", "สุขภาพ"],
            "psychosocial": ["psychosocial", "counselling", "counseling", "ຈິດໃຈ", "จิตใจ"],
            "legal": ["legal", "ກົດໝາຍ", "กฎหมาย"],
            "direct_assistance": ["cash", "assistance", "direct_assistance", "ຊ່ວຍເຫຼືອ", "ช่วยเหลือ"],
            "shelter": ["shelter", "ທີ່ພັກ", "ที่พัก"],
            "other": ["other", "ອື່ນໆ", "อื่นๆ"],
        },
        synonyms=["needs", "need", "services needed", "ຄວາມຕ້ອງການ", "ความต้องการ"],
    ),
    FieldSpec(
        "organisation",
        gettext_lazy("recorded by (acronym or name; yours when empty)"),
        synonyms=["recorded by", "organisation", "organization", "partner", "ອົງການ", "ໜ່ວຍງານ"],
        # Empty means the importer's own organisation: an unknown one must not become theirs quietly.
        essential=True,
    ),
    FieldSpec(
        "funding_project",
        gettext_lazy("funding project (code)"),
        synonyms=["project", "funding project", "donor project", "ໂຄງການ", "โครงการ"],
    ),
    FieldSpec("note", gettext_lazy("note"), synonyms=["note", "notes", "remarks", "comment", "ໝາຍເຫດ"]),
]


def _recorder(actor, raw: str) -> Organisation:
    """The organisation named in the row, else the actor's primary one."""
    if raw:
        return organisation_from_row(raw=raw, field="organisation")
    organisation_id = primary_organisation_id(actor)
    if organisation_id is None:
        raise ValidationError({"organisation": _("Name the organisation that recorded the return.")})
    return Organisation.objects.get(pk=organisation_id)


def _country(raw: str) -> Country:
    if not raw:
        return Country.objects.get(code="TH")
    country = country_match(raw)
    if country is None:
        raise ValidationError(
            {"from_country": _("%(v)s is not a country Pathways knows.") % {"v": repr(raw)}}
        )
    return country


def _fields(values: dict) -> dict:
    """The return's own fields the row gives (empty optional columns left out)."""
    fields: dict = {"returned_on": values["returned_on"], "reason": values["reason"]}
    if values.get("from_country"):
        fields["from_country"] = _country(values["from_country"])
    if values.get("funding_project"):
        fields["funding_project"] = funding_project(values["funding_project"])
    if values.get("quarantine_centre"):
        fields["quarantine_centre"] = organisation_from_row(
            raw=values["quarantine_centre"],
            field="quarantine_centre",
            kinds=[OrganisationKind.QUARANTINE_CENTRE],
        )
    for name in ("border_point", "screening", "skills_gained", "note"):
        if values.get(name):
            fields[name] = values[name]
    for name in ("savings_lak", "debt_lak"):
        amount = wage_amount(values.get(name) or "", field=name)
        if amount is not None:
            fields[name] = amount
    if values.get("needs"):
        fields["needs"] = values["needs"]
    return fields


def apply_row(*, actor, values: dict, existing: Return | None):
    """Record a return, or correct the one recorded for the person on that date, through the services."""
    person = person_from_row(actor=actor, values=values)
    fields = _fields(values)
    # The return is found by person and date, never by the row's key: lists key rows by the person's number
    # on the list, so next month's list has the same key for the same person's next return (which must be
    # a new return, not a correction of the last one).
    recorded = Return.objects.filter(person=person, returned_on=fields["returned_on"]).first()
    try:
        if recorded is None:
            record = services.return_record(
                actor=actor,
                person_id=person.pk,
                organisation=_recorder(actor, values.get("organisation") or ""),
                # A new return from a list without a country column is from Thailand, as most are.
                **({"from_country": _country("")} | fields),
            )
            return record, registry.CREATED
        before = recorded.updated_at
        record = services.return_update(actor=actor, record=recorded, **fields)
        return record, registry.UNCHANGED if record.updated_at == before else registry.UPDATED
    except ValidationError as error:
        raise rekeyed(error, {"person": person_field(values)}) from None


def fetch(*, actor, ids: list[str]) -> dict[str, Return]:
    """Returns earlier imports created, of people the actor may see."""
    return {str(r.pk): r for r in Return.objects.filter(access.returns_visible_to(actor), pk__in=ids)}


KIND = ImportKind(
    name="returns",
    label=gettext_lazy("Returns (border point, quarantine centre)"),
    model=Return,
    fields=FIELDS,
    apply_row=apply_row,
    fetch=fetch,
    allowed=lambda actor: scope_of(actor).can_record_returns,
    results_url="returns-home",
    results_label=gettext_lazy("See the returns"),
    description=gettext_lazy(
        "One row per return of a registered person: the person (registry ID, partner's ID from an earlier "
        "people or returnee intake import, or name with date of birth), the date of return and the reason; "
        "optionally the country (Thailand when empty), border point, quarantine centre, screening, savings, "
        "debts, skills and needs. New returnees on a list: import it as Returnee intake first, then as "
        "Returns. A return already recorded for the person on that date is corrected to what the row says."
    ),
)


# ---- one intake form, several records per row -------------------------------------------------------------
# A returnee intake form (a Kobo form at a border point or quarantine centre) asks who the person is, how they
# returned, what they need and where they were referred: one row makes the person (or updates the one an
# earlier import of the same submission made), their return with its needs, and each referral, all or none.

NEEDS_FIELD = next(f for f in FIELDS if f.name == "needs")
REFERRAL_FIELDS = [
    FieldSpec(
        "referral_service",
        gettext_lazy("referred to the service (one per referral)"),
        type=CHOICE,
        many=True,
        choices=NEEDS_FIELD.choices,
        synonyms=[
            "referral service",
            "referred service",
            "service referred",
            "referrals service",
            "ບໍລິການທີ່ສົ່ງຕໍ່",
        ],
    ),
    FieldSpec(
        "referral_to",
        gettext_lazy("referred to the organisation (acronym or name, one per referral)"),
        many=True,
        synonyms=["referred to", "referral organisation", "referrals organisation", "ສົ່ງຕໍ່ຫາ", "ส่งต่อไปยัง"],
    ),
]
_RETURN_FIELDS = [f for f in FIELDS if f.name not in PERSON_FIELD_NAMES]


def _intake_fields() -> list[FieldSpec]:
    from pathways.people.imports import FIELDS as PEOPLE_FIELDS

    return [
        *[f for f in PEOPLE_FIELDS if f.name != "migrant_status"],
        *_RETURN_FIELDS,
        *REFERRAL_FIELDS,
    ]


def _referrals(actor, person, record: Return, organisation: Organisation, values: dict) -> None:
    services_wanted = values.get("referral_service") or []
    organisations = values.get("referral_to") or []
    if len(organisations) != len(services_wanted):
        raise ValidationError(
            {
                "referral_to": _(
                    "%(s)d referral services but %(o)d organisations: give the organisation of each referral."
                )
                % {"s": len(services_wanted), "o": len(organisations)}
            }
        )
    already = set(record.referrals.values_list("service", "referred_to_id"))
    for service, raw in zip(services_wanted, organisations, strict=True):
        referred_to = organisation_from_row(raw=raw, field="referral_to")
        if (service, referred_to.pk) in already:
            continue  # the same submission imported again
        try:
            services.referral_make(
                actor=actor,
                person_id=person.pk,
                organisation=organisation,
                service=service,
                referred_to=referred_to,
                referred_on=record.returned_on,
                after_return=record,
            )
        except ValidationError as error:
            raise rekeyed(error, {"service": "referral_service", "referred_to": "referral_to"}) from None


def intake_apply_row(*, actor, values: dict, existing):
    """The person (people's import), their return with its needs, and its referrals; a refusal of any of
    them refuses the row, and the import's savepoint leaves nothing of it."""
    from pathways.people import imports as people_imports

    person, outcome = people_imports.apply_row(
        actor=actor, values={**values, "migrant_status": "returnee"}, existing=existing
    )
    fields = _fields(values)
    organisation = _recorder(actor, values.get("organisation") or "")
    record = Return.objects.filter(person=person, returned_on=fields["returned_on"]).first()
    if record is None:
        record = services.return_record(
            actor=actor,
            person_id=person.pk,
            organisation=organisation,
            **({"from_country": _country("")} | fields),
        )
        outcome = registry.UPDATED if outcome == registry.UNCHANGED else outcome
    else:
        before = record.updated_at
        record = services.return_update(actor=actor, record=record, **fields)
        if record.updated_at != before and outcome == registry.UNCHANGED:
            outcome = registry.UPDATED
    _referrals(actor, person, record, organisation, values)
    return person, outcome


def register() -> None:
    from pathways.people import imports as people_imports

    registry.register(KIND)
    registry.register(
        ImportKind(
            name="return_intake",
            label=gettext_lazy("Returnee intake form: person, return, needs and referrals"),
            model=people_imports.Person,
            fields=_intake_fields(),
            apply_row=intake_apply_row,
            likely_duplicates=people_imports.returnee_intake_duplicates,
            match_keys=people_imports.returnee_match_keys,
            fetch=people_imports.fetch,
            derive=people_imports.derive,
            allowed=lambda actor: scope_of(actor).can_record_returns,
            results_url="returns-home",
            results_label=gettext_lazy("See the returns"),
            record_url="person-detail",
            description=gettext_lazy(
                "One row per submission of a returnee intake form: registers the person as a returnee "
                "(or updates the one an earlier import of the same submission made), records their return "
                "with its needs, and each referral (a repeat group of service and organisation); all of it "
                "or nothing."
            ),
        )
    )
