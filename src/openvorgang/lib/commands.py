"""Base for operator commands that print exactly one JSON object (scriptable set-up)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from openvorgang.lib.errors import Problem


class JsonSubcommand(BaseCommand):
    """A command with sub-actions (``tenant create``); each handler returns a dict that is
    printed as one JSON line. Validation problems become a CommandError (exit code 1). A hyphen
    in an action's name is an underscore in its methods' names (``add-destination`` →
    ``handle_add_destination``)."""

    actions: tuple[str, ...] = ("create",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for action in self.actions:
            action_parser = sub.add_parser(action)
            getattr(self, f"add_{_method(action)}_arguments")(action_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"handle_{_method(options['action'])}")
        try:
            result = handler(**options)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except Problem as exc:  # a refusal of a service, as in the UI and the API
            raise CommandError(exc.message) from exc
        except (ValueError, LookupError) as exc:
            raise CommandError(str(exc)) from exc
        if result is not None:  # a handler that wrote its own output (an export) returns None
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))


def _method(action: str) -> str:
    return action.replace("-", "_")
