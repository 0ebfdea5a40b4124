"""Calendar arithmetic for the date finder: Gregorian months and weekdays, and the Hijri calendar.

The Hijri calendar is Umm al-Qura, the calendar of record in Saudi Arabia that most Arabic news
follows for Ramadan and the Eids. Its month starts are read once, when a pack is loaded, from the
maintained ``hijridate`` library (1343-1500 AH, 1924-2077 CE) into a table of ordinals, so that the
finder converts with a bisection and never imports the library on a request. A Hijri date outside
that range is no date (``None``), as is any Gregorian date outside ``datetime.date``'s range.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from typing import NamedTuple

from .model import Precision

Window = tuple[dt.date | None, dt.date | None, Precision]


# --- Gregorian ---------------------------------------------------------------------------------


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (31 April, year 0 or 10000)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def add_days(date: dt.date, days: int) -> dt.date | None:
    """``date`` moved by ``days``, or None past the first or last representable day."""
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return None


def month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def month_window(year: int, month: int) -> tuple[dt.date, dt.date] | None:
    """First and last day of a month, or None outside the representable years."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    return dt.date(year, month, 1), dt.date(year, month, month_length(year, month))


def weekday_on_or_before(weekday: int, day: dt.date, *, strictly: bool = False) -> dt.date | None:
    back = (day.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return add_days(day, -back)


def weekday_after(weekday: int, day: dt.date) -> dt.date | None:
    return add_days(day, (weekday - day.weekday()) % 7 or 7)


def nth_weekday(weekday: int, first: dt.date, last: dt.date, n: int) -> dt.date | None:
    """The ``n``-th such weekday (1-based; -1 the last) between ``first`` and ``last``, or None."""
    if n < 0:
        day = add_days(last, -((last.weekday() - weekday) % 7))
    else:
        day = add_days(first, (weekday - first.weekday()) % 7 + 7 * (n - 1))
    return day if day is not None and first <= day <= last else None


# --- Hijri (Umm al-Qura) ---------------------------------------------------------------------------


class HijriCalendar(NamedTuple):
    """Umm al-Qura month starts as proleptic Gregorian ordinals, from ``first_year``'s Muharram on;
    the last entry is the day after the table's last month."""

    first_year: int
    month_starts: tuple[int, ...]

    def month_start(self, year: int, month: int) -> int | None:
        index = (year - self.first_year) * 12 + month - 1
        return self.month_starts[index] if 0 <= index < len(self.month_starts) - 1 else None

    def from_hijri(self, year: int, month: int, day: int) -> dt.date | None:
        window = self.month_window(year, month)
        if window is None or not 1 <= day <= (window[1] - window[0]).days + 1:
            return None
        return add_days(window[0], day - 1)

    def month_window(self, year: int, month: int) -> tuple[dt.date, dt.date] | None:
        start = self.month_start(year, month)
        if start is None:
            return None
        index = (year - self.first_year) * 12 + month - 1
        return dt.date.fromordinal(start), dt.date.fromordinal(self.month_starts[index + 1] - 1)

    def to_hijri(self, date: dt.date) -> tuple[int, int, int] | None:
        ordinal = date.toordinal()
        index = bisect_right(self.month_starts, ordinal) - 1
        if not 0 <= index < len(self.month_starts) - 1:
            return None
        year, month = divmod(index, 12)
        return self.first_year + year, month + 1, ordinal - self.month_starts[index] + 1


def umm_al_qura() -> HijriCalendar:
    """The Umm al-Qura table, from ``hijridate`` (imported here only: this runs once per pack load)."""
    from hijridate import Hijri, ummalqura

    (first_year, _, _), (last_year, _, _) = ummalqura.HIJRI_RANGE
    starts = [Hijri(y, m, 1).to_gregorian().toordinal() for y in range(first_year, last_year + 1) for m in range(1, 13)]
    last = Hijri(last_year, 12, 1)
    return HijriCalendar(first_year, (*starts, starts[-1] + last.month_length()))
