"""Results over the API: the indicators as numbers with published disaggregations, and the report files, for
every role that may see results, donors included."""

from pathways.accounts.services import api_token_issue

from .conftest import THIS_YEAR


def _bearer(user, scopes=("read",)) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, scopes=scopes)}"}


def test_a_donor_reads_the_indicators_as_numbers_with_small_cells_withheld(client, donor, promise):
    answer = client.get(
        "/api/v1/results/projects/PROMISE-II/indicators", {"period": str(THIS_YEAR)}, **_bearer(donor)
    )

    assert answer.status_code == 200
    body = answer.json()
    registered = next(i for i in body["indicators"] if i["code"] == "1.1.1")
    assert registered["total"] == {"value": 12.0, "shown": "12", "withheld": None}
    by_province = next(t for t in registered["tables"] if t["dimension"] == "province")
    savannakhet = next(r for r in by_province["rows"] if r["value"] == "LA-SV")
    # 3 people in Savannakhet: withheld as in the published report, with no number to work it out from.
    assert savannakhet["cells"][-1] == {"value": None, "shown": "<5", "withheld": "primary", "sex": None}
    assert by_province["rows"][-1]["value"] is None  # the table's total row


def test_a_national_officer_gets_the_published_figures_too(client, officer, promise):
    body = client.get("/api/v1/results/projects/PROMISE-II/indicators", **_bearer(officer)).json()
    registered = next(i for i in body["indicators"] if i["code"] == "1.1.1")
    by_province = next(t for t in registered["tables"] if t["dimension"] == "province")
    assert next(r for r in by_province["rows"] if r["value"] == "LA-SV")["cells"][-1]["withheld"] == "primary"


def test_report_files_download_with_a_token_instead_of_redirecting_to_the_login(client, donor, promise):
    for fmt, content_type in [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("json", "application/json"),
        ("hxl", "text/csv; charset=utf-8"),
        ("dhis2", "application/json"),
    ]:
        answer = client.get(
            f"/api/v1/results/projects/PROMISE-II/report.{fmt}", {"period": str(THIS_YEAR)}, **_bearer(donor)
        )
        assert answer.status_code == 200, fmt
        assert answer["Content-Type"] == content_type
        assert f"PROMISE-II-{THIS_YEAR}" in answer["Content-Disposition"]


def test_projects_list_their_periods_and_a_token_without_results_scope_is_refused(client, donor, promise):
    projects = client.get("/api/v1/results/projects", **_bearer(donor)).json()
    assert [p["code"] for p in projects["results"]] == ["PROMISE-II"]
    assert [p["label"] for p in projects["results"][0]["periods"]] == [str(THIS_YEAR - 1), str(THIS_YEAR)]

    refused = client.get("/api/v1/results/projects", **_bearer(donor, scopes=["people:read"]))
    assert refused.status_code == 403 and refused.json()["code"] == "insufficient_scope"
