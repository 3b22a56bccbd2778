import pytest

from pathways.places.models import Country, District, Province
from pathways.places.selectors import district_match, province_match
from pathways.places.services import reference_places_load

LAO_PROVINCES = {
    "LA-VT",
    "LA-AT",
    "LA-BK",
    "LA-BL",
    "LA-CH",
    "LA-HO",
    "LA-KH",
    "LA-LM",
    "LA-LP",
    "LA-OU",
    "LA-PH",
    "LA-SL",
    "LA-SV",
    "LA-VI",
    "LA-XA",
    "LA-XE",
    "LA-XI",
    "LA-XS",
}


def test_all_eighteen_lao_provinces_are_loaded_with_iso_codes_and_lao_names(places):
    provinces = Province.objects.filter(country_id="LA")
    assert set(provinces.values_list("code", flat=True)) == LAO_PROVINCES
    assert all(any("\u0e80" <= ch <= "\u0eff" for ch in p.name_local) for p in provinces)


def test_every_lao_province_has_districts_and_there_are_about_148(places):
    assert 140 <= District.objects.count() <= 160
    assert set(District.objects.values_list("province_id", flat=True)) == LAO_PROVINCES


def test_destination_provinces_of_thailand_are_loaded(places):
    assert Province.objects.filter(country_id="TH").count() == 77
    assert Province.objects.get(code="TH-10").name_local == "กรุงเทพมหานคร"


def test_loading_twice_changes_nothing(places):
    before = (Province.objects.count(), District.objects.count())
    reference_places_load()
    assert (Province.objects.count(), District.objects.count()) == before


@pytest.mark.parametrize("text", ["LA-SV", "SV", "Savannakhet", "savanakhet", "ສະຫວັນນະເຂດ"])
def test_a_province_is_found_by_code_name_script_or_alias(places, text):
    assert province_match(text).code == "LA-SV"


def test_an_unknown_province_matches_nothing(places):
    assert province_match("Atlantis") is None
    assert province_match("") is None


def test_a_district_is_found_by_code_or_name_within_its_province(places):
    assert district_match("0101").name_en.startswith("Chanthab")
    vte = Province.objects.get(code="LA-VT")
    assert district_match("Sisattanak", province=vte).code == "0104"
    assert district_match("Sisattanak", province=Province.objects.get(code="LA-SV")) is None


def test_place_names_misspelt_by_one_letter_still_match_but_short_codes_must_be_exact(db):
    from pathways.places.selectors import district_match, province_match

    assert province_match("Savanakhett").code == "LA-SV"
    assert province_match("Champasakk").code == "LA-CH"
    assert district_match("Kaysone Phomvihan", province=province_match("SV")).code.startswith("13")
    assert province_match("VX") is None


def test_a_place_reads_in_its_own_script_only_in_its_own_countrys_interface_language(places):
    from django.utils import translation

    savannakhet, bangkok = Province.objects.get(code="LA-SV"), Province.objects.get(code="TH-10")
    district = District.objects.filter(province=savannakhet).first()
    thailand, japan = bangkok.country, Country.objects.get(code="JP")
    shown = {}
    for language in ("en", "lo", "th"):
        with translation.override(language):
            shown[language] = (str(savannakhet), str(bangkok), str(district), str(thailand), str(japan))

    assert shown["en"] == (savannakhet.name_en, "Bangkok", district.name_en, "Thailand", "Japan")
    # Countries have Lao and Thai names and Lao provinces Thai ones; Lao districts and Thai provinces have no
    # name in the other script yet, so they read in English there.
    assert shown["lo"] == (savannakhet.name_local, "Bangkok", district.name_local, "ປະເທດໄທ", "ຍີ່ປຸ່ນ")
    assert shown["th"] == ("สะหวันนะเขต", "กรุงเทพมหานคร", district.name_en, "ประเทศไทย", "ญี่ปุ่น")
