from argparse import ArgumentParser
from typing import Any

from openvorgang.accounts.models import User
from openvorgang.accounts.services import api_token_create
from openvorgang.lib.commands import JsonSubcommand


class Command(JsonSubcommand):
    help = (
        "Persönliches API-Token erzeugen: token create --user <benutzername> (gibt es einmal aus)"
    )

    def add_create_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--user", required=True)
        parser.add_argument("--name", default="")

    def handle_create(self, **options: Any) -> dict[str, Any]:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise LookupError(f"Unbekannter Benutzer {options['user']!r}.")
        token, raw = api_token_create(user=user, name=options["name"])
        return {"token": raw, "prefix": token.prefix, "user": user.username}
