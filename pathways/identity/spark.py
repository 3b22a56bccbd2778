"""The same trained model on Splink's Spark backend, for registries that outgrow one server.

The settings stored in MatchModel are plain Splink JSON. Their SQL is portable except for one function
name: DuckDB's `jaro_winkler_similarity` is `jaro_winkler` in the Scala UDF jar Splink ships for Spark.
See docs/identity.md ("Running on Spark") for a cluster run; the test runs it in local mode.
"""

import copy
import json


def spark_settings(settings: dict) -> dict:
    """Return a copy of trained settings whose SQL runs on Spark."""
    text = json.dumps(copy.deepcopy(settings)).replace("jaro_winkler_similarity(", "jaro_winkler(")
    return json.loads(text)


def spark_session(app_name: str = "pathways-identity", master: str = "local[2]"):
    """A Spark session with Splink's similarity UDF jar (on a cluster, pass your own master URL)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.appName(app_name)
        .master(master)
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def spark_predict(frame, settings: dict, *, spark, threshold: float) -> list[tuple[str, str, float]]:
    """Score the registry frame (a Spark DataFrame or a pyarrow table) on Spark with stored settings."""
    import pyarrow as pa
    from splink import Linker
    from splink.backends.spark import SparkAPI

    if isinstance(frame, pa.Table):
        frame = spark.createDataFrame(frame.to_pylist(), schema=_spark_schema(frame))
    db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
    linker = Linker(db_api.register(frame), spark_settings(settings))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    return [
        (*sorted((row["unique_id_l"], row["unique_id_r"])), row["match_probability"])  # type: ignore[misc]
        for row in predictions.as_record_list()
    ]


def _spark_schema(table):
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    return StructType(
        [
            StructField(f.name, IntegerType() if str(f.type).startswith("int") else StringType(), True)
            for f in table.schema
        ]
    )
