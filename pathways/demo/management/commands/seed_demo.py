import time

from django.core.management.base import BaseCommand, CommandError

from pathways.demo.seeding import demo_seed


class Command(BaseCommand):
    help = (
        "Create the demo programme: partners from the programme documents, a user per role "
        "(password DEMO_PASSWORD) and a registry of synthetic people with planted duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=2000, help="Person records to create (default 2000)"
        )
        parser.add_argument(
            "--seed", type=int, default=20211, help="Random seed; the same seed gives the same data"
        )
        parser.add_argument(
            "--truth", metavar="PATH.csv", help="Write which records are the same real person"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Add people only if the registry is empty"
        )

    def handle(self, *args, people: int, seed: int, truth: str | None, if_empty: bool, **options):
        if people < 0:
            raise CommandError("--people must be zero or more.")
        started = time.perf_counter()

        def progress(done: int) -> None:
            if people >= 50_000:
                self.stderr.write(f"  {done:,} / {people:,} people ({time.perf_counter() - started:.0f} s)")

        result = demo_seed(people=people, seed=seed, truth_path=truth, if_empty=if_empty, progress=progress)
        self.stdout.write(
            f"Seeded {result['organisations']} organisations, {result['users']} users and "
            f"{result['people']:,} people in {time.perf_counter() - started:.1f} s."
        )
