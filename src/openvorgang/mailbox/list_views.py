"""The "Ungelesene Nachrichten" list of the case list (registered in ``cases.selectors``)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from openvorgang.cases.selectors import LIST_VIEWS, ListView
from openvorgang.mailbox.selectors import unread_case_ids_query

LIST_VIEWS.add(
    "nachrichten",
    ListView(
        gettext_noop("Ungelesene Nachrichten"),
        50,
        lambda q, u: q.filter(pk__in=unread_case_ids_query()),
    ),
)
