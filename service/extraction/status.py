"""Status and background of an event mention: whether it happened or is only planned,
threatened or denied, and whether the article recalls it as context rather than reporting it.

Cue words in the clause decide the status ("بهدف", "هددت", "نفت"); background comes from a
cue ("سابقاً", "ردا على"), from a tense that recalls ("وكان ... قد", "في وقت سابق") unless the
clause dates the event in the days before publication ("وكان ... قد فجر نفسه أمس" is news), or
from a date in the clause weeks before publication.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .arguments import cues_of
from .dates import DateMention
from .events import Cue, Trigger

# The news of a report is its last three days: an event dated four or more days before
# publication is recalled as context (in the annotated corpus2/train, 40 of the 49 incidents
# dated 4-14 days before are).
RECENT = dt.timedelta(days=3)
_ARTICLE = "ال"
_STATUSES = ("denied", "threatened", "planned")


def status_of(cues: Sequence[Cue], trigger: Trigger, clause: tuple[int, int]) -> str:
    kinds = {cue.value.cue for cue in cues}  # most clauses hold no status cue: no search for each status
    for status in _STATUSES:
        if status in kinds and cues_of(cues, status, trigger, clause):
            return status
    return "occurred"


def is_background(
    cues: Sequence[Cue],
    trigger: Trigger,
    clause: tuple[int, int],
    date: DateMention | None,
    published: dt.date | None,
    dates: Sequence[DateMention] = (),
) -> bool:
    """``dates``: the date mentions around; a cue word inside one ("الماضية" of "الليلة الماضية")
    is the date's, whose window says how long ago it was."""
    if any(not _inside(cue, dates) for cue in cues_of(cues, "background", trigger, clause)):
        return True
    if date is not None and (date.start < clause[0] or date.end > clause[1]):
        date = None  # another clause's
    if any(not _inside(cue, dates) for cue in cues_of(cues, "recalled", trigger, clause)):
        return date is None or not _recent(date, published)
    if date is None:
        return False
    if published is not None:
        return date.value.latest is not None and not _recent(date, published)
    return date.value.precision in ("month", "year")


def _recent(date: DateMention, published: dt.date | None) -> bool:
    """Whether a date says the event is news: within the days before publication, or, with no
    publication date, a day told relative to it ("أمس", "الأربعاء")."""
    window = date.value
    if published is None:
        return window.relative and window.precision == "day"
    return window.latest is not None and published - _when(window.earliest, window.latest, published) <= RECENT


def _when(earliest: dt.date | None, latest: dt.date, published: dt.date) -> dt.date:
    """The day a window stands for: a stretch that ended before the report ("قبل أيام": the week
    before it) lies mostly before its last day, so its middle; one that runs up to the report
    ("منذ أيام", "خلال الأيام الماضية") may still go on, so its end."""
    if earliest is None or latest >= published:
        return latest
    return earliest + (latest - earliest) / 2  # a difference never leaves the calendar (0001-01-01)


def _inside(cue: Cue, dates: Sequence[DateMention]) -> bool:
    return any(d.start <= cue.start and cue.end <= d.end for d in dates)


def is_anaphoric(norm: str, cues: Sequence[Cue], trigger: Trigger) -> bool:
    """ "هذه الغارات": a demonstrative right before the trigger (and its article) points back at
    an event told; so does a verb of outcome right before the trigger with its article ("وأسفر
    القصف عن مقتل": the shelling just told; "أسفر قصف عن" may tell a new one)."""
    return any(
        c.end <= trigger.start
        and (
            (c.value.cue == "anaphor" and norm[c.end : trigger.start].strip() in ("", _ARTICLE))
            or (c.value.cue == "result" and norm[c.end : trigger.start].strip() == _ARTICLE)
        )
        for c in cues
    )
