"""The shipped PROMISE-II employment indicators count placements and retention from the jobs records."""

import datetime
import json

from pathways.jobs import services
from pathways.jobs.conftest import STARTED
from pathways.results import services as results_services
from pathways.results.engine import spec
from pathways.results.engine.compute import compute
from pathways.testing.factories import make_person


def _shipped(code: str) -> dict:
    data = json.loads((results_services.DATA / "promise_ii.json").read_text())
    return next(i for n in data["nodes"] for i in n.get("indicators", []) if i["code"] == code)["computation"]


def _value(code, period):
    return compute(
        spec.parse(_shipped(code)), dims=["sex"], project=period.project, period=period
    ).total.value


def test_people_placed_at_home_and_abroad_and_still_employed_at_3_months(
    officer, project, employer, thai_employer, vte_org
):
    period = results_services.period_create(actor=None, project=project, label="2021")
    home, abroad, other_project = (
        make_person(actor=officer, given_name_latin=n) for n in ("Noy", "Keo", "Phet")
    )
    at_home = services.placement_create(
        actor=officer,
        person=home,
        employer=employer,
        recorded_by_organisation=vte_org,
        job_title="Sewer",
        starts_on=STARTED,
        funding_project=project,
    )
    in_thailand = services.placement_create(
        actor=officer,
        person=abroad,
        employer=thai_employer,
        recorded_by_organisation=vte_org,
        job_title="Sewer",
        starts_on=STARTED,
        funding_project=project,
    )
    services.placement_create(  # not the project's: not counted
        actor=officer,
        person=other_project,
        employer=employer,
        recorded_by_organisation=vte_org,
        job_title="Sewer",
        starts_on=STARTED,
    )
    assert (_value("3.1.1", period), _value("3.1.2", period), _value("3.1.3", period)) == (2, 1, 1)

    checked = datetime.date(2021, 9, 5)
    services.follow_up_record(
        actor=officer, placement=at_home, checkpoint=3, checked_on=checked, still_employed=True
    )
    services.follow_up_record(
        actor=officer, placement=in_thailand, checkpoint=3, checked_on=checked, still_employed=False
    )
    assert _value("3.1.4", period) == 50
