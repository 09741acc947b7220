# This file is part of the MyCar partner platform.
"""Kazakhstan calendar: calendar, working and banking days in Almaty."""
import datetime as dt
import functools
from zoneinfo import ZoneInfo

import holidays
from babel.dates import format_date
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields

from .exceptions import CalendarError

ALMATY = ZoneInfo('Asia/Almaty')
UNITS = [
    ('minutes', "Minutes"),
    ('calendar', "Calendar days"),
    ('working', "Working days"),
    ('banking', "Banking days"),
    ]


@functools.lru_cache(maxsize=32)
def public_holidays(year):
    "Kazakhstan's public holidays, with the days off they carry over to"
    return frozenset(holidays.KZ(years=year))


def now():
    """This moment, as the naive UTC datetime Tryton stores, to the second.

    Business code takes "now" from here, never from the machine's local
    clock."""
    return dt.datetime.now(dt.timezone.utc).replace(
        tzinfo=None, microsecond=0)


def today():
    "Today's date in Almaty, whatever the machine's time zone"
    return dt.datetime.now(ALMATY).date()


# a month as each language names it on its own: "ноябрь 2026",
# "2026 ж. қараша", "November 2026" (CLDR's names, through Babel)
MONTH_PATTERNS = {'ru': 'LLLL y', 'kk': "y 'ж'. MMMM", 'en': 'LLLL y'}


def month_name(date, language=None):
    "The month of date, in language (the transaction's by default)"
    if not date:
        return ''
    from trytond.transaction import Transaction
    language = (language or Transaction().language or 'en')[:2]
    return format_date(date, MONTH_PATTERNS.get(language, 'LLLL y'),
        locale=language if language in MONTH_PATTERNS else 'en')


def to_local(value):
    "Naive UTC datetime (as Tryton stores it) to an Almaty datetime"
    return value.replace(tzinfo=dt.timezone.utc).astimezone(ALMATY)


def to_utc(value):
    "Almaty datetime to the naive UTC datetime Tryton stores"
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None)


def end_of_day(day):
    "The last second of an Almaty day, as naive UTC"
    return to_utc(dt.datetime.combine(day, dt.time(23, 59, 59), ALMATY))


class CalendarDay(ModelSQL, ModelView):
    "Calendar exception kept by MyCar staff"
    __name__ = 'mycar.calendar.day'
    __string__ = "Calendar Day"

    date = fields.Date("Date", required=True)
    kind = fields.Selection([
            ('day_off', "Day off"),
            ('working', "Working day"),
            ], "Kind", required=True,
        help="A day off on a weekday, or a weekend day made a working day "
        "by the government's transfer of days off.")
    scope = fields.Selection([
            ('all', "Working and banking days"),
            ('banking', "Banking days only"),
            ], "Scope", required=True)
    description = fields.Char("Description", translate=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('date_scope_unique', Unique(t, t.date, t.scope),
                'mycar_partner.msg_calendar_day_unique'),
            ]
        cls._order.insert(0, ('date', 'DESC'))
        cls.__access__ = set()

    @classmethod
    def default_kind(cls):
        return 'day_off'

    @classmethod
    def default_scope(cls):
        return 'all'

    @classmethod
    def is_working_day(cls, day, banking=False):
        return _Exceptions(cls, day, day).is_working(day, banking)

    @classmethod
    def add_days(cls, start, count, unit='calendar'):
        "The date count days of unit after the date start"
        return cls.add_days_batch([(start, count, unit)])[0]

    @classmethod
    def add_days_batch(cls, items):
        """The date count days of unit after start, for each (start, count,
        unit) of items, reading the staff's exceptions once"""
        for _, _, unit in items:
            if unit not in {'calendar', 'working', 'banking'}:
                raise CalendarError(gettext(
                        'mycar_partner.msg_calendar_unit_unknown',
                        unit=unit))
        counted = [(s, c) for s, c, u in items if u != 'calendar']
        exceptions = None
        if counted:
            exceptions = _Exceptions(cls,
                min(s for s, _ in counted),
                max(s + _horizon(c) for s, c in counted))
        return [
            start + dt.timedelta(days=count) if unit == 'calendar'
            else exceptions.step(start, count, unit == 'banking')
            for start, count, unit in items]

    @classmethod
    def due(cls, started, count, unit):
        """The due moment, as naive UTC, of a clock of count units started
        at the naive UTC datetime started.

        Minute clocks run on wall time; day clocks end at the end of the
        Almaty day they fall on."""
        return cls.due_batch([(started, count, unit)])[0]

    @classmethod
    def due_batch(cls, items):
        "due() for each (started, count, unit) of items"
        days = cls.add_days_batch([
                (to_local(started).date(), count, unit)
                for started, count, unit in items if unit != 'minutes'])
        days = iter(days)
        return [
            started + dt.timedelta(minutes=count) if unit == 'minutes'
            else end_of_day(next(days))
            for started, count, unit in items]


def _horizon(count):
    "How far count working days may reach: never 10 days off in a row"
    return dt.timedelta(days=count * 2 + 14)


class _Exceptions:
    "The staff's calendar exceptions of a span of days, read at once"

    def __init__(self, CalendarDay, start, end):
        self.CalendarDay = CalendarDay
        self.days = {'all': {}, 'banking': {}}
        self.end = start - dt.timedelta(days=1)
        self._load(start, end)

    def _load(self, start, end):
        for day in self.CalendarDay.search([
                    ('date', '>=', start),
                    ('date', '<=', end),
                    ]):
            self.days[day.scope][day.date] = day.kind == 'working'
        self.end = max(self.end, end)

    def is_working(self, day, banking=False):
        if day > self.end:
            self._load(self.end + dt.timedelta(days=1), day + _horizon(30))
        default = day.weekday() < 5 and day not in public_holidays(day.year)
        working = self.days['all'].get(day, default)
        if banking:
            working = self.days['banking'].get(day, working)
        return working

    def step(self, start, count, banking=False):
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_working(day, banking):
                count -= 1
        return day
