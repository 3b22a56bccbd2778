"""Protection cases as a source for the results engine (registered in ProtectionConfig.ready()).

Figures count people with a case, disaggregated like any person (donors ask for victims of trafficking
assisted, by sex and age); small cells are suppressed in what is published, as everywhere. A figure's
drill-down lists only the people whose matching case the viewer is assigned to or supervises (`visible`):
to anyone else, a list of names behind "victims of trafficking assisted" would reveal the cases.
"""

from pathways.protection import access
from pathways.protection.models import ProtectionCase
from pathways.results.engine import Source

PROTECTION_CASES = Source(
    name="protection_cases",
    model=ProtectionCase,
    label="Protection cases (trafficking, labour exploitation, health), by the date they were opened",
    date_field="opened_on",
    person_path="person",
    project_path="funding_project",
    fields={
        "kind": "kind",
        "risk": "risk",
        "status": "status",
        "closure_reason": "closure_reason",
        "organisation": "organisation_id",
    },
    visible=access.cases_visible_to,
)
