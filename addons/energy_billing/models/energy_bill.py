# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_date

# Fields only the billing code writes: a bill is the evidence that a window
# was invoiced once, so nobody edits it by hand or over RPC.
BILL_GUARDED_FIELDS = {
    "contract_id",
    "supply_point_id",
    "partner_id",
    "company_id",
    "reading_id",
    "run_id",
    "date_start",
    "date_end",
    "move_id",
    "credit_move_id",
    "state",
}


class EnergyBill(models.Model):
    """The billing of one contract over one window: the reading it used, the
    customer invoice it posted and, when the reading was corrected, the credit
    note that cancelled it. A window of a contract is billed once: a unique
    index on the posted bills guarantees it whatever runs at the same time."""

    _name = "energy.bill"
    _description = "Electricity Bill"
    _inherit = ["energy.guard.mixin"]
    _order = "date_end desc, id desc"
    _rec_name = "move_id"

    contract_id = fields.Many2one(
        "energy.contract", required=True, index=True, ondelete="restrict"
    )
    supply_point_id = fields.Many2one("energy.supply.point", required=True, index=True)
    partner_id = fields.Many2one("res.partner", required=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    reading_id = fields.Many2one("energy.billing.reading", required=True, index=True)
    run_id = fields.Many2one("energy.billing.run", index="btree_not_null")
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="To", required=True, index=True)
    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, index=True, ondelete="restrict"
    )
    credit_move_id = fields.Many2one(
        "account.move", string="Credit Note", index="btree_not_null", readonly=True
    )
    state = fields.Selection(
        [("posted", "Billed"), ("credited", "Credited")],
        required=True,
        default="posted",
        index=True,
    )
    is_estimated = fields.Boolean(related="reading_id.is_estimated", string="Estimated")
    kwh_total = fields.Float(related="reading_id.kwh_total", string="kWh")
    amount_total = fields.Monetary(related="move_id.amount_total")
    currency_id = fields.Many2one(related="move_id.currency_id")
    payment_state = fields.Selection(related="move_id.payment_state")

    def init(self):
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS energy_bill_window_posted_unique
                ON energy_bill (contract_id, date_start, date_end)
             WHERE state = 'posted'
            """
        )

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | BILL_GUARDED_FIELDS

    # ------------------------------------------------------------------
    # Billing
    # ------------------------------------------------------------------

    @api.model
    def _bill_readings(self, pairs, run=None, invoice_date=None):
        """Bill each (contract, reading) pair: one posted invoice per pair.

        :return: (bills, issues) where issues is a list of (contract, reason
            code, message) for the pairs that could not be billed
        """
        engine = self.env["energy.bill.engine"]
        requests = [
            engine._request_from_contract(
                contract, reading.date_start, reading.date_end, reading._kwh()
            )
            for contract, reading in pairs
        ]
        results = engine._compute_bills(requests)
        issues, billable = [], []
        cache = {"taxes": {}, "journals": {}}
        for (contract, reading), result in zip(pairs, results, strict=True):
            if isinstance(result, str):
                issues.append((contract, "missing_price", result))
                continue
            missing_tax = self._missing_tax(contract.company_id, result, cache)
            if missing_tax:
                issues.append((contract, "missing_tax", missing_tax))
                continue
            billable.append((contract, reading, result))
        if not billable:
            return self.browse(), issues
        cache["mandates"] = (
            self.env["energy.contract"]
            .union(*(contract for contract, __, __ in billable))
            ._energy_sepa_mandates()
        )
        move_vals = [
            self._move_vals(contract, reading, result, cache, invoice_date)
            for contract, reading, result in billable
        ]
        moves = self.env["account.move"].create(move_vals)
        moves.action_post()
        bills = self._create_guarded(
            [
                {
                    "contract_id": contract.id,
                    "supply_point_id": contract.supply_point_id.id,
                    "partner_id": move.partner_id.id,
                    "company_id": move.company_id.id,
                    "reading_id": reading.id,
                    "run_id": run.id if run else False,
                    "date_start": reading.date_start,
                    "date_end": reading.date_end,
                    "move_id": move.id,
                }
                for (contract, reading, _result), move in zip(
                    billable, moves, strict=True
                )
            ]
        )
        bills._link_to_readings_and_moves()
        return bills, issues

    def _link_to_readings_and_moves(self):
        """Point each billed reading and invoice to its bill: two UPDATE
        statements for the whole batch (a write per record would cost a query
        per invoice at volume). Both fields are read-only and guarded."""
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """
                UPDATE energy_billing_reading r
                   SET bill_id = b.id
                  FROM energy_bill b
                 WHERE b.reading_id = r.id AND b.id IN %s
                """,
                tuple(self.ids),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move m
                   SET energy_bill_id = b.id
                  FROM energy_bill b
                 WHERE b.move_id = m.id AND b.id IN %s
                """,
                tuple(self.ids),
            )
        )
        self.env["energy.billing.reading"].invalidate_model(["bill_id"])
        self.env["account.move"].invalidate_model(["energy_bill_id"])

    def _sale_journal(self, company, cache):
        if company.id not in cache["journals"]:
            Journal = self.env["account.journal"]
            cache["journals"][company.id] = Journal.search(
                [*Journal._check_company_domain(company), ("type", "=", "sale")],
                limit=1,
            )
        return cache["journals"][company.id]

    def _move_vals(self, contract, reading, result, cache, invoice_date):
        company = contract.company_id
        journal = self._sale_journal(company, cache)
        taxes = cache["taxes"]
        lines = []
        for line in result["lines"]:
            key = (company.id, line["tax_type"], line["tax_rate"])
            if key not in taxes:
                taxes[key] = self._sale_tax(company, line["tax_type"], line["tax_rate"])
            lines.append(
                Command.create(
                    {
                        "name": self._line_label(line),
                        "energy_line_kind": line["kind"],
                        "quantity": 1,
                        "price_unit": float(line["amount"]),
                        "account_id": journal.default_account_id.id,
                        "tax_ids": [Command.set(taxes[key].ids)],
                    }
                )
            )
        partner = contract._energy_invoice_partner()
        mandate = cache["mandates"].get(contract.id)
        direct_debit = {}
        if mandate:
            direct_debit = {
                "payment_mode_id": company.energy_direct_debit_mode_id.id,
                "mandate_id": mandate.id,
            }
        return {
            **direct_debit,
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": company.id,
            "journal_id": journal.id,
            "invoice_date": invoice_date or fields.Date.context_today(self),
            "invoice_payment_term_id": cache.setdefault(
                "payment_term",
                self.env.ref(
                    "energy_billing.payment_term_electricity_20_days",
                    raise_if_not_found=False,
                ),
            ).id,
            "energy_contract_id": contract.id,
            "energy_supply_point_id": contract.supply_point_id.id,
            "energy_date_start": reading.date_start,
            "energy_date_end": reading.date_end,
            "invoice_line_ids": lines,
        }

    def _line_label(self, line):
        kind = line["kind"]
        values = {
            "period": line["period"],
            "quantity": line["quantity"],
            "days": line["days"],
            "price": line["unit_price"],
        }
        if kind == "power":
            label = self.env._(
                "Power P%(period)s: %(quantity)s kW × %(days)s days × "
                "%(price)s €/kW·day",
                **values,
            )
        elif kind == "energy":
            label = self.env._(
                "Energy P%(period)s: %(quantity)s kWh × %(price)s €/kWh", **values
            )
        elif kind == "fee":
            label = self.env._(
                "Service fee: %(days)s days at %(price)s €/month", **values
            )
        elif kind == "rental":
            label = self.env._(
                "Meter rental: %(days)s days at %(price)s €/month", **values
            )
        elif line.get("is_minimum"):
            label = self.env._(
                "Electricity tax: legal minimum on %(kwh)s kWh", kwh=line["kwh"]
            )
        else:
            label = self.env._(
                "Electricity tax: %(price)s %% of %(quantity)s €", **values
            )
        return self.env._(
            "%(label)s (%(start)s – %(end)s)",
            label=label,
            start=format_date(self.env, line["date_from"]),
            end=format_date(self.env, line["date_to"]),
        )

    def _missing_tax(self, company, result, cache):
        """The message saying which sale tax of the bill `company`'s chart of
        accounts lacks, or False. Taxes are found once per company and rate."""
        for line in result["lines"]:
            key = (company.id, line["tax_type"], line["tax_rate"])
            if key not in cache["taxes"]:
                cache["taxes"][key] = self._sale_tax(
                    company, line["tax_type"], line["tax_rate"]
                )
            if not cache["taxes"][key]:
                labels = dict(
                    self.env["energy.indirect.tax"]
                    ._fields["tax_type"]
                    ._description_selection(self.env)
                )
                rate = "{:g}".format(line["tax_rate"])
                return self.env._(
                    "%(company)s has no sale tax %(tax)s %(rate)s %% in its chart of "
                    "accounts: add it in Invoicing > Configuration > Taxes.",
                    company=company.name,
                    tax=labels[line["tax_type"]],
                    rate=rate,
                )
        return False

    @api.model
    def _sale_tax(self, company, tax_type, rate):
        """The sale tax of `company` at `rate` % of the kind `tax_type`, not
        included in the price: the company's default sale tax when it fits,
        else a tax at that rate whose name or tax group says VAT (IVA), IGIC
        or IPSI. An empty recordset when the chart has none."""
        Tax = self.env["account.tax"]
        candidates = Tax.search(
            [
                *Tax._check_company_domain(company),
                ("type_tax_use", "=", "sale"),
                ("amount_type", "=", "percent"),
                ("amount", "=", float(rate)),
                ("price_include_override", "!=", "tax_included"),
            ],
            order="sequence, id",
        )
        default = company.account_sale_tax_id
        if tax_type == "vat" and default in candidates:
            return default
        words = {"vat": ("VAT", "IVA"), "igic": ("IGIC",), "ipsi": ("IPSI",)}[tax_type]
        found = candidates.filtered(
            lambda tax: any(
                word in f"{tax.name} {tax.tax_group_id.name}".upper() for word in words
            )
        )
        # the kind of the default tax (l10n_es: "21% G", goods) at the new rate
        kind = (default.name or "").partition("%")[2]
        return (
            found.filtered(lambda tax: tax.name.partition("%")[2] == kind)[:1]
            or found[:1]
        )

    # ------------------------------------------------------------------
    # Corrections
    # ------------------------------------------------------------------

    def _credit_and_rebill(self):
        """Credit the invoices of these bills and bill their windows again
        with the readings that corrected them."""
        by_paid = defaultdict(lambda: self.browse())
        for bill in self:
            by_paid[bill.move_id.payment_state == "not_paid"] |= bill
        for cancel, bills in by_paid.items():
            credits = bills.move_id._reverse_moves(
                [
                    {
                        "ref": self.env._(
                            "Corrected reading of %(invoice)s",
                            invoice=bill.move_id.name,
                        ),
                        "invoice_date": fields.Date.context_today(self),
                    }
                    for bill in bills
                ],
                cancel=cancel,
            )
            if not cancel:
                credits.action_post()
            for bill, credit in zip(bills, credits, strict=True):
                bill._write_guarded({"state": "credited", "credit_move_id": credit.id})
        # the unique index of posted windows is checked by the INSERT below
        self.flush_recordset(["state"])
        pairs = []
        for bill in self:
            reading = bill.reading_id.superseded_by_id
            while reading.superseded_by_id:
                reading = reading.superseded_by_id
            if reading and not reading.bill_id:
                pairs.append((bill.contract_id, reading))
        return self._bill_readings(pairs)
