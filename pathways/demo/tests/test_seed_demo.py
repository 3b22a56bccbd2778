import csv
from collections import defaultdict

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from pathways.accounts.models import User
from pathways.partners.models import Organisation
from pathways.people.models import Person
from pathways.people.selectors import person_list


@pytest.fixture
def seeded(db, tmp_path):
    truth = tmp_path / "truth.csv"
    call_command("seed_demo", people=600, seed=3, truth=str(truth))
    return truth


def test_every_role_has_a_demo_user_with_the_demo_password(seeded):
    for username in ("admin", "officer", "me.officer", "vte.staff", "svk.staff", "caseworker", "donor"):
        assert authenticate(username=username, password="pathways-demo") is not None, username


def test_the_partners_named_in_the_programme_documents_exist(seeded):
    names = set(Organisation.objects.values_list("name_en", flat=True))
    assert "Lao-Korea Skills Development Institute" in names
    assert "MoLSW Skills Development and Employment Department" in names
    for province in ("Bokeo", "Champasak", "Luang Prabang", "Savannakhet"):
        assert f"{province} Migration Resource Centre" in names


def test_exactly_the_requested_number_of_people_most_with_names_in_both_scripts(seeded):
    assert Person.objects.count() == 600
    both = Person.objects.exclude(given_name_lo="").exclude(given_name_latin="").count()
    # First registrations are in one script 6% of the time, re-entries 17% (docs/identity.md).
    assert 0.85 * 600 < both < 0.98 * 600
    assert (
        Person.objects.filter(given_name_lo="").exists()
        and Person.objects.filter(given_name_latin="").exists()
    )
    assert Person.objects.filter(family_name_latin="").exists()  # ethnic-minority names without a family name


def test_the_truth_file_names_planted_duplicates_registered_by_different_partners(seeded):
    clusters = defaultdict(list)
    with open(seeded, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            clusters[row["real_person"]].append(row)
    assert sum(len(rows) for rows in clusters.values()) == 600
    duplicated = [rows for rows in clusters.values() if len(rows) > 1]
    # About 12% of records are re-entries, so about 24% belong to a cluster (each re-entry and its first).
    assert 0.10 * 600 < sum(len(rows) for rows in duplicated) < 0.35 * 600
    assert all(rows[0]["registered_by"] != rows[1]["registered_by"] for rows in duplicated)
    ids = [row["person_id"] for rows in duplicated for row in rows]
    assert Person.objects.filter(pk__in=ids).count() == len(ids)


def test_the_same_seed_gives_the_same_people(db, tmp_path):
    call_command("seed_demo", people=50, seed=9)
    first = sorted(Person.objects.values_list("given_name_latin", "birth_year", "home_district_id"), key=str)
    Person.objects.all().delete()
    call_command("seed_demo", people=50, seed=9)
    assert (
        sorted(Person.objects.values_list("given_name_latin", "birth_year", "home_district_id"), key=str)
        == first
    )


def test_if_empty_leaves_an_existing_registry_alone(seeded):
    call_command("seed_demo", people=100, if_empty=True)
    assert Person.objects.count() == 600


def test_vientiane_and_savannakhet_staff_see_disjoint_non_empty_sets(seeded):
    vte = set(person_list(actor=User.objects.get(username="vte.staff")).values_list("id", flat=True))
    svk = set(person_list(actor=User.objects.get(username="svk.staff")).values_list("id", flat=True))
    assert vte and svk and not vte & svk


def test_seeded_people_are_found_by_search_like_people_entered_through_the_form(seeded):
    officer = User.objects.get(username="officer")
    person = Person.objects.exclude(family_name_latin="").first()
    found = person_list(actor=officer, search=person.family_name_latin.upper())
    assert person in found


def test_the_demo_promise_dashboard_counts_institutions_with_the_safe_migration_module(seeded):
    from pathways.results.models import Project, ReportingPeriod
    from pathways.results.reporting import indicator_result

    project = Project.objects.get(code="PROMISE-II")
    indicator = project.result_nodes.get(code="OP2.2").indicators.get(code="2.2.1")
    figures = [
        indicator_result(indicator, ReportingPeriod.objects.get(project=project, label=label), published=True)
        for label in ("2021", "2023")
    ]
    # Cumulative: schools keep adding the module over the project years.
    assert 0 < figures[0].total.value < figures[1].total.value
    assert sum(row[1][-1].value for row in figures[1].tables[0].rows[:-1]) == figures[1].total.value


def test_the_demo_places_trained_people_at_home_and_abroad_with_follow_ups(seeded):
    from pathways.jobs.models import Placement, RetentionFollowUp

    placements = Placement.objects.all()
    assert placements.filter(country_id="LA").exists() and placements.exclude(country_id="LA").exists()
    assert RetentionFollowUp.objects.filter(checkpoint=3).exists()
    assert not placements.exclude(person__enrolments__status="completed").exists()


def test_the_truth_file_names_twins_and_siblings_as_different_people_of_one_family(seeded):
    with open(seeded, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    people = {str(p.pk): p for p in Person.objects.all()}
    families = defaultdict(set)
    for row in rows:
        if row["family"]:
            families[row["family"]].add((row["real_person"], row["relation"]))
    related = [members for members in families.values() if len(members) > 1]
    # 7% of people come with a twin or a sibling: about 20 families among 600 records.
    assert 8 <= len(related) <= 45
    assert any(relation == "twin" for members in related for _real, relation in members)
    by_real = defaultdict(list)
    for row in rows:
        by_real[row["real_person"]].append(people[row["person_id"]])
    for members in related:
        first, second = (by_real[real][0] for real, _relation in sorted(members))
        assert first.home_village_id == second.home_village_id or None in (
            first.home_village_id,
            second.home_village_id,
        )
        assert first.home_district_id == second.home_district_id
