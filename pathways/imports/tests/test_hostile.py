"""The hostile-file corpus: refused at upload, in seconds and bounded memory, with nothing left behind."""

import time
import tracemalloc
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.imports import services
from pathways.imports.models import ImportJob
from pathways.imports.tests.hostile import hostile_files

CORPUS = hostile_files()


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda h: h.name)
def test_a_hostile_file_is_refused_fast_with_a_message_and_leaves_nothing(hostile, me_officer, settings):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as refused:
            services.import_job_create(
                actor=me_officer, kind="people", filename=hostile.name, content=hostile.content
            )
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert hostile.message in refused.value.message_dict["file"][0]
    assert seconds < 5 and peak < 300 * 2**20, (seconds, peak // 2**20)
    assert ImportJob.objects.count() == 0
    assert not any(Path(settings.IMPORTS_DIR).glob("*/*"))


def test_the_page_answers_a_hostile_workbook_with_the_reason(client, me_officer, settings):
    hostile = next(h for h in CORPUS if h.name == "external-entity.xlsx")
    client.force_login(me_officer)
    response = client.post(
        reverse("import-list"),
        {"kind": "people", "file": SimpleUploadedFile(hostile.name, hostile.content)},
    )
    assert response.status_code == 400
    assert "DTD or entities" in response.content.decode()
    assert ImportJob.objects.count() == 0 and not any(Path(settings.IMPORTS_DIR).glob("*/*"))
