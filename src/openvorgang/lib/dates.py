"""Reading a day a person typed: what a browser's date input sends (JJJJ-MM-TT) or, typed by
hand where there is no date picker, TT.MM.JJJJ."""

from __future__ import annotations

import datetime as dt


def parse_day(raw: str) -> dt.date | None:
    """The day in ``raw``, None if it is empty; ValueError if it is no day."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
