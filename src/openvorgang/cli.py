"""The ``openvorgang`` console command: Django's management commands with the project's
settings, e.g. ``openvorgang migrate``, ``openvorgang tenant create …``, ``openvorgang demo``."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvorgang.conf.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openvorgang", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":  # pragma: no cover
    main()
