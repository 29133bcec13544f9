# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class EnergyCommissionSettleWizard(models.TransientModel):
    """Settle a month now, for some channels or all active ones."""

    _name = "energy.commission.settle.wizard"
    _description = "Settle Commissions"

    @api.model
    def _default_date_to(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(days=1)

    date_to = fields.Date(
        string="Month Ending",
        required=True,
        default=lambda self: self._default_date_to(),
    )
    channel_ids = fields.Many2many(
        "res.partner",
        string="Channels",
        domain=[("is_energy_channel", "=", True)],
        help="All active channels with a plan when empty.",
    )

    def action_settle(self):
        self.ensure_one()
        if not self.env.user.has_group("energy_base.group_energy_backoffice"):
            raise UserError(self.env._("Only the back-office settles commissions."))
        date_to = self.date_to.replace(day=1) + relativedelta(months=1, days=-1)
        channels = self.channel_ids or self.env["res.partner"].search(
            [
                ("is_energy_channel", "=", True),
                ("energy_channel_state", "=", "active"),
                ("energy_commission_plan_id", "!=", False),
            ]
        )
        self.env["energy.commission.line"]._cron_earn()
        settlements = self.env["energy.commission.settlement"]._settle(
            channels, date_to
        )
        if not settlements:
            raise UserError(
                self.env._(
                    "Nothing to settle up to %(date)s: no channel has earned lines "
                    "reaching its minimum payout.",
                    date=date_to,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.commission.settlement",
            "name": self.env._("Settlements"),
            "view_mode": "list,form",
            "domain": [("id", "in", settlements.ids)],
        }
