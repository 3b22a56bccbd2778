"""Demo returns and referrals: the 2020 COVID-19 return wave through the Friendship Bridges into quarantine,
and returns since, recorded by the provinces' Migration Resource Centres (IOM elsewhere), each with a needs
assessment and referrals to the programme's partners followed to their outcome."""

import datetime
import random

from django.utils import timezone

from pathways.accounts.models import User
from pathways.partners.models import Organisation
from pathways.people.models import MigrantStatus, Person
from pathways.places.models import Country
from pathways.results.models import Project
from pathways.returns import services
from pathways.returns.models import BorderPoint, Return, ReturnReason, Screening, Service

RETURNS = 300
BORDER_OF_PROVINCE = {
    "LA-VT": BorderPoint.FRIENDSHIP_1,
    "LA-VI": BorderPoint.FRIENDSHIP_1,
    "LA-SV": BorderPoint.FRIENDSHIP_2,
    "LA-KH": BorderPoint.FRIENDSHIP_3,
    "LA-BK": BorderPoint.FRIENDSHIP_4,
    "LA-CH": BorderPoint.VANGTAO,
}
RECORDER_OF_PROVINCE = {"LA-SV": "SVK-MRC", "LA-CH": "CPS-MRC", "LA-BK": "BKO-MRC"}
# Who a need is referred to (acronyms of the demo's partners).
REFERRED_TO = {
    Service.TRAINING: "LKSDI",
    Service.JOB: "SDED",
    Service.HEALTH: "LWU",
    Service.PSYCHOSOCIAL: "LWU",
    Service.SHELTER: "LWU",
    Service.LEGAL: "LFTU",
    Service.DIRECT_ASSISTANCE: "IOM",
    Service.OTHER: "IOM",
}
SKILLS = ["Sewing", "Construction", "Farm work", "Cooking", "Fishing", "Factory machine operation", ""]


def returns_demo_seed(orgs: dict[str, Organisation], rng: random.Random) -> dict[str, int]:
    """Add the demo returns once; a second run leaves them alone."""
    officer = User.objects.filter(username="officer").first()
    if officer is None or Return.objects.exists():
        return {}
    today = timezone.localdate()
    thailand = Country.objects.get(code="TH")
    others = list(Country.objects.exclude(code__in=["LA", "TH"]))
    project = Project.objects.filter(code="PROMISE-II").first()
    centre = orgs.get("VTE-QC")
    people = list(
        Person.objects.filter(migrant_status=MigrantStatus.RETURNEE, merged_into__isnull=True).order_by("pk")[
            : RETURNS * 2
        ]
    )
    counts = {"returns": 0, "referrals": 0}
    for person in rng.sample(people, min(RETURNS, len(people))):
        province = person.home_province_id or ""
        in_wave = rng.random() < 0.5
        if in_wave:
            returned_on = datetime.date(2020, rng.randint(4, 7), rng.randint(1, 28))
            reason = ReturnReason.COVID19
        else:
            returned_on = today - datetime.timedelta(days=rng.randint(10, 5 * 365))
            reason = rng.choice(
                [ReturnReason.CONTRACT_ENDED] * 5
                + [ReturnReason.DEPORTED] * 2
                + [ReturnReason.FLED, ReturnReason.FAMILY, ReturnReason.OTHER]
            )
        screening = rng.choice(
            [Screening.NO_INDICATORS] * 6 + [Screening.NOT_SCREENED] * 3 + [Screening.INDICATORS]
        )
        if reason == ReturnReason.FLED:
            screening = Screening.INDICATORS
        needs = rng.sample(list(Service.values), rng.choice([0, 1, 1, 2, 2, 3]))
        recorder = orgs.get(RECORDER_OF_PROVINCE.get(province, "IOM")) or orgs["IOM"]
        record = services.return_record(
            actor=officer,
            person_id=person.pk,
            organisation=recorder,
            returned_on=returned_on,
            from_country=thailand if rng.random() < 0.85 or not others else rng.choice(others),
            reason=reason,
            border_point=BORDER_OF_PROVINCE.get(
                province, rng.choice([BorderPoint.OTHER_CHECKPOINT, BorderPoint.IRREGULAR])
            ),
            quarantine_centre=centre if in_wave and province in ("LA-VT", "LA-VI") else None,
            screening=screening,
            savings_lak=rng.choice([None, 0, rng.randrange(500_000, 40_000_000, 100_000)]),
            debt_lak=rng.choice([None, 0, 0, rng.randrange(1_000_000, 20_000_000, 100_000)]),
            skills_gained=rng.choice(SKILLS),
            needs=needs,
            funding_project=project if returned_on.year >= 2021 else None,
        )
        counts["returns"] += 1
        for need in needs:
            if rng.random() < 0.2:
                continue  # not referred yet
            referred_on = min(today, returned_on + datetime.timedelta(days=rng.randint(1, 30)))
            referral = services.referral_make(
                actor=officer,
                person_id=person.pk,
                organisation=recorder,
                service=need,
                referred_to=orgs.get(REFERRED_TO[Service(need)]) or orgs["IOM"],
                referred_on=referred_on,
                after_return=record,
                funding_project=record.funding_project,
            )
            counts["referrals"] += 1
            outcome = rng.choice(["completed"] * 6 + ["declined", "not_provided", "referred", "referred"])
            outcome_on = referred_on + datetime.timedelta(days=rng.randint(5, 120))
            if outcome != "referred" and outcome_on <= today:
                services.referral_outcome(
                    actor=officer, referral=referral, status=outcome, outcome_on=outcome_on
                )
    return counts
