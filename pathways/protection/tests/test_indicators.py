"""An indicator over protection cases is data; its figures count every case, but a figure's drill-down names a
person only to those on that person's case."""

import datetime

from pathways.protection import services
from pathways.results import selectors as results_selectors
from pathways.results import services as results_services
from pathways.results.models import Level, Project, ResultNode
from pathways.results.reporting import indicator_result
from pathways.testing.factories import make_person

ASSISTED = {
    "measure": "count_people",
    "of": [{"source": "protection_cases", "where": [{"field": "kind", "op": "eq", "value": "trafficking"}]}],
}


def test_people_with_a_case_are_counted_for_all_and_listed_only_to_their_case_workers(
    case, case_worker, colleague, supervisor, officer, svk_org, svk_staff, survivor
):
    project = Project.objects.create(
        code="CREST", name="CREST", starts_on=datetime.date(2021, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    period = results_services.period_create(actor=None, project=project, label="2023")
    node = ResultNode.objects.create(project=project, level=Level.OUTCOME, code="OC1", title="Protection")
    indicator = results_services.indicator_save(
        actor=None,
        node=node,
        code="1",
        values={
            "title": "Victims of trafficking assisted",
            "computation": ASSISTED,
            "disaggregations": ["sex"],
        },
    )
    # Cases count for the project that pays for them.
    services.case_update(actor=case_worker, case=case, funding_project=project)
    dao = make_person(actor=svk_staff, given_name_latin="Dao", sex="male", home_province="LA-SV")
    dao_case = services.case_open(
        actor=colleague,
        person_id=dao.pk,
        organisation=svk_org,
        kind="trafficking",
        risk="medium",
        opened_on=datetime.date(2023, 8, 9),
        supervisor=supervisor,
        funding_project=project,
    )

    def listed(actor, **where):
        people = results_selectors.figure_people(actor=actor, indicator=indicator, period=period, where=where)
        return set(people)

    # Counted for everyone; small cells withheld even from those who see exact figures elsewhere (officers).
    exact = indicator_result(indicator, period, published=False)
    assert exact.total.text == "<5" and exact.total.n == 2
    assert exact.shown_by_key[(("sex", "male"),)].n == 1
    # Each case worker finds only their own case's person behind the figure; the supervisor of both, both;
    # a programme officer, who sees both people in the registry, nobody.
    assert listed(case_worker) == {survivor} and listed(colleague) == {dao}
    assert listed(supervisor) == {survivor, dao}
    assert listed(officer) == set() and listed(officer, sex="male") == set()

    # Live: closing one case as "health" instead takes it out of the figure.
    services.case_update(actor=colleague, case=dao_case, kind="health")
    assert indicator_result(indicator, period, published=False).total.n == 1
    assert listed(supervisor) == {survivor}
