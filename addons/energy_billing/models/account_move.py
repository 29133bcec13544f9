# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .account_move_line import LINE_KINDS


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
    energy_return_ids = fields.One2many(
        "energy.billing.return", "move_id", string="Bank Returns", readonly=True
    )
    energy_return_count = fields.Integer(
        string="Returns", compute="_compute_energy_return_count"
    )

    @api.depends("energy_return_ids.state")
    def _compute_energy_return_count(self):
        for move in self:
            move.energy_return_count = len(
                move.energy_return_ids.filtered(lambda r: r.state == "done")
            )

    def action_energy_register_return(self):
        """Open a bank return of this invoice's direct debit."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Bank Return"),
            "res_model": "energy.billing.return",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }

    def _get_name_invoice_report(self):
        """Invoices of a supply contract print as a Spanish electricity bill."""
        if self.energy_bill_id:
            return "energy_billing.report_energy_bill_document"
        return super()._get_name_invoice_report()

    def _energy_bill_summary(self):
        """What the electricity bill prints besides the invoice lines: days,
        contracted powers, kWh per period, taxes and where the money goes."""
        self.ensure_one()
        contract = self.energy_contract_id
        tariff = contract.access_tariff_id
        reading = self.energy_bill_id.reading_id
        days = 0
        if self.energy_date_start and self.energy_date_end:
            days = (self.energy_date_end - self.energy_date_start).days + 1
        taxes = [
            {
                "name": line.tax_line_id.name,
                "base": abs(line.tax_base_amount),
                "amount": abs(line.amount_currency),
            }
            for line in self.line_ids
            if line.tax_line_id
        ]
        return {
            "days": days,
            "powers": [
                (period, contract[f"power_p{period}_kw"])
                for period in range(1, (tariff.power_period_count or 0) + 1)
            ],
            "kwh": [
                (period, reading[f"kwh_p{period}"])
                for period in range(1, (tariff.energy_period_count or 0) + 1)
            ],
            "taxes": taxes,
            "destination": self._energy_bill_destination(taxes),
            "iban": self._energy_masked_iban(),
        }

    def _energy_bill_destination(self, taxes):
        kinds = dict(LINE_KINDS)
        amounts = {}
        for line in self.invoice_line_ids:
            kind = line.energy_line_kind or "fee"
            if kind == "energy":
                kind = "power"  # supply: power and energy terms together
            amounts[kind] = amounts.get(kind, 0.0) + abs(line.price_subtotal)
        labels = {
            "power": self.env._(
                "Supply: networks, system charges, energy and margin (power and "
                "energy terms)"
            ),
            "electricity_tax": self.env._("Electricity tax (public administrations)"),
            "rental": self.env._("Meter rental (distributor)"),
            "fee": kinds["fee"],
        }
        shares = [
            {"label": labels[kind], "amount": amount}
            for kind, amount in amounts.items()
            if amount
        ]
        tax_total = sum(tax["amount"] for tax in taxes)
        if tax_total:
            shares.append(
                {
                    "label": self.env._("VAT / IGIC / IPSI (public administrations)"),
                    "amount": tax_total,
                }
            )
        total = sum(share["amount"] for share in shares) or 1.0
        for share in shares:
            share["percent"] = round(100.0 * share["amount"] / total, 1)
        return shares

    def _energy_masked_iban(self):
        """The IBAN the bill is debited from, all but its country, check
        digits and last four digits hidden."""
        iban = ""
        if "mandate_id" in self._fields and self.mandate_id:
            iban = self.mandate_id.partner_bank_id.acc_number or ""
        iban = (iban or self.energy_contract_id.bank_iban or "").replace(" ", "")
        if len(iban) < 8:
            return ""
        return f"{iban[:4]} **** **** **** **** {iban[-4:]}"
