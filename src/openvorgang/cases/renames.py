"""A renamed person keeps sorting right in the case list: ``Case.assignee_name`` follows the
user's name (the write path sets it on every assignment)."""

from __future__ import annotations

from typing import Any

from openvorgang.accounts.models import User
from openvorgang.cases.models import Case


def keep_assignee_names(sender: type, instance: User, **kwargs: Any) -> None:
    name = instance.display_name
    Case.objects.filter(assignee_id=instance.pk).exclude(assignee_name=name).update(
        assignee_name=name
    )
