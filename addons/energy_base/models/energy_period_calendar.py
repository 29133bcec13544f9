# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Period calendar of the access tolls of CNMC Circular 3/2020 (BOE-A-2020-1066).

Every hour of the year falls in one energy period and one power period of the
toll, depending on the electric zone, the season (month), the hour of the local
clock and whether the day is a working day. Weekends and tariff holidays
(energy.tariff.holiday) are the cheapest period all day.

The tables below are data, written from the domain reference of the suite
(docs/domain-es-energy.md, section 2.2) and from the season and hour tables of
GISCE-TI's enerdata (MIT licence), enerdata/contracts/electrical_seasons.py:
DAYTYPE_BY_ELECTRIC_ZONE_CIR03_2020 and PERIODS_2x/3x/6x_BY_ELECTRIC_ZONE_CIR03_2020.
enerdata itself is not a dependency.
"""

import datetime
from zoneinfo import ZoneInfo

from odoo import api, models
from odoo.exceptions import UserError

# Seasons (enerdata day types): A high, B medium-high, B1 medium, C low.
SEASONS = ("A", "B", "B1", "C")

# Months of each season by electric zone (Circular 3/2020; enerdata
# DAYTYPE_BY_ELECTRIC_ZONE_CIR03_2020, zones '1' peninsula ... '5' Melilla).
SEASON_MONTHS = {
    "peninsula": {"A": (1, 2, 7, 12), "B": (3, 11), "B1": (6, 8, 9), "C": (4, 5, 10)},
    "balearic": {"A": (6, 7, 8, 9), "B": (5, 10), "B1": (1, 2, 12), "C": (3, 4, 11)},
    "canary": {"A": (7, 8, 9, 10), "B": (11, 12), "B1": (1, 2, 3), "C": (4, 5, 6)},
    "ceuta": {"A": (1, 2, 8, 9), "B": (7, 10), "B1": (3, 11, 12), "C": (4, 5, 6)},
    "melilla": {"A": (1, 7, 8, 9), "B": (2, 12), "B1": (6, 10, 11), "C": (3, 4, 5)},
}

# Working-day hours [start, end) are valley from 0 to 8; from 8 to 24 they are
# peak inside these blocks and shoulder outside them.
VALLEY_END_HOUR = 8

# 2.0TD energy peak blocks (punta). Ceuta and Melilla shift them by one hour in
# their high season (A) only: docs section 2.2 and enerdata
# PERIODS_3x_BY_ELECTRIC_ZONE_CIR03_2020, whose B, B1 and C seasons of zones 4
# and 5 keep the peninsular hours.
TWO_TD_PEAK_BLOCKS = ((10, 14), (18, 22))
TWO_TD_SHIFTED_PEAK_BLOCKS = ((11, 15), (19, 23))
TWO_TD_SHIFTED = {("ceuta", "A"), ("melilla", "A")}

# Six-period tolls (3.0TD, 6.1TD-6.4TD and their VE variants): peak blocks by
# zone, and the (peak, shoulder) period numbers of each season. Valley hours and
# weekends/holidays are P6. Canary, Ceuta and Melilla skip some period numbers
# in some seasons; enerdata PERIODS_6x_BY_ELECTRIC_ZONE_CIR03_2020.
SIX_PERIOD_PEAK_BLOCKS = {
    "peninsula": ((9, 14), (18, 22)),
    "balearic": ((10, 15), (18, 22)),
    "canary": ((10, 15), (18, 22)),
    "ceuta": ((10, 15), (19, 23)),
    "melilla": ((10, 15), (19, 23)),
}
SIX_PERIOD_SEASON_PERIODS = {
    "peninsula": {"A": (1, 2), "B": (2, 3), "B1": (3, 4), "C": (4, 5)},
    "balearic": {"A": (1, 2), "B": (2, 3), "B1": (3, 4), "C": (4, 5)},
    "canary": {"A": (1, 3), "B": (2, 3), "B1": (2, 4), "C": (4, 5)},
    "ceuta": {"A": (1, 4), "B": (2, 3), "B1": (2, 4), "C": (3, 5)},
    "melilla": {"A": (1, 2), "B": (2, 3), "B1": (3, 4), "C": (4, 5)},
}

# Local clock of each zone, for callers that pass timezone-aware datetimes.
ZONE_TIMEZONES = {
    "peninsula": "Europe/Madrid",
    "balearic": "Europe/Madrid",
    "canary": "Atlantic/Canary",
    "ceuta": "Africa/Ceuta",
    "melilla": "Europe/Madrid",
}


def _hour_table(valley, shoulder, peak, peak_blocks):
    """24 period numbers, one per hour of a working day."""
    table = [valley] * VALLEY_END_HOUR + [shoulder] * (24 - VALLEY_END_HOUR)
    for start, end in peak_blocks:
        table[start:end] = [peak] * (end - start)
    return tuple(table)


def _month_seasons(zone):
    """Tuple indexed by month (1..12; index 0 unused) giving the season."""
    seasons = [None] * 13
    for season, months in SEASON_MONTHS[zone].items():
        for month in months:
            seasons[month] = season
    return tuple(seasons)


def _two_td_calendar(zone):
    energy = {}
    for season in SEASONS:
        blocks = (
            TWO_TD_SHIFTED_PEAK_BLOCKS
            if (zone, season) in TWO_TD_SHIFTED
            else TWO_TD_PEAK_BLOCKS
        )
        energy[season] = _hour_table(3, 2, 1, blocks)
    # Power: P1 from 8 to 24 on working days, P2 otherwise, in every zone.
    power = dict.fromkeys(SEASONS, _hour_table(2, 1, 1, ()))
    return {
        "seasons": _month_seasons(zone),
        "energy": energy,
        "power": power,
        "rest_energy": 3,
        "rest_power": 2,
    }


def _six_period_calendar(zone):
    energy = {
        season: _hour_table(6, shoulder, peak, SIX_PERIOD_PEAK_BLOCKS[zone])
        for season, (peak, shoulder) in SIX_PERIOD_SEASON_PERIODS[zone].items()
    }
    return {
        "seasons": _month_seasons(zone),
        "energy": energy,
        "power": energy,
        "rest_energy": 6,
        "rest_power": 6,
    }


# Calendars by (kind, zone), built once at import.
CALENDARS = {
    (kind, zone): builder(zone)
    for kind, builder in (("2.0TD", _two_td_calendar), ("6P", _six_period_calendar))
    for zone in SEASON_MONTHS
}


class EnergyPeriodCalendar(models.AbstractModel):
    """Tells which energy and power period of an access toll an hour falls in.

    The comparator, consumption analytics and billing call :meth:`get_periods`
    (a batch of hours) or :meth:`get_period` (one hour)."""

    _name = "energy.period.calendar"
    _description = "Tariff Period Calendar"

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.private
    @api.model
    def get_period(self, tariff, zone, local_datetime):
        """Energy and power period of one hour; see :meth:`get_periods`.

        :return: tuple ``(energy_period, power_period)`` of ints 1..6
        """
        return self.get_periods(tariff, zone, [local_datetime])[0]

    @api.private
    @api.model
    def get_periods(self, tariff, zone, local_datetimes):
        """Energy and power periods of many hours of one supply, in one query.

        :param tariff: ``energy.access.tariff`` record (one toll)
        :param zone: electric zone, a key of ``energy.supply.point.zone``
            (``peninsula``, ``balearic``, ``canary``, ``ceuta``, ``melilla``);
            empty means peninsula
        :param local_datetimes: iterable of datetimes. Naive ones are the local
            clock time of the supply (what meters and the Circular use);
            timezone-aware ones are converted to the zone's clock first. The
            hour ``[h, h+1)`` containing the datetime decides.
        :return: list of ``(energy_period, power_period)`` tuples of ints 1..6,
            in the order of ``local_datetimes``
        :raise UserError: unknown zone, a toll without a period calendar, or a
            value that is not a datetime
        """
        zone = zone or "peninsula"
        calendar = self._get_calendar(tariff, zone)
        moments = self._to_local_datetimes(zone, local_datetimes)
        if not moments:
            return []
        holidays = self._get_holiday_dates(
            zone, min(moments).date(), max(moments).date()
        )
        seasons = calendar["seasons"]
        energy, power = calendar["energy"], calendar["power"]
        rest = (calendar["rest_energy"], calendar["rest_power"])
        periods = []
        for moment in moments:
            day = moment.date()
            if day.weekday() >= 5 or day in holidays:
                periods.append(rest)
            else:
                season = seasons[moment.month]
                periods.append(
                    (energy[season][moment.hour], power[season][moment.hour])
                )
        return periods

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------

    @api.model
    def _get_calendar_kind(self, tariff):
        """Which calendar a toll follows: ``2.0TD`` (three energy periods, two
        power periods) or ``6P`` (six periods: 3.0TD, 6.xTD and VE tolls).
        Addons adding tolls with another calendar extend this and
        :data:`CALENDARS`."""
        if tariff.energy_period_count == 3 and tariff.power_period_count == 2:
            return "2.0TD"
        if tariff.energy_period_count == 6 and tariff.power_period_count == 6:
            return "6P"
        return False

    @api.model
    def _get_calendar(self, tariff, zone):
        if not tariff or len(tariff) != 1:
            raise UserError(
                self.env._("Periods are computed for exactly one access tariff.")
            )
        if zone not in SEASON_MONTHS:
            raise UserError(
                self.env._(
                    "Unknown electric zone %(zone)s: use peninsula, balearic, "
                    "canary, ceuta or melilla.",
                    zone=zone,
                )
            )
        kind = self._get_calendar_kind(tariff)
        calendar = CALENDARS.get((kind, zone))
        if not calendar:
            raise UserError(
                self.env._(
                    "The access tariff %(tariff)s has no period calendar: only "
                    "2.0TD-like tolls (3 energy and 2 power periods) and six-period "
                    "tolls are supported.",
                    tariff=tariff.display_name,
                )
            )
        return calendar

    @api.model
    def _to_local_datetimes(self, zone, values):
        """Naive local datetimes; aware ones are moved to the zone's clock."""
        timezone = ZoneInfo(ZONE_TIMEZONES[zone])
        moments = []
        for value in values:
            if not isinstance(value, datetime.datetime):
                raise UserError(
                    self.env._(
                        "Periods are computed for a date and time, not for %(value)s.",
                        value=repr(value),
                    )
                )
            if value.tzinfo is not None:
                value = value.astimezone(timezone).replace(tzinfo=None)
            moments.append(value)
        return moments

    @api.model
    def _get_holiday_dates(self, zone, date_from, date_to):
        """Set of tariff holidays of the zone (national rows and the zone's own)
        between two dates, read in one query. Tariff holidays are public
        regulation: read them whatever the caller's rights (portal comparator)."""
        holidays = (
            self.env["energy.tariff.holiday"]
            .sudo()
            .search_fetch(
                [
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("zone", "in", [False, zone]),
                ],
                ["date"],
            )
        )
        return {holiday.date for holiday in holidays}
