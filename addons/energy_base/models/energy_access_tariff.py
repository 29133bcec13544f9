# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergyAccessTariff(models.Model):
    """Access toll (peaje de acceso) of CNMC Circular 3/2020, in force since
    1 June 2021. Its rules drive the checks of contracted powers."""

    _name = "energy.access.tariff"
    _description = "Access Tariff"
    _order = "sequence, code"

    name = fields.Char(required=True, translate=False, help="e.g. 2.0TD")
    code = fields.Char(
        string="ATR Code",
        required=True,
        size=3,
        help="Code of the toll in the switching messages (CNMC table 17), e.g. 018.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    power_period_count = fields.Integer(string="Power Periods", required=True)
    energy_period_count = fields.Integer(string="Energy Periods", required=True)
    voltage_min_v = fields.Integer(
        string="Voltage From (V)", help="Lowest supply voltage of the toll (exclusive)."
    )
    voltage_max_v = fields.Integer(
        string="Voltage Up To (V)",
        help="Highest supply voltage of the toll (inclusive); empty when unbounded.",
    )
    max_power_kw = fields.Float(
        string="Maximum Power per Period (kW)",
        digits=(16, 3),
        help="No period may exceed this power (2.0TD: 15 kW). Zero means no limit.",
    )
    min_top_power_kw = fields.Float(
        string="Power Above (kW) in Some Period",
        digits=(16, 3),
        help="At least one period must exceed this power (3.0TD: 15 kW).",
    )
    ascending_powers = fields.Boolean(
        help="Contracted powers must satisfy P1 <= P2 <= ... <= P6 "
        "(distributors reject otherwise, CNMC rejection code 15).",
    )
    is_ev_charging = fields.Boolean(
        string="EV Charging Toll",
        help="Public-access electric vehicle charging (VE tolls).",
    )

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE (code)",
            "Two access tariffs cannot share an ATR code.",
        ),
        (
            "period_counts",
            "CHECK (power_period_count BETWEEN 1 AND 6 "
            "AND energy_period_count BETWEEN 1 AND 6)",
            "An access tariff has one to six power and energy periods.",
        ),
    ]

    def _power_errors(self, powers, voltage_v=0):
        """Reasons why these contracted powers (kW, P1..P6) break the toll's rules.

        :param powers: sequence of six floats (0 for a period not set)
        :return: list of translated messages, empty when the powers comply
        """
        self.ensure_one()
        errors = []
        count = self.power_period_count
        used, beyond = powers[:count], powers[count:]
        if any(p < 0 for p in powers):
            errors.append(self.env._("Contracted powers cannot be negative."))
        if any(beyond):
            errors.append(
                self.env._(
                    "%(tariff)s has %(count)s power periods: "
                    "P%(first)s to P6 must be empty.",
                    tariff=self.name,
                    count=count,
                    first=count + 1,
                )
            )
        if not all(used):
            errors.append(
                self.env._(
                    "%(tariff)s needs a contracted power in each of its "
                    "%(count)s periods.",
                    tariff=self.name,
                    count=count,
                )
            )
        if self.max_power_kw and any(p > self.max_power_kw for p in used):
            errors.append(
                self.env._(
                    "%(tariff)s allows at most %(max)s kW in every period.",
                    tariff=self.name,
                    max=self.max_power_kw,
                )
            )
        if self.min_top_power_kw and all(used) and max(used) <= self.min_top_power_kw:
            errors.append(
                self.env._(
                    "%(tariff)s needs more than %(min)s kW in at least one period.",
                    tariff=self.name,
                    min=self.min_top_power_kw,
                )
            )
        if (
            self.ascending_powers
            and all(used)
            and any(a > b for a, b in zip(used, used[1:], strict=False))
        ):
            errors.append(
                self.env._(
                    "%(tariff)s needs ascending powers: P1 <= P2 <= ... <= P%(count)s.",
                    tariff=self.name,
                    count=count,
                )
            )
        if voltage_v and (
            (self.voltage_min_v and voltage_v <= self.voltage_min_v)
            or (self.voltage_max_v and voltage_v > self.voltage_max_v)
        ):
            errors.append(
                self.env._(
                    "A supply at %(voltage)s V cannot take the %(tariff)s toll.",
                    voltage=voltage_v,
                    tariff=self.name,
                )
            )
        return errors
