"""How an entry of a case's history reads, for the kinds of entry an app above ``cases`` writes
(an export to the DMS, for example): the app registers its summary in its ``AppConfig.ready``
and the case page shows it, without ``cases`` importing that app."""

from __future__ import annotations

from collections.abc import Callable

from openvorgang.cases.models import CaseEvent
from openvorgang.lib.registry import Registry

Summary = Callable[[CaseEvent], str]

HISTORY_SUMMARIES: Registry[Summary] = Registry("history summary")
