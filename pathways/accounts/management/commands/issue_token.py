from django.core.management.base import BaseCommand, CommandError

from pathways.accounts.models import User
from pathways.accounts.services import api_token_issue


class Command(BaseCommand):
    help = "Issue a new API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'kobo sync'")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        self.stdout.write(api_token_issue(actor=None, user=user, name=name))
