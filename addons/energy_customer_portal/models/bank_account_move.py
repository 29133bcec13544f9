# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# What the customer reads about the payment of an invoice, first match wins:
# paid, in payment (collected, the bank has not confirmed it yet), cancelled
# by a credit note, returned by the bank (the direct debit came back and the
# bill is due again), partially paid, not paid.
PORTAL_PAYMENT_STATUSES = (
    "paid",
    "in_payment",
    "reversed",
    "returned",
    "partial",
    "not_paid",
)


class AccountMove(models.Model):
    _inherit = "account.move"

    def _energy_portal_payment_statuses(self):
        """{invoice id: key of PORTAL_PAYMENT_STATUSES} of these invoices, with
        one query for their bank returns whatever their number. The caller
        has checked that the user may read the invoices."""
        returned = {
            move.id
            for (move,) in self.env["energy.billing.return"]
            .sudo()
            ._read_group(
                [("move_id", "in", self.ids), ("state", "=", "done")], ["move_id"]
            )
        }
        statuses = {}
        for move in self:
            payment = move.payment_state
            if payment == "paid" or (
                payment == "not_paid" and move.currency_id.is_zero(move.amount_residual)
            ):
                status = "paid"
            elif payment in ("in_payment", "reversed"):
                status = payment
            elif move.id in returned:
                status = "returned"
            elif payment == "partial":
                status = "partial"
            else:
                status = "not_paid"
            statuses[move.id] = status
        return statuses

    def _energy_portal_cups(self):
        """The CUPS the invoice bills: its supply point's, else its
        contract's (invoices posted outside a billing run)."""
        self.ensure_one()
        point = self.energy_supply_point_id or self.energy_contract_id.supply_point_id
        return point.cups or ""
