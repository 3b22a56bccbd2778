"""Every write to employment records: atomic, audited, refusing bad input with errors that name the field."""

from pathways.jobs.services.placements import (
    follow_up_record,
    follow_up_update,
    placement_create,
    placement_update,
)
from pathways.jobs.services.vacancies import vacancy_create, vacancy_set_status, vacancy_update

__all__ = [
    "follow_up_record",
    "follow_up_update",
    "placement_create",
    "placement_update",
    "vacancy_create",
    "vacancy_set_status",
    "vacancy_update",
]
