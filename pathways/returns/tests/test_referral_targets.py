"""Referral targets: service providers of the person's province and nationwide, named in full."""

import pytest
from django.urls import reverse
from django.utils import translation

from pathways.partners.models import OrganisationKind
from pathways.returns import selectors
from pathways.returns.models import Return
from pathways.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(places, hospital):
    return {
        "hospital": hospital,
        "national": OrganisationFactory(
            name_en="Lao Women's Union",
            acronym="LWU",
            kind=OrganisationKind.MASS_ORGANISATION,
            province_id=None,
        ),
        "elsewhere": OrganisationFactory(
            name_en="Luang Prabang CSO", kind=OrganisationKind.CSO, province_id="LA-LP"
        ),
        "employer": OrganisationFactory(
            name_en="Savan garment factory", kind=OrganisationKind.EMPLOYER, province_id="LA-SV"
        ),
        "donor": OrganisationFactory(name_en="A donor", kind=OrganisationKind.DONOR, province_id=None),
    }


def test_targets_are_the_provinces_providers_first_then_nationwide_ones(providers):
    targets = list(selectors.referral_targets(province_id="LA-SV"))
    assert targets == [providers["hospital"], providers["national"]]
    everywhere = set(selectors.referral_targets(province_id=None))
    assert {providers["hospital"], providers["national"], providers["elsewhere"]} <= everywhere
    assert not {providers["employer"], providers["donor"]} & everywhere


def test_the_referral_form_offers_only_those_by_full_name(client, svk_staff, svk_org, returnee, providers):
    record = Return.objects.create(
        person=returnee,
        organisation=svk_org,
        returned_on="2023-04-12",
        from_country_id="TH",
        reason="contract_ended",
        created_by=svk_staff,
    )
    client.force_login(svk_staff)
    page = client.get(reverse("returns-return", args=[record.pk])).content.decode()
    assert "Lao Women&#x27;s Union (LWU)" in page and "Savannakhet provincial hospital" in page
    assert "Luang Prabang CSO" not in page and "Savan garment factory" not in page
    refused = client.post(
        reverse("returns-referral-create", args=[record.pk]),
        {
            "organisation": svk_org.pk,
            "service": "health",
            "referred_to": providers["elsewhere"].pk,
            "referred_on": "2023-04-15",
        },
    )
    assert refused.status_code == 400 and not record.referrals.exists()


def test_an_organisation_reads_in_lao_script_in_the_lao_interface(svk_org):
    svk_org.name_local = "ສູນຂໍ້ມູນການເຄື່ອນຍ້າຍແຮງງານ ສະຫວັນນະເຂດ"
    with translation.override("lo"):
        assert svk_org.display_name == svk_org.name_local
