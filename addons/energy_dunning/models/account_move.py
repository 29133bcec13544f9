# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.model
    def _energy_sync_credit_policy(self, company, date):
        """Give every open, overdue invoice of a supply contract the policy of
        the contract's segment (the facts may have changed since the invoice
        was posted: a social bonus granted, a power change), and make the
        policies cover the receivable accounts of those invoices. Batched: one
        write per policy. Trusted server code of the run (sudo)."""
        self.flush_model(["credit_policy_id"])
        moves = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("energy_contract_id", "!=", False),
                ("invoice_date_due", "<=", date),
            ]
        )
        policies = self.env["credit.control.policy"]._energy_policies_by_segment(
            company
        )
        for segment, policy in policies.items():
            todo = moves.filtered(
                lambda move, segment=segment: move.energy_contract_id.dunning_segment
                == segment
            )
            stale = todo.filtered(
                lambda move, policy=policy: move.credit_policy_id != policy
            )
            if stale:
                # a plain stored many2one of OCA with nothing depending on it:
                # one UPDATE, not account.move's write, which resynchronises
                # every invoice's lines (most of the run's time at volume)
                self.env.cr.execute(
                    SQL(
                        "UPDATE account_move SET credit_policy_id = %s "
                        "WHERE id = ANY(%s)",
                        policy.id,
                        stale.ids,
                    )
                )
                stale.invalidate_recordset(["credit_policy_id"])
            accounts = self.env["account.account"].browse(
                account.id
                for (account,) in self.env["account.move.line"]
                .sudo()
                ._read_group(
                    [
                        ("move_id", "in", todo.ids),
                        ("account_id.account_type", "=", "asset_receivable"),
                    ],
                    ["account_id"],
                )
            )
            missing = accounts - policy.account_ids
            if missing:
                policy.write({"account_ids": [(4, account.id) for account in missing]})

    def _invoice_paid_hook(self):
        """Paying the whole debt of a contract stops its cut at once: a cut
        request still with the distributor is cancelled (B1 cancellation
        step), an executed cut is to be reconnected within 24 hours."""
        result = super()._invoice_paid_hook()
        contracts = self.filtered(
            lambda move: move.move_type == "out_invoice"
        ).energy_contract_id
        if contracts:
            contracts.sudo()._dunning_on_debt_paid()
        return result
