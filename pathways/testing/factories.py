"""Factories for tests and benchmarks. People are made through the service, so their keys are real."""

import factory

from pathways.accounts.models import Role, User
from pathways.partners.models import Membership, Organisation, OrganisationKind
from pathways.people import services
from pathways.people.models import Person
from pathways.people.services import PersonInput


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.SKILLS_CENTRE
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    country_id = "LA"
    province_id = "LA-VT"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.PARTNER_STAFF
    password = factory.django.Password("pathways-test")

    @factory.post_generation
    def organisation(self, create, extracted, **kwargs):
        if extracted:
            Membership.objects.create(user=self, organisation=extracted, is_primary=True)

    @factory.post_generation
    def province_codes(self, create, extracted, **kwargs):
        if extracted:
            self.provinces.set(extracted)


def make_person(*, actor: User, **values) -> Person:
    """Register a person through the service, with plausible defaults for anything not given."""
    defaults = {
        "given_name_latin": "Souksavanh",
        "family_name_latin": "Phommachanh",
        "sex": "female",
        "migrant_status": "returnee",
        "home_province": "LA-VT",
    }
    return services.person_create(actor=actor, data=PersonInput(**{**defaults, **values}))
