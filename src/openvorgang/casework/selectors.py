"""Reads of comments and follow-ups: always through a case the user may see."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.cases.errors import CaseNotFound
from openvorgang.cases.models import Case
from openvorgang.casework.models import Comment, CommentFile, FollowUp


def comments(*, case: Case) -> list[Comment]:
    return list(
        Comment.objects.filter(case=case)
        .prefetch_related(
            Prefetch("files", queryset=CommentFile.objects.select_related("case_file"))
        )
        .order_by("created_at", "id")
    )


def follow_ups(*, case: Case) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(case=case).select_related("assignee").order_by("done_at", "due_on")
    )


def comment_get(*, case: Case, comment_id: int) -> Comment:
    """A comment of a case the caller has already loaded through the scoped selector."""
    comment = Comment.objects.filter(case=case, pk=comment_id).first()
    if comment is None:
        raise CaseNotFound(gettext("Kommentar nicht gefunden."))
    comment.case = case
    return comment


def follow_up_get(*, case: Case, follow_up_id: int) -> FollowUp:
    """A follow-up of a case the caller has already loaded through the scoped selector."""
    follow_up = FollowUp.objects.filter(case=case, pk=follow_up_id).first()
    if follow_up is None:
        raise CaseNotFound(gettext("Wiedervorlage nicht gefunden."))
    follow_up.case = case
    return follow_up


def due_case_ids_query() -> QuerySet[FollowUp, Any]:
    """Ids of cases with an open follow-up due by today (partial index followup_open_due)."""
    return FollowUp.objects.filter(done_at__isnull=True, due_on__lte=timezone.localdate()).values(
        "case_id"
    )


def due_follow_up_exists() -> Exists:
    """For case lists: the case has an open follow-up due today or earlier."""
    return Exists(
        FollowUp.objects.filter(
            case=OuterRef("pk"), done_at__isnull=True, due_on__lte=timezone.localdate()
        )
    )


def due_case_ids(case_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these (already visible) cases have a follow-up due today or earlier."""
    if not case_ids:
        return set()
    return set(due_case_ids_query().filter(case_id__in=case_ids).values_list("case_id", flat=True))
