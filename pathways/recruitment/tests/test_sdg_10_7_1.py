"""SDG 10.7.1 against worked examples computed by hand: costs in kip, baht, won and dollars each converted at
their own day's rate, loan interest counted, a worker who paid nothing counted as 0, a worker without known
earnings left out of the denominator; mean and median overall, by sex (through the results engine, as the
framework and donor reports compute it) and by corridor, channel and agency (the recruitment page).

The five workers (rates per US dollar: LAK 20,000 from January 2024; THB 35 from January, 36 from July;
KRW 1,300):
  A  woman, Thailand, agency: 2,000,000 LAK fee (100 USD) + 50 USD loan interest = 150 USD;
     contract 10,500 THB in March (300 USD)                                       → 150 / 300 = 50.00 %
  B  man, Thailand, broker: 3,500 THB in March (100 USD); reported earnings 14,400 THB in
     August (400 USD), which replace the contract's 9,000 THB                     → 100 / 400 = 25.00 %
  C  woman, Korea, MOU: 1,300,000 KRW (1,000 USD); contract 1,950,000 KRW (1,500 USD) → 66.67 %
  D  woman, Thailand, agency: 300 USD, earnings unknown                            → left out
  E  man, Thailand, on his own: paid nothing; contract 10,500 THB (300 USD)         → 0.00 %
Mean 141.67 / 4 = 35.4; median (25 + 50) / 2 = 37.5. Women (A, C): mean and median 58.3. Men (B, E): 12.5.
Thailand (A, B, E): mean 25.0, median 25.0. Korea: 66.7.
"""

import datetime
from decimal import Decimal

import pytest

from pathways.places.models import Country
from pathways.recruitment import indicators
from pathways.recruitment.models import RecruitmentRecord
from pathways.recruitment.services import records
from pathways.results import services as results_services
from pathways.results.engine import spec
from pathways.results.engine.compute import compute
from pathways.results.models import Project
from pathways.testing.factories import make_person

MARCH = datetime.date(2024, 3, 10)


@pytest.fixture
def project(db):
    return Project.objects.create(
        code="PROMISE-II",
        name="PROMISE",
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )


@pytest.fixture
def five_workers(svk_staff, svk_org, agency, rates, project):
    def person(name, sex):
        return make_person(actor=svk_staff, given_name_latin=name, sex=sex, home_province="LA-SV")

    def cost(category, amount, currency, day=MARCH):
        return {"category": category, "amount": Decimal(amount), "currency": currency, "paid_on": day}

    def record(who, country, channel, wage, currency, costs, **extra):
        return records.recruitment_record(
            actor=svk_staff,
            person_id=who.pk,
            organisation=svk_org,
            channel=channel,
            destination=Country.objects.get(code=country),
            recruited_on=MARCH,
            contract_wage=Decimal(wage) if wage else None,
            contract_currency=currency,
            funding_project=project,
            costs=costs,
            **extra,
        )

    a = record(
        person("A", "female"), "TH", "agency", "10500", "THB",
        [cost("fee", "2000000", "LAK"), cost("loan_interest", "50", "USD")], agency=agency,
    )  # fmt: skip
    b = record(person("B", "male"), "TH", "broker", "9000", "THB", [cost("fee", "3500", "THB")])
    records.earnings_report(
        actor=svk_staff,
        record=b,
        reported_on=datetime.date(2024, 8, 1),
        amount=Decimal("14400"),
        currency="THB",
    )
    c = record(person("C", "female"), "KR", "mou", "1950000", "KRW", [cost("fee", "1300000", "KRW")])
    d = record(person("D", "female"), "TH", "agency", None, "", [cost("fee", "300", "USD")], agency=agency)
    e = record(person("E", "male"), "TH", "own", "10500", "THB", [])
    return {
        name: RecruitmentRecord.objects.get(pk=r.pk) for name, r in zip("ABCDE", [a, b, c, d, e], strict=True)
    }


def test_each_workers_share_is_costs_over_monthly_earnings(five_workers):
    shares = {name: r.cost_share_pct for name, r in five_workers.items()}
    assert shares == {
        "A": Decimal("50.00"),
        "B": Decimal("25.00"),
        "C": Decimal("66.67"),
        "D": None,
        "E": Decimal("0.00"),
    }
    assert five_workers["A"].costs_usd == Decimal("150.00")
    assert five_workers["B"].monthly_earnings_usd == Decimal("400.00")


def test_the_results_engine_gives_the_mean_and_median_overall_and_by_sex(five_workers, project):
    period = results_services.period_create(actor=None, project=project, label="2024")
    mean = compute(spec.parse(indicators.MEAN), dims=["sex"], project=project, period=period)
    median = compute(spec.parse(indicators.MEDIAN), dims=["sex"], project=project, period=period)

    assert mean.total.value == 35.4 and mean.total.n == 4  # D is not in the denominator
    assert median.total.value == 37.5 and median.total.n == 4
    assert mean.cell(sex="female").value == 58.3 and mean.cell(sex="male").value == 12.5
    assert round(median.cell(sex="female").value, 1) == 58.3 and median.cell(sex="male").value == 12.5


def test_the_breakdown_by_corridor_channel_and_agency(five_workers, agency):
    figures = indicators.breakdown(RecruitmentRecord.objects.all())

    assert figures["total"] == {"n": 4, "mean": 35.4, "median": 37.5}
    assert figures["left_out"] == 1
    assert figures["by"]["destination"] == {
        "KR": {"n": 1, "mean": 66.7, "median": 66.7},
        "TH": {"n": 3, "mean": 25.0, "median": 25.0},
    }
    assert figures["by"]["channel"] == {
        "agency": {"n": 1, "mean": 50.0, "median": 50.0},
        "broker": {"n": 1, "mean": 25.0, "median": 25.0},
        "mou": {"n": 1, "mean": 66.7, "median": 66.7},
        "own": {"n": 1, "mean": 0.0, "median": 0.0},
    }
    assert figures["by"]["agency"][agency.pk] == {"n": 1, "mean": 50.0, "median": 50.0}
    assert figures["by"]["sex"]["male"] == {"n": 2, "mean": 12.5, "median": 12.5}


def test_the_page_shows_the_figures_to_staff_only(client, svk_staff, donor, five_workers):
    client.force_login(svk_staff)
    page = client.get("/recruitment/sdg-10-7-1/", {"year": "2024"}).content.decode()
    assert '<dd id="sdg-mean">35.4 %</dd>' in page and '<dd id="sdg-median">37.5 %</dd>' in page
    assert "Korea" in page and "On one&#x27;s own" in page
    client.force_login(donor)
    assert client.get("/recruitment/sdg-10-7-1/").status_code == 403
