"""The trained model on Splink's Spark backend (local mode), against the same model on DuckDB.

CI installs pyspark (`.[spark]`, by `make test`) and a Java runtime (`.ci/run`), so there this test must run:
with CI set, a missing pyspark or java fails it instead of skipping it.
"""

import datetime
import importlib.util
import math
import os
import shutil

import pytest
from django.core.management import call_command

from pathways.identity import batch
from pathways.identity.selectors import match_model_latest
from pathways.identity.tests.test_batch import _registry
from pathways.testing.factories import make_person


def _missing() -> str:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install '.[spark]'); the Spark path is then not tested"
    if shutil.which("java") is None:
        return "Spark needs a Java runtime (java 17; apt-get install default-jre-headless)"
    return ""


MISSING = _missing()
pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(bool(MISSING) and not os.environ.get("CI"), reason=MISSING),
]


def test_the_trained_model_gives_the_same_pairs_on_spark_in_local_mode(officer, souk):
    if MISSING:
        pytest.fail(f"CI must test the Spark path: {MISSING}")
    from pathways.identity.spark import spark_predict, spark_session

    twin, _bad = _registry(officer, souk)
    # A namesake (same name, another birth date) and a spelling variant sharing a phone: pairs that land on
    # the lower name and birth levels, Jaro-Winkler included; the namesake's probability is far below 1e-6.
    make_person(
        actor=officer,
        given_name_latin="Bounmy",
        family_name_latin="Inthavong",
        birth_date=datetime.date(1986, 6, 10),
    )
    make_person(
        actor=officer,
        given_name_latin="Bounmee",
        family_name_latin="Inthavongs",
        birth_date=datetime.date(1980, 2, 1),
        phones=["020 5800 1000"],
    )
    # The model as production has it: trained on DuckDB by find_duplicates and stored in MatchModel.
    call_command("find_duplicates", train=True, no_store=True)
    settings = match_model_latest().splink_settings
    table = batch.registry_frame()
    duck = {(p["a"], p["b"]): p["probability"] for p in batch.predict(table, settings, threshold=1e-12).pairs}

    spark = spark_session(master="local[1]")
    try:
        assert spark.sparkContext.master == "local[1]"
        on_spark = {(a, b): p for a, b, p in spark_predict(table, settings, spark=spark, threshold=1e-12)}
    finally:
        spark.stop()

    planted = tuple(sorted((souk.pk.hex, twin.pk.hex)))
    assert on_spark[planted] >= batch.REVIEW_THRESHOLD
    # The namesake and the variant pairs too, so levels and term frequencies are compared, not one pair.
    assert len(duck) >= 3
    assert on_spark.keys() == duck.keys()
    # Relative tolerance: the namesake's probability is tiny, and must agree as closely as the planted pair's.
    assert all(math.isclose(on_spark[k], duck[k], rel_tol=1e-6, abs_tol=1e-15) for k in duck)
