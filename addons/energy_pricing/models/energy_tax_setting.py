# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date


class EnergyTaxSetting(models.Model):
    """Nation-wide bill parameters of a company over a validity period: the
    electricity tax (Impuesto Especial sobre la Electricidad, Ley 38/1992 arts.
    89-104) and the regulated meter rental. The indirect tax of each electric
    zone (VAT, IGIC, IPSI) is in energy.indirect.tax."""

    _name = "energy.tax.setting"
    _description = "Electricity Tax and Meter Rental"
    _inherit = ["energy.validity.mixin"]
    _order = "company_id, date_from desc, id desc"
    _validity_scope_fields = ("company_id",)

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    electricity_tax_rate = fields.Float(
        string="Electricity Tax (%)",
        digits=(16, 8),
        required=True,
        help="Rate of the Impuesto Especial sobre la Electricidad (IEE) on its base: "
        "the power and energy terms (plus excesses, minus compensations), "
        "Ley 38/1992 art. 99.",
    )
    electricity_tax_min_industrial = fields.Float(
        string="Minimum, Industrial Uses (€/MWh)",
        digits=(16, 4),
        required=True,
        help="Least electricity tax per MWh consumed for industrial uses (high "
        "voltage, industrial plants, low-voltage irrigation): applied when the "
        "rate gives less.",
    )
    electricity_tax_min_other = fields.Float(
        string="Minimum, Other Uses (€/MWh)",
        digits=(16, 4),
        required=True,
        help="Least electricity tax per MWh consumed for every other use: applied "
        "when the rate gives less.",
    )
    meter_rental_single_phase = fields.Float(
        string="Single-Phase Meter Rental (€/month)",
        digits=(16, 4),
        required=True,
        help="Regulated rental of a single-phase smart meter owned by the "
        "distributor, charged pro rata per day.",
    )
    meter_rental_three_phase = fields.Float(
        string="Three-Phase Meter Rental (€/month)",
        digits=(16, 4),
        required=True,
        help="Regulated rental of a three-phase smart meter owned by the "
        "distributor, charged pro rata per day.",
    )
    source = fields.Char(
        translate=True,
        help="Regulation the values come from, or why they still need checking.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("date_from", "date_to", "electricity_tax_rate")
    def _compute_display_name(self):
        for setting in self:
            if not setting.date_from:
                setting.display_name = self.env._("New tax settings")
                continue
            setting.display_name = self.env._(
                "Electricity tax %(rate)s %%, %(validity)s",
                rate=setting.electricity_tax_rate,
                validity=setting._validity_label(),
            )

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains(
        "electricity_tax_rate",
        "electricity_tax_min_industrial",
        "electricity_tax_min_other",
        "meter_rental_single_phase",
        "meter_rental_three_phase",
    )
    def _check_values(self):
        for setting in self:
            if not 0 <= setting.electricity_tax_rate <= 100:
                raise ValidationError(
                    self.env._(
                        "The electricity tax rate must be between 0 and 100 %%, "
                        "not %(rate)s.",
                        rate=setting.electricity_tax_rate,
                    )
                )
            if (
                min(
                    setting.electricity_tax_min_industrial,
                    setting.electricity_tax_min_other,
                    setting.meter_rental_single_phase,
                    setting.meter_rental_three_phase,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(setting)s: minimums and meter rentals cannot be negative.",
                        setting=setting.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _get_tax_parameters(self, date, zone, company=None):
        """Tax parameters a bill or a comparison of `date` in electric `zone`
        must apply, from the settings of `company` (the current one by default)
        in force that day.

        :param zone: electric zone, as energy.supply.point.zone
        :return: dict with the rates in %, minimums in €/MWh, rentals in
            €/month, and the two records they come from
        :raise UserError: when no setting covers that day or zone
        """
        company = company or self.env.company
        date = fields.Date.to_date(date)
        domain = [("company_id", "=", company.id), *self._in_force_domain(date)]
        setting = self.search(domain, limit=1)
        if not setting:
            raise UserError(
                self.env._(
                    "No electricity tax settings of %(company)s are in force on "
                    "%(date)s. Add them in Energy > Configuration > Tax Settings.",
                    company=company.name,
                    date=format_date(self.env, date),
                )
            )
        indirect_tax = self.env["energy.indirect.tax"].search(
            [("zone", "=", zone), *domain], limit=1
        )
        if not indirect_tax:
            zones = dict(
                self.env["energy.indirect.tax"]
                ._fields["zone"]
                ._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "No indirect tax (VAT, IGIC or IPSI) of %(company)s is in force "
                    "in %(zone)s on %(date)s. Add it in Energy > Configuration > "
                    "Tax Settings.",
                    company=company.name,
                    zone=zones.get(zone, zone),
                    date=format_date(self.env, date),
                )
            )
        return {
            "electricity_tax_rate": setting.electricity_tax_rate,
            "electricity_tax_min_industrial": setting.electricity_tax_min_industrial,
            "electricity_tax_min_other": setting.electricity_tax_min_other,
            "meter_rental_single_phase": setting.meter_rental_single_phase,
            "meter_rental_three_phase": setting.meter_rental_three_phase,
            "indirect_tax_type": indirect_tax.tax_type,
            "indirect_tax_rate": indirect_tax.rate,
            "indirect_tax_domestic_rate": indirect_tax.domestic_rate,
            "indirect_tax_meter_rental_rate": indirect_tax.meter_rental_rate,
            "tax_setting": setting,
            "indirect_tax": indirect_tax,
        }
