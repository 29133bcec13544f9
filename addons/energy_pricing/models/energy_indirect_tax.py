# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.energy_base.models.energy_supply_point import ZONES

# The indirect tax each electric zone pays (Ley 37/1992 art. 3 leaves the Canary
# Islands, Ceuta and Melilla outside VAT).
TAX_TYPE_BY_ZONE = {
    "peninsula": "vat",
    "balearic": "vat",
    "canary": "igic",
    "ceuta": "ipsi",
    "melilla": "ipsi",
}


class EnergyIndirectTax(models.Model):
    """Indirect tax on the bill of an electric zone over a validity period:
    VAT on the peninsula and the Balearic Islands, IGIC in the Canary Islands,
    IPSI in Ceuta and Melilla."""

    _name = "energy.indirect.tax"
    _description = "Indirect Tax per Electric Zone"
    _inherit = ["energy.validity.mixin"]
    _order = "company_id, zone, date_from desc, id desc"
    _validity_scope_fields = ("company_id", "zone")

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    zone = fields.Selection(
        ZONES,
        string="Electric Zone",
        required=True,
        index=True,
        help="Zone of the supply point, derived from its province.",
    )
    tax_type = fields.Selection(
        [("vat", "VAT"), ("igic", "IGIC"), ("ipsi", "IPSI")],
        string="Tax",
        required=True,
        compute="_compute_tax_type",
        store=True,
        readonly=False,
        precompute=True,
        help="VAT (IVA) on the peninsula and the Balearic Islands; IGIC (Impuesto "
        "General Indirecto Canario) in the Canary Islands; IPSI (Impuesto sobre la "
        "Producción, los Servicios y la Importación) in Ceuta and Melilla.",
    )
    rate = fields.Float(
        string="Rate (%)",
        digits=(16, 4),
        required=True,
        help="Rate on the electricity supply (power, energy, electricity tax) of "
        "business supplies, and of every supply when no other rate applies.",
    )
    domestic_rate = fields.Float(
        string="Domestic Rate (%)",
        digits=(16, 4),
        required=True,
        help="Rate on the electricity supply of homes (supply use marked "
        "domestic). Same as the rate unless the zone taxes homes differently.",
    )
    meter_rental_rate = fields.Float(
        string="Meter Rental Rate (%)",
        digits=(16, 4),
        required=True,
        help="Rate on the meter rental and other services.",
    )
    source = fields.Char(
        translate=True,
        help="Regulation the rates come from, or why they still need checking.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("zone")
    def _compute_tax_type(self):
        for tax in self:
            tax.tax_type = TAX_TYPE_BY_ZONE.get(tax.zone, tax.tax_type or "vat")

    @api.depends("tax_type", "zone", "date_from", "date_to")
    def _compute_display_name(self):
        taxes = dict(self._fields["tax_type"]._description_selection(self.env))
        zones = dict(self._fields["zone"]._description_selection(self.env))
        for tax in self:
            if not (tax.zone and tax.date_from):
                tax.display_name = taxes.get(tax.tax_type, "")
                continue
            tax.display_name = self.env._(
                "%(tax)s %(zone)s, %(validity)s",
                tax=taxes.get(tax.tax_type, ""),
                zone=zones[tax.zone],
                validity=tax._validity_label(),
            )

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains("rate", "domestic_rate", "meter_rental_rate")
    def _check_rates(self):
        for tax in self:
            rates = (tax.rate, tax.domestic_rate, tax.meter_rental_rate)
            if not all(0 <= rate <= 100 for rate in rates):
                raise ValidationError(
                    self.env._(
                        "%(tax)s: rates must be between 0 and 100 %%.",
                        tax=tax.display_name,
                    )
                )
