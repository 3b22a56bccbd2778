import csv
import uuid

from django.core.management.base import BaseCommand, CommandError

from pathways.core.exports import safe_cell
from pathways.identity import batch, services
from pathways.imports.selectors import source_ids
from pathways.people.models import Person


class Command(BaseCommand):
    help = (
        "Find likely duplicate people over the whole registry (Splink on DuckDB), store them for the review "
        "queue and optionally export one row per pair."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--threshold",
            type=float,
            default=batch.REVIEW_THRESHOLD,
            help=f"Lowest match probability to report (default {batch.REVIEW_THRESHOLD})",
        )
        parser.add_argument("--export", metavar="PATH.csv", help="Write the pairs to this CSV file")
        parser.add_argument(
            "--train", action="store_true", help="Train the model again even if a trained one exists"
        )
        parser.add_argument(
            "--no-store", action="store_true", help="Do not replace the review queue with these pairs"
        )

    def handle(self, *args, threshold: float, export: str | None, train: bool, no_store: bool, **options):
        if not 0 < threshold < 1:
            raise CommandError("--threshold must be between 0 and 1.")
        found = services.duplicates_find(
            actor=None,
            threshold=threshold,
            train=train,
            store=not no_store,
            stage=self._stage,
        )
        if export:
            self._export(export, found.prediction)
        self.stdout.write(
            f"{len(found.prediction.pairs):,} pairs at or above {threshold} among {found.records:,} people "
            f"in {found.seconds:.1f} s."
        )

    def _stage(self, _code: str, text: str) -> None:
        if text:  # a stage's end, with its figures
            self.stderr.write(f"  {text}")

    def _export(self, path: str, prediction: batch.Prediction) -> None:
        ids = {p["a"] for p in prediction.pairs} | {p["b"] for p in prediction.pairs}
        owners: dict[str, str] = {}
        sources: dict[str, str] = {}
        for chunk in _chunks(sorted(ids), 5000):
            owners.update(
                (pk.hex, acronym or "")
                for pk, acronym in Person.objects.filter(pk__in=[uuid.UUID(i) for i in chunk]).values_list(
                    "pk", "owner_organisation__acronym"
                )
            )
            found = source_ids(model=Person, object_ids=[str(uuid.UUID(i)) for i in chunk])
            sources.update((uuid.UUID(pk).hex, " ".join(keys)) for pk, keys in found.items())
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    "person_id_a",
                    "source_id_a",
                    "registered_by_a",
                    "person_id_b",
                    "source_id_b",
                    "registered_by_b",
                    "match_probability",
                    "cluster",
                ]
            )
            for p in prediction.pairs:
                # source_id_*: the rows of partner files the record was imported from ("source:key",
                # space-separated when several); empty for records registered on a page or through the API.
                writer.writerow(
                    [
                        str(uuid.UUID(p["a"])),
                        safe_cell(sources.get(p["a"], "")),
                        safe_cell(owners.get(p["a"], "")),
                        str(uuid.UUID(p["b"])),
                        safe_cell(sources.get(p["b"], "")),
                        safe_cell(owners.get(p["b"], "")),
                        f"{p['probability']:.6f}",
                        str(uuid.UUID(prediction.clusters[p["a"]])),
                    ]
                )


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]
