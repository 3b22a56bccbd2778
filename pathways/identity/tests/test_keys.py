import datetime

from pathways.identity import keys
from pathways.identity.comparisons import jaro_winkler


def test_placeholder_dates_are_unknown_and_first_of_january_keeps_only_the_year():
    assert keys.clean_birth(datetime.date(1900, 1, 1), None) == (None, None)
    assert keys.clean_birth(datetime.date(1988, 1, 1), None) == (None, 1988)
    assert keys.clean_birth(datetime.date(1988, 5, 2), None) == (datetime.date(1988, 5, 2), 1988)
    assert keys.clean_birth(None, 1990) == (None, 1990)
    assert keys.clean_birth(None, 1900) == (None, None)


def test_one_letter_and_missing_names_give_no_key():
    assert keys.name_key("A") == ""
    assert keys.name_key("") == ""
    assert keys.name_key(" ສ ") == ""
    assert keys.phonetic_key("B.") == ""


def test_romanisation_variants_share_a_phonetic_key_and_swapped_names_share_a_block():
    assert keys.phonetic_key("Souksavanh") == keys.phonetic_key("Soksavan") == keys.phonetic_key("Suksawan")
    straight = keys.keys_for(
        given_name_lo="ສຸກ", family_name_lo="ພົມມະຈັນ", given_name_latin="Souk", family_name_latin="Phommachanh",
        birth_date=None, birth_year=None, aliases=[], phones=[], document_numbers=[],
    )  # fmt: skip
    swapped = keys.keys_for(
        given_name_lo="ພົມມະຈັນ", family_name_lo="ສຸກ", given_name_latin="Pommachan", family_name_latin="Suk",
        birth_date=None, birth_year=None, aliases=[], phones=[], document_numbers=[],
    )  # fmt: skip
    assert straight.name_block == swapped.name_block
    assert straight.name_block_lo == swapped.name_block_lo


def test_jaro_winkler_agrees_with_duckdb():
    import duckdb

    for a, b in [("souksavan", "suksavan"), ("martha", "marhta"), ("abc", "xyz"), ("ສຸກສະຫວັນ", "ສຸກສະຫວາດ")]:
        expected = duckdb.sql(f"select jaro_winkler_similarity('{a}', '{b}')").fetchall()[0][0]
        assert abs(jaro_winkler(a, b) - expected) < 1e-9, (a, b)


def test_every_comparison_and_level_has_a_label_for_reviewers():
    from pathways.identity import comparisons
    from pathways.identity.templatetags.identity import COMPARISON_LABELS, LEVEL_LABELS

    for comparison in comparisons.COMPARISONS:
        assert comparison.name in COMPARISON_LABELS
        assert {level.label for level in comparison.levels} <= set(LEVEL_LABELS), comparison.name
