import datetime
import json

import pytest
from django.utils import timezone

from pathways.people.models import Consent
from pathways.results import services
from pathways.results.engine import Source, register_source, unregister_source
from pathways.results.models import Level, Project, ResultNode
from pathways.testing.factories import make_person

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def project(db):
    return Project.objects.create(
        code="TEST",
        name="Test project",
        starts_on=datetime.date(THIS_YEAR - 2, 1, 1),
        ends_on=datetime.date(THIS_YEAR + 1, 12, 31),
    )


@pytest.fixture
def period(project):
    return services.period_create(actor=None, project=project, label=str(THIS_YEAR))


@pytest.fixture
def outcome(project):
    objective = ResultNode.objects.create(
        project=project, level=Level.OBJECTIVE, code="OBJ", title="Objective"
    )
    return ResultNode.objects.create(
        project=project,
        parent=objective,
        level=Level.OUTCOME,
        code="OC1",
        title="Outcome one",
        title_lo="ຜົນໄດ້ຮັບ",
    )


@pytest.fixture
def consents_source():
    """A second, event-like source (consent records, dated, linked to a person) for count_records/median."""
    source = Source(
        name="test_consents",
        model=Consent,
        label="Consents",
        date_field="given_on",
        person_path="person",
        fields={"method": "method", "given_on": "given_on"},
    )
    register_source(source)
    yield source
    unregister_source("test_consents")


@pytest.fixture
def promise(officer, places):
    from pathways.partners.models import Organisation

    project = Project.objects.create(
        code="PROMISE-II",
        name="PROMISE II",
        name_local="ໂຄງການ PROMISE ໄລຍະ II",
        starts_on=f"{THIS_YEAR - 1}-01-01",
        ends_on=f"{THIS_YEAR + 1}-12-31",
    )
    project.donors.add(Organisation.objects.create(kind="donor", name_en="SDC", country_id="LA"))
    data = json.loads((services.DATA / "promise_ii.json").read_text())
    data["periods"] = [str(THIS_YEAR - 1), str(THIS_YEAR)]
    for node in data["nodes"]:
        for indicator in node.get("indicators", []):
            indicator["targets"] = {str(THIS_YEAR): 10}
    services.framework_load(actor=None, project=project, data=data)
    for i in range(12):
        make_person(
            actor=officer,
            sex="female" if i % 3 else "male",
            home_province="LA-VT" if i < 9 else "LA-SV",
            wg_seeing=3 if i == 0 else 1,
            birth_year=1990 + i,
        )
    return project
