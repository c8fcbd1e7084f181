"""Comments and follow-ups. Whoever sees a case (``cases.policy``) may comment on it and set
follow-ups; a comment is editable by its author for OPENVORGANG_COMMENT_EDIT_MINUTES."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases.errors import (
    ActionForbidden,
    ActionNotAllowed,
    CaseNotFound,
    InvalidInput,
)
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, CaseFile, CaseFileKind
from openvorgang.cases.policy import can_see_case
from openvorgang.cases.services import case_files_store
from openvorgang.casework.models import Comment, CommentFile, FollowUp

MAX_COMMENT = 10_000
MAX_COMMENT_FILES = 10


def _visible(case: Case, user: User) -> None:
    if not can_see_case(user, case):
        raise CaseNotFound()


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(gettext("Der Kommentar ist leer."))
    if len(text) > MAX_COMMENT:
        raise InvalidInput(
            gettext("Der Kommentar ist länger als %(max_comment)s Zeichen.")
            % {"max_comment": MAX_COMMENT}
        )
    return text


def comment_add(
    *, case: Case, actor: User, text: str, files: Sequence[IncomingFile] = ()
) -> Comment:
    """An internal note, optionally with files (streamed, hashed, type sniffed)."""
    _visible(case, actor)
    text = _text(text)
    if len(files) > MAX_COMMENT_FILES:
        raise InvalidInput(
            gettext("Höchstens %(max_comment_files)s Dateien je Kommentar.")
            % {"max_comment_files": MAX_COMMENT_FILES}
        )

    def record(stored: list[CaseFile]) -> Comment:
        comment = Comment.objects.create(
            case=case,
            author=actor,
            author_name=actor.display_name,
            text=text,
            created_at=timezone.now(),
        )
        CommentFile.objects.bulk_create(CommentFile(comment=comment, case_file=f) for f in stored)
        return comment

    return case_files_store(case=case, uploads=files, kind=CaseFileKind.COMMENT, write=record)


def comment_editable(*, comment: Comment, user: User, now: dt.datetime | None = None) -> bool:
    window = dt.timedelta(minutes=settings.OPENVORGANG_COMMENT_EDIT_MINUTES)
    return comment.author_id == user.pk and (now or timezone.now()) - comment.created_at <= window


def comment_edit(*, comment: Comment, actor: User, text: str) -> Comment:
    _visible(comment.case, actor)
    if comment.author_id != actor.pk:
        raise ActionForbidden(
            gettext("Nur die Verfasserin oder der Verfasser kann den Kommentar ändern.")
        )
    if not comment_editable(comment=comment, user=actor):
        raise ActionNotAllowed(
            gettext("Kommentare lassen sich nur %(minutes)s Minuten lang ändern.")
            % {"minutes": settings.OPENVORGANG_COMMENT_EDIT_MINUTES}
        )
    comment.text = _text(text)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])
    return comment


def follow_up_add(
    *, case: Case, actor: User, subject: str, due_on: dt.date, assignee: User | None = None
) -> FollowUp:
    _visible(case, actor)
    subject = (subject or "").strip()
    if not subject:
        raise InvalidInput(gettext("Bitte einen Betreff für die Wiedervorlage angeben."))
    if len(subject) > 200:
        raise InvalidInput(gettext("Der Betreff ist länger als 200 Zeichen."))
    if due_on < timezone.localdate() - dt.timedelta(days=1):
        raise InvalidInput(gettext("Das Datum der Wiedervorlage liegt in der Vergangenheit."))
    if assignee is not None and not can_see_case(assignee, case):
        raise InvalidInput(
            gettext("%(display_name)s kann diesen Vorgang nicht sehen.")
            % {"display_name": assignee.display_name}
        )
    return FollowUp.objects.create(
        case=case,
        subject=subject,
        due_on=due_on,
        assignee=assignee or actor,
        created_by_name=actor.display_name,
        created_at=timezone.now(),
    )


def follow_up_done(*, follow_up: FollowUp, actor: User, done: bool = True) -> FollowUp:
    _visible(follow_up.case, actor)
    follow_up.done_at = timezone.now() if done else None
    follow_up.done_by_name = actor.display_name if done else ""
    follow_up.save(update_fields=["done_at", "done_by_name"])
    return follow_up


def follow_up_close(*, follow_up: FollowUp, by_name: str) -> FollowUp:
    """Done by what happened, not by a person of the authority (e.g. the applicant answered
    the request the follow-up waited for)."""
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.done_by_name = by_name[:300]
        follow_up.save(update_fields=["done_at", "done_by_name"])
    return follow_up
