# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergyContract(models.Model):
    """The contract request remembers the lead and offer it came from, and
    carries the lead's UTM source, medium and campaign so that marketing can
    measure conversion."""

    _name = "energy.contract"
    _inherit = ["energy.contract", "utm.mixin"]

    source_id = fields.Many2one(string="Marketing Source")
    lead_id = fields.Many2one(
        "crm.lead",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    offer_id = fields.Many2one(
        "energy.sales.offer",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
