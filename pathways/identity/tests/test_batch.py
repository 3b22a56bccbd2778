import csv
import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from pathways.identity import batch, comparisons
from pathways.identity.models import CandidatePair, MatchModel
from pathways.imports.models import SourceRecord
from pathways.people.models import Person
from pathways.testing.factories import make_person

FIRST = [
    "Bounmy",
    "Chanthala",
    "Daovone",
    "Khamla",
    "Manivanh",
    "Noy",
    "Phetsamone",
    "Vilay",
    "Xaysana",
    "Thongchanh",
]
FAMILY = ["Inthavong", "Keomany", "Louanglath", "Sisouphanh", "Vongsavanh", "Xayavong"]


def _registry(officer, souk):
    """Distinct people, one planted duplicate of souk, and bad input that must not match anything."""
    for i in range(30):
        make_person(
            actor=officer,
            given_name_latin=FIRST[i % len(FIRST)],
            family_name_latin=FAMILY[i % len(FAMILY)],
            birth_date=datetime.date(1980 + i, 1 + i % 12, 2 + i % 27),
            home_province="LA-VT",
            phones=[f"020 5800 {1000 + i}"],
        )
    twin = make_person(
        actor=officer,
        given_name_latin="Suksavan",
        family_name_latin="Pommachan",
        birth_date=datetime.date(1994, 7, 3),
        home_province="LA-SV",
        phones=["020 5555 1234"],
    )
    bad = []
    for i in range(8):
        # An office number on many records, placeholder dates, one-letter and missing family names.
        bad.append(
            make_person(
                actor=officer,
                given_name_latin=["K", "B", FIRST[i]][i % 3],
                family_name_latin=["S", "", "", "V"][i % 4],
                birth_date=[datetime.date(1900, 1, 1), datetime.date(1990 + i, 1, 1)][i % 2],
                home_province="LA-VT",
                phones=["021 212 345"],
            )
        )
    return twin, bad


def test_batch_finds_the_planted_duplicate_and_no_pair_among_bad_records(officer, souk):
    twin, bad = _registry(officer, souk)
    table = batch.registry_frame()
    prediction = batch.predict(table, comparisons.splink_settings(), threshold=0.5)
    pairs = {(p["a"], p["b"]) for p in prediction.pairs}
    assert tuple(sorted((souk.pk.hex, twin.pk.hex))) in pairs
    bad_ids = {p.pk.hex for p in bad}
    assert not [p for p in pairs if p[0] in bad_ids or p[1] in bad_ids]
    assert len(pairs) == 1
    found = prediction.pairs[0]
    levels = {e["comparison"]: e["level"] for e in found["explanation"]}
    assert levels["phone"] == "a number in common" and levels["birth"] == "day and month swapped"
    assert prediction.clusters[souk.pk.hex] == prediction.clusters[twin.pk.hex]


def test_find_duplicates_trains_a_model_stores_the_queue_and_exports_pairs(officer, souk, tmp_path):
    twin, _bad = _registry(officer, souk)
    # The twin came in twice from partner files: both of its rows are named in the export.
    for source, key in [("lksdi-2023", "R-17"), ("border-intake", "a1b2")]:
        SourceRecord.objects.create(
            source=source,
            kind="people",
            key=key,
            content_type=ContentType.objects.get_for_model(Person),
            object_id=str(twin.pk),
            row_hash="-",
        )
    out = tmp_path / "pairs.csv"

    call_command("find_duplicates", threshold=0.5, export=str(out), train=True)

    model = MatchModel.objects.get()
    assert model.records == 40
    assert model.splink_settings["comparisons"][0]["output_column_name"] == "name"
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {(r["person_id_a"], r["person_id_b"]) for r in rows} >= {
        tuple(sorted((str(souk.pk), str(twin.pk))))
    }
    assert set(rows[0]) >= {"person_id_a", "source_id_a", "person_id_b", "source_id_b", "match_probability"}
    pair = next(r for r in rows if {r["person_id_a"], r["person_id_b"]} == {str(souk.pk), str(twin.pk)})
    sources = {pair["person_id_a"]: pair["source_id_a"], pair["person_id_b"]: pair["source_id_b"]}
    assert sources == {str(twin.pk): "border-intake:a1b2 lksdi-2023:R-17", str(souk.pk): ""}
    assert CandidatePair.objects.filter(person_a__in=[souk, twin], person_b__in=[souk, twin]).exists()


def test_a_training_rule_without_pairs_leaves_every_comparison_in_the_stored_model(officer, souk):
    # Nobody here shares a birth date and a district, so EM on that rule fails; the model must still
    # compare birth and place (Splink had dropped them from the linker when its EM session failed).
    _registry(officer, souk)
    table = batch.registry_frame()
    untrained = comparisons.splink_settings()

    trained = batch.train(table)

    names = [c["output_column_name"] for c in trained["comparisons"]]
    assert names == [c["output_column_name"] for c in untrained["comparisons"]]
    assert {"birth", "place"} <= set(names)
