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
        policies cover the receivable accounts of those invoices. In a fixed
        number of queries. Trusted server code of the run."""
        self.env["energy.contract"].flush_model(["dunning_segment"])
        self.flush_model(["credit_policy_id"])
        moves = self.sudo()._search(
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
        if not policies:
            return
        segment_policy = SQL(
            "CASE contract.dunning_segment %s END",
            SQL(" ").join(
                SQL("WHEN %s THEN %s", segment, policy.id)
                for segment, policy in policies.items()
            ),
        )
        # Set-based, whatever the number of invoices: a plain stored many2one
        # of OCA with nothing depending on it, so one UPDATE rather than
        # account.move's write (which resynchronises every invoice's lines)
        # or a loop over the invoices' records.
        self.env.cr.execute(
            SQL(
                "UPDATE account_move move SET credit_policy_id = %(policy)s "
                "FROM energy_contract contract "
                "WHERE contract.id = move.energy_contract_id "
                "AND move.id IN %(moves)s "
                "AND contract.dunning_segment IN %(segments)s "
                "AND move.credit_policy_id IS DISTINCT FROM %(policy)s "
                "RETURNING move.id",
                policy=segment_policy,
                moves=moves.subselect(),
                segments=tuple(policies),
            )
        )
        stale = self.browse(row[0] for row in self.env.cr.fetchall())
        stale.invalidate_recordset(["credit_policy_id"])
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT contract.dunning_segment, line.account_id "
                "FROM account_move_line line "
                "JOIN account_move move ON move.id = line.move_id "
                "JOIN energy_contract contract "
                "ON contract.id = move.energy_contract_id "
                "JOIN account_account account ON account.id = line.account_id "
                "WHERE move.id IN %s AND account.account_type = 'asset_receivable' "
                "AND contract.dunning_segment IN %s",
                moves.subselect(),
                tuple(policies),
            )
        )
        accounts = {}
        for segment, account_id in self.env.cr.fetchall():
            accounts.setdefault(segment, set()).add(account_id)
        for segment, policy in policies.items():
            missing = accounts.get(segment, set()) - set(policy.account_ids.ids)
            if missing:
                policy.write({"account_ids": [(4, account) for account in missing]})

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
