"""The results engine counts training through the sources this app registers."""

from pathways.results import services as results_services
from pathways.results.engine import spec
from pathways.results.engine.compute import compute
from pathways.training import services
from pathways.training.conftest import END, assess_all, attend_all
from pathways.training.models import Certificate

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
