"""The "vacancies" import kind: one row per job an employer offers (partners and job centres keep lists).

Rows go through the vacancy page's services (jobs.services.vacancy_create, vacancy_update and
vacancy_set_status): the employer must be an organisation of kind employer, the actor must work for it or
for the posting organisation (national roles for any), the occupation a 4-digit ISCO-08 code, at least one
opening, closing after opening, the place of work known (else the employer's).

The natural key is (employer, job title in English, opening date): a row for a vacancy already posted, from
any source or the page, is "unchanged" or "updated" (the other columns, and the status when the row gives
one), never a second vacancy. Empty columns keep what is recorded.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.accounts.scopes import scope_of
from pathways.imports import registry
from pathways.imports.registry import CHOICE, DATE, FieldSpec, ImportKind
from pathways.imports.rows import organisation_from_row
from pathways.jobs import services
from pathways.jobs.imports import CURRENCY_SPELLINGS, place_of_row, recording_organisation, wage_amount
from pathways.jobs.models import Vacancy, VacancyStatus
from pathways.partners.models import OrganisationKind
from pathways.training.models import Sector

SECTOR_SPELLINGS: dict[str, list[str]] = {
    Sector.GARMENT: ["garment and textiles", "garments", "textiles", "sewing", "ຕັດຫຍິບ", "ตัดเย็บ"],
    Sector.CONSTRUCTION: ["building", "ກໍ່ສ້າງ", "ก่อสร้าง"],
    Sector.HOSPITALITY: ["hospitality and tourism", "tourism", "hotel", "ການທ່ອງທ່ຽວ", "ການໂຮງແຮມ", "โรงแรม"],
    Sector.AGRICULTURE: ["farming", "ກະສິກຳ", "เกษตร"],
    Sector.AUTOMOTIVE: ["motor vehicles", "car repair", "ຊ່າງກົນຈັກ", "ยานยนต์"],
    Sector.ELECTRICAL: ["electricity", "ໄຟຟ້າ", "ไฟฟ้า"],
    Sector.METAL: ["welding and metal work", "welding", "metal work", "ເຊື່ອມ", "งานเชื่อม"],
    Sector.FOOD: ["food processing", "food", "ປຸງແຕ່ງອາຫານ", "แปรรูปอาหาร"],
    Sector.BEAUTY: ["beauty and hairdressing", "beauty", "hairdressing", "ເສີມສວຍ", "เสริมสวย"],
    Sector.ICT: ["information technology", "it", "computer", "ໄອທີ", "คอมพิวเตอร์"],
    Sector.SAFE_MIGRATION: ["safe migration"],
    Sector.OTHER: ["ອື່ນໆ", "อื่นๆ"],
}
STATUS_SPELLINGS: dict[str, list[str]] = {
    VacancyStatus.OPEN: ["opened", "active", "ເປີດ", "ເປີດຮັບ", "เปิดรับสมัคร", "เปิด"],
    VacancyStatus.FILLED: ["full", "ເຕັມແລ້ວ", "ຮັບຄົບແລ້ວ", "รับครบแล้ว"],
    VacancyStatus.CLOSED: ["closed", "ປິດ", "ປິດຮັບແລ້ວ", "ปิดรับแล้ว", "ปิด"],
}

FIELDS = [
    FieldSpec(
        "employer",
        gettext_lazy("employer (acronym or name)"),
        synonyms=["employer", "company", "factory", "employer name", "ນາຍຈ້າງ", "ບໍລິສັດ", "ໂຮງງານ", "นายจ้าง"],
        required=True,
    ),
    FieldSpec(
        "title_en",
        gettext_lazy("job title (English)"),
        synonyms=["job title", "title", "position", "job", "job title (english)", "ຕຳແໜ່ງ", "ตำแหน่ง"],
        required=True,
    ),
    FieldSpec(
        "title_lo",
        gettext_lazy("job title (Lao)"),
        synonyms=["job title (lao)", "title (lao)", "lao title", "ຕຳແໜ່ງ (ລາວ)", "ຊື່ຕຳແໜ່ງພາສາລາວ"],
    ),
    FieldSpec(
        "isco_code",
        gettext_lazy("ISCO-08 occupation code"),
        synonyms=["isco", "isco code", "isco-08", "occupation code", "ລະຫັດອາຊີບ"],
        required=True,
    ),
    FieldSpec(
        "sector",
        gettext_lazy("sector"),
        type=CHOICE,
        choices=SECTOR_SPELLINGS,
        synonyms=["sector", "industry", "ຂະແໜງ", "ຂະແໜງການ", "สาขาอาชีพ"],
        required=True,
    ),
    FieldSpec(
        "openings",
        gettext_lazy("openings"),
        synonyms=["openings", "positions", "number of positions", "vacancies", "ຈຳນວນທີ່ຕ້ອງການ", "ຈຳນວນ"],
        required=True,
    ),
    FieldSpec(
        "opens_on",
        gettext_lazy("opens on"),
        type=DATE,
        synonyms=["opens on", "opening date", "posted on", "date posted", "start date", "ວັນທີເປີດຮັບ"],
        required=True,
    ),
    FieldSpec(
        "closes_on",
        gettext_lazy("closes on"),
        type=DATE,
        synonyms=["closes on", "closing date", "deadline", "ວັນທີປິດຮັບ", "ວັນປິດຮັບ"],
    ),
    FieldSpec(
        "country",
        gettext_lazy("country of work"),
        synonyms=["country", "country of work", "destination country", "ປະເທດ", "ประเทศ"],
    ),
    FieldSpec(
        "province",
        gettext_lazy("province of work"),
        synonyms=["province", "province of work", "work province", "ແຂວງ", "จังหวัด"],
    ),
    FieldSpec(
        "wage_monthly",
        gettext_lazy("monthly wage offered"),
        synonyms=["monthly wage", "wage", "salary", "wage offered", "ເງິນເດືອນ", "ຄ່າຈ້າງ", "ค่าจ้าง"],
    ),
    FieldSpec(
        "currency",
        gettext_lazy("currency"),
        type=CHOICE,
        choices=CURRENCY_SPELLINGS,
        synonyms=["currency", "ສະກຸນເງິນ", "สกุลเงิน"],
    ),
    FieldSpec(
        "status",
        gettext_lazy("status (open, filled, closed)"),
        type=CHOICE,
        choices=STATUS_SPELLINGS,
        synonyms=["status", "ສະຖານະ", "สถานะ"],
    ),
    FieldSpec(
        "posted_by",
        gettext_lazy("posted by (partner's acronym or name)"),
        synonyms=["posted by", "partner", "job centre", "ອົງການທີ່ປະກາດ", "ຄູ່ຮ່ວມງານ"],
    ),
    FieldSpec(
        "description",
        gettext_lazy("description"),
        synonyms=["description", "details", "requirements", "ລາຍລະອຽດ", "รายละเอียด"],
    ),
]


def _openings(raw: str) -> int:
    text = (raw or "").strip()
    if not text.isdigit():
        raise ValidationError({"openings": _("%(v)s is not a number of openings.") % {"v": repr(text[:40])}})
    return int(text)


def apply_row(*, actor, values: dict, existing: Vacancy | None):
    """Post a vacancy or correct the one already posted, through the jobs services."""
    employer = organisation_from_row(
        raw=values["employer"], field="employer", kinds=[OrganisationKind.EMPLOYER]
    )
    # The same title however a sheet spaces or capitalises it ("sewing machine operator " is the one posted).
    title_en, opens_on = " ".join(values["title_en"].split()), values["opens_on"]
    if existing is not None and (existing.employer_id, existing.title_en.casefold(), existing.opens_on) != (
        employer.pk,
        title_en.casefold(),
        opens_on,
    ):
        raise ValidationError(
            {
                "title_en": _(
                    "This row's ID was imported before as the vacancy %(title)s at %(employer)s opening on "
                    "%(date)s; an import does not move a vacancy to another employer, title or opening date. "
                    "Give the row a new ID."
                )
                % {"title": existing.title_en, "employer": existing.employer, "date": existing.opens_on}
            }
        )
    country, province = place_of_row(values)
    fields = {
        "title_lo": values.get("title_lo") or "",
        "isco_code": values["isco_code"],
        "sector": values["sector"],
        "openings": _openings(values["openings"]),
        "closes_on": values.get("closes_on"),
        "wage_monthly": wage_amount(values.get("wage_monthly") or ""),
        "currency": values.get("currency") or "",
        "description": values.get("description") or "",
    }
    same = list(Vacancy.objects.filter(employer=employer, title_en__iexact=title_en, opens_on=opens_on)[:2])
    if len(same) > 1:
        raise ValidationError(
            {
                "title_en": _(
                    "%(employer)s has two vacancies %(title)s opening on %(date)s; correct them on their "
                    "pages."
                )
                % {"employer": employer, "title": title_en, "date": opens_on.isoformat()}
            }
        )
    vacancy = same[0] if same else None
    if vacancy is None:
        vacancy = services.vacancy_create(
            actor=actor,
            employer=employer,
            posted_by=recording_organisation(
                actor, values.get("posted_by") or "", employer, field="posted_by"
            ),
            title_en=title_en,
            opens_on=opens_on,
            country=country,
            province=province,
            **fields,
        )
        outcome = registry.CREATED
    else:
        before = vacancy.updated_at
        # Columns the sheet leaves empty keep what is recorded; the place is changed only when given.
        changes = {name: value for name, value in fields.items() if value not in (None, "")}
        if country is not None or province is not None:
            changes["country"], changes["province"] = country, province
        vacancy = services.vacancy_update(actor=actor, vacancy=vacancy, **changes)
        outcome = registry.UNCHANGED if vacancy.updated_at == before else registry.UPDATED
    if values.get("status") and values["status"] != vacancy.status:
        vacancy = services.vacancy_set_status(actor=actor, vacancy=vacancy, status=values["status"])
        outcome = registry.CREATED if outcome == registry.CREATED else registry.UPDATED
    return vacancy, outcome


def fetch(*, actor, ids: list[str]) -> dict[str, Vacancy]:
    """Vacancies earlier imports created (every vacancy is visible to those who may import them)."""
    return {str(v.pk): v for v in Vacancy.objects.filter(pk__in=ids).select_related("employer")}


KIND = ImportKind(
    # All or nothing per row until this kind names which of its optional fields may be left out.
    tolerant=False,
    name="vacancies",
    label=gettext_lazy("Vacancies"),
    model=Vacancy,
    fields=FIELDS,
    apply_row=apply_row,
    fetch=fetch,
    allowed=lambda actor: scope_of(actor).can_record_placements,
    results_url="jobs-home",
    results_label=gettext_lazy("See the vacancies"),
    description=gettext_lazy(
        "One row per job an employer offers: the employer (acronym or name of an employer organisation), the "
        "job title in English, the ISCO-08 code, the sector, the number of openings and the opening date; "
        "optionally the Lao title, closing date, country and province of work (else the employer's), monthly "
        "wage and currency, status, the posting partner and a description. An employer, title and opening "
        "date already posted is updated, never duplicated."
    ),
)
