from pathways.core.text import ZERO_WIDTH_SPACE, breakable


def test_lao_without_spaces_gets_a_break_opportunity_between_its_words():
    title = "ຈຳນວນຄູຝຶກທີ່ໄດ້ຮັບການຝຶກອົບຮົມກ່ຽວກັບການເຄື່ອນຍ້າຍແຮງງານທີ່ປອດໄພ"

    marked = breakable(title)

    assert marked.replace(ZERO_WIDTH_SPACE, "") == title
    assert "ຈຳນວນ" + ZERO_WIDTH_SPACE + "ຄູ" in marked
    # Never inside a syllable: a vowel or tone mark stays with its consonant.
    assert ZERO_WIDTH_SPACE + "\u0ec8" not in marked and ZERO_WIDTH_SPACE + "\u0eb5" not in marked


def test_text_with_spaces_or_in_latin_script_is_unchanged_where_it_can_already_break():
    assert breakable("2.1.4 Trainers trained on safe migration") == "2.1.4 Trainers trained on safe migration"
    marked = breakable("2.1.4 ຈຳນວນຄູຝຶກ (RPL)")
    assert " " + ZERO_WIDTH_SPACE not in marked
    assert marked.replace(ZERO_WIDTH_SPACE, "") == "2.1.4 ຈຳນວນຄູຝຶກ (RPL)"


def test_a_date_picker_holds_its_date_in_iso_whatever_the_interface_language():
    import datetime

    from django.utils import translation

    from pathways.core.forms import DateInput

    for language in ("en", "lo", "th"):
        with translation.override(language):
            html = DateInput().render("held_on", datetime.date(2026, 11, 30))
        assert 'type="date"' in html and 'value="2026-11-30"' in html, language
