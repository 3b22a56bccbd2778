"""Training records as sources for the results engine (registered in TrainingConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from pathways.results.engine import Source
from pathways.results.engine.compute import prefix_q
from pathways.training import access
from pathways.training.models import Certificate, Enrolment, InstitutionSafeMigration

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


SAFE_MIGRATION_INSTITUTIONS = Source(
    name="safe_migration_institutions",
    model=InstitutionSafeMigration,
    label="Institutions with the safe-migration module",
    # An institution counts from the day it put the module in its schedule.
    date_field="module_scheduled_on",
    # Institutions, not people: disaggregated only by their own place, never by sex, age or disability.
    person_path=None,
    fields={
        "institution": "institution_id",
        "institution_kind": "institution__kind",
        "province": "institution__province_id",
        "active": "institution__is_active",
    },
    dimensions={"province": "institution__province_id"},
    columns=(
        (_("Institution"), "institution__name_en"),
        (_("Province"), "institution__province"),
        (_("Module scheduled on"), "module_scheduled_on"),
    ),
    visible=lambda actor: prefix_q(access.institutions_visible_to(actor), "institution"),
    noun=_("Institutions"),
)
