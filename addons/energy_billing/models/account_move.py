# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    energy_contract_id = fields.Many2one(
        "energy.contract",
        string="Supply Contract",
        index="btree_not_null",
        readonly=True,
    )
    energy_supply_point_id = fields.Many2one(
        "energy.supply.point",
        string="Supply Point",
        index="btree_not_null",
        readonly=True,
    )
    energy_cups = fields.Char(related="energy_supply_point_id.cups", string="CUPS")
    energy_date_start = fields.Date(string="Billed From", readonly=True)
    energy_date_end = fields.Date(string="Billed To", readonly=True)
    energy_bill_id = fields.Many2one(
        "energy.bill", string="Electricity Bill", readonly=True, index="btree_not_null"
    )

    def _write_energy_bill(self, bills):
        """Link each invoice to its bill (one write per invoice, no recompute)."""
        for bill in bills:
            bill.move_id.energy_bill_id = bill
