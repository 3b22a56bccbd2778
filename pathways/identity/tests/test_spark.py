import shutil

import pytest

from pathways.identity import batch, comparisons
from pathways.identity.tests.test_batch import _registry

pyspark = pytest.importorskip(
    "pyspark", reason="pyspark is not installed (pip install '.[spark]'); the Spark path is then not tested"
)
pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime (java 17)"),
]


def test_the_same_settings_give_the_same_pairs_on_spark_in_local_mode(officer, souk):
    from pathways.identity.spark import spark_predict, spark_session

    _registry(officer, souk)
    table = batch.registry_frame()
    settings = comparisons.splink_settings()
    duck = {(p["a"], p["b"]): p["probability"] for p in batch.predict(table, settings, threshold=0.01).pairs}

    spark = spark_session(master="local[1]")
    try:
        on_spark = {(a, b): p for a, b, p in spark_predict(table, settings, spark=spark, threshold=0.01)}
    finally:
        spark.stop()

    assert on_spark.keys() == duck.keys()
    assert all(abs(on_spark[k] - duck[k]) < 1e-6 for k in duck)
