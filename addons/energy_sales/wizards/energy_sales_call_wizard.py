# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.crm_phonecall import OUTCOMES


class EnergySalesCallWizard(models.TransientModel):
    """Log a call made from a lead, with its outcome. The call record goes
    through crm.phonecall, so its consent check applies."""

    _name = "energy.sales.call.wizard"
    _description = "Log a Sales Call"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    can_call = fields.Boolean(related="lead_id.can_call")
    direction = fields.Selection(
        [("out", "Outbound"), ("in", "Inbound")], required=True, default="out"
    )
    outcome = fields.Selection(OUTCOMES, required=True)
    date_call_back = fields.Datetime(string="Call Back At")
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Reason")
    duration = fields.Float(string="Duration (min)")
    description = fields.Text(string="Notes")

    def action_confirm(self):
        self.ensure_one()
        lead = self.lead_id
        self.env["crm.phonecall"].create(
            {
                "name": self.env._("Call: %(lead)s", lead=lead.name),
                "opportunity_id": lead.id,
                "partner_id": lead.partner_id.id,
                "partner_phone": lead.phone,
                "direction": self.direction,
                "state": "done",
                "outcome": self.outcome,
                "date_call_back": self.date_call_back,
                "lost_reason_id": self.lost_reason_id.id,
                "duration": self.duration,
                "description": self.description,
                "team_id": lead.team_id.id,
                "company_id": lead.company_id.id,
            }
        )
        return {"type": "ir.actions.act_window_close"}
