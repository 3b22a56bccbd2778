"""Demo employment data, called from seed_demo after the skills demo: employers in Vientiane Capital,
Savannakhet and Thailand, their vacancies, and placements of about half the people who completed the 2021
sewing courses, with their 3- and 6-month follow-ups. A few recent placements, dated from today, keep the
"follow-ups due" list alive.

Everything goes through the jobs services (as an import or the pages would), so the demo's records obey the
same rules: start dates not in the future, follow-ups on or after their due dates.
"""

import datetime
import random

from django.utils import timezone

from pathways.accounts.models import User
from pathways.core import audit
from pathways.jobs import services
from pathways.jobs.models import Placement, Vacancy
from pathways.partners.models import Organisation, OrganisationKind
from pathways.results.models import Project
from pathways.training.models import Enrolment, EnrolmentStatus

# name, acronym, country, province, Lao name
EMPLOYERS = [
    ("Vientiane Garment Industries", "VGI", "LA", "LA-VT", "ໂຮງງານຕັດຫຍິບ ວຽງຈັນ ອຸດສາຫະກຳ"),
    ("Savan-Seno Apparel Factory", "SSA", "LA", "LA-SV", "ໂຮງງານຕັດຫຍິບ ສະຫວັນ-ເຊໂນ"),
    ("Chao Phraya Apparel Co., Ltd.", "CPA", "TH", "TH-11", "ບໍລິສັດ ເຈົ້າພະຍາ ເອເພີເຣວ ຈຳກັດ"),
    ("Nakhon Ratchasima Textile Co., Ltd.", "NRT", "TH", "TH-30", "ບໍລິສັດ ນະຄອນຣາຊະສີມາ ສິ່ງທໍ ຈຳກັດ"),
    ("Riverside Hotel Bangkok", "RHB", "TH", "TH-10", "ໂຮງແຮມ ຣິເວີໄຊ ບາງກອກ"),
]

# employer, English title, Lao title, ISCO-08, sector, openings, wage, opens, closes
VACANCIES = [
    (
        "VGI",
        "Sewing machine operator",
        "ພະນັກງານຈັກຫຍິບ",
        "8153",
        "garment",
        40,
        2_300_000,
        "2021-04-01",
        "2021-12-31",
    ),
    (
        "SSA",
        "Sewing machine operator",
        "ພະນັກງານຈັກຫຍິບ",
        "8153",
        "garment",
        30,
        2_100_000,
        "2021-05-15",
        "2021-12-31",
    ),
    (
        "CPA",
        "Sewing machine operator (MoU)",
        "ພະນັກງານຈັກຫຍິບ (MoU)",
        "8153",
        "garment",
        25,
        11_000,
        "2021-05-01",
        None,
    ),
    (
        "NRT",
        "Garment quality checker",
        "ພະນັກງານກວດຄຸນນະພາບເຄື່ອງນຸ່ງ",
        "7533",
        "garment",
        10,
        10_500,
        "2021-06-01",
        None,
    ),
    (
        "RHB",
        "Room attendant",
        "ພະນັກງານທຳຄວາມສະອາດຫ້ອງພັກ",
        "9112",
        "hospitality",
        8,
        12_000,
        "2021-06-01",
        None,
    ),
    ("VGI", "Line supervisor", "ຫົວໜ້າສາຍການຜະລິດ", "3122", "garment", 2, 4_000_000, "2021-04-01", None),
]
PLACED_SHARE = 0.5
RECENT = 4


def _employers() -> dict[str, Organisation]:
    out = {}
    for name, acronym, country, province, name_local in EMPLOYERS:
        out[acronym], _created = Organisation.objects.update_or_create(
            name_en=name,
            country_id=country,
            defaults={
                "kind": OrganisationKind.EMPLOYER,
                "acronym": acronym,
                "province_id": province,
                "name_local": name_local,
            },
        )
    return out


def _vacancies(officer: User, employers: dict[str, Organisation], sded: Organisation) -> dict[str, Vacancy]:
    out = {}
    for acronym, title_en, title_lo, isco, sector, openings, wage, opens, closes in VACANCIES:
        vacancy = Vacancy.objects.filter(employer=employers[acronym], title_en=title_en).first()
        if vacancy is None:
            vacancy = services.vacancy_create(
                actor=officer,
                employer=employers[acronym],
                posted_by=sded,
                title_en=title_en,
                title_lo=title_lo,
                isco_code=isco,
                sector=sector,
                openings=openings,
                wage_monthly=wage,
                opens_on=datetime.date.fromisoformat(opens),
                closes_on=datetime.date.fromisoformat(closes) if closes else None,
            )
        out[f"{acronym}:{title_en}"] = vacancy
    return out


def _follow_ups(officer: User, placement: Placement, rng: random.Random, today: datetime.date) -> int:
    done = 0
    employed = True
    for checkpoint, reached in ((3, 0.88), (6, 0.72)):
        due = placement.due_on(checkpoint)
        checked_on = due + datetime.timedelta(days=rng.randint(0, 20))
        if checked_on > today:
            continue
        if rng.random() > reached:
            # Not reached: officers keep trying for about two months, then record it, which closes the
            # checkpoint; the most recent ones are still on the follow-ups due list.
            checked_on = due + datetime.timedelta(days=rng.randint(45, 75))
            if checked_on > today:
                continue
            answer, note = None, rng.choice(["No answer on three calls", "Phone number no longer in use"])
        else:
            employed = employed and rng.random() < (0.8 if checkpoint == 3 else 0.9)
            reasons = ["Went home to farm", "Moved to another factory", "Family duties"]
            answer, note = employed, "" if employed else rng.choice(reasons)
        services.follow_up_record(
            actor=officer,
            placement=placement,
            checkpoint=checkpoint,
            checked_on=checked_on,
            still_employed=answer,
            current_wage=placement.wage_monthly if answer else None,
            note=note,
        )
        done += 1
    return done


def jobs_demo_seed(orgs: dict[str, Organisation], rng: random.Random) -> dict[str, int]:
    """Add the employment demo once; a second run leaves the placements alone."""
    officer = User.objects.filter(username="officer").first()
    if officer is None or Placement.objects.exists():
        return {}
    employers = _employers()
    vacancies = _vacancies(officer, employers, orgs["SDED"])
    promise = Project.objects.filter(code="PROMISE-II").first()
    today = timezone.localdate()
    completed = list(
        Enrolment.objects.filter(
            status=EnrolmentStatus.COMPLETED, cohort__course__code="SEW-2W", person__merged_into__isnull=True
        )
        .select_related("person", "cohort__institution")
        .order_by("cohort__starts_on", "person__name_sort_key", "pk")
    )
    counts = {"employers": len(employers), "vacancies": len(vacancies), "placements": 0, "follow_ups": 0}
    for enrolment in completed:
        if rng.random() > PLACED_SHARE:
            continue
        person = enrolment.person
        abroad = rng.random() < 0.35
        if abroad:
            key = rng.choice(["CPA:Sewing machine operator (MoU)", "NRT:Garment quality checker"])
        elif person.home_province_id == "LA-SV" or enrolment.cohort.institution.province_id == "LA-SV":
            key = "SSA:Sewing machine operator"
        else:
            key = "VGI:Sewing machine operator"
        vacancy = vacancies[key]
        vacancy.refresh_from_db()
        if vacancy.status != "open":
            continue
        ended = enrolment.completed_on or enrolment.cohort.ends_on
        starts_on = max(ended + datetime.timedelta(days=rng.randint(10, 75)), vacancy.opens_on)
        placement = services.placement_create(
            actor=officer,
            person=person,
            vacancy=vacancy,
            recorded_by_organisation=orgs["SDED"] if not abroad else orgs["IOM"],
            starts_on=starts_on,
            funding_project=promise,
        )
        counts["placements"] += 1
        counts["follow_ups"] += _follow_ups(officer, placement, rng, today)
    # Recent placements from the registry's other returnees, so some follow-ups are due now or soon.
    placed = Placement.objects.values("person_id")
    recent = Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).exclude(person__in=placed)
    for enrolment in recent.select_related("person").order_by("pk")[:RECENT]:
        starts_on = today - datetime.timedelta(days=rng.randint(70, 120))
        services.placement_create(
            actor=officer,
            person=enrolment.person,
            employer=employers["VGI"],
            recorded_by_organisation=orgs["SDED"],
            job_title="Sewing machine operator",
            isco_code="8153",
            starts_on=starts_on,
            wage_monthly=2_500_000,
        )
        counts["placements"] += 1
    audit.record(
        actor=None,
        action="demo.jobs_seed",
        obj=orgs["SDED"],
        changed_fields=[f"{k}:{v}" for k, v in counts.items()],
    )
    return counts
