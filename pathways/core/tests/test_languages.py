"""Names kept as data in Lao and Thai are shown in the reader's language (issue 21 item 5)."""

import pytest
from django.utils import translation

from pathways.places.models import Country, Province
from pathways.results.models import Indicator
from pathways.results.tests.conftest import THIS_YEAR, promise  # noqa: F401  (the framework fixture)
from pathways.testing.factories import OrganisationFactory
from pathways.training.models import Course

pytestmark = pytest.mark.django_db


def shown(obj, language: str) -> str:
    with translation.override(language):
        return str(obj)


def test_lao_provinces_read_in_thai_script_in_thai_and_in_lao_script_in_lao(places):
    savannakhet = Province.objects.get(code="LA-SV")
    assert shown(savannakhet, "th") == "สะหวันนะเขต"
    assert shown(savannakhet, "lo") == "ສະຫວັນນະເຂດ"
    assert shown(savannakhet, "en") == "Savannakhet"
    # Every Lao province has its Thai name; Thai provinces keep their own script in Thai.
    assert not Province.objects.filter(country_id="LA", name_th="").exists()
    assert shown(Province.objects.filter(country_id="TH").first(), "th") != ""


def test_countries_are_named_in_lao_and_in_thai(places):
    korea = Country.objects.get(code="KR")
    assert shown(korea, "lo") == "ສາທາລະນະລັດເກົາຫຼີ"
    assert shown(korea, "th") == "สาธารณรัฐเกาหลี"
    assert shown(korea, "en") == "Republic of Korea"
    assert not Country.objects.filter(name_lo="").exists() and not Country.objects.filter(name_th="").exists()


def test_course_titles_and_organisation_names_follow_the_reader_and_fall_back_to_english(places):
    course = Course(title_en="Industrial sewing", title_lo="ການຫຍິບອຸດສາຫະກຳ", title_th="การเย็บผ้าอุตสาหกรรม")
    with translation.override("th"):
        assert course.title == "การเย็บผ้าอุตสาหกรรม"
    with translation.override("lo"):
        assert course.title == "ການຫຍິບອຸດສາຫະກຳ"
    course.title_th = ""
    with translation.override("th"):
        assert course.title == "Industrial sewing"
    org = OrganisationFactory(
        name_en="Vientiane Skills Centre", name_local="ສູນສີມືວຽງຈັນ", name_th="ศูนย์ทักษะเวียงจันทน์", acronym="VSC"
    )
    for language, expected in [
        ("en", "Vientiane Skills Centre"),
        ("lo", "ສູນສີມືວຽງຈັນ"),
        ("th", "ศูนย์ทักษะเวียงจันทน์"),
    ]:
        with translation.override(language):
            assert org.display_name == expected


def test_the_dashboard_defines_indicators_in_thai_and_lao(client, me_officer, promise):  # noqa: F811
    assert not Indicator.objects.filter(definition_lo="").exists()
    assert not Indicator.objects.filter(definition_th="").exists()
    client.force_login(me_officer)
    registered = Indicator.objects.get(code="1.1.1")
    for language in ("lo", "th"):
        client.cookies["django_language"] = language
        page = client.get(f"/results/PROMISE-II/?period={THIS_YEAR}").content.decode()
        assert getattr(registered, f"definition_{language}") in page
        assert getattr(registered, f"title_{language}") in page
        assert registered.definition not in page
