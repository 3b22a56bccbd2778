import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pathways.accounts.models import API_SCOPES, User
from pathways.accounts.services import DEFAULT_TOKEN_DAYS, api_token_issue


class Command(BaseCommand):
    help = (
        "Issue a new API token for a user and print it (it is shown only this once). Without --scope it only "
        f"reads; it expires after --days (default {DEFAULT_TOKEN_DAYS})."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'kobo sync'")
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            choices=API_SCOPES,
            metavar="SCOPE",
            help="read, write, or an area with :read or :write (people, identity, training, jobs, outreach, "
            "protection, returns, imports, results); repeat for several. Default: read",
        )
        parser.add_argument("--days", type=int, default=DEFAULT_TOKEN_DAYS, help="Days until it expires")

    def handle(self, *args, username: str, name: str, scopes: list[str] | None, days: int, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        try:
            key = api_token_issue(
                actor=None,
                user=user,
                name=name,
                scopes=scopes or ["read"],
                expires_at=timezone.now() + datetime.timedelta(days=days),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(key)
