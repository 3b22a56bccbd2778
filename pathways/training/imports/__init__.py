"""Import kinds of the training app: enrolments and attendance from partners' sheets.

Each row goes through the same services as the cohort pages (training.services), so an import cannot do what
a page forbids; people are found as `persons` describes, cohorts by their code.
"""

from pathways.imports import registry


def register() -> None:
    from pathways.training.imports import attendance, enrolments

    registry.register(enrolments.KIND)
    registry.register(attendance.KIND)
