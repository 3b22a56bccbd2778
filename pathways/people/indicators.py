"""The registry as a record source for the results engine (registered in PeopleConfig.ready())."""

from pathways.people.models import Person
from pathways.results.engine import Source

PEOPLE = Source(
    name="people",
    model=Person,
    label="People registered",
    date_field="created_at",
    person_path="",
    fields={
        "sex": "sex",
        "migrant_status": "migrant_status",
        "province": "home_province_id",
        "district": "home_district_id",
        "registered_by": "owner_organisation_id",
        "registered_on": "created_at",
    },
)
