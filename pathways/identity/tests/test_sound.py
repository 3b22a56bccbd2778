"""The consonant skeleton agrees across scripts for the spellings partners use."""

import pytest

from pathways.identity.keys import keys_for, name_key, strip_title
from pathways.identity.sound import skeleton
from pathways.people.names import fold


@pytest.mark.parametrize(
    ("lao", "latin"),
    [
        ("ສຸກສະຫວັນ", ["Souksavanh", "Suksavan", "Souksavan"]),
        ("ພົມມະຈັນ", ["Phommachanh", "Phomachan", "Pommachan"]),
        ("ຄຳຫຼ້າ", ["Khamla", "Khamlar"]),
        ("ແສງເດືອນ", ["Sengdeuane", "Saengduan"]),
        ("ບົວພັນ", ["Bouaphanh", "Buaphan"]),
        ("ແກ້ວມະນີ", ["Keomany", "Kaewmany"]),
        ("ປະເສີດ", ["Prasert", "Paseuth"]),
        ("ອິນທະວົງ", ["Inthavong", "Inthavongs", "Inthawong"]),
        ("ວໍລະຈິດ", ["Vorachith", "Volachit"]),
    ],
)
def test_a_lao_name_and_its_romanisations_share_a_skeleton(lao, latin):
    assert skeleton(lao)
    for spelling in latin:
        assert skeleton(spelling) == skeleton(lao), spelling
    # Folding (NFKC splits ຳ into ໍ + າ, tone marks go) does not change it.
    assert skeleton(fold(lao)) == skeleton(lao)


def test_different_names_have_different_skeletons():
    assert skeleton("ສຸກສະຫວັນ") != skeleton("ມະນີວັນ")
    assert skeleton("Souksavanh") != skeleton("Somsanouk")


def test_titles_are_not_part_of_the_name():
    assert name_key("Mr Souksavanh") == name_key("Souksavanh")
    assert name_key("ທ້າວສຸກສະຫວັນ") == name_key("ສຸກສະຫວັນ") == name_key("ທ້າວ ສຸກສະຫວັນ")
    assert name_key("Nang Maly") == name_key("Maly") and name_key("ນາງ ມາລີ") == name_key("ມາລີ")
    assert strip_title("Thao") == "tao"  # a title alone stays: it may be a name (the Hmong clan Thao)


def test_a_lao_only_and_a_latin_only_record_share_the_sound_block():
    common = {"birth_date": None, "birth_year": None, "aliases": [], "phones": [], "document_numbers": []}
    lao = keys_for(
        given_name_lo="ສຸກສະຫວັນ", family_name_lo="ພົມມະຈັນ", given_name_latin="", family_name_latin="", **common
    )
    latin = keys_for(
        given_name_lo="",
        family_name_lo="",
        given_name_latin="Phommachan",
        family_name_latin="Souksavan",
        **common,
    )
    assert lao.name_block_sk and lao.name_block_sk == latin.name_block_sk
