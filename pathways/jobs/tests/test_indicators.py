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
    not_reached = make_person(actor=officer, given_name_latin="Dao")
    services.follow_up_record(
        actor=officer,
        placement=services.placement_create(
            actor=officer,
            person=not_reached,
            employer=employer,
            recorded_by_organisation=vte_org,
            job_title="Sewer",
            starts_on=STARTED,
            funding_project=project,
        ),
        checkpoint=3,
        checked_on=checked,
        still_employed=None,
    )
    assert _value("3.1.4", period) == 50  # nothing known about their job: not in the denominator


def test_the_migration_brings_a_shipped_retention_rate_to_reached_people_only(project):
    """Databases that loaded PROMISE-II before "could not be reached" existed hold a 3.1.4 whose denominator
    counts every 3-month follow-up; the migration narrows it to those that reached the person, and leaves
    an indicator changed by hand alone."""
    import importlib

    from django.apps import apps

    from pathways.results.models import Indicator

    migration = importlib.import_module("pathways.jobs.migrations.0003_follow_up_not_reached")
    data = json.loads((results_services.DATA / "promise_ii.json").read_text())
    shipped = next(i for n in data["nodes"] for i in n.get("indicators", []) if i["code"] == "3.1.4")
    assert shipped["definition"] == migration.NEW_DEFINITION
    denominator = shipped["computation"]["denominator"]["of"][0]
    assert denominator["where"] == [migration.ASKED_AT_3_MONTHS, migration.REACHED]
    denominator["where"] = [migration.ASKED_AT_3_MONTHS]  # as shipped before
    shipped["definition"] = migration.OLD_DEFINITION
    results_services.framework_load(actor=None, project=project, data=data)

    migration.only_reached_in_shipped_retention_rates(apps, None)
    indicator = Indicator.objects.get(node__project=project, code="3.1.4")
    assert indicator.computation["denominator"]["of"][0]["where"][-1] == migration.REACHED
    assert indicator.definition == migration.NEW_DEFINITION

    migration.back_to_every_follow_up(apps, None)
    indicator.refresh_from_db()
    assert indicator.computation["denominator"]["of"][0]["where"] == [migration.ASKED_AT_3_MONTHS]
    indicator.computation["denominator"]["of"][0]["where"].append(
        {"field": "country", "op": "eq", "value": "LA"}
    )
    indicator.save()
    migration.only_reached_in_shipped_retention_rates(apps, None)
    indicator.refresh_from_db()
    assert migration.REACHED not in indicator.computation["denominator"]["of"][0]["where"]
