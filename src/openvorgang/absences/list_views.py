"""The "Vertretung" list: open cases assigned to people the user covers for today (registered
in ``cases.selectors``); the user's own visibility still applies."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from openvorgang.absences.selectors import in_force
from openvorgang.accounts.models import User
from openvorgang.cases import workflow
from openvorgang.cases.models import Case
from openvorgang.cases.selectors import LIST_VIEWS, ListView


def _covered(queryset: QuerySet[Case], user: User) -> QuerySet[Case]:
    people = in_force().filter(substitute_id=user.pk).values("user_id")
    return queryset.filter(assignee_id__in=people).exclude(status__in=workflow.INACTIVE)


LIST_VIEWS.add("vertretung", ListView(gettext_noop("Vertretung"), 25, _covered))
