"""The UI catalogues: every string translated into every UI language, its placeholders kept, and the
committed .mo (what Django serves) compiled from the .po as it stands."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

PATHWAYS = Path(settings.BASE_DIR) / "pathways"
UI_LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]
CATALOGUES = [PATHWAYS / "locale", *sorted(PATHWAYS.glob("*/locale"))]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: {"msgid", "msgid_plural", "msgstr" or "msgstr[n]", "fuzzy"}; obsolete
    entries (#~) and the header are left out."""
    entries: list[dict] = []
    entry: dict = {}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry.get("msgid"):
                entries.append(entry)
            entry, key = {}, ""
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        elif not line.startswith("#"):
            key, _, literal = line.partition(" ")
            entry[key] = ast.literal_eval(literal)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


@pytest.mark.parametrize("language", UI_LANGUAGES)
@pytest.mark.parametrize("folder", CATALOGUES, ids=lambda folder: str(folder.relative_to(PATHWAYS)))
def test_every_ui_string_is_translated_with_its_placeholders(folder: Path, language: str):
    po = folder / language / "LC_MESSAGES" / "django.po"
    entries = read_po(po)

    assert entries, f"{po} is missing or empty"
    for entry in entries:
        where = f"{po}: {entry['msgid']!r}"
        assert not entry.get("fuzzy"), f"fuzzy: {where}"
        wanted = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for text in translations(entry):
            assert text.strip(), f"untranslated: {where}"
            # A plural's one form in Lao and Thai may drop the count the English singular leaves out.
            found = sorted(PLACEHOLDER.findall(text))
            plural = sorted(PLACEHOLDER.findall(entry.get("msgid_plural", "")))
            assert found in (wanted, plural), f"placeholders {found} instead of {wanted}: {where}"


@pytest.mark.parametrize("language", UI_LANGUAGES)
@pytest.mark.parametrize("folder", CATALOGUES, ids=lambda folder: str(folder.relative_to(PATHWAYS)))
def test_the_compiled_catalogue_is_the_po_as_it_stands(folder: Path, language: str):
    messages = folder / language / "LC_MESSAGES"
    with (messages / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    for entry in read_po(messages / "django.po"):
        if "msgid_plural" in entry:
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
        elif "msgctxt" in entry:
            assert compiled.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"], f"run `make messages`: {messages}"


def test_a_word_with_two_meanings_is_translated_by_its_context():
    """Django merges every catalogue into one: "Result" of an assessment carries a context, or the results
    framework's "Result" (performance) would win on every page."""
    from django.utils import translation

    from pathways.training.forms import AssessmentForm

    with translation.override("th"):
        assert str(AssessmentForm.base_fields["result"].label) == "ผลการประเมิน"
        assert translation.gettext("Results") == "ผลการดำเนินงาน"
    with translation.override("lo"):
        assert str(AssessmentForm.base_fields["result"].label) == "ຜົນການປະເມີນ"
