"""Saved views of the case list: reads (scoped to the user and the org units it works for)
and writes (keyword-only, German refusals)."""

from __future__ import annotations

import zlib

from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from openvorgang.accounts.models import User
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.selectors import case_count_capped, kept_for_lists
from openvorgang.web.cases import listing
from openvorgang.web.models import SavedView

MAX_OWN = 20
MAX_SHOWN = 40


def saved_views_for(*, user: User) -> list[SavedView]:
    """The user's own views and those shared with a unit it works for, by name."""
    if user.tenant_id is None:
        return []
    mine = Q(owner_id=user.pk)
    shared = Q(shared_with_id__in=user.org_unit_ids)
    return list(
        SavedView.objects.filter(mine | shared, tenant_id=user.tenant_id)
        .select_related("owner", "shared_with")
        .order_by("name", "pk")[:MAX_SHOWN]
    )


def saved_view_counts(*, user: User, views: list[SavedView]) -> dict[int, int]:
    """Cases per saved view, each capped like the built-in views' counts and kept as long."""
    key = f"saved-view-counts:{user.pk}:" + ",".join(
        f"{v.pk}.{zlib.crc32(v.query.encode())}" for v in views
    )

    def count() -> dict[int, int]:
        return {
            view.pk: case_count_capped(
                user=user, filters=listing.parse(_query(view), user=user).filters
            )
            for view in views
        }

    return dict(kept_for_lists(key, count))


def _query(view: SavedView) -> QueryDict:
    return QueryDict(view.query)


def clean_query(query: QueryDict) -> str:
    """What a saved view keeps of the list's URL: its filters and sort, no page position."""
    kept = QueryDict(mutable=True)
    for key in listing.FIELDS:
        value = query.get(key, "").strip()
        if value:
            kept[key] = value[:300]
    return kept.urlencode()


def saved_view_create(
    *, user: User, name: str, query: QueryDict, share_with: int | None = None
) -> SavedView:
    name = name.strip()
    if not name:
        raise InvalidInput(_("Bitte geben Sie der Ansicht einen Namen."))
    if len(name) > 60:
        raise InvalidInput(_("Der Name einer Ansicht hat höchstens 60 Zeichen."))
    if user.tenant_id is None:
        raise InvalidInput(_("Nur Beschäftigte eines Mandanten speichern Ansichten."))
    own = SavedView.objects.filter(owner_id=user.pk)
    if own.filter(name__iexact=name).exists():
        raise InvalidInput(_("Sie haben schon eine Ansicht „%(name)s“.") % {"name": name})
    if own.count() >= MAX_OWN:
        raise InvalidInput(
            _("Sie haben schon %(max)d Ansichten; bitte löschen Sie zuerst eine.")
            % {"max": MAX_OWN}
        )
    if share_with is not None and share_with not in user.org_unit_ids:
        raise InvalidInput(
            _("Teilen können Sie nur mit einer Organisationseinheit, für die Sie arbeiten.")
        )
    return SavedView.objects.create(
        tenant_id=user.tenant_id,
        owner=user,
        name=name,
        query=clean_query(query),
        shared_with_id=share_with,
    )


def saved_view_delete(*, user: User, view_id: int) -> None:
    """Only the owner deletes a view (a shared one disappears for the whole unit); for
    anyone else it does not exist."""
    deleted, _rows = SavedView.objects.filter(pk=view_id, owner_id=user.pk).delete()
    if not deleted:
        raise SavedViewNotFound(_("Diese Ansicht gibt es nicht (mehr)."))


class SavedViewNotFound(InvalidInput):
    http_status = 404
