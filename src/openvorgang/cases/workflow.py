"""The status workflow as data: which action leads from which states to which state, and which
roles may take it. ``openvorgang.cases.services`` is the only code that applies it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openvorgang.accounts.models import Role
from openvorgang.cases.models import CaseStatus as S

P, SB, L = Role.POSTSTELLE, Role.SACHBEARBEITUNG, Role.LOESCHBERECHTIGT


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise
    sources: frozenset[S]
    # None: the target is computed (restore) or the case is removed (final deletion).
    target: S | None
    roles: frozenset[Role]
    reason_required: bool = False
    # Irreversible steps ask for confirmation in the UI.
    irreversible: bool = False
    # The action that reverts this one when its author undoes it right after.
    undo_action: str | None = None
    # Taken only by a service that does more than change the status (e.g. the handover to a
    # specialist system exports the case): not offered as a plain action.
    via_service: bool = False


def _t(
    action: str,
    label: Promise,
    sources: set[S],
    target: S | None,
    roles: set[Role],
    **options: object,
) -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset(roles), **options)  # type: ignore[arg-type]


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("annehmen", _("Annehmen"), {S.NEU}, S.ANGENOMMEN, {P, SB}, undo_action="zurueckholen"),
        _t(
            "verwerfen",
            _("Verwerfen"),
            {S.NEU},
            S.VERWORFEN,
            {P, SB},
            reason_required=True,
            undo_action="zurueckholen",
        ),
        _t(
            "bearbeiten",
            _("Bearbeiten"),
            {S.ANGENOMMEN},
            S.IN_BEARBEITUNG,
            {SB},
            undo_action="zurueckstellen",
        ),
        # only with a decision document (openvorgang.decisions.services), never as a bare step
        _t(
            "bescheiden",
            _("Bescheiden"),
            {S.IN_BEARBEITUNG},
            S.BESCHIEDEN,
            {SB},
            irreversible=True,
            via_service=True,
        ),
        _t(
            "abschliessen",
            _("Abschließen"),
            {S.BESCHIEDEN, S.WEITERGELEITET},
            S.ABGESCHLOSSEN,
            {SB},
        ),
        _t(
            "an_fachverfahren",
            _("An Fachverfahren übergeben"),
            {S.ANGENOMMEN, S.IN_BEARBEITUNG},
            S.WEITERGELEITET,
            {SB},
            via_service=True,
        ),
        _t("zurueckholen", _("Zurückholen"), {S.VERWORFEN, S.ANGENOMMEN}, S.NEU, {P, SB}),
        _t("zurueckstellen", _("Zurückstellen"), {S.IN_BEARBEITUNG}, S.ANGENOMMEN, {SB}),
        _t(
            "wiedereroeffnen",
            _("Wiedereröffnen"),
            {S.BESCHIEDEN, S.ABGESCHLOSSEN, S.WEITERGELEITET},
            S.IN_BEARBEITUNG,
            {SB},
            reason_required=True,
        ),
        _t(
            "zum_loeschen_markieren",
            _("Zum Löschen markieren"),
            {S.ABGESCHLOSSEN, S.VERWORFEN},
            S.ZU_LOESCHEN,
            {SB},
            undo_action="loeschen_zuruecknehmen",
        ),
        _t(
            "loeschen_zuruecknehmen",
            _("Löschmarkierung zurücknehmen"),
            {S.ZU_LOESCHEN},
            None,
            {SB, L},
        ),
        _t(
            "loeschen",
            _("Endgültig löschen"),
            {S.ZU_LOESCHEN},
            None,
            {L},
            reason_required=True,
            irreversible=True,
        ),
    )
}

ACTIONS: tuple[str, ...] = tuple(TRANSITIONS)


# What "closed" means, named once (each use says which one it needs):
# ENDED: the authority's work on the case is over; retention periods run from here.
ENDED: frozenset[S] = frozenset({S.ABGESCHLOSSEN, S.VERWORFEN})
# INACTIVE: nobody works on it any more: not in "Meine" lists, a reply is "after close".
INACTIVE: frozenset[S] = ENDED | {S.ZU_LOESCHEN}
# FINISHED_HERE: the process is over at this authority (ended, or handed to a specialist
# system): an xdomea package marks it as closed.
FINISHED_HERE: frozenset[S] = ENDED | {S.WEITERGELEITET}
# OPEN: still in the authority's stock (the statistics' backlog), in the workflow's order.
OPEN: tuple[S, ...] = tuple(s for s in S if s not in ENDED)
# DEADLINE_RUNS: the processing deadline runs (the decision is still to be made here); any
# other state ends it (decided, handed over, rejected, closed).
DEADLINE_RUNS: frozenset[S] = frozenset({S.NEU, S.ANGENOMMEN, S.IN_BEARBEITUNG})
# FORWARDABLE: a case may still go to another authority (before work on it has begun).
FORWARDABLE: frozenset[S] = frozenset({S.NEU, S.ANGENOMMEN})
