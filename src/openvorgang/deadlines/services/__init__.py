"""Writes to processing deadlines.

* ``deadline_sync`` follows the case: a deadline starts when a case with a service that has a
  rule reaches its tenant (at intake, from the clearing inbox, or on forwarding: receipt at
  the competent authority starts it again), and ends with the decision, the handover, the
  rejection or the close. Called by the feed over the case history (``feed.py``).
* The caseworker's steps (``deadline_complete``, ``deadline_pause``, ``deadline_resume``,
  ``deadline_extend``) each write a history entry through the case's write path, so the
  version check and the Verlauf hold for them as for every other change.

The arithmetic is ``openvorgang.lib.deadlines``; the rule is the version in force at receipt,
kept with the deadline: a later rule change never moves it."""

from openvorgang.deadlines.services.core import computed
from openvorgang.deadlines.services.following import deadline_sync
from openvorgang.deadlines.services.steps import (
    deadline_complete,
    deadline_extend,
    deadline_pause,
    deadline_resume,
    deadline_resume_on_answer,
)

__all__ = [
    "computed",
    "deadline_complete",
    "deadline_extend",
    "deadline_pause",
    "deadline_resume",
    "deadline_resume_on_answer",
    "deadline_sync",
]
