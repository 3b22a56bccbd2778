import re
import time

import pytest
from django.core.exceptions import ValidationError

from pathways.imports import services
from pathways.imports.models import ImportJob, JobStatus
from pathways.imports.tests.corpus import corpus
from pathways.people.models import Person

MAPPING = {
    "columns": {"name": "given_name_latin", "sex": "sex", "status": "migrant_status", "phone": "phones"}
}


@pytest.mark.parametrize("bad", corpus(), ids=lambda b: b.name)
def test_bad_input_gets_a_clear_message_and_nothing_is_written(bad, me_officer, run_job):
    def create():
        return services.import_job_create(
            actor=me_officer, kind="people", filename=bad.name, content=bad.content, mapping=MAPPING
        )

    if bad.when == "upload":
        with pytest.raises(ValidationError, match=re.escape(bad.message)):
            create()
        assert ImportJob.objects.count() == 0
    else:
        job = run_job(me_officer, create())
        if bad.when == "run":
            assert job.status == JobStatus.FAILED and bad.message in job.message
        else:
            assert job.counts["created"] == 0 and job.counts["rejected"] == job.counts["rows"] > 0
            assert all(bad.message in issue.message for issue in job.issues.all())
    assert Person.objects.count() == 0


def test_a_million_blank_rows_are_refused_quickly(me_officer, run_job):
    content = ("name,sex,status,phone\r\n" + ",,,\r\n" * 1_000_000).encode()
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="more than 500,000 rows"):
        services.import_job_create(
            actor=me_officer, kind="people", filename="blank.csv", content=content, mapping=MAPPING
        )
    assert time.perf_counter() - started < 10
    assert ImportJob.objects.count() == 0 and Person.objects.count() == 0


def test_a_hundred_thousand_blank_rows_after_the_header_are_no_data(me_officer, run_job):
    content = ("name,sex,status,phone\r\n" + ",,,\r\n" * 100_000).encode()
    started = time.perf_counter()
    job = run_job(
        me_officer,
        services.import_job_create(
            actor=me_officer, kind="people", filename="blank.csv", content=content, mapping=MAPPING
        ),
    )
    assert time.perf_counter() - started < 10
    assert job.status == JobStatus.FAILED and "no data rows" in job.message
    assert Person.objects.count() == 0


def test_blank_rows_between_data_rows_are_skipped(me_officer, run_job):
    content = (
        "name,sex,status,phone\r\nNoy,F,returnee,\r\n" + ",,,\r\n" * 50 + "Keo,M,returnee,\r\n"
    ).encode()
    job = run_job(
        me_officer,
        services.import_job_create(
            actor=me_officer, kind="people", filename="gaps.csv", content=content, mapping=MAPPING
        ),
    )
    assert job.counts["created"] == 2 and job.counts["rows"] == 2
