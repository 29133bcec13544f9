# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergyBillingRunIssue(models.Model):
    """A contract a billing run could not bill, and why."""

    _name = "energy.billing.run.issue"
    _description = "Contract Not Billed"
    _order = "run_id, id"

    run_id = fields.Many2one(
        "energy.billing.run", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    contract_id = fields.Many2one("energy.contract", required=True, index=True)
    cups = fields.Char(related="contract_id.cups")
    reason = fields.Selection(
        [
            ("missing_reading", "Missing reading"),
            ("missing_price", "Missing price or tax"),
            ("missing_tax", "Missing sale tax"),
        ],
        required=True,
    )
    message = fields.Char(required=True)
