import datetime
import json
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from pathways.results import services

from .conftest import THIS_YEAR


def test_dashboard_shows_exact_figures_to_officers_with_links_in_bounded_queries(
    client, officer, promise, django_assert_max_num_queries
):
    client.force_login(officer)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("results-dashboard", args=["PROMISE-II"]), {"period": str(THIS_YEAR)})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Unique people registered" in html
    assert "indicators/1.1.1/records/?period=" in html
    assert ">3<" in html  # Savannakhet: 3 people, exact for a national officer


def test_donors_see_published_figures_and_no_records(client, donor, promise):
    client.force_login(donor)
    page = client.get(reverse("results-dashboard", args=["PROMISE-II"]), {"period": str(THIS_YEAR)})
    html = page.content.decode()
    assert page.status_code == 200 and "&lt;5" in html
    assert "/records/" not in html
    records = client.get(reverse("results-records", args=["PROMISE-II", "1.1.1"]), {"period": str(THIS_YEAR)})
    assert records.status_code == 403


def test_drill_down_page_lists_the_people_behind_a_figure(client, officer, vte_staff, promise):
    url = reverse("results-records", args=["PROMISE-II", "1.1.1"])
    client.force_login(officer)
    page = client.get(url, {"period": str(THIS_YEAR), "province": "LA-SV"})
    assert "3 people you may see" in page.content.decode()
    client.force_login(vte_staff)
    page = client.get(url, {"period": str(THIS_YEAR), "province": "LA-SV"})
    assert "0 people you may see" in page.content.decode()


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "json", "dhis2", "hxl"])
def test_downloads_are_published(client, officer, promise, fmt):
    client.force_login(officer)
    response = client.get(reverse("results-report", args=["PROMISE-II", fmt]), {"period": str(THIS_YEAR)})
    assert response.status_code == 200
    assert str(THIS_YEAR) in response["Content-Disposition"]
    if fmt == "json":
        data = json.loads(response.content)
        tables = data["outcomes"][0]["indicators"][0]["tables"]
        cells = [cell for t in tables for row in t["rows"] for cell in row["cells"]]
        assert {"value": None, "suppressed": "small_count"} in cells
    if fmt == "hxl":
        assert (
            response.content.decode()
            .splitlines()[1]
            .startswith("#activity+code,#meta+period,#date+start,#date+end")
        )
    if fmt == "dhis2":
        payload = json.loads(response.content)
        assert (payload["dataSet"], payload["attributeOptionCombo"]) == ("PwPromise02", "PwAocPrmII1")
        # Vientiane Capital's 6 women registered (test_dhis2 checks the payload against DHIS2's rules).
        assert {
            "dataElement": "PwDeRegPrv1",
            "orgUnit": "PwOuLAVT000",
            "categoryOptionCombo": "PwCoSexF001",
            "value": "6",
            "period": str(THIS_YEAR),
        } in payload["dataValues"]


def test_report_command_writes_xlsx_and_a_lao_pdf(promise, tmp_path):
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    call_command("report", project="PROMISE-II", period=str(THIS_YEAR), format="xlsx", out=str(xlsx))
    call_command(
        "report", "--lang", "lo", project="PROMISE-II", period=str(THIS_YEAR), format="pdf", out=str(pdf)
    )

    assert xlsx.read_bytes()[:2] == b"PK"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    try:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert "ຈຳນວນຄົນທີ່ໄດ້ລົງທະບຽນ" in text


def test_institutions_indicator_shows_a_province_table_lists_institutions_and_is_exported(
    client, officer, vte_org, promise
):
    from pathways.training import services as training_services

    training_services.safe_migration_module_schedule(
        actor=officer, institution=vte_org, scheduled_on=datetime.date(THIS_YEAR, 1, 1)
    )
    client.force_login(officer)
    html = client.get(reverse("results-dashboard", args=["PROMISE-II"]), {"period": str(THIS_YEAR)}).text
    assert "Institutions with the safe-migration module" in html
    assert "no breakdown by sex, age, disability, migrant status" in html
    assert "indicators/2.2.1/records/?period=" in html

    records = client.get(
        reverse("results-records", args=["PROMISE-II", "2.2.1"]),
        {"period": str(THIS_YEAR), "province": "LA-VT"},
    ).text
    assert "Institutions you may see: 1" in records and "Vientiane Skills Centre" in records
    assert "<td>Vientiane Capital</td>" in records
    lao = client.get(
        reverse("results-records", args=["PROMISE-II", "2.2.1"]),
        {"period": str(THIS_YEAR), "province": "LA-VT"},
        HTTP_ACCEPT_LANGUAGE="lo",
    ).text
    # The province reads in Lao in the Lao interface, in the list and in the filter above it.
    assert "<td>ນະຄອນຫຼວງວຽງຈັນ</td>" in lao and "Vientiane Capital" not in lao

    data = json.loads(
        client.get(reverse("results-report", args=["PROMISE-II", "json"]), {"period": THIS_YEAR}).content
    )
    institutions = next(
        i for outcome in data["outcomes"] for i in outcome["indicators"] if i["code"] == "2.2.1"
    )
    # One institution is published as 1, not "<5": suppression protects people, not schools.
    assert (institutions["value"], institutions["suppressed"]) == (1, None)
    assert [t["dimension"] for t in institutions["tables"]] == ["province"]
    assert institutions["not_disaggregated_by"] == ["sex", "age_band", "disability", "migrant_status"]
    hxl = client.get(reverse("results-report", args=["PROMISE-II", "hxl"]), {"period": THIS_YEAR}).text
    assert (
        f"PROMISE-II,{THIS_YEAR},{THIS_YEAR}-01-01,{THIS_YEAR}-12-31,2.2.1,Institutions with the "
        "safe-migration module,institutions,province,LA-VT,Vientiane Capital,LA-VT,Vientiane Capital,,,1,\r\n"
        in hxl
    )
    dhis2 = json.loads(
        client.get(reverse("results-report", args=["PROMISE-II", "dhis2"]), {"period": THIS_YEAR}).content
    )
    assert {
        "dataElement": "PwDeInsPrv1",
        "period": str(THIS_YEAR),
        "orgUnit": "PwOuLAVT000",
        "categoryOptionCombo": "HllvX50cXC0",
        "value": "1",
    } in dhis2["dataValues"]


def test_a_period_without_records_says_so_and_links_to_the_latest_period_with_figures(
    client, officer, promise
):
    client.force_login(officer)
    url = reverse("results-dashboard", args=["PROMISE-II"])
    html = client.get(url, {"period": str(THIS_YEAR - 1)}).text
    assert f"No records fall in {THIS_YEAR - 1} yet, so the figures for this period are zero." in html
    assert f'<a href="?period={THIS_YEAR}">See {THIS_YEAR}, the latest period with figures</a>' in html
    # Nothing but zeros: totals of zero lead to no empty list of records.
    assert "indicators/1.1.1/records/" not in html
    assert 'id="no-records"' not in client.get(url, {"period": str(THIS_YEAR)}).text


def test_the_notice_says_when_no_period_has_figures_and_which_figures_count_since_the_start(
    client, officer, vte_org, promise
):
    from pathways.people.models import Person
    from pathways.training import services as training_services

    Person.objects.all().delete()
    client.force_login(officer)
    url = reverse("results-dashboard", args=["PROMISE-II"])
    assert "No period has figures yet." in client.get(url, {"period": str(THIS_YEAR)}).text
    # An institution counted from last year on: cumulative, so this year's 2.2.1 is not zero, yet no record
    # falls in this year.
    training_services.safe_migration_module_schedule(
        actor=officer, institution=vte_org, scheduled_on=datetime.date(THIS_YEAR - 1, 3, 1)
    )
    html = client.get(url, {"period": str(THIS_YEAR)}).text
    assert f"No records fall in {THIS_YEAR} yet" in html
    assert "Only the figures counted since the project began (2.2.1) include earlier records." in html
    assert f"See {THIS_YEAR - 1}, the latest period with figures" in html


def test_the_dashboard_opens_on_the_latest_year_that_has_started_and_charts_no_year_to_come(
    client, officer, promise
):
    services.period_create(actor=None, project=promise, label=str(THIS_YEAR + 1))
    client.force_login(officer)
    page = client.get(reverse("results-dashboard", args=["PROMISE-II"]))
    assert page.context["period"].label == str(THIS_YEAR)
    trend = page.context["charts"]["trend"]
    assert f">{THIS_YEAR}<" in trend and f">{THIS_YEAR + 1}<" not in trend


def test_the_chart_by_sex_stacks_counts_and_leaves_out_shares(client, officer, promise):
    client.force_login(officer)
    page = client.get(reverse("results-dashboard", args=["PROMISE-II"]), {"period": str(THIS_YEAR)})
    by_sex = page.context["charts"]["sex"]
    assert ">3.1.1<" in by_sex and ">1.1.1<" in by_sex
    # 3.1.4 is a percentage: its women's and men's shares stacked would read as one figure above 100.
    assert ">3.1.4<" not in by_sex


def test_the_lao_dashboard_names_the_project_outcomes_and_units_in_lao(client, officer, promise):
    client.force_login(officer)
    html = client.get(
        reverse("results-dashboard", args=["PROMISE-II"]),
        {"period": str(THIS_YEAR)},
        HTTP_ACCEPT_LANGUAGE="lo",
    ).text
    assert "ໂຄງການ PROMISE ໄລຍະ II" in html
    assert "OC1 ແຮງງານທີ່ມີແຜນຈະໄປ" in html
    assert "12</a> ຄົນ" in html and "people" not in html.split('id="i-1.1.1"')[1].split("</p>")[1]


def test_a_project_without_periods_says_so_instead_of_not_found(client, officer, project):
    client.force_login(officer)
    page = client.get(reverse("results-dashboard", args=[project.code]))
    assert page.status_code == 200
    assert "TEST has no reporting periods yet" in page.text


def test_the_lao_pdfs_summary_table_stays_on_the_page(promise, tmp_path):
    import re
    import shutil

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "r.pdf"
    call_command(
        "report", "--lang", "lo", project="PROMISE-II", period=str(THIS_YEAR), format="pdf", out=str(pdf)
    )
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    rights = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    # The "% of target" column used to run past the right margin (14 mm, about 40 pt).
    assert rights and max(rights) <= page_width - 30
