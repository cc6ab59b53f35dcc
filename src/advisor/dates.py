"""The date advisor judges by: --today, else $ADVISOR_TODAY, else the real date. Reports,
waivers and the review-age facts all use it, so one setting makes a run reproducible."""

import datetime
import os

from .errors import InputError

TODAY_ENV = "ADVISOR_TODAY"


def today(value=None):
    where = f"--today (or ${TODAY_ENV})"
    value = value or os.environ.get(TODAY_ENV)
    if not value:
        return datetime.date.today()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: expected a date YYYY-MM-DD, got '{value}'") from None


def whole_years(since, until):
    """Whole years from the ISO date `since` to the date `until` (negative when in the future)."""
    start = datetime.date.fromisoformat(since)
    years = until.year - start.year
    if (until.month, until.day) < (start.month, start.day):
        years -= 1
    return years


def add_years(day, years, key=None):
    """The same day `years` later (earlier when negative); 29 February becomes the 28th.

    A date so far off that the result leaves the years 1-9999 (`last_review: 9999-12-31`) is an
    InputError naming `key`, not a ValueError traceback with exit 1 (which means "findings")."""
    year = day.year + years
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise InputError(f"{day.isoformat()} is too far in the future or past: {years:+d} years from it "
                         f"is outside the calendar (years 1 to 9999)", key=key)
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)
