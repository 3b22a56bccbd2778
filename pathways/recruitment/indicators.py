"""SDG indicator 10.7.1 — recruitment cost borne by the worker as a proportion of monthly income earned in the
country of destination — as the ILO and World Bank define it, and as a source of the results engine.

For each worker: the costs they paid to be recruited (fees, documents, medical, training, transport, visa and
work permit, deposits not returned, interest on loans taken for it; the loan itself is not a cost) over their
monthly earnings in the destination, both in US dollars at the rate of their own day, × 100. The record keeps
that share (RecruitmentRecord.cost_share_pct, kept by the services). A worker whose earnings are not known has
no share and is left out of the denominator — not counted as zero; a worker who paid nothing counts, as 0.
The indicator is the mean of the workers' shares, with their median beside it (a few workers who paid a
broker many months' wages pull the mean up)."""

from collections import defaultdict
from decimal import Decimal
from statistics import mean, median

from django.db.models import QuerySet

from pathways.recruitment.models import RecruitmentRecord
from pathways.results.engine import Source

SOURCE = Source(
    name="recruitment_costs",
    model=RecruitmentRecord,
    label="Workers' recruitment costs as a percentage of monthly earnings abroad (SDG 10.7.1)",
    date_field="recruited_on",
    person_path="person",
    project_path="funding_project",
    fields={
        "cost_share_pct": "cost_share_pct",
        "costs_usd": "costs_usd",
        "monthly_earnings_usd": "monthly_earnings_usd",
        "channel": "channel",
        "destination": "destination_id",
        "agency": "agency_id",
    },
)

_WITH_EARNINGS = [
    {"source": SOURCE.name, "where": [{"field": "cost_share_pct", "op": "isnull", "value": False}]}
]
# The definitions an M&E officer gives the framework's SDG 10.7.1 indicators (percent of monthly earnings).
MEAN = {
    "measure": "ratio",
    "numerator": {"measure": "sum", "field": "cost_share_pct", "of": _WITH_EARNINGS},
    "denominator": {"measure": "count_records", "of": _WITH_EARNINGS},
}
MEDIAN = {"measure": "median", "field": "cost_share_pct", "of": [{"source": SOURCE.name}]}

# What the recruitment page breaks 10.7.1 down by: the corridor (Lao PDR → destination), sex, channel, agency.
BREAKDOWNS = {
    "destination": "destination_id",
    "sex": "person__sex",
    "channel": "channel",
    "agency": "agency_id",
}


def _figures(shares: list[Decimal]) -> dict:
    return {
        "n": len(shares),
        "mean": round(float(mean(shares)), 1) if shares else None,
        "median": round(float(median(shares)), 1) if shares else None,
    }


def breakdown(records: QuerySet[RecruitmentRecord]) -> dict:
    """10.7.1 over `records` (already scoped and filtered): the total and each breakdown's groups, each with
    the number of workers with known earnings, the mean and the median share."""
    rows = list(
        records.filter(cost_share_pct__isnull=False).values_list("cost_share_pct", *BREAKDOWNS.values())
    )
    groups: dict[str, dict] = {name: defaultdict(list) for name in BREAKDOWNS}
    for share, *keys in rows:
        for name, key in zip(BREAKDOWNS, keys, strict=True):
            groups[name][key].append(share)
    return {
        "total": _figures([row[0] for row in rows]),
        "left_out": records.filter(cost_share_pct__isnull=True).count(),
        "by": {
            name: {key: _figures(shares) for key, shares in sorted(found.items(), key=lambda kv: str(kv[0]))}
            for name, found in groups.items()
        },
    }
