# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from stdnum import iban as stdnum_iban
from stdnum.es import nif as stdnum_nif
from stdnum.eu import at_02 as stdnum_at_02

from odoo import Command, fields, models


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

    def _energy_round_taxes_globally(self):
        """VAT of a Spanish electricity bill is the rate on the sum of its
        lines: Spanish companies (by country or chart) round taxes globally."""
        spanish = self.filtered(
            lambda company: company.country_id.code == "ES"
            or (company.chart_template or "").startswith("es_")
        )
        spanish.tax_calculation_rounding_method = "round_globally"

    def _energy_configure_direct_debit(self, iban):
        """Set this company up to collect electricity bills by SEPA direct
        debit into the bank account `iban`: its SEPA creditor identifier
        (from its NIF), the bank account and journal, and the payment mode.
        Returns the payment mode. For the first set-up and the demo."""
        self.ensure_one()
        ics = self.sepa_creditor_identifier or ""
        if not ics.startswith("ES") and self.vat:
            nif = stdnum_nif.compact(self.vat)
            # AT-02 identifier: country, check digits, business code ZZZ, NIF
            base = f"ES00ZZZ{nif}"
            check = stdnum_at_02.calc_check_digits(base)
            self.sepa_creditor_identifier = f"ES{check}ZZZ{nif}"
        iban = stdnum_iban.compact(iban)
        bank = self.env["res.partner.bank"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("sanitized_acc_number", "=", iban),
            ],
            limit=1,
        ) or self.env["res.partner.bank"].create(
            {
                "partner_id": self.partner_id.id,
                "acc_number": iban,
                "company_id": self.id,
            }
        )
        Journal = self.env["account.journal"]
        journal = Journal.search(
            [("bank_account_id", "=", bank.id), ("company_id", "=", self.id)], limit=1
        ) or Journal.create(
            {
                "name": self.env._("Electricity direct debits"),
                "type": "bank",
                "code": "SDD",
                "company_id": self.id,
                "bank_account_id": bank.id,
            }
        )
        method = self.env.ref("account_banking_sepa_direct_debit.sepa_direct_debit")
        if method not in journal.inbound_payment_method_line_ids.payment_method_id:
            journal.inbound_payment_method_line_ids = [
                Command.create({"payment_method_id": method.id})
            ]
        mode = self.env["account.payment.mode"].create(
            {
                "name": self.env._("SEPA direct debit of electricity bills"),
                "company_id": self.id,
                "payment_method_id": method.id,
                "bank_account_link": "fixed",
                "fixed_journal_id": journal.id,
            }
        )
        self.energy_direct_debit_mode_id = mode
        return mode
