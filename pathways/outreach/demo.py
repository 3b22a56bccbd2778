"""Demo information sessions: the Migration Resource Centres' village sessions and pre-departure orientations,
with head counts of those not named and the registry's people of the province as named attendees."""

import datetime
import random

from django.utils import timezone

from pathways.accounts.models import User
from pathways.outreach import services
from pathways.outreach.models import InformationSession, Topic
from pathways.partners.models import Organisation
from pathways.people.models import Person
from pathways.places.selectors import district_list
from pathways.results.models import Project

# (MRC acronym, province, funding project): sessions a year from 2021 to this year.
CENTRES = [("SVK-MRC", "LA-SV", "CREST"), ("CPS-MRC", "LA-CH", "PROMISE-II"), ("BKO-MRC", "LA-BK", "CREST")]
SESSIONS_A_YEAR = 4
VILLAGES = ["Ban Nongbua", "Ban Phonsaat", "Ban Naxay", "Ban Donkeo", "Ban Houaykhoua", "Ban Sivilay"]


def outreach_demo_seed(orgs: dict[str, Organisation], rng: random.Random) -> dict[str, int]:
    """Add the outreach demo once; a second run leaves the sessions alone."""
    officer = User.objects.filter(username="officer").first()
    if officer is None or InformationSession.objects.exists():
        return {}
    today = timezone.localdate()
    counts = {"sessions": 0, "attendances": 0}
    for acronym, province_code, project_code in CENTRES:
        centre = orgs.get(acronym)
        if centre is None or centre.province is None:
            continue
        project = Project.objects.filter(code=project_code).first()
        province = centre.province
        districts = list(district_list(province=province))
        people = list(
            Person.objects.filter(home_province_id=province_code, merged_into__isnull=True).order_by("pk")[
                :400
            ]
        )
        for year in range(2021, today.year + 1):
            for _n in range(SESSIONS_A_YEAR):
                held_on = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
                if held_on > today:
                    continue
                session = services.session_create(
                    actor=officer,
                    organisation=centre,
                    held_on=held_on,
                    topic=rng.choice(
                        [Topic.SAFE_MIGRATION, Topic.SAFE_MIGRATION, Topic.PRE_DEPARTURE, Topic.TRAFFICKING]
                    ),
                    province=province,
                    district=rng.choice(districts) if districts else None,
                    venue=rng.choice(VILLAGES),
                    women_not_named=rng.randint(5, 40),
                    men_not_named=rng.randint(3, 35),
                    funding_project=project,
                )
                counts["sessions"] += 1
                tested = rng.random() < 0.6
                for person in rng.sample(people, min(len(people), rng.randint(4, 15))):
                    before = rng.randint(20, 70) if tested else None
                    services.attendance_add(
                        actor=officer,
                        session=session,
                        person_id=person.pk,
                        pre_test=before,
                        post_test=min(100, before + rng.randint(5, 40)) if before is not None else None,
                    )
                    counts["attendances"] += 1
    return counts
