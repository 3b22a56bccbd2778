"""Training records as sources for the results engine (registered in TrainingConfig.ready())."""

from pathways.results.engine import Source
from pathways.training.models import Certificate, Enrolment

ENROLMENTS = Source(
    name="enrolments",
    model=Enrolment,
    label="Course enrolments",
    # A person is trained in the period their cohort started.
    date_field="cohort__starts_on",
    person_path="person",
    project_path="cohort__funding_project",
    fields={
        "status": "status",
        "cohort_kind": "cohort__kind",
        "course": "cohort__course__code",
        "institution": "cohort__institution_id",
    },
)

CERTIFICATES = Source(
    name="certificates",
    model=Certificate,
    label="Certificates issued",
    date_field="issued_on",
    person_path="person",
    fields={
        "course": "course__code",
        "institution": "institution_id",
        "revoked": "revoked_at",
        "rpl": "enrolment",
    },
)
