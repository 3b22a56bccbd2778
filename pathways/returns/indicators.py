"""Returns and referrals as sources for the results engine (registered in ReturnsConfig.ready()).

"Returnees assisted" counts people with a return (by reason, country, screening) and "referrals completed"
people with a referral whose service they received — both disaggregated like any person."""

from pathways.results.engine import Source
from pathways.returns.models import Referral, Return

RETURNS = Source(
    name="returns",
    model=Return,
    label="Returns from abroad (border points, quarantine centres), with the needs assessment",
    date_field="returned_on",
    person_path="person",
    project_path="funding_project",
    fields={
        "reason": "reason",
        "from_country": "from_country_id",
        "border_point": "border_point",
        "screening": "screening",
        "organisation": "organisation_id",
        "quarantine_centre": "quarantine_centre_id",
    },
)

REFERRALS = Source(
    name="referrals",
    model=Referral,
    label="Referrals to services (training, jobs, health, psychosocial, legal, direct assistance, shelter)",
    # A referral is counted in the period it was made; its status says what came of it.
    date_field="referred_on",
    person_path="person",
    project_path="funding_project",
    fields={
        "service": "service",
        "status": "status",
        "organisation": "organisation_id",
        "referred_to": "referred_to_id",
    },
)
