"""Upload a small Kobo export through the pages, map, dry run, import, and find the people in the list."""

import os
import shutil

import pytest

from pathways.imports.tests.files import kobo_xlsx
from pathways.people.models import Person
from pathways.tests.test_browser import ARTIFACTS, CHROMIUM, Weighed, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_kobo_export_is_mapped_checked_and_imported_through_the_pages(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    me_officer,
    settings,
    tmp_path,
):
    settings.IMPORTS_BACKGROUND = "inline"
    settings.IMPORTS_DIR = str(tmp_path)
    upload = tmp_path / "returnee-intake-2024.xlsx"
    upload.write_bytes(kobo_xlsx())
    w = Weighed(browser, live_server.url)
    w.goto("/accounts/login/")
    w.page.fill("#id_username", "me.officer")
    w.page.fill("#id_password", "pathways-test")
    w.page.click("button[type=submit]")
    w.page.wait_for_url("**/")
    w.goto("/imports/")
    w.page.select_option("#id_kind", "returnee_intake")
    w.page.fill("#id_source", "Kobo returnee intake")
    w.page.set_input_files("#id_file", str(upload))
    w.page.click("button.primary[type=submit]")
    w.page.wait_for_url("**/imports/*/")
    # The mapping was proposed from the Kobo group paths; the phone column is there to check.
    phone = w.page.locator("#mapping tr", has_text="contact/phone").locator("select")
    assert phone.input_value() == "phones"
    assert w.page.locator("#id_key").input_value() == "_uuid"
    w.shot("import-mapping")
    w.page.click("button[name=action][value=dry_run]")
    w.page.wait_for_load_state("networkidle")
    assert w.page.inner_text("#n-created") == "3"
    assert Person.objects.count() == 0
    w.shot("import-dry-run")
    w.page.click("button[name=action][value=import]")
    w.page.wait_for_load_state("networkidle")
    assert w.page.inner_text("#n-created") == "3"
    w.shot("import-done")
    w.page.click("text=See the people")
    w.page.wait_for_url("**/people/")
    names = w.page.locator("table.list tbody td:first-child a small").all_inner_texts()
    assert {"Souksavanh Phommachanh", "Bounmy Sihalath", "Daovone"} <= {n.strip() for n in names}
    w.shot("import-people-list")
    w.page.click("button[name=language][value=lo]")
    w.page.wait_for_load_state("networkidle")
    w.goto("/imports/")
    assert "ການນຳເຂົ້າຂໍ້ມູນ" in w.page.inner_text("h1")
    w.shot("import-list-lo")
    w.context.close()


def test_a_web_import_sets_a_constant_and_a_warned_row_is_fixed_afterwards(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    me_officer,
    settings,
    tmp_path,
):
    from pathways.imports.tests.files import csv_bytes

    settings.IMPORTS_BACKGROUND = "inline"
    settings.IMPORTS_DIR = str(tmp_path)
    upload = tmp_path / "quarantine-list.csv"
    # The list has no status column (everyone on it is a returnee), and one phone outside the number ranges.
    upload.write_bytes(
        csv_bytes(
            ["Name", "Sex", "Phone"],
            [["Noy Vongsa", "F", "020 5555 1234"], ["Keo Inthavong", "M", "020 1234 5678"]],
        )
    )
    w = Weighed(browser, live_server.url)
    w.goto("/accounts/login/")
    w.page.fill("#id_username", "me.officer")
    w.page.fill("#id_password", "pathways-test")
    w.page.click("button[type=submit]")
    w.page.wait_for_url("**/")
    w.goto("/imports/")
    w.page.select_option("#id_kind", "people")
    w.page.set_input_files("#id_file", str(upload))
    w.page.click("button.primary[type=submit]")
    w.page.wait_for_url("**/imports/*/")
    # Without a status column the import is refused until a constant is set for it.
    w.page.click("button[name=action][value=dry_run]")
    w.page.wait_for_load_state("networkidle")
    assert "Map a column to migrant status" in w.page.inner_text("#mapping")
    assert w.page.locator("#constants").get_attribute("open") is not None
    w.page.select_option("#id_default_migrant_status", "returnee")
    w.shot("import-constant")
    w.page.click("button[name=action][value=import]")
    w.page.wait_for_load_state("networkidle")
    assert w.page.inner_text("#n-created") == "2" and w.page.inner_text("#n-warned") == "1"
    warning = w.page.locator("#issues tr.warning")
    assert "020 1234 5678" in warning.inner_text()
    w.shot("import-warning")
    warning.locator("a.fix").click()
    w.page.wait_for_url("**/people/*/")
    assert "quarantine-list.csv" in w.page.inner_text("main")  # the record's import provenance
    w.page.click("a.button[href$='/edit/']")
    w.page.wait_for_url("**/edit/")
    w.page.fill("#id_phones", "020 5555 1299")
    w.page.click("button.primary[type=submit]")
    w.page.wait_for_load_state("networkidle")
    keo = Person.objects.get(given_name_latin="Keo")
    assert keo.migrant_status == "returnee"
    assert list(keo.phones.values_list("number", flat=True)) == ["+8562055551299"]
    w.context.close()
