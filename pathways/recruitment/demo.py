"""Demo ethical recruitment: four agencies (one suspended, one whose licence lapsed), monthly exchange rates
since 2022, two job orders, about forty workers recruited from Savannakhet and Champasak with what they paid
and what they earn, and a few complaints, one of a worker referred for protection."""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pathways.accounts.models import User
from pathways.partners.models import Organisation, OrganisationKind
from pathways.people.models import Person
from pathways.places.models import Country, Province
from pathways.recruitment.models import ExchangeRate, RecruitmentAgency
from pathways.recruitment.services import agencies, complaints, job_orders, money, records

WORKERS = 40
# Units per US dollar at the start of each year (the kip lost much of its value in 2022-2023); months between
# are interpolated, so each cost is converted at a rate of its own month.
RATES: dict[str, dict[int, float]] = {
    "LAK": {2022: 11500, 2023: 17000, 2024: 20500, 2025: 21800, 2026: 21900, 2027: 22000},
    "THB": {2022: 33.3, 2023: 34.5, 2024: 34.3, 2025: 34.0, 2026: 33.0, 2027: 33.0},
    "KRW": {2022: 1190, 2023: 1265, 2024: 1290, 2025: 1470, 2026: 1400, 2027: 1400},
}
AGENCIES = [
    (
        "Lao Workforce Services",
        "ບໍລິສັດ ແຮງງານລາວ ບໍລິການ",
        "MLSW-0042",
        "LA-VT",
        ["LA-SV", "LA-CH"],
        ["TH", "KR"],
        "iris",
    ),
    ("Mekong Manpower", "ບໍລິສັດ ແມ່ຂອງ ແມນພາວເວີ", "MLSW-0107", "LA-SV", ["LA-KH"], ["TH"], "association"),
    ("Champasak Overseas Jobs", "ບໍລິສັດ ຈຳປາສັກ ວຽກຕ່າງປະເທດ", "MLSW-0131", "LA-CH", [], ["TH"], "none"),
    ("Golden Bridge Recruitment", "ບໍລິສັດ ຂົວຄຳ ຈັດຫາງານ", "MLSW-0015", "LA-VT", [], ["TH", "JP"], "none"),
]


def _rate(currency: str, day: datetime.date) -> Decimal:
    start, end = RATES[currency][day.year], RATES[currency][day.year + 1]
    return Decimal(str(round(start + (end - start) * (day.month - 1) / 12, 4)))


def _rates(officer: User, today: datetime.date) -> None:
    day = datetime.date(2022, 1, 1)
    while day <= today:
        for currency in RATES:
            money.exchange_rate_set(
                actor=officer,
                currency=currency,
                valid_on=day,
                units_per_usd=_rate(currency, day),
                source="Demo",
            )
        day = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def recruitment_demo_seed(orgs: dict[str, Organisation], rng: random.Random) -> dict[str, int]:
    """Add the recruitment demo once; a second run leaves it alone."""
    officer = User.objects.filter(username="officer").first()
    if officer is None or RecruitmentAgency.objects.exists():
        return {}
    today = timezone.localdate()
    if not ExchangeRate.objects.exists():
        _rates(officer, today)
    made = []
    for name, local, licence, province, branches, destinations, membership in AGENCIES:
        made.append(
            agencies.agency_create(
                actor=officer,
                name_en=name,
                name_local=local,
                licence_number=licence,
                issuing_authority="Department of Skills Development and Employment, MLSW",
                licence_valid_from=datetime.date(2021, 1, 1),
                licence_valid_to=datetime.date(2024, 6, 30)
                if licence == "MLSW-0015"
                else datetime.date(2027, 12, 31),
                head_office_province=Province.objects.get(code=province),
                branch_provinces=list(Province.objects.filter(code__in=branches)),
                destinations=list(Country.objects.filter(code__in=destinations)),
                sectors=["garment", "agriculture"] if "TH" in destinations else ["construction"],
                membership=membership,
            )
        )
    agencies.agency_status_set(
        actor=officer,
        agency=made[2],
        status="suspended",
        changed_on=datetime.date(2025, 3, 15),
        reason="Charged workers 9 million kip each, above the legal limit; suspended until refunded.",
    )
    thailand, korea = Country.objects.get(code="TH"), Country.objects.get(code="KR")
    employer = (
        Organisation.objects.filter(kind=OrganisationKind.EMPLOYER, country_id="TH")
        .order_by("name_en")
        .first()
    )
    order = None
    if employer is not None:
        order = job_orders.job_order_create(
            actor=officer,
            reference="TH-2024-0031",
            employer=employer,
            destination=thailand,
            channel="agency",
            agency=made[0],
            job_title="Sewing machine operator",
            isco_code="8153",
            workers_female=30,
            workers_any=10,
            wage_monthly=Decimal("10500"),
            currency="THB",
            contract_months=24,
            received_on=datetime.date(2024, 1, 15),
        )
        order = job_orders.job_order_decide(
            actor=officer, job_order=order, approval="approved", decided_on=datetime.date(2024, 2, 1)
        )
    people = list(
        Person.objects.filter(home_province_id__in=["LA-SV", "LA-CH"], merged_into__isnull=True).order_by(
            "pk"
        )[: WORKERS * 3]
    )
    rng.shuffle(people)
    recorded = 0
    for person in people[:WORKERS]:
        org = orgs.get("SVK-MRC" if person.home_province_id == "LA-SV" else "CPS-MRC") or orgs["IOM"]
        channel = rng.choice(["agency", "agency", "mou", "broker", "own", "irregular"])
        korea_bound = channel == "mou" and rng.random() < 0.5
        day = datetime.date(2024, 3, 1) + datetime.timedelta(days=rng.randrange(0, 500))
        if day > today:
            day = today - datetime.timedelta(days=rng.randrange(30, 300))
        agency = (
            made[0]
            if channel == "agency" and rng.random() < 0.6
            else made[1]
            if channel == "agency"
            else None
        )
        costs: list[dict[str, Any]] = []
        if channel in ("agency", "broker"):
            costs.append(
                {
                    "category": "fee",
                    "amount": Decimal(rng.choice([3, 5, 8, 12]) * 1_000_000),
                    "currency": "LAK",
                    "paid_on": day - datetime.timedelta(days=20),
                }
            )
        if channel != "irregular":
            costs.append(
                {
                    "category": "documents",
                    "amount": Decimal(rng.choice([600_000, 900_000])),
                    "currency": "LAK",
                    "paid_on": day - datetime.timedelta(days=40),
                }
            )
            costs.append(
                {
                    "category": "medical",
                    "amount": Decimal(rng.choice([300_000, 450_000])),
                    "currency": "LAK",
                    "paid_on": day - datetime.timedelta(days=30),
                }
            )
        costs.append(
            {
                "category": "transport",
                "amount": Decimal(rng.choice([1500, 2500, 4000])),
                "currency": "THB",
                "paid_on": day,
            }
        )
        if channel == "broker" and rng.random() < 0.5:
            costs.append(
                {
                    "category": "loan_interest",
                    "amount": Decimal(rng.choice([40, 80, 150])),
                    "currency": "USD",
                    "paid_on": day + datetime.timedelta(days=90),
                }
            )
        wage, currency = (
            (Decimal(rng.choice([2_060_740, 2_200_000])), "KRW")
            if korea_bound
            else (Decimal(rng.choice([9000, 10500, 12000])), "THB")
        )
        record = records.recruitment_record(
            actor=officer,
            person_id=person.pk,
            organisation=org,
            channel=channel,
            agency=agency,
            job_order=order if agency == made[0] and order is not None and rng.random() < 0.5 else None,
            destination=korea if korea_bound else thailand,
            recruited_on=day,
            departed_on=day + datetime.timedelta(days=rng.randrange(7, 40))
            if day + datetime.timedelta(days=40) < today
            else None,
            documents=["passport", "contract", "work_permit"]
            if channel in ("agency", "mou")
            else ["passport"],
            # Some never said what they earn: they are left out of 10.7.1.
            contract_wage=None if rng.random() < 0.15 else wage,
            contract_currency=currency,
            funding_project=None,
            costs=[c for c in costs if c["paid_on"] <= today],
        )
        recorded += 1
        report_day = day + datetime.timedelta(days=120)
        if record.contract_wage is not None and report_day <= today and rng.random() < 0.5:
            records.earnings_report(
                actor=officer,
                record=record,
                reported_on=report_day,
                amount=wage * Decimal(rng.choice(["0.8", "0.9", "1.0"])),
                currency=currency,
            )
        if rng.random() < 0.2:
            complaint = complaints.complaint_record(
                actor=officer,
                organisation=org,
                received_on=min(today, day + datetime.timedelta(days=60)),
                complainant=rng.choice(["worker", "family"]),
                person_id=person.pk,
                against="agency" if agency else "broker" if channel == "broker" else "employer",
                agency=agency,
                against_name=""
                if agency
                else "Mr Somchai (broker)"
                if channel == "broker"
                else "A farm in Chanthaburi",
                category=rng.choice(["fees", "withheld_documents", "unpaid_wages", "contract_substitution"]),
                channel=rng.choice(["hotline", "mrc"]),
                description="Demo complaint.",
            )
            if complaint.category == "withheld_documents":
                complaints.complaint_refer(
                    actor=officer, complaint=complaint, referred_on=complaint.received_on
                )
    return {"agencies": len(made), "recruitments": recorded}
