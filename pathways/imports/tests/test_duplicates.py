"""Every likely duplicate an import flags reaches a reviewer: against the registry and against other rows of
the same file, in the identity review queue with the import named; the importer sees no one they may not."""

from django.urls import reverse

from pathways.identity.models import CandidatePair
from pathways.imports import services
from pathways.imports.tests.files import csv_bytes
from pathways.people.models import Person
from pathways.testing.factories import make_person

HEADERS = ["No.", "Given name", "Family name", "Sex", "Year of birth", "Phone", "Status", "Province"]


def _create(actor, rows, name="registry.csv"):
    job = services.import_job_create(
        actor=actor, kind="people", filename=name, content=csv_bytes(HEADERS, rows)
    )
    services.import_job_map(actor=actor, job=job, mapping={**job.mapping, "key": "No."})
    job.refresh_from_db()
    return job


def test_rows_like_registered_people_and_like_each_other_go_to_the_review_queue(client, me_officer, run_job):
    registered = make_person(
        actor=me_officer, given_name_latin="Bounmy", family_name_latin="Sihalath", phones=["+8562055551235"]
    )
    rows = [
        [1, "Bounmy", "Sihalath", "M", 1990, "020 5555 1235", "returnee", "VTE"],  # like the registered one
        [2, "Noy", "Vongsa", "F", 1994, "020 5555 1300", "returnee", "VTE"],
        [3, "Daovone", "Keo", "F", 1992, "", "returnee", "VTE"],
        [4, "Noy", "Vongsa", "F", 1994, "", "returnee", "VTE"],  # like row 3 of the file (its 2nd person)
        [5, "Somphone", "Inthavong", "M", 1988, "020 5555 1300", "returnee", "VTE"],  # row 3's phone
    ]
    dry = run_job(me_officer, _create(me_officer, rows), dry_run=True)
    assert dry.counts["duplicates"] == 3 and not CandidatePair.objects.exists()

    job = run_job(me_officer, _create(me_officer, rows, "registry2.csv"))
    assert (job.counts["created"], job.counts["duplicates"]) == (5, 3)
    flagged = {i.row: i.message for i in job.issues.filter(level="duplicate")}
    assert str(registered.pk) in flagged[2] and "review queue" in flagged[2]
    assert "row 3 of this file" in flagged[5] and "row 3 of this file" in flagged[6]
    new = {
        p.given_name_latin + str(p.phones.exists()): p.pk for p in Person.objects.exclude(pk=registered.pk)
    }
    pairs = {frozenset((p.person_a_id, p.person_b_id)) for p in CandidatePair.objects.filter(import_job=job)}
    assert pairs == {
        frozenset((registered.pk, new["BounmyTrue"])),
        frozenset((new["NoyTrue"], new["NoyFalse"])),
        frozenset((new["NoyTrue"], new["SomphoneTrue"])),
    }
    assert all(0 <= p.probability <= 1 for p in CandidatePair.objects.all())

    client.force_login(me_officer)
    page = client.get(reverse("identity-queue")).content.decode()
    assert "Flagged by the import of registry2.csv" in page


def test_a_batch_run_keeps_the_pairs_imports_flagged(me_officer, run_job):
    from pathways.identity import services as identity

    rows = [
        [1, "Noy", "Vongsa", "F", 1994, "", "returnee", "VTE"],
        [2, "Noy", "Vongsa", "F", 1994, "", "returnee", "VTE"],
    ]
    job = run_job(me_officer, _create(me_officer, rows))
    assert CandidatePair.objects.filter(import_job=job).count() == 1
    identity.candidates_store(actor=me_officer, model=None, pairs=[], clusters={})
    assert CandidatePair.objects.filter(import_job=job).count() == 1


def test_the_dry_run_names_no_record_the_importer_may_not_see(svk_staff, vte_staff, run_job):
    hidden = make_person(
        actor=svk_staff,
        given_name_latin="Bounmy",
        family_name_latin="Sihalath",
        home_province="LA-SV",
        phones=["+8562055551235"],
    )
    rows = [[1, "Bounmy", "Sihalath", "M", 1990, "020 5555 1235", "returnee", "VTE"]]
    job = run_job(vte_staff, _create(vte_staff, rows), dry_run=True)
    # Matches are only records the importer may see (imports.duplicates.only_visible): the registry ID of
    # someone outside their scope appears nowhere in the report; the batch run finds such pairs for national
    # reviewers.
    assert job.counts["created"] == 1
    assert not any(str(hidden.pk) in issue.message for issue in job.issues.all())
