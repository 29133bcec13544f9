# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# SEPA reason codes of a returned direct debit (ISO 20022 ExternalReturnReason).
RETURN_REASONS = [
    ("AC01", "AC01 Incorrect account number"),
    ("AC04", "AC04 Closed account"),
    ("AC06", "AC06 Blocked account"),
    ("AG01", "AG01 Direct debit forbidden on this account"),
    ("AM04", "AM04 Insufficient funds"),
    ("MD01", "MD01 No valid mandate"),
    ("MD06", "MD06 Refund requested by the customer"),
    ("MS02", "MS02 Refused by the customer"),
    ("MS03", "MS03 Reason not specified by the bank"),
    ("SL01", "SL01 Specific service of the customer's bank"),
]
# Reasons after which the mandate cannot be used again.
MANDATE_ENDING_REASONS = ("AC01", "AC04", "AG01", "MD01")


class EnergyBillingReturn(models.Model):
    """A direct debit of an electricity bill returned by the bank, with its
    SEPA reason. Confirming it reverses the collection, so that the bill is
    due again and collections (dunning) take it over; reasons that make the
    mandate unusable cancel it."""

    _name = "energy.billing.return"
    _description = "Returned Direct Debit"
    _inherit = ["mail.thread", "energy.guard.mixin"]
    _order = "date desc, id desc"
    _rec_name = "move_id"

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    partner_id = fields.Many2one(related="move_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Selection(RETURN_REASONS, required=True, tracking=True)
    note = fields.Char()
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Recorded")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
    )
    payment_ids = fields.Many2many(
        "account.payment", string="Returned Payments", readonly=True, copy=False
    )
    reversal_move_ids = fields.Many2many(
        "account.move",
        "energy_billing_return_reversal_rel",
        "return_id",
        "move_id",
        string="Reversals",
        readonly=True,
        copy=False,
    )
    amount = fields.Monetary(readonly=True)
    currency_id = fields.Many2one(related="move_id.currency_id")

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {
            "state",
            "payment_ids",
            "reversal_move_ids",
            "amount",
        }

    def write(self, vals):
        if self.filtered(lambda r: r.state == "done") and set(vals) & {
            "move_id",
            "date",
            "reason",
        }:
            raise UserError(self.env._("A recorded bank return cannot be changed."))
        return super().write(vals)

    def action_confirm(self):
        """Reverse the collections of the invoice (the bank took the money
        back) and record why."""
        for record in self:
            if record.state != "draft":
                raise UserError(self.env._("This bank return is already recorded."))
            payments = record.move_id._get_reconciled_payments()
            if not payments:
                raise UserError(
                    self.env._(
                        "%(invoice)s has no collected payment to return.",
                        invoice=record.move_id.name,
                    )
                )
            reversals = record._reverse_payments(payments)
            record._write_guarded(
                {
                    "state": "done",
                    "payment_ids": [fields.Command.set(payments.ids)],
                    "reversal_move_ids": [fields.Command.set(reversals.ids)],
                    "amount": sum(payments.mapped("amount")),
                }
            )
            record._after_return()
        return True

    def _reverse_payments(self, payments):
        """Undo the reconciliation of `payments` with the invoice and reverse
        their journal entries on the return date (payments without an entry
        are cancelled). Returns the reversal entries."""
        self.ensure_one()
        moves = payments.move_id
        receivable = moves.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        receivable.remove_move_reconcile()
        reversals = self.env["account.move"]
        if moves:
            reversals = moves._reverse_moves(
                [
                    {
                        "date": self.date,
                        "ref": self.env._(
                            "Direct debit of %(invoice)s returned: %(reason)s",
                            invoice=self.move_id.name,
                            reason=self.reason,
                        ),
                    }
                    for __ in moves
                ],
                cancel=True,
            )
        without_entry = payments.filtered(lambda payment: not payment.move_id)
        if without_entry:
            without_entry.action_draft()
            without_entry.action_cancel()
        return reversals

    def _after_return(self):
        """Tell the invoice's followers, end a mandate the bank says is
        unusable. Hook for collections."""
        self.ensure_one()
        labels = dict(RETURN_REASONS)
        self.move_id.message_post(
            body=self.env._(
                "Direct debit returned by the bank on %(date)s: %(reason)s.",
                date=fields.Date.to_string(self.date),
                reason=labels[self.reason],
            )
        )
        mandate = self.move_id.mandate_id
        if self.reason in MANDATE_ENDING_REASONS and mandate.state == "valid":
            mandate.cancel()
