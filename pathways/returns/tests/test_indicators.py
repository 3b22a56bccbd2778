"""Indicators over returns and referrals are data: returnees assisted and referrals completed, counted as
unique people and disaggregated like any person."""

import datetime

from pathways.places.models import Country
from pathways.results import services as results_services
from pathways.results.engine import spec
from pathways.results.engine.compute import compute
from pathways.results.models import Project
from pathways.returns import services
from pathways.testing.factories import make_person

RETURNEES = {"measure": "count_people", "of": [{"source": "returns"}]}
REFERRALS_COMPLETED = {
    "measure": "count_people",
    "of": [{"source": "referrals", "where": [{"field": "status", "op": "eq", "value": "completed"}]}],
}


def test_returnees_and_completed_referrals_are_counted_by_sex(svk_staff, svk_org, hospital):
    project = Project.objects.create(
        code="PROMISE-II",
        name="PROMISE",
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    period = results_services.period_create(actor=None, project=project, label="2023")
    people = [
        make_person(actor=svk_staff, given_name_latin=name, sex=sex, home_province="LA-SV")
        for name, sex in (("Noy", "female"), ("Keo", "male"), ("Dao", "female"))
    ]
    for person in people:
        record = services.return_record(
            actor=svk_staff,
            person_id=person.pk,
            organisation=svk_org,
            returned_on=datetime.date(2023, 3, 1),
            from_country=Country.objects.get(code="TH"),
            reason="contract_ended",
            funding_project=project,
        )
        referral = services.referral_make(
            actor=svk_staff,
            person_id=person.pk,
            organisation=svk_org,
            service="job",
            referred_to=hospital,
            referred_on=datetime.date(2023, 3, 2),
            after_return=record,
            funding_project=project,
        )
        if person.given_name_latin != "Keo":
            services.referral_outcome(
                actor=svk_staff, referral=referral, status="completed", outcome_on=datetime.date(2023, 4, 1)
            )

    returnees = compute(spec.parse(RETURNEES), dims=["sex"], project=project, period=period)
    completed = compute(spec.parse(REFERRALS_COMPLETED), dims=["sex"], project=project, period=period)

    assert (returnees.total.value, returnees.cell(sex="female").value) == (3, 2)
    assert (completed.total.value, completed.cell(sex="female").value, completed.cell(sex="male").value) == (
        2,
        2,
        0,
    )
