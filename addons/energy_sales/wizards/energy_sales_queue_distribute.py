# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class EnergySalesQueueDistribute(models.TransientModel):
    """Share a campaign's unassigned leads among a team's agents, in turn
    (round-robin by lead age), with one write per agent."""

    _name = "energy.sales.queue.distribute"
    _description = "Distribute Campaign Leads"

    campaign_id = fields.Many2one("utm.campaign", required=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", required=True)
    user_ids = fields.Many2many(
        "res.users",
        string="Agents",
        compute="_compute_user_ids",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
    )
    only_callable = fields.Boolean(
        string="Only Leads That May Be Called",
        default=True,
        help="Leave out the leads without a recorded request or consent (RD "
        "88/2026): they would never reach the agents' queues.",
    )
    lead_count = fields.Integer(
        string="Leads to Distribute", compute="_compute_lead_count"
    )

    @api.depends("team_id")
    def _compute_user_ids(self):
        for wizard in self:
            wizard.user_ids = wizard.team_id.member_ids

    @api.depends("campaign_id", "only_callable")
    def _compute_lead_count(self):
        for wizard in self:
            wizard.lead_count = (
                self.env["crm.lead"].search_count(wizard._lead_domain())
                if wizard.campaign_id
                else 0
            )

    def _lead_domain(self):
        domain = [
            ("campaign_id", "=", self.campaign_id.id),
            ("user_id", "=", False),
            ("active", "=", True),
        ]
        if self.only_callable:
            domain.append(("can_call", "=", True))
        return domain

    def action_distribute(self):
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_salesman_all_leads"):
            raise AccessError(
                self.env._("Only the back-office can distribute a campaign's leads.")
            )
        agents = self.user_ids.sorted("id")
        if not agents:
            raise UserError(self.env._("Choose the agents who will call the leads."))
        leads = self.env["crm.lead"].search(self._lead_domain(), order="id")
        if not leads:
            raise UserError(
                self.env._(
                    "%(campaign)s has no unassigned lead to distribute.",
                    campaign=self.campaign_id.display_name,
                )
            )
        share = defaultdict(list)
        for index, lead_id in enumerate(leads.ids):
            share[agents[index % len(agents)]].append(lead_id)
        Lead = self.env["crm.lead"].with_context(mail_auto_subscribe_no_notify=True)
        for agent, lead_ids in share.items():
            Lead.browse(lead_ids).write(
                {"user_id": agent.id, "team_id": self.team_id.id}
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s leads shared among %(agents)s agents.",
                    count=len(leads),
                    agents=len(share),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
