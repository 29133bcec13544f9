# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergyTariffHolidayFill(models.TransientModel):
    """Adds a year's national tariff holidays from the holidays package."""

    _name = "energy.tariff.holiday.fill"
    _description = "Fill Tariff Holidays of a Year"

    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year + 1,
    )

    def action_fill(self):
        self.ensure_one()
        created = self.env["energy.tariff.holiday"]._fill_from_holidays_package(
            self.year
        )
        if created:
            message = self.env._(
                "%(count)s tariff holidays added for %(year)s.",
                count=len(created),
                year=self.year,
            )
        else:
            message = self.env._(
                "The tariff holidays of %(year)s were already there: nothing added.",
                year=self.year,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if created else "info",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
