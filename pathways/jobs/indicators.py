"""Placements and retention follow-ups as results-engine sources (registered in JobsConfig.ready())."""

from pathways.jobs.models import Placement, RetentionFollowUp
from pathways.results.engine import Source

PLACEMENTS = Source(
    name="placements",
    model=Placement,
    label="Job placements",
    # A person is placed in the period their job started.
    date_field="starts_on",
    person_path="person",
    project_path="funding_project",
    fields={
        # "LA" is a job at home; any other country is abroad (filter with "ne": "LA").
        "country": "country_id",
        "province": "province_id",
        "employer": "employer_id",
        "isco_code": "isco_code",
        "vacancy": "vacancy_id",
        "ended_on": "ends_on",
    },
)

RETENTION_FOLLOW_UPS = Source(
    name="retention_follow_ups",
    model=RetentionFollowUp,
    label="Retention follow-ups of placements",
    # Counted in the period the person was asked.
    date_field="checked_on",
    person_path="placement__person",
    project_path="placement__funding_project",
    fields={
        "checkpoint": "checkpoint",
        "still_employed": "still_employed",
        "country": "placement__country_id",
        "employer": "placement__employer_id",
    },
)
