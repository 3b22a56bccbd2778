"""Demo skills data, called from seed_demo: the 2021 industrial sewing cohorts, the 2019 safe-migration
training of trainers, the institutions' coverage and RPL applications at every step.

Participants are drawn from the demo registry (one record per person across activities), so the demo
adds no people. Attendance, assessments and certificates are bulk-inserted like the registry itself; RPL
applications go through the services, step by step.
"""

import datetime
import random

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pathways.accounts.models import Role, User
from pathways.core import audit
from pathways.partners.models import Membership, Organisation
from pathways.people.models import Person
from pathways.places.models import Province
from pathways.results.models import Project
from pathways.training import services, signing
from pathways.training.models import (
    Assessment,
    Assessor,
    Attendance,
    Certificate,
    Cohort,
    CompetencyUnit,
    Course,
    Enrolment,
    InstitutionSafeMigration,
)
from pathways.training.services.certificates import _build, _reserve_numbers
from pathways.training.services.cohorts import cohort_code_for

COURSES = [
    # code, English, Lao, sector, ISCO-08, level, days, hours, units
    (
        "SEW-2W",
        "Industrial sewing (two weeks)",
        "ການຫຍິບອຸດສາຫະກຳ (ສອງອາທິດ)",
        "garment",
        "8153",
        "certificate_1",
        10,
        80,
        [
            ("SEW-01", "Operate an industrial sewing machine safely", "ໃຊ້ຈັກຫຍິບອຸດສາຫະກຳຢ່າງປອດໄພ"),
            ("SEW-02", "Sew straight and curved seams", "ຫຍິບຕະເຂັບຊື່ ແລະ ຕະເຂັບໂຄ້ງ"),
            ("SEW-03", "Assemble a shirt on a production line", "ປະກອບເສື້ອໃນສາຍການຜະລິດ"),
            ("SEW-04", "Check quality and finish garments", "ກວດຄຸນນະພາບ ແລະ ສຳເລັດເຄື່ອງນຸ່ງ"),
        ],
    ),
    (
        "TOT-SM",
        "Safe migration for trainers (training of trainers)",
        "ການເຄື່ອນຍ້າຍແຮງງານທີ່ປອດໄພ ສຳລັບຄູຝຶກ",
        "safe_migration",
        "2320",
        "certificate_3",
        5,
        35,
        [
            (
                "TSM-01",
                "Explain safe and regular migration channels",
                "ອະທິບາຍຊ່ອງທາງການເຄື່ອນຍ້າຍແຮງງານທີ່ປອດໄພ ແລະ ຖືກກົດໝາຍ",
            ),
            ("TSM-02", "Recognise trafficking and exploitation risks", "ຮັບຮູ້ຄວາມສ່ຽງຂອງການຄ້າມະນຸດ ແລະ ການຂູດຮີດ"),
            ("TSM-03", "Deliver the safe-migration module", "ສອນບົດຮຽນການເຄື່ອນຍ້າຍແຮງງານທີ່ປອດໄພ"),
        ],
    ),
    (
        "CON-BRK",
        "Bricklaying and plastering",
        "ການກໍ່ດິນຈີ່ ແລະ ການທາຊີມັງ",
        "construction",
        "7112",
        "certificate_2",
        30,
        240,
        [
            ("BRK-01", "Read a simple building plan", "ອ່ານແບບແຜນກໍ່ສ້າງແບບງ່າຍດາຍ"),
            ("BRK-02", "Lay bricks to line and level", "ກໍ່ດິນຈີ່ໃຫ້ຊື່ ແລະ ພຽງ"),
            ("BRK-03", "Mix mortar and plaster walls", "ປະສົມປູນ ແລະ ທາຊີມັງຝາ"),
            ("BRK-04", "Work safely on a building site", "ເຮັດວຽກຢ່າງປອດໄພໃນສະຖານທີ່ກໍ່ສ້າງ"),
        ],
    ),
]

# The five institutes that ran the 2021 two-week sewing courses for returnees, with their dates.
SEWING_COHORTS = [
    ("LKSDI", datetime.date(2021, 3, 15)),
    ("VTE-TVC", datetime.date(2021, 3, 22)),
    ("SVK-TVC", datetime.date(2021, 5, 10)),
    ("SVK-SDC", datetime.date(2021, 5, 17)),
    ("CPS-TVC", datetime.date(2021, 6, 7)),
]
PER_SEWING_COHORT = 40
# Other TVET schools and skills centres (the demo partners list has seven), to make about forty in all.
MORE_INSTITUTIONS = [
    ("Lao-German Technical College", "LGTC", "tvet_school", "LA-VT", "ວິທະຍາໄລເຕັກນິກ ລາວ-ເຢຍລະມັນ"),
    ("Pakpasak Technical College", "PPSTC", "tvet_school", "LA-VT", "ວິທະຍາໄລເຕັກນິກປາກປາສັກ"),
    ("Vientiane Capital Skills Development Centre", "VTE-SDC", "skills_centre", "LA-VT", ""),
    *[
        (None, code, kind, code, "")
        for code in [
            "LA-KH",
            "LA-SL",
            "LA-AT",
            "LA-OU",
            "LA-LP",
            "LA-BK",
            "LA-XA",
            "LA-VI",
            "LA-BL",
            "LA-HO",
            "LA-PH",
            "LA-LM",
            "LA-XE",
            "LA-XS",
            "LA-XI",
        ]
        for kind in ("tvet_school", "skills_centre")
    ],
]
TOT_PROVINCES = ["LA-VT", "LA-KH", "LA-SV", "LA-SL", "LA-AT", "LA-OU"]
TOT_PARTICIPANTS = 33


def _institutions(orgs: dict[str, Organisation]) -> list[Organisation]:
    provinces = {p.code: p for p in Province.objects.filter(country_id="LA")}
    made = []
    for name, acronym, kind, province, name_local in MORE_INSTITUTIONS:
        if name is None:
            p = provinces[province]
            if kind == "tvet_school":
                name = f"{p.name_en} Technical and Vocational College"
                name_local = f"ວິທະຍາໄລເຕັກນິກ ແລະ ວິຊາຊີບ {p.name_local}"
                acronym = f"{province[3:]}-TVC"
            else:
                name = f"{p.name_en} Skills Development Centre"
                name_local = f"ສູນພັດທະນາສີມືແຮງງານ {p.name_local}"
                acronym = f"{province[3:]}-SDC"
        org, _created = Organisation.objects.update_or_create(
            name_en=name,
            country_id="LA",
            defaults={"acronym": acronym, "kind": kind, "province_id": province, "name_local": name_local},
        )
        made.append(org)
    return made


def _courses(offered_by: dict[str, list[Organisation]]) -> dict[str, Course]:
    courses = {}
    for code, en, lo, sector, isco, level, days, hours, units in COURSES:
        course, _created = Course.objects.update_or_create(
            code=code,
            defaults={
                "title_en": en,
                "title_lo": lo,
                "sector": sector,
                "isco_code": isco,
                "level": level,
                "duration_days": days,
                "duration_hours": hours,
            },
        )
        for order, (unit_code, unit_en, unit_lo) in enumerate(units, start=1):
            CompetencyUnit.objects.update_or_create(
                course=course,
                code=unit_code,
                defaults={"title_en": unit_en, "title_lo": unit_lo, "order": order},
            )
        course.offered_by.set(offered_by[code])
        courses[code] = course
    return courses


def _assessor(org: Organisation, password: str) -> User:
    user, created = User.objects.get_or_create(
        username=f"assessor.{org.acronym.lower()}",
        defaults={"role": Role.PARTNER_STAFF, "first_name": "Assessor", "last_name": org.acronym},
    )
    if created:
        user.set_password(password)
        user.save()
        if org.province is not None:
            user.provinces.set([org.province])
    Membership.objects.get_or_create(user=user, organisation=org)
    Assessor.objects.get_or_create(
        user=user, institution=org, defaults={"accredited_on": datetime.date(2020, 11, 1)}
    )
    return user


def _weekdays(start: datetime.date, count: int) -> list[datetime.date]:
    days: list[datetime.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _certificates_allowed() -> bool:
    return (
        not signing.using_development_key()
        or settings.DEBUG
        or getattr(settings, "CERTIFICATE_DEVELOPMENT_KEY_IN_TESTS", False)
    )


def _run_cohort(
    *,
    cohort: Cohort,
    people: list[Person],
    days: list[datetime.date],
    assessor: User,
    rng: random.Random,
    institutions: list[Organisation | None] | None = None,
    dropout_share: float,
    fail_share: float,
) -> list[Enrolment]:
    """Enrol, take attendance, assess and complete a past cohort in bulk; return the completed enrolments."""
    units = list(cohort.course.units.all())
    enrolments = [
        Enrolment(
            cohort=cohort,
            person=p,
            enrolled_on=cohort.starts_on - datetime.timedelta(days=rng.randint(3, 20)),
            institution=institutions[i] if institutions else None,
        )
        for i, p in enumerate(people)
    ]
    attendance, assessments, completed = [], [], []
    for e in enrolments:
        roll = rng.random()
        if roll < dropout_share:
            left = rng.randint(1, len(days) - 2)
            e.status, e.dropped_out_on = "dropped_out", days[left]
            e.dropout_reason = rng.choices(
                ["found_work", "migrated", "family", "health", "distance"], [4, 3, 3, 1, 1]
            )[0]
            present_days = days[:left]
        elif roll < dropout_share + fail_share:
            present_days = rng.sample(days, k=max(1, int(len(days) * 0.6)))
        else:
            e.status, e.completed_on = "completed", cohort.ends_on
            missed = rng.choices([0, 1, 2], [70, 22, 8])[0]
            present_days = sorted(rng.sample(days, k=len(days) - missed))
            completed.append(e)
        present = set(present_days)
        last = e.dropped_out_on or days[-1]
        for day in days:
            if day <= last:
                status = "present" if day in present else rng.choice(["absent", "absent", "excused"])
                attendance.append(Attendance(enrolment=e, day=day, status=status, recorded_by=assessor))
        if e.status != "dropped_out" and cohort.assessment_required:
            for unit in units:
                result = "competent" if e.status == "completed" or rng.random() < 0.6 else "not_yet_competent"
                assessments.append(
                    Assessment(
                        unit=unit,
                        person=e.person,
                        enrolment=e,
                        result=result,
                        assessor=assessor,
                        assessed_on=days[-1],
                        evidence_note="Observed at the machine; sample checked.",
                    )
                )
    Enrolment.objects.bulk_create(enrolments)
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    return completed


def _issue(actor: User, cohort: Cohort, completed: list[Enrolment], issued_on: datetime.date) -> int:
    numbers = _reserve_numbers(issued_on.year, len(completed))
    units = list(cohort.course.units.values_list("code", flat=True))
    Certificate.objects.bulk_create(
        [
            _build(
                actor=actor,
                number=n,
                person=e.person,
                course=cohort.course,
                institution=cohort.institution,
                unit_codes=units,
                all_units=True,
                issued_on=issued_on,
                enrolment=e,
            )
            for n, e in zip(numbers, completed, strict=True)
        ]
    )
    return len(completed)


def _pick(rng: random.Random, q: Q, count: int, taken: set) -> list[Person]:
    candidates = [p for p in Person.objects.filter(q).order_by("name_sort_key", "id") if p.pk not in taken]
    chosen = rng.sample(candidates, k=min(count, len(candidates)))
    taken.update(p.pk for p in chosen)
    return chosen


@transaction.atomic
def training_demo_seed(orgs: dict[str, Organisation], rng: random.Random) -> dict[str, int]:
    """Add the skills demo once; a second run leaves it alone."""
    if Cohort.objects.filter(course__code="TOT-SM").exists():
        return {}
    extra = _institutions(orgs)
    sewing_orgs = [orgs[a] for a, _start in SEWING_COHORTS]
    courses = _courses(
        {"SEW-2W": sewing_orgs, "TOT-SM": [orgs["LKSDI"]], "CON-BRK": [orgs["LKSDI"], orgs["SVK-SDC"]]}
    )
    password = settings.DEMO_PASSWORD
    officer = User.objects.filter(username="officer").first()
    vte_staff = User.objects.filter(username="vte.staff").first()
    if vte_staff:
        Assessor.objects.get_or_create(user=vte_staff, institution=orgs["LKSDI"])
    promise = Project.objects.filter(code="PROMISE-II").first()
    issue = _certificates_allowed()
    taken: set = set()
    counts = {"cohorts": 0, "enrolments": 0, "certificates": 0}

    for acronym, start in SEWING_COHORTS:
        org = orgs[acronym]
        assessor = _assessor(org, password)
        days = _weekdays(start, 10)
        cohort = Cohort.objects.create(
            course=courses["SEW-2W"],
            institution=org,
            code=cohort_code_for(course=courses["SEW-2W"], institution=org, starts_on=days[0]),
            name=f"Industrial sewing {start:%Y-%m} · {acronym}",
            starts_on=days[0],
            ends_on=days[-1],
            capacity=PER_SEWING_COHORT,
            funding_project=promise,
            eligible_statuses=["returnee", "family_member"],
            created_by=officer,
        )
        cohort.trainers.set([assessor] + ([vte_staff] if acronym == "LKSDI" and vte_staff else []))
        people = _pick(
            rng,
            Q(home_province_id=org.province_id, migrant_status__in=["returnee", "family_member"]),
            PER_SEWING_COHORT,
            taken,
        )
        completed = _run_cohort(
            cohort=cohort,
            people=people,
            days=days,
            assessor=assessor,
            rng=rng,
            dropout_share=0.07,
            fail_share=0.04,
        )
        if issue:
            counts["certificates"] += _issue(
                assessor, cohort, completed, days[-1] + datetime.timedelta(days=4)
            )
        counts["cohorts"] += 1
        counts["enrolments"] += len(people)

    # July 2019: staff of skills providers in six provinces trained on safe migration.
    lksdi = orgs["LKSDI"]
    providers = [
        o
        for o in [*orgs.values(), *extra]
        if o.kind in ("tvet_school", "skills_centre") and o.province_id in TOT_PROVINCES
    ]
    days = _weekdays(datetime.date(2019, 7, 15), 5)
    tot = Cohort.objects.create(
        course=courses["TOT-SM"],
        institution=lksdi,
        code=cohort_code_for(course=courses["TOT-SM"], institution=lksdi, starts_on=days[0]),
        kind="training_of_trainers",
        name="Safe migration training of trainers · July 2019",
        starts_on=days[0],
        ends_on=days[-1],
        capacity=40,
        assessment_required=False,
        min_attendance_share=0.8,
        created_by=officer,
    )
    participants = _pick(
        rng, Q(home_province_id__in=TOT_PROVINCES) & ~Q(migrant_status="current"), TOT_PARTICIPANTS, taken
    )
    by_province: dict[str, list[Organisation]] = {}
    for o in providers:
        by_province.setdefault(o.province_id or "", []).append(o)
    employers: list[Organisation | None] = [
        rng.choice(by_province.get(p.home_province_id or "") or providers) for p in participants
    ]
    tot_assessor = _assessor(lksdi, password)
    tot.trainers.set([tot_assessor])
    tot_completed = _run_cohort(
        cohort=tot,
        people=participants,
        days=days,
        assessor=tot_assessor,
        rng=rng,
        institutions=employers,
        dropout_share=0.03,
        fail_share=0.0,
    )
    if issue:
        counts["certificates"] += _issue(tot_assessor, tot, tot_completed, days[-1])
    counts["cohorts"] += 1
    counts["enrolments"] += len(participants)
    trained = set(
        Enrolment.objects.filter(cohort=tot, status="completed").values_list("institution_id", flat=True)
    )
    for org in providers:
        if org.pk in trained and rng.random() < 0.75:
            InstitutionSafeMigration.objects.update_or_create(
                institution=org,
                defaults={
                    "module_scheduled_on": datetime.date(2019, rng.choice([9, 10, 11]), 1),
                    "recorded_by": officer,
                },
            )

    counts["rpl"] = _rpl_demo(orgs, courses["CON-BRK"], rng, taken, issue)
    audit.record(
        actor=None,
        action="demo.training_seed",
        obj=lksdi,
        changed_fields=[f"{k}:{v}" for k, v in counts.items()],
    )
    return counts


def _rpl_demo(orgs, course: Course, rng: random.Random, taken: set, issue: bool) -> int:
    """Six construction workers back from Thailand, each stopped at a different step."""
    org = orgs["LKSDI"]
    assessor = _assessor(org, settings.DEMO_PASSWORD)
    people = _pick(rng, Q(home_province_id="LA-VT", migrant_status="returnee"), 6, taken)
    units = list(course.units.all())
    today = timezone.localdate()
    for stage, person in enumerate(people):
        app = services.rpl_apply(
            actor=assessor,
            person=person,
            course=course,
            institution=org,
            applied_on=today,
            experience=f"{rng.randint(2, 8)} years as a mason on building sites in Thailand",
        )
        if stage == 0:
            continue
        services.rpl_eligibility_check(
            actor=assessor,
            application=app,
            eligible=stage != 1,
            assessor=assessor,
            note="" if stage != 1 else "Less than one year of work experience",
        )
        if stage <= 2:
            continue
        services.rpl_evidence_add(
            actor=assessor,
            application=app,
            description="Letter from the employer in Bangkok",
            file=ContentFile(b"%PDF-1.4\n% demo evidence\n", name="letter.pdf"),
        )
        for i, unit in enumerate(units):
            result = "competent" if stage >= 5 or i < 3 else "not_yet_competent"
            services.assessment_record(
                actor=assessor,
                unit=unit,
                result=result,
                assessed_on=today,
                rpl_application=app,
                evidence_note="Practical test on site",
            )
        if stage == 3:
            continue
        if stage == 4:
            services.rpl_gap_refer(actor=assessor, application=app, note="Site safety unit")
            continue
        services.rpl_decide(actor=assessor, application=app)
        if issue:
            services.certificate_issue(actor=assessor, rpl_application=app)
    return len(people)
