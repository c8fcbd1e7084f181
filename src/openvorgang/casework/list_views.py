"""The "Wiedervorlagen fällig" list of the case list (registered in ``cases.selectors``)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from openvorgang.cases.selectors import LIST_VIEWS, ListView
from openvorgang.casework.selectors import due_case_ids_query

# driven from the (few) open due follow-ups, not by probing every case in scope
LIST_VIEWS.add(
    "wiedervorlagen",
    ListView(
        gettext_noop("Wiedervorlagen fällig"),
        40,
        lambda q, u: q.filter(pk__in=due_case_ids_query()),
    ),
)
