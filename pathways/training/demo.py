"""Demo skills data, called from seed_demo: the 2021 industrial sewing cohorts, the PROMISE II cohorts of
the following years (sewing, bricklaying and a yearly training of trainers, more each year at first, then
steady, up to the project's end or today), the 2019 safe-migration training of trainers, the institutions'
coverage and RPL applications at every step.

Participants are drawn from the demo registry among people registered before their cohort starts (one
record per person across activities), so the demo adds no people. Attendance, assessments and certificates
are bulk-inserted like the registry itself; RPL applications go through the services, step by step.
"""

import datetime
import functools
import math
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
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
from pathways.training.services.certificates import _build, new_numbers
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
# Thai titles of the courses and units above (the Thai interface shows them; English where one is missing).
THAI_TITLES = {
    "SEW-2W": "การเย็บผ้าอุตสาหกรรม (สองสัปดาห์)",
    "SEW-01": "ใช้จักรเย็บผ้าอุตสาหกรรมอย่างปลอดภัย",
    "SEW-02": "เย็บตะเข็บตรงและตะเข็บโค้ง",
    "SEW-03": "ประกอบเสื้อในสายการผลิต",
    "SEW-04": "ตรวจคุณภาพและเก็บงานเสื้อผ้า",
    "TOT-SM": "การย้ายถิ่นที่ปลอดภัยสำหรับครูฝึก (การฝึกอบรมครูฝึก)",
    "TSM-01": "อธิบายช่องทางการย้ายถิ่นที่ปลอดภัยและถูกกฎหมาย",
    "TSM-02": "รู้เท่าทันความเสี่ยงการค้ามนุษย์และการแสวงประโยชน์",
    "TSM-03": "สอนบทเรียนการย้ายถิ่นที่ปลอดภัย",
    "CON-BRK": "การก่ออิฐและการฉาบปูน",
    "BRK-01": "อ่านแบบก่อสร้างอย่างง่าย",
    "BRK-02": "ก่ออิฐให้ได้แนวและได้ระดับ",
    "BRK-03": "ผสมปูนและฉาบผนัง",
    "BRK-04": "ทำงานอย่างปลอดภัยในสถานที่ก่อสร้าง",
}

# The five institutes that ran the 2021 two-week sewing courses for returnees, with their dates.
SEWING_COHORTS = [
    ("LKSDI", datetime.date(2021, 3, 15)),
    ("VTE-TVC", datetime.date(2021, 3, 22)),
    ("SVK-TVC", datetime.date(2021, 5, 10)),
    ("SVK-SDC", datetime.date(2021, 5, 17)),
    ("CPS-TVC", datetime.date(2021, 6, 7)),
]
PER_SEWING_COHORT = 40
# PROMISE II's cohorts after its first year: course, institution, month, and the project year (2 = the second)
# from which it runs every year; a cohort that would not have ended by today is not run.
LATER_COHORTS = [
    ("SEW-2W", "LKSDI", 3, 2),
    ("SEW-2W", "SVK-TVC", 4, 2),
    ("SEW-2W", "CPS-TVC", 5, 2),
    ("SEW-2W", "KH-TVC", 6, 2),
    ("CON-BRK", "SVK-SDC", 8, 2),
    ("TOT-SM", "LKSDI", 11, 2),
    ("CON-BRK", "CPS-TVC", 7, 3),
    ("SEW-2W", "SL-TVC", 9, 3),
    ("SEW-2W", "VTE-TVC", 10, 3),
]
# course: (places, eligible migrant statuses; for trainers, anyone but current migrants, who are abroad)
LATER_COHORT_SHAPES = {
    "SEW-2W": (25, ["returnee", "family_member", "prospective"]),
    "CON-BRK": (20, ["returnee", "prospective"]),
    "TOT-SM": (20, []),
}
# Not everyone eligible signs up: a cohort takes at most this share of the people it could draw on, so the
# next cohort in the same province still finds some.
UPTAKE = 0.6
# Schools trained in 2019 put the module in their schedule on one of these days; schools whose staff were
# trained later do so a few months after the training.
MODULE_SCHEDULED_ON = [datetime.date(2021, 9, 1), datetime.date(2022, 2, 1), datetime.date(2023, 9, 1)]
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
                "title_th": THAI_TITLES.get(code, ""),
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
                defaults={
                    "title_en": unit_en,
                    "title_lo": unit_lo,
                    "title_th": THAI_TITLES.get(unit_code, ""),
                    "order": order,
                },
            )
        course.offered_by.set(offered_by[code])
        courses[code] = course
    return courses


def _assessor(org: Organisation, password_hash: str) -> User:
    user, created = User.objects.get_or_create(
        username=f"assessor.{org.acronym.lower()}",
        defaults={"role": Role.PARTNER_STAFF, "first_name": "Assessor", "last_name": org.acronym},
    )
    if created:
        user.password = password_hash
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
    numbers = new_numbers(issued_on.year, len(completed))
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


def _pick(rng: random.Random, q: Q, count: int, taken: set, *, registered_before=None) -> list[Person]:
    """`count` people matching `q` not taken by another activity (registered before a day, when given);
    only their keys are read to choose, so a registry of a million stays quick."""
    if registered_before is not None:
        midnight = datetime.datetime.combine(registered_before, datetime.time())
        q &= Q(created_at__lt=timezone.make_aware(midnight))
    keys = Person.objects.filter(q).order_by("name_sort_key", "id").values_list("pk", flat=True)
    free = [k for k in keys if k not in taken]
    chosen = rng.sample(free, k=min(count, math.ceil(len(free) * UPTAKE)))
    taken.update(chosen)
    found = Person.objects.in_bulk(chosen)
    return [found[k] for k in chosen]


def _cohort_run(
    *,
    course: Course,
    org: Organisation,
    start: datetime.date,
    capacity: int,
    who: Q,
    eligible: list[str],
    project: Project | None,
    assessor: User,
    officer: User | None,
    rng: random.Random,
    taken: set,
    issue: bool,
    counts: dict[str, int],
    trainers: tuple[User, ...] = (),
    providers: list[Organisation] | None = None,
) -> Cohort:
    """Open a past cohort, fill it with people matching `who`, and run it to the end: attendance, assessment,
    completion and certificates. With `providers` it is a training of trainers: each participant works at a
    provider of their province.

    Participants of a project's cohorts were registered before it started; the registry began in 2020, after
    the 2019 training of trainers, so its staff were registered later."""
    tot = providers is not None
    days = _weekdays(start, course.duration_days)
    cohort = Cohort.objects.create(
        course=course,
        institution=org,
        code=cohort_code_for(course=course, institution=org, starts_on=days[0]),
        name=(
            f"Safe migration training of trainers · {start:%B %Y}"
            if tot
            else f"{course.title_en} {start:%Y-%m} · {org.acronym}"
        ),
        starts_on=days[0],
        ends_on=days[-1],
        capacity=capacity,
        funding_project=project,
        eligible_statuses=eligible,
        created_by=officer,
        # Trainers are not assessed: they complete on attendance.
        **(
            {"kind": "training_of_trainers", "assessment_required": False, "min_attendance_share": 0.8}
            if tot
            else {}
        ),
    )
    cohort.trainers.set([assessor, *trainers])
    people = _pick(
        rng,
        who,
        capacity,
        taken,
        registered_before=days[0] - datetime.timedelta(days=20) if project else None,
    )
    employers: list[Organisation | None] | None = None
    if providers is not None:
        by_province: dict[str, list[Organisation]] = {}
        for o in providers:
            by_province.setdefault(o.province_id or "", []).append(o)
        employers = [rng.choice(by_province.get(p.home_province_id or "") or providers) for p in people]
    completed = _run_cohort(
        cohort=cohort,
        people=people,
        days=days,
        assessor=assessor,
        rng=rng,
        institutions=employers,
        dropout_share=0.03 if tot else 0.07,
        fail_share=0.0 if tot else 0.04,
    )
    if issue:
        issued_on = days[-1] if tot else days[-1] + datetime.timedelta(days=4)
        counts["certificates"] += _issue(assessor, cohort, completed, issued_on)
    counts["cohorts"] += 1
    counts["enrolments"] += len(people)
    return cohort


@transaction.atomic
def training_demo_seed(orgs: dict[str, Organisation], rng: random.Random) -> dict[str, int]:
    """Add the skills demo once; a second run leaves it alone."""
    if Cohort.objects.filter(course__code="TOT-SM").exists():
        return {}
    extra = _institutions(orgs)
    institutions = {**orgs, **{o.acronym: o for o in extra}}
    sewing_orgs = [orgs[a] for a, _start in SEWING_COHORTS]
    offered_by = {"SEW-2W": set(sewing_orgs), "TOT-SM": {orgs["LKSDI"]}, "CON-BRK": {orgs["LKSDI"]}}
    for code, acronym, _month, _from_year in LATER_COHORTS:
        offered_by[code].add(institutions[acronym])
    courses = _courses({code: sorted(found, key=lambda o: o.acronym) for code, found in offered_by.items()})
    # Hashed once for every demo assessor: each hash takes a tenth of a second on purpose.
    password_hash = make_password(settings.DEMO_PASSWORD)
    officer = User.objects.filter(username="officer").first()
    vte_staff = User.objects.filter(username="vte.staff").first()
    if vte_staff:
        Assessor.objects.get_or_create(user=vte_staff, institution=orgs["LKSDI"])
    promise = Project.objects.filter(code="PROMISE-II").first()
    issue = _certificates_allowed()
    taken: set = set()
    counts = {"cohorts": 0, "enrolments": 0, "certificates": 0}
    lksdi = orgs["LKSDI"]
    providers = [o for o in institutions.values() if o.kind in ("tvet_school", "skills_centre")]

    # July 2019: staff of skills providers in six provinces trained on safe migration, before PROMISE II.
    not_abroad = ~Q(migrant_status="current")
    run = functools.partial(_cohort_run, officer=officer, rng=rng, taken=taken, issue=issue, counts=counts)
    tots = [
        run(
            course=courses["TOT-SM"],
            org=lksdi,
            start=datetime.date(2019, 7, 15),
            capacity=TOT_PARTICIPANTS,
            who=Q(home_province_id__in=TOT_PROVINCES) & not_abroad,
            eligible=[],
            project=None,
            assessor=_assessor(lksdi, password_hash),
            providers=[o for o in providers if o.province_id in TOT_PROVINCES],
        )
    ]

    for acronym, start in SEWING_COHORTS:
        org = orgs[acronym]
        eligible = ["returnee", "family_member"]
        run(
            course=courses["SEW-2W"],
            org=org,
            start=start,
            capacity=PER_SEWING_COHORT,
            who=Q(home_province_id=org.province_id, migrant_status__in=eligible),
            eligible=eligible,
            project=promise,
            assessor=_assessor(org, password_hash),
            trainers=(vte_staff,) if acronym == "LKSDI" and vte_staff else (),
        )

    today = timezone.localdate()
    if promise:
        first_year = promise.starts_on.year
        for year in range(first_year + 1, min(promise.ends_on, today).year + 1):
            for code, acronym, month, from_year in sorted(LATER_COHORTS, key=lambda c: c[2]):
                course, org = courses[code], institutions[acronym]
                start = datetime.date(year, month, 1) + datetime.timedelta(days=rng.randint(0, 20))
                too_late = _weekdays(start, course.duration_days)[-1] >= min(today, promise.ends_on)
                if year - first_year + 1 < from_year or too_late:
                    continue
                capacity, eligible = LATER_COHORT_SHAPES[code]
                trainers_course = code == "TOT-SM"
                in_province = Q(home_province_id=org.province_id, migrant_status__in=eligible)
                cohort = run(
                    course=course,
                    org=org,
                    start=start,
                    capacity=capacity,
                    who=not_abroad if trainers_course else in_province,
                    eligible=eligible,
                    project=promise,
                    assessor=_assessor(org, password_hash),
                    providers=providers if trainers_course else None,
                )
                if trainers_course:
                    tots.append(cohort)

    # Schools put the module in their schedule after their staff were trained, over the project years, so the
    # project's "institutions with the module" indicator grows period by period.
    for tot in tots:
        completed = Enrolment.objects.filter(cohort=tot, status="completed")
        trained = set(completed.values_list("institution_id", flat=True))
        for org in Organisation.objects.filter(pk__in=trained).order_by("acronym", "pk"):
            if rng.random() >= 0.75 or InstitutionSafeMigration.objects.filter(institution=org).exists():
                continue
            if tot.funding_project is None:
                scheduled = rng.choice(MODULE_SCHEDULED_ON)
            else:
                scheduled = tot.ends_on + datetime.timedelta(days=rng.randint(60, 330))
            if scheduled <= today:
                InstitutionSafeMigration.objects.create(
                    institution=org, module_scheduled_on=scheduled, recorded_by=officer
                )

    counts["rpl"] = _rpl_demo(orgs, courses["CON-BRK"], rng, taken, issue, password_hash)
    audit.record(
        actor=None,
        action="demo.training_seed",
        obj=lksdi,
        changed_fields=[f"{k}:{v}" for k, v in counts.items()],
    )
    return counts


def _rpl_demo(orgs, course: Course, rng: random.Random, taken: set, issue: bool, password_hash: str) -> int:
    """Six construction workers back from Thailand, each stopped at a different step."""
    org = orgs["LKSDI"]
    assessor = _assessor(org, password_hash)
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
