# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CreditControlRun(models.Model):
    """A run first gives each overdue invoice of a supply contract the policy
    of the contract's segment, then lets OCA build the lines; its channel
    action logs every notice in the contracts' history and sends the cut
    requests the law allows."""

    _inherit = "credit.control.run"

    def _generate_credit_lines(self):
        self.env["account.move"]._energy_sync_credit_policy(self.company_id, self.date)
        return super()._generate_credit_lines()

    def run_channel_action(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.state == "to_be_sent")
        cut_lines = lines.filtered(lambda line: line.channel == "energy_cut")
        notices = lines - cut_lines
        notices._energy_log(
            "issued",
            lambda line: self.env._(
                "%(notice)s of invoice %(invoice)s issued by %(channel)s "
                "(amount due %(amount).2f).",
                notice=line.policy_level_id.name,
                invoice=line.invoice_id.name,
                channel=dict(
                    line._fields["channel"]._description_selection(self.env)
                ).get(line.channel),
                amount=line.balance_due,
            ),
        )
        if cut_lines:
            cut_lines._energy_request_cuts(self.date)
        result = super().run_channel_action()
        if callable(result):
            # OCA 18.0 returns the printer wizard's bound `print_lines` instead
            # of calling it: call it, so that letters print and are marked sent
            result = result()
        return result
