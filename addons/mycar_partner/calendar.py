# This file is part of the MyCar partner platform.
"""Kazakhstan calendar: calendar, working and banking days in Almaty."""
import datetime as dt
import functools
from zoneinfo import ZoneInfo

import holidays
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
    def _overrides(cls, start, end, banking):
        "Staff exceptions between start and end, as {date: is_working}"
        scopes = ['all', 'banking'] if banking else ['all']
        days = cls.search([
                ('date', '>=', start),
                ('date', '<=', end),
                ('scope', 'in', scopes),
                ], order=[('scope', 'ASC')])
        return {d.date: d.kind == 'working' for d in days}

    @staticmethod
    def _default_working(day):
        return day.weekday() < 5 and day not in public_holidays(day.year)

    @classmethod
    def is_working_day(cls, day, banking=False):
        overrides = cls._overrides(day, day, banking)
        return overrides.get(day, cls._default_working(day))

    @classmethod
    def add_days(cls, start, count, unit='calendar'):
        "The date count days of unit after the date start"
        if unit == 'calendar':
            return start + dt.timedelta(days=count)
        if unit not in {'working', 'banking'}:
            raise CalendarError(gettext(
                    'mycar_partner.msg_calendar_unit_unknown', unit=unit))
        # Kazakhstan never has more than 9 days off in a row
        horizon = start + dt.timedelta(days=count * 2 + 14)
        overrides = cls._overrides(start, horizon, unit == 'banking')
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if day > horizon:
                horizon = day + dt.timedelta(days=count * 2 + 14)
                overrides.update(
                    cls._overrides(day, horizon, unit == 'banking'))
            if overrides.get(day, cls._default_working(day)):
                count -= 1
        return day

    @classmethod
    def due(cls, started, count, unit):
        """The due moment, as naive UTC, of a clock of count units started
        at the naive UTC datetime started.

        Minute clocks run on wall time; day clocks end at the end of the
        Almaty day they fall on."""
        if unit == 'minutes':
            return started + dt.timedelta(minutes=count)
        day = cls.add_days(to_local(started).date(), count, unit)
        return end_of_day(day)
