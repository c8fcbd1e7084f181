"""Recording absences. A person records their own, or the tenant admin records one for anyone
of the tenant. The substitute is an active caseworker of the same tenant; absences of one
person never overlap. Covering gives no new rights: the substitute sees of the absent
person's cases only those their own org units let them see."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.absences.models import Absence
from openvorgang.accounts.models import Role, User
from openvorgang.cases.errors import ActionForbidden, InvalidInput

LONGEST_DAYS = 366


def may_record(*, actor: User, user: User) -> bool:
    if not actor.is_active or actor.tenant_id is None or actor.tenant_id != user.tenant_id:
        return False
    return actor.pk == user.pk or actor.has_role(Role.MANDANTEN_ADMIN)


def absence_record(
    *,
    actor: User,
    user: User,
    substitute: User,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str = "",
) -> Absence:
    if not may_record(actor=actor, user=user):
        raise ActionForbidden(
            gettext(
                "Abwesenheiten trägt man für sich selbst ein, oder die Verwaltung des Mandanten."
            )
        )
    if substitute.tenant_id != user.tenant_id or not substitute.is_active:
        raise InvalidInput(gettext("Die Vertretung muss zum selben Mandanten gehören."))
    if substitute.pk == user.pk:
        raise InvalidInput(gettext("Niemand vertritt sich selbst."))
    if Role.SACHBEARBEITUNG not in substitute.roles:
        raise InvalidInput(
            gettext("%(name)s arbeitet nicht in der Sachbearbeitung und kann nicht vertreten.")
            % {"name": substitute.display_name}
        )
    if ends_on < starts_on:
        raise InvalidInput(gettext("Das Ende der Abwesenheit liegt vor ihrem Beginn."))
    if ends_on < timezone.localdate():
        raise InvalidInput(gettext("Diese Abwesenheit ist schon vorbei."))
    if (ends_on - starts_on).days >= LONGEST_DAYS:
        raise InvalidInput(gettext("Eine Abwesenheit dauert höchstens ein Jahr."))
    text = (note or "").strip()
    if len(text) > 200:
        raise InvalidInput(gettext("Der Hinweis ist länger als 200 Zeichen."))
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one writer per person
        clash = Absence.objects.filter(
            user=user, starts_on__lte=ends_on, ends_on__gte=starts_on
        ).first()
        if clash is not None:
            raise InvalidInput(
                gettext("Sie überschneidet sich mit der Abwesenheit vom %(start)s bis %(end)s.")
                % {
                    "start": clash.starts_on.strftime("%d.%m.%Y"),
                    "end": clash.ends_on.strftime("%d.%m.%Y"),
                }
            )
        return Absence.objects.create(
            user=user,
            substitute=substitute,
            starts_on=starts_on,
            ends_on=ends_on,
            note=text,
            created_by_name=actor.display_name,
        )


def absence_delete(*, actor: User, absence: Absence) -> None:
    if not may_record(actor=actor, user=absence.user):
        raise ActionForbidden(gettext("Diese Abwesenheit dürfen Sie nicht löschen."))
    absence.delete()
