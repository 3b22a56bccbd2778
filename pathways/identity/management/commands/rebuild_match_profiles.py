import time

from django.core.management.base import BaseCommand

from pathways.identity.profiles import profiles_rebuild


class Command(BaseCommand):
    help = "Recompute every person's matching keys (after changing the rules in identity/keys.py)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        done = profiles_rebuild(
            progress=lambda n: self.stderr.write(f"  {n:,} profiles ({time.perf_counter() - started:.0f} s)")
        )
        self.stdout.write(f"Rebuilt {done:,} matching profiles in {time.perf_counter() - started:.1f} s.")
