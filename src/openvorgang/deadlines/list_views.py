"""The "Fristen" list of the case list (registered in ``cases.selectors``): cases whose
processing deadline has not ended (running, paused, or waiting for completeness); the list
sorts it by due date, soonest first."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from openvorgang.cases.selectors import LIST_VIEWS, ListView
from openvorgang.deadlines.models import DeadlineState

OPEN_STATES = [DeadlineState.RUNNING, DeadlineState.PAUSED, DeadlineState.WAITING]

LIST_VIEWS.add(
    "fristen",
    ListView(
        gettext_noop("Fristen"),
        35,
        lambda q, u: q.filter(deadline__state__in=OPEN_STATES),
    ),
)
