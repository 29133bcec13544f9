# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from stdnum import iban as stdnum_iban

from odoo import fields, models


class EnergyContract(models.Model):
    _inherit = "energy.contract"

    energy_invoice_count = fields.Integer(
        string="Invoices", compute="_compute_energy_invoice_count"
    )

    def _compute_energy_invoice_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("energy_contract_id", "in", self.ids)],
                ["energy_contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.energy_invoice_count = counts.get(contract, 0)

    def action_view_energy_invoices(self):
        """The invoices and credit notes of this supply contract."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("energy_contract_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _energy_invoice_partner(self):
        self.ensure_one()
        return self.partner_invoice_id or self.partner_id

    def _energy_sepa_mandates(self):
        """{contract id: valid SEPA mandate} of the contracts paid by direct
        debit (an IBAN and a company with a direct debit mode): the mandate
        signed with the contract, created (bank account included) the first
        time it is needed. A few queries for the whole batch.

        Bank accounts and mandates are written as superuser: they only copy
        the IBAN and mandate the customer signed with the contract, whoever
        runs the billing."""
        contracts = self.filtered(
            lambda c: c.bank_iban and c.company_id.energy_direct_debit_mode_id
        )
        if not contracts:
            return {}
        Bank = self.env["res.partner.bank"].sudo()
        Mandate = self.env["account.banking.mandate"].sudo()
        keys = {
            contract.id: (
                contract._energy_invoice_partner().commercial_partner_id,
                stdnum_iban.compact(contract.bank_iban),
            )
            for contract in contracts
        }
        partners = self.env["res.partner"].union(*(key[0] for key in keys.values()))
        banks = {
            (bank.partner_id, bank.sanitized_acc_number): bank
            for bank in Bank.search([("partner_id", "in", partners.ids)])
        }
        mandates = {
            mandate.partner_bank_id: mandate
            for mandate in Mandate.search(
                [
                    ("partner_bank_id", "in", [b.id for b in banks.values()]),
                    ("state", "=", "valid"),
                ]
            )
        }
        result = {}
        for contract in contracts:
            partner, iban = keys[contract.id]
            bank = banks.get((partner, iban))
            if not bank:
                bank = banks[(partner, iban)] = Bank.create(
                    {"partner_id": partner.id, "acc_number": iban}
                )
            if bank not in mandates:
                mandates[bank] = contract.sudo()._energy_create_mandate(bank)
            result[contract.id] = mandates[bank].sudo(False)
        return result

    def _energy_create_mandate(self, bank):
        self.ensure_one()
        signed = self.sepa_mandate_date or (
            self.date_signed and self.date_signed.date()
        )
        today = fields.Date.context_today(self)
        mandate = self.env["account.banking.mandate"].create(
            {
                "partner_bank_id": bank.id,
                "company_id": self.company_id.id,
                "format": "sepa",
                "type": "recurrent",
                "recurrent_sequence_type": "first",
                "scheme": "CORE",
                "signature_date": min(signed or today, today),
                "unique_mandate_reference": self.sepa_mandate_ref or "/",
            }
        )
        mandate.validate()
        return mandate
