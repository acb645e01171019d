"""The calendar: dated meetings of each forum between a scenario's start and end, in a fixed order.

Each forum of the reference world says in which months it usually meets (``months``). A meeting is
placed on day ``MEETING_DAY`` of its month: the real dates vary from year to year and are set by the
chair, so the model only keeps the month (an assumption, documented in docs/simulation.md). Meetings
on the same day are ordered by the scenario's list of forums (the first listed meets first), then by
forum id, so simultaneous events always run in the same order (simpy's rule: a fixed order for
simultaneous events).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MEETING_DAY = 15  # convention: mid-month; real dates differ by year (see module docstring)


@dataclass(frozen=True, order=True)
class Meeting:
    """One meeting of one forum. Sorted by (date, order, forum)."""

    date: date
    order: int
    forum: str
    chair: str


def build_calendar(
    start: date,
    end: date,
    forum_months: dict[str, list[int]],
    forum_order: list[str],
    chair_of_year: dict[int, str],
) -> list[Meeting]:
    """All meetings of the given forums between ``start`` and ``end`` (inclusive), in fixed order."""
    meetings = []
    for year in range(start.year, end.year + 1):
        for forum in forum_order:
            for month in sorted(set(forum_months[forum])):
                day = date(year, month, MEETING_DAY)
                if start <= day <= end:
                    meetings.append(Meeting(day, forum_order.index(forum), forum, chair_of_year[year]))
    return sorted(meetings)
