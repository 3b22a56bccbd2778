from hypothesis import given
from hypothesis import strategies as st

from pathways.people import names


def test_romanisation_variants_of_one_name_fold_to_the_same_key():
    assert names.fold("Souksavanh") == names.fold("Souksavan") == names.fold("Suksavan")
    assert names.fold("Xaysomphone") == names.fold("Saysomphon")
    assert names.fold("PHOMMACHANH") == names.fold("Pommachan")


def test_lao_spellings_differing_in_lo_ligature_and_tone_marks_fold_to_the_same_key():
    assert names.fold("ຫຼວງ") == names.fold("ຫລວງ")
    assert names.fold("ແກ້ວ") == names.fold("ແກວ")
    assert names.fold("ໜ້ອຍ") == names.fold("ຫນ້ອຍ")


def test_stored_lao_names_use_the_one_character_lo_form():
    assert names.normalise("ຫລວງ  ລາດ") == "ຫຼວງ ລາດ"


def test_lao_collation_skips_pre_posed_vowels():
    words = ["ສາ", "ແສງ", "ຂາ", "ເກ", "ກາ"]
    assert sorted(words, key=names.sort_key) == ["ກາ", "ເກ", "ຂາ", "ສາ", "ແສງ"]


@given(st.text(max_size=40))
def test_any_text_folds_to_case_folded_text_without_tone_marks_and_has_a_sort_key(text):
    folded = names.fold(text)
    assert folded == folded.casefold()
    assert not set(folded) & set("\u0ec8\u0ec9\u0eca\u0ecb")
    assert isinstance(names.sort_key(text), str)
