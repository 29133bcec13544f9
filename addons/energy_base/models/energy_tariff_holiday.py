# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

import holidays as holidays_lib

from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from .energy_supply_point import ZONES

# Tariff holidays of CNMC Circular 3/2020: the national holidays with a fixed
# date that cannot be moved by the regions (enerdata REECalendar, see
# docs/domain-es-energy.md section 2.2). Good Friday is national but has no
# fixed date, so it is not a tariff holiday; 6 January counts since 2022.
TARIFF_HOLIDAY_DAYS = (
    (1, 1),
    (1, 6),
    (5, 1),
    (8, 15),
    (10, 12),
    (11, 1),
    (12, 6),
    (12, 8),
    (12, 25),
)
# Tolls of Circular 3/2020 apply since 2021-06-01.
FILL_YEAR_MIN = 2021
FILL_YEAR_MAX = 2100


class EnergyTariffHoliday(models.Model):
    """A day on which every hour falls in the cheapest period of the access
    tolls. The period calendar (energy.period.calendar) reads the national rows
    and the rows of the supply's electric zone."""

    _name = "energy.tariff.holiday"
    _description = "Tariff Holiday"
    _order = "date desc, zone"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    date = fields.Date(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    year = fields.Integer(
        compute="_compute_year", store=True, precompute=True, index=True
    )
    zone = fields.Selection(
        ZONES,
        string="Electric Zone",
        index=True,
        help="Leave empty for a national holiday, which applies to every zone.",
    )
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("date")
    def _compute_year(self):
        for holiday in self:
            holiday.year = holiday.date.year if holiday.date else 0

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    # Implemented by a unique index on (date, COALESCE(zone, '')), created in
    # _auto_init: a plain UNIQUE (date, zone) lets national rows (NULL zone)
    # repeat.
    _sql_constraints = [
        (
            "date_zone_uniq",
            "",
            "A day can be a tariff holiday only once nationally and once per "
            "electric zone.",
        ),
    ]

    def _auto_init(self):
        result = super()._auto_init()
        tools.create_unique_index(
            self.env.cr,
            f"{self._table}_date_zone_uniq",
            self._table,
            ["date", "COALESCE(zone, '')"],
        )
        return result

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _fill_from_holidays_package(self, year):
        """Create the national tariff holidays of a year that are missing.

        Takes from the ``holidays`` package the national holidays that fall on
        the fixed days of :data:`TARIFF_HOLIDAY_DAYS`, Sundays included
        (``observed=False``: the package drops a holiday that falls on a
        Sunday, which still is a tariff holiday), and leaves out Good Friday
        and regional days. A day that already has a national row, even
        archived, is left alone, so running it twice creates nothing.
        Names are stored in English and in every active language the package
        speaks.

        :return: the created holidays
        """
        if not isinstance(year, int) or not FILL_YEAR_MIN <= year <= FILL_YEAR_MAX:
            raise UserError(
                self.env._(
                    "Tariff holidays can be filled for a year from %(first)s to "
                    "%(last)s, not %(year)s.",
                    first=FILL_YEAR_MIN,
                    last=FILL_YEAR_MAX,
                    year=year,
                )
            )
        names = self._holidays_package_names(year)
        existing = set(
            self.with_context(active_test=False)
            .search_fetch(
                [
                    ("date", ">=", datetime.date(year, 1, 1)),
                    ("date", "<=", datetime.date(year, 12, 31)),
                    ("zone", "=", False),
                ],
                ["date"],
            )
            .mapped("date")
        )
        english = names.pop("en_US")
        new_days = sorted(
            day
            for day in english
            if (day.month, day.day) in TARIFF_HOLIDAY_DAYS and day not in existing
        )
        created = self.with_context(lang="en_US").create(
            [{"date": day, "name": english[day]} for day in new_days]
        )
        for lang, by_day in names.items():
            for holiday in created.with_context(lang=lang):
                holiday.name = by_day[holiday.date]
        return created.with_env(self.env)

    @api.model
    def _holidays_package_names(self, year):
        """National holidays of Spain for the year as the ``holidays`` package
        lists them, ``{odoo_lang: {date: name}}``, for en_US and each active
        language the package translates."""
        supported = holidays_lib.Spain.supported_languages
        langs = {"en_US": "en_US"}
        for code, _name in self.env["res.lang"].get_installed():
            if code in supported:
                langs[code] = code
            elif code.split("_")[0] in supported:
                langs[code] = code.split("_")[0]
        return {
            code: dict(
                holidays_lib.Spain(years=year, observed=False, language=package_lang)
            )
            for code, package_lang in langs.items()
        }
