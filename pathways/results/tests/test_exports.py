"""The exports as analysts open them: the workbook with pandas, the HXL CSV with libhxl and a schema, the
JSON with numbers (issue 16, item 7)."""

import io
import json

import pytest
from django.urls import reverse

from pathways.results import exports, selectors

from .conftest import THIS_YEAR

pd = pytest.importorskip("pandas")


def _download(client, user, fmt: str, **params) -> bytes:
    client.force_login(user)
    response = client.get(
        reverse("results-report", args=["PROMISE-II", fmt]), {"period": str(THIS_YEAR), **params}
    )
    assert response.status_code == 200
    return response.content


def test_pandas_reads_the_workbooks_data_sheet_as_a_typed_long_table(client, officer, promise):
    frame = pd.read_excel(io.BytesIO(_download(client, officer, "xlsx")), sheet_name="data")

    assert list(frame.columns) == exports.COLUMNS  # one header row: no "Unnamed: n"
    assert frame["value"].dtype.kind == "f"  # numbers, NaN where withheld
    withheld = frame["suppressed"].notna()
    assert frame.loc[withheld, "value"].isna().all() and frame.loc[~withheld, "value"].notna().all()
    assert set(frame.loc[withheld, "suppressed"]) == {"small_count", "complementary"}
    assert set(frame["unit"]) == {"people", "percent", "institutions"}

    registered = frame[frame["indicator"] == "1.1.1"]
    both_sexes = registered["sex"].isna()
    total = registered[(registered["dimension"] == "total") & both_sexes]
    assert total["value"].tolist() == [12]
    # One row per category and sex: the total, each sex, and each province for both sexes and each sex.
    vientiane = registered[(registered["dimension"] == "province") & (registered["category"] == "LA-VT")]
    assert vientiane["adm1_code"].unique().tolist() == ["LA-VT"]
    assert vientiane["adm1_name"].unique().tolist() == ["Vientiane Capital"]
    shown = vientiane.astype(object).where(vientiane.notna(), None)
    assert [(r.sex, r.value, r.suppressed) for r in shown.itertuples()] == [
        (None, None, "complementary"),  # 9, withheld so that the 3 men cannot be worked out
        ("female", 6, None),
        ("male", None, "small_count"),
        ("other", 0, None),
    ]
    # Savannakhet's 3 people are withheld, and the published tables add up without giving them away.
    savannakhet = registered[(registered["category"] == "LA-SV") & both_sexes]
    assert savannakhet["suppressed"].tolist() == ["small_count"]
    percent = frame[frame["indicator"] == "1.1.4"]
    assert set(percent["unit"]) == {"percent"}


def test_the_workbooks_headline_results_are_numbers(client, officer, promise):
    workbook = io.BytesIO(_download(client, officer, "xlsx"))
    summary = pd.read_excel(workbook, sheet_name=0, header=3)
    registered = summary[summary["Indicator"].str.startswith("1.1.1 ")].iloc[0]
    assert registered["Result"] == 12 and registered["Unit"] == "people"
    assert pd.isna(registered["Withheld"])
    from openpyxl import load_workbook

    outcome = load_workbook(workbook)["1 OC1"]
    result_row = next(row for row in outcome.iter_rows() if row[0].value == "Result")
    assert result_row[1].data_type == "n" and result_row[1].value == 12
    codes = [row[1].value for row in outcome.iter_rows() if row[0].value == "Vientiane Capital"]
    assert codes and set(codes) == {"LA-VT"}


def test_every_figure_of_the_json_report_is_a_number_or_null_with_its_reason(client, officer, promise):
    data = json.loads(_download(client, officer, "json"))
    figures = []

    def walk(node):
        if isinstance(node, dict):
            if "suppressed" in node and "value" in node:
                figures.append(node)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(data["outcomes"])
    assert figures
    for figure in figures:
        if figure["suppressed"] is None:
            assert isinstance(figure["value"], int | float) and not isinstance(figure["value"], bool)
        else:
            assert figure["value"] is None and figure["suppressed"] in data["suppressed"]
    registered = data["outcomes"][0]["indicators"][0]
    assert (registered["value"], registered["unit"]) == (12, "people")
    provinces = next(t for t in registered["tables"] if t["dimension"] == "province")
    assert {r["category"]: r["label"] for r in provinces["rows"]}["LA-VT"] == "Vientiane Capital"


SCHEMA = [
    ["#valid_tag", "#valid_required", "#valid_datatype", "#valid_value+list", "#valid_value+regex"],
    ["#indicator+code", "true", "", "", ""],
    ["#indicator+unit", "true", "", "people|percent|institutions", ""],
    ["#indicator+value+num", "", "number", "", ""],
    ["#indicator+suppressed", "", "", "small_count|complementary", ""],
    ["#adm1+code", "", "", "", r"^LA-[A-Z]{2}$"],
    ["#date+start", "true", "date", "", ""],
]


def _hxl_errors(text: str) -> list[str]:
    hxl = pytest.importorskip("hxl")
    errors: list[str] = []
    schema = hxl.schema(
        hxl.data(SCHEMA), callback=lambda e: errors.append(f"{e.rule.tag_pattern}: {e.value}")
    )
    schema.validate(hxl.data(io.BytesIO(text.encode())))
    return errors


def test_the_hxl_csv_passes_a_schema_of_numeric_values_and_coded_reasons(client, officer, promise):
    hxl = pytest.importorskip("hxl")
    text = _download(client, officer, "hxl").decode()

    assert _hxl_errors(text) == []
    rows = list(hxl.data(io.BytesIO(text.encode())))
    for row in rows:
        # A figure is a number or withheld with its reason: never both, never "<5" in the number's place.
        assert bool(row.get("#indicator+value+num")) != bool(row.get("#indicator+suppressed")) or (
            row.get("#indicator+value+num") == "0"
        )
    shares = {row.get("#indicator+unit") for row in rows if row.get("#indicator+code") == "1.1.4"}
    assert shares == {"percent"}
    # The schema has teeth: the old export's "<5" in the numeric column is refused.
    old = text.replace(",,small_count", ",<5,small_count", 1)
    assert [e for e in _hxl_errors(old) if e.endswith(": <5")] and "+num" in _hxl_errors(old)[0]


def test_the_tidy_table_of_an_indicator_by_sex_alone_has_its_total_split_by_sex(promise, officer):
    from pathways.results.models import Indicator

    Indicator.objects.filter(code="1.1.1").update(disaggregations=["sex"])
    period = selectors.period_get(project=promise, label=str(THIS_YEAR))
    report = selectors.report_for(actor=None, project=promise, period=period, published=False)
    rows = [r for r in exports.tidy_rows(report) if r.indicator == "1.1.1"]

    assert [(r.dimension, r.sex, r.value) for r in rows] == [
        ("total", "", 12),
        ("total", "female", 8),
        ("total", "male", 4),
        ("total", "other", 0),
    ]
