import datetime

import pytest
from django.utils import timezone

from pathways.people.models import Consent
from pathways.results import services
from pathways.results.engine import Source, register_source, unregister_source
from pathways.results.models import Level, Project, ResultNode

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
