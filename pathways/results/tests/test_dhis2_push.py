"""The push to DHIS2, against a fake DHIS2 on a loopback port (tests/fake_dhis2.py) — never a real server —
and the DHIS2 pages an M&E officer uses."""

import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pathways.core.models import AuditEvent
from pathways.results import selectors
from pathways.results.dhis2 import secrets
from pathways.results.dhis2.push import dhis2_push
from pathways.results.models import Dhis2Mapping, Dhis2OrgUnit, Dhis2Push, Dhis2Server
from pathways.results.tests.fake_dhis2 import TOKEN, FakeDhis2, Server
from pathways.testing.factories import make_person

from .conftest import THIS_YEAR

YEAR = str(THIS_YEAR)


@pytest.fixture
def fake_dhis2(request):
    """The fake DHIS2 on the ports after pytest-django's --liveserver port when one is given (test servers
    then stay in the range a shared machine allows them), else on any free loopback port."""
    port = (request.config.getoption("liveserver", default=None) or "").rpartition(":")[2]
    ports = f"{int(port) + 1}-{int(port) + 49}" if port.isdigit() else ""
    with Server(FakeDhis2(), ports=ports) as server:
        yield server


@pytest.fixture
def server(fake_dhis2):
    return Dhis2Server.objects.create(
        name="DHIS2 test instance",
        base_url=fake_dhis2.url,
        username="admin",
        secret=secrets.encrypt("district"),
    )


class Page:
    def __init__(self, response):
        self.status_code = response.status_code
        self.text = html.unescape(response.text)


def _page(client, code="PROMISE-II", **params) -> Page:
    return Page(client.get(reverse("results-dhis2", args=[code]), {"period": YEAR, **params}))


def _send(client, server, action) -> Page:
    return Page(
        client.post(
            reverse("results-dhis2-send", args=["PROMISE-II"]),
            {"period": YEAR, "server": server.pk, "action": action},
            follow=True,
        )
    )


def test_a_dry_run_then_the_import_puts_the_figures_in_dhis2_with_its_totals_right(
    client, me_officer, promise, server, fake_dhis2
):
    client.force_login(me_officer)
    page = _page(client).text
    assert "Dry run: DHIS2 checks, keeps nothing" in page and 'value="import"' not in page

    dry = _send(client, server, "dry_run").text
    assert "DHIS2 checked the figures and would take them all." in dry
    assert "DHIS2's answer to the dry run" in dry
    assert fake_dhis2.instance.values == {}  # a dry run keeps nothing
    assert 'value="import"' in dry

    done = _send(client, server, "import").text
    assert "The figures are in DHIS2." in done
    pushes = list(Dhis2Push.objects.order_by("created_at"))
    assert [(p.dry_run, p.status) for p in pushes] == [(True, "SUCCESS"), (False, "SUCCESS")]
    assert pushes[1].imported == pushes[1].values == len(fake_dhis2.instance.values)
    # Published figures (the instance has no data-sharing agreement): DHIS2's total of people registered
    # by province is what is not withheld; 19 data value sets, one per organisation unit.
    assert len([r for r in fake_dhis2.instance.requests if "dryRun=false" in r["query"]]) == 19
    assert fake_dhis2.instance.total("PwDeRegPrv1", YEAR) == 6  # Vientiane Capital's women; the rest <5
    assert {e.action for e in AuditEvent.objects.filter(object_type="results.dhis2push")} == {
        "dhis2.dry_run",
        "dhis2.import",
    }


def test_an_instance_under_a_data_sharing_agreement_gets_exact_figures(
    me_officer, promise, server, fake_dhis2
):
    server.exact_figures = True
    server.save()
    period = selectors.period_get(project=promise, label=YEAR)
    for dry_run in (True, False):
        dhis2_push(actor=me_officer, project=promise, period=period, server=server, dry_run=dry_run)

    assert fake_dhis2.instance.total("PwDeRegPrv1", YEAR) == 12
    assert fake_dhis2.instance.total("PwDeRegAge1", YEAR) == 12
    assert Dhis2Push.objects.first().exact


def test_an_import_without_a_dry_run_of_the_same_figures_is_refused(
    officer, me_officer, promise, server, fake_dhis2
):
    period = selectors.period_get(project=promise, label=YEAR)
    with pytest.raises(ValidationError, match="Run a dry run of these figures first"):
        dhis2_push(actor=me_officer, project=promise, period=period, server=server, dry_run=False)

    dhis2_push(actor=me_officer, project=promise, period=period, server=server, dry_run=True)
    make_person(actor=officer, sex="female", home_province="LA-VT")  # the figures change
    with pytest.raises(ValidationError, match="they changed since the last one"):
        dhis2_push(actor=me_officer, project=promise, period=period, server=server, dry_run=False)
    assert fake_dhis2.instance.values == {}


def test_dhis2s_conflicts_are_shown_with_the_figures_they_concern(
    client, me_officer, promise, server, fake_dhis2
):
    meta = fake_dhis2.instance.meta
    meta["dataElements"] = [d for d in meta["dataElements"] if d["id"] != "PwDeRegAge1"]
    meta["dataSets"][0]["periodType"] = "SixMonthly"
    client.force_login(me_officer)

    page = _send(client, server, "dry_run").text

    assert "DHIS2 answered with conflicts: see them below." in page
    assert "E7610" in page and "Data element not found or not accessible: `PwDeRegAge1`" in page
    assert "1.1.1 · 15–24 · Female" in page  # the figure a conflict is about, named
    assert "E7632" in page and f"Period type of period: `{YEAR}` not valid" in page
    push = Dhis2Push.objects.get()
    assert push.status == "WARNING" and push.ignored == push.values
    # The period's conflict is the same in every organisation unit's set: shown once, naming the 19 units.
    period_conflict = next(c for c in push.conflicts if c["error_code"] == "E7632")
    assert len(period_conflict["org_units"]) == 19 and "Vientiane Capital" in period_conflict["org_units"]
    assert "nothing taken: conflicts" in page
    assert 'value="import"' not in page  # DHIS2 would take nothing


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"secret": "wrong"}, "DHIS2 refused the user name and password (or token) of DHIS2 test instance"),
        ({"base_url": "http://127.0.0.1:9"}, "DHIS2 at http://127.0.0.1:9 could not be reached"),
    ],
)
def test_an_instance_that_cannot_be_reached_or_refuses_is_said_so(
    client, me_officer, promise, server, fake_dhis2, change, says
):
    if "secret" in change:
        change = {"secret": secrets.encrypt(change["secret"])}
    Dhis2Server.objects.filter(pk=server.pk).update(**change)
    client.force_login(me_officer)

    page = _send(client, server, "dry_run").text

    assert says in page
    assert Dhis2Push.objects.get().status == "FAILED"
    assert 'value="import"' not in page


def test_a_personal_access_token_signs_in(me_officer, promise, server, fake_dhis2):
    server.auth, server.username, server.secret = Dhis2Server.Auth.TOKEN, "", secrets.encrypt(TOKEN)
    server.save()
    period = selectors.period_get(project=promise, label=YEAR)
    push = dhis2_push(actor=me_officer, project=promise, period=period, server=server, dry_run=True)
    assert push.status == "SUCCESS"
    assert fake_dhis2.instance.requests[0]["headers"]["Authorization"] == f"ApiToken {TOKEN}"


def test_only_me_officers_and_administrators_send_figures_or_see_the_mapping(
    client, officer, donor, me_officer, promise, server
):
    period = selectors.period_get(project=promise, label=YEAR)
    with pytest.raises(PermissionDenied):
        dhis2_push(actor=officer, project=promise, period=period, server=server, dry_run=True)
    for user in (officer, donor):
        client.force_login(user)
        assert _page(client).status_code == 403
        assert client.get(reverse("results-dhis2-mapping", args=["PROMISE-II"])).status_code == 403
    client.force_login(me_officer)
    dashboard = client.get(reverse("results-dashboard", args=["PROMISE-II"]), {"period": YEAR}).text
    assert reverse("results-dhis2", args=["PROMISE-II"]) in dashboard


def test_figures_with_nowhere_to_go_block_the_import_and_are_listed(client, me_officer, promise, server):
    Dhis2OrgUnit.objects.filter(place="LA-SV").delete()
    client.force_login(me_officer)
    _send(client, server, "dry_run")

    page = _page(client).text

    assert "1.1.1: figures of Savannakhet, which has no organisation unit." in page
    assert 'value="import"' not in page
    with pytest.raises(ValidationError, match="nowhere to go"):
        dhis2_push(
            actor=me_officer,
            project=promise,
            period=selectors.period_get(project=promise, label=YEAR),
            server=server,
            dry_run=False,
        )


def test_the_mapping_page_saves_rows_and_names_the_row_of_a_refused_one(client, me_officer, promise):
    client.force_login(me_officer)
    url = reverse("results-dhis2-mapping", args=["PROMISE-II"])
    form = client.get(url).context["rows"]
    data = {"set-uid": "PwPromise02", "set-attribute_option_combo": "PwAocPrmII1"}
    data |= {f"rows-{k}": v for k, v in form.management_form.initial.items()}
    for i, row in enumerate(form.initial):
        data |= {
            f"rows-{i}-indicator": row["indicator"],
            f"rows-{i}-part": row["part"],
            f"rows-{i}-data_element": row["data_element"],
            f"rows-{i}-category_combo": str(row["category_combo"].pk),
        } | ({f"rows-{i}-by_province": "on"} if row["by_province"] else {})
    data["rows-TOTAL_FORMS"] = str(len(form.initial) + 2)
    data["rows-0-DELETE"] = "on"  # 1.1.1 by age no longer goes to DHIS2
    data["rows-3-data_element"] = "9nope"

    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "is not a DHIS2 identifier" in refused.text and "Nothing was saved" in refused.text
    assert Dhis2Mapping.objects.count() == 25

    data["rows-3-data_element"] = "PwDeRchNew1"
    saved = client.post(url, data, follow=True)
    assert "The DHIS2 mapping is saved." in saved.text
    assert Dhis2Mapping.objects.count() == 24
    assert not Dhis2Mapping.objects.filter(data_element="PwDeRegAge1").exists()
    assert Dhis2Mapping.objects.filter(data_element="PwDeRchNew1").exists()


def test_the_organisation_units_page_checks_identifiers_in_lao_too(client, me_officer, promise):
    client.force_login(me_officer)
    url = reverse("results-dhis2-org-units")
    refused = client.post(url, {"LA-VT": "1ToolongId0"}, HTTP_ACCEPT_LANGUAGE="lo")
    assert refused.status_code == 400
    assert "ບໍ່ແມ່ນລະຫັດ DHIS2" in refused.text
    saved = client.post(url, {"LA": "PwOuLAO0000", "LA-VT": "PwOuNewVT01"}, follow=True)
    assert "The organisation units are saved." in saved.text
    assert Dhis2OrgUnit.objects.get(place="LA-VT").uid == "PwOuNewVT01"
    assert not Dhis2OrgUnit.objects.filter(place="LA-SV").exists()  # left empty: removed


def test_a_category_combination_is_edited_on_its_page(client, me_officer, promise):
    client.force_login(me_officer)
    url = reverse("results-dhis2-combo", args=["sex"])
    page = client.get(url)
    assert page.status_code == 200 and "PwCoSexX001" in page.text
    data = {
        "code": "sex",
        "name": "Sex (female, male)",
        "uid": "PwCcSex0001",
        "dimension": "",
        "by_sex": "on",
        "options-TOTAL_FORMS": "2",
        "options-INITIAL_FORMS": "0",
        "options-0-sex": "female",
        "options-0-uid": "PwCoSexF001",
        "options-1-sex": "male",
        "options-1-uid": "PwCoSexM001",
    }
    assert "The category combination is saved." in client.post(url, data, follow=True).text
    assert client.get(reverse("results-dhis2-combos")).text.count("Sex (female, male)") == 1


def test_the_administrator_sets_up_an_instance_whose_password_is_kept_encrypted_and_never_shown(
    client, admin_user
):
    admin_user.is_staff = admin_user.is_superuser = True  # as seed_demo makes administrators
    admin_user.save()
    client.force_login(admin_user)
    add = reverse("admin:results_dhis2server_add")
    form = {"name": "HMIS", "base_url": "https://dhis2.example.org", "auth": "basic", "username": "pathways"}
    refused = client.post(add, form)
    assert "Give the password or the personal access token." in refused.text

    client.post(add, {**form, "new_secret": "s3cret-Pass"})
    instance = Dhis2Server.objects.get(name="HMIS")
    assert "s3cret-Pass" not in instance.secret and secrets.decrypt(instance.secret) == "s3cret-Pass"
    change = client.get(reverse("admin:results_dhis2server_change", args=[instance.pk])).text
    assert "s3cret-Pass" not in change and instance.secret not in change
    # Saved again without a new password: the stored one stays.
    client.post(reverse("admin:results_dhis2server_change", args=[instance.pk]), {**form, "username": "pw2"})
    instance.refresh_from_db()
    assert instance.username == "pw2" and secrets.decrypt(instance.secret) == "s3cret-Pass"
