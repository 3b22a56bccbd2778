"""Every write to training records: atomic, audited, refusing bad input with errors that name the field."""

from pathways.training.services.assessment import (
    assessment_record,
    cohort_assessment_save,
    is_assessor,
    safe_migration_module_schedule,
)
from pathways.training.services.certificates import (
    certificate_issue,
    certificate_revoke,
    certificates_issue_for_cohort,
)
from pathways.training.services.cohorts import (
    attendance_day_save,
    cohort_complete_all,
    cohort_create,
    completion_problems,
    enrolment_complete,
    enrolment_create,
    enrolment_drop_out,
    enrolment_update,
)
from pathways.training.services.rpl import (
    rpl_apply,
    rpl_decide,
    rpl_eligibility_check,
    rpl_evidence_add,
    rpl_gap_refer,
)

__all__ = [
    "assessment_record",
    "attendance_day_save",
    "certificate_issue",
    "certificate_revoke",
    "certificates_issue_for_cohort",
    "cohort_assessment_save",
    "cohort_complete_all",
    "cohort_create",
    "completion_problems",
    "enrolment_complete",
    "enrolment_create",
    "enrolment_drop_out",
    "enrolment_update",
    "is_assessor",
    "rpl_apply",
    "rpl_decide",
    "rpl_eligibility_check",
    "rpl_evidence_add",
    "rpl_gap_refer",
    "safe_migration_module_schedule",
]
