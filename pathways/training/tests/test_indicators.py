"""The results engine counts training through the sources this app registers."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pathways.results import selectors
from pathways.results import services as results_services
from pathways.results.engine import spec
from pathways.results.engine.compute import compute
from pathways.results.models import Indicator, Level, Project, ResultNode
from pathways.results.reporting import indicator_result
from pathways.testing.factories import OrganisationFactory
from pathways.training import services
from pathways.training.conftest import END, assess_all, attend_all
from pathways.training.models import Certificate, Cohort

TRAINED = {
    "measure": "count_people",
    "of": [{"source": "enrolments", "where": [{"field": "cohort_kind", "op": "eq", "value": "training"}]}],
}
COMPLETED = {
    "measure": "count_people",
    "of": [{"source": "enrolments", "where": [{"field": "status", "op": "eq", "value": "completed"}]}],
}
CERTIFIED = {
    "measure": "count_people",
    "of": [{"source": "certificates", "where": [{"field": "revoked", "op": "isnull", "value": True}]}],
}


def _value(computation, period):
    return compute(spec.parse(computation), dims=["sex"], project=period.project, period=period).total.value


def test_trained_completed_and_certified_follow_the_training_records(
    vte_staff, assessor, project, cohort, enrolment
):
    period = results_services.period_create(actor=None, project=project, label="2021")
    assert (_value(TRAINED, period), _value(COMPLETED, period), _value(CERTIFIED, period)) == (1, 0, 0)

    attend_all(vte_staff, cohort, [enrolment])
    assess_all(assessor, enrolment)
    completed = services.enrolment_complete(actor=vte_staff, enrolment=enrolment)
    certificate = services.certificate_issue(actor=vte_staff, enrolment=completed)
    # Issued on the last day of the 2021 course, so it falls in the 2021 period like the course itself.
    Certificate.objects.filter(pk=certificate.pk).update(issued_on=END)
    assert (_value(COMPLETED, period), _value(CERTIFIED, period)) == (1, 1)

    services.certificate_revoke(actor=vte_staff, certificate=certificate, reason="Issued to the wrong person")
    assert _value(CERTIFIED, period) == 0


INSTITUTIONS = {
    "measure": "count_records",
    "window": "cumulative",
    "of": [{"source": "safe_migration_institutions"}],
}


@pytest.fixture
def institutions_indicator(places):
    this_year = timezone.localdate().year
    project = Project.objects.create(
        code="INST",
        name="Institutions",
        starts_on=datetime.date(this_year - 2, 1, 1),
        ends_on=datetime.date(this_year + 1, 12, 31),
    )
    node = ResultNode.objects.create(project=project, level=Level.OBJECTIVE, code="OBJ", title="Objective")
    indicator = results_services.indicator_save(
        actor=None,
        node=node,
        code="2.2.1",
        values={"title": "Institutions", "computation": INSTITUTIONS, "disaggregations": ["province"]},
    )
    period = results_services.period_create(actor=None, project=project, label=str(this_year))
    return indicator, period


def test_institutions_with_the_module_count_by_their_province_and_follow_the_record(
    officer, vte_staff, vte_org, institutions_indicator
):
    indicator, period = institutions_indicator
    today = timezone.localdate()
    svk_school = OrganisationFactory(name_en="Savannakhet TVET", province_id="LA-SV", kind="tvet_school")
    before_project = OrganisationFactory(name_en="Old school", province_id="LA-SV", kind="tvet_school")
    services.safe_migration_module_schedule(actor=officer, institution=vte_org, scheduled_on=today)
    # Cumulative: an institution that scheduled the module last year, during the project, still counts.
    services.safe_migration_module_schedule(
        actor=officer, institution=svk_school, scheduled_on=datetime.date(today.year - 1, 3, 1)
    )
    services.safe_migration_module_schedule(
        actor=officer, institution=before_project, scheduled_on=datetime.date(today.year - 3, 3, 1)
    )

    result = indicator_result(indicator, period, published=True)
    assert result.total.value == 2
    # Two institutions are not people: published exactly, never "<5".
    assert result.shown_by_key[(("province", "LA-VT"),)].text == "1"
    assert result.shown_by_key[(("province", "LA-SV"),)].text == "1"
    assert [t.dimension for t in result.tables] == ["province"]
    assert result.tables[0].columns == [("", "Total")]
    assert result.not_disaggregated_by == ["sex", "age_band", "disability", "migrant_status"]
    assert "not about people" in result.note

    listed = selectors.figure_records(
        actor=officer, indicator=indicator, period=period, where={"province": "LA-SV"}
    )
    assert listed is not None
    source, rows = listed
    assert [r.institution for r in rows] == [svk_school] and source.name == "safe_migration_institutions"
    # A partner sees the institutions in its own scope only, and no people list exists for this figure.
    _source, mine = selectors.figure_records(actor=vte_staff, indicator=indicator, period=period, where={})
    assert [r.institution for r in mine] == [vte_org]
    assert selectors.figure_people(actor=officer, indicator=indicator, period=period, where={}) is None

    # Clearing the module for the Savannakhet school moves the figure and its drill-down.
    services.safe_migration_module_schedule(actor=officer, institution=svk_school, scheduled_on=None)
    after = indicator_result(indicator, period, published=True)
    assert after.total.value == 1
    assert after.shown_by_key[(("province", "LA-VT"),)].value == 1
    assert (("province", "LA-SV"),) not in after.shown_by_key
    _source, rows = selectors.figure_records(
        actor=officer, indicator=indicator, period=period, where={"province": "LA-SV"}
    )
    assert not rows.exists()


@pytest.mark.parametrize(
    ("computation", "disaggregations", "message"),
    [
        (
            {"measure": "count_people", "of": [{"source": "safe_migration_institutions"}]},
            [],
            "not about people",
        ),
        (INSTITUTIONS, ["province", "sex"], "cannot be disaggregated by sex"),
    ],
)
def test_institutions_cannot_be_counted_as_people_or_by_sex(
    institutions_indicator, computation, disaggregations, message
):
    indicator, _period = institutions_indicator
    with pytest.raises(ValidationError, match=message):
        results_services.indicator_save(
            actor=None,
            node=indicator.node,
            code="X",
            values={"title": "X", "computation": computation, "disaggregations": disaggregations},
        )
    assert not Indicator.objects.filter(code="X").exists()


def test_people_reached_include_those_registered_earlier_who_joined_a_project_course(project, enrolment):
    shipped = json.loads((results_services.DATA / "promise_ii.json").read_text())
    by_code = {i["code"]: i for node in shipped["nodes"] for i in node.get("indicators", [])}
    period = results_services.period_create(actor=None, project=project, label="2021")

    # The trainee was registered today, not in 2021, but joined a PROMISE-funded cohort that started in 2021.
    assert _value(by_code["1.1.1"]["computation"], period) == 0
    assert _value(by_code["1.1.2"]["computation"], period) == 1

    Cohort.objects.filter(pk=enrolment.cohort_id).update(funding_project=None)
    assert _value(by_code["1.1.2"]["computation"], period) == 0  # not attributed to the project
