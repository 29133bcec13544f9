# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    energy_direct_debit_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Electricity Bills Direct Debit",
        domain="[('payment_type', '=', 'inbound'), ('company_id', '=', id)]",
        help="SEPA direct debit payment mode of the electricity bills of "
        "contracts with an IBAN: their invoices carry it and the customer's "
        "mandate, ready for a debit order (remittance file).",
    )
