# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class CrmPhonecall(models.Model):
    """A logged call settles the lead's place in the call queue: the call-back
    activities it answers are marked done and the lead is no longer held by
    the agent who took it."""

    _inherit = "crm.phonecall"

    @api.model_create_multi
    def create(self, vals_list):
        lead_ids = {
            vals["opportunity_id"] for vals in vals_list if vals.get("opportunity_id")
        }
        leads = self.env["crm.lead"].sudo().browse(lead_ids)
        call_type = self.env.ref("mail.mail_activity_data_call")
        # Read before the calls are made: a call-back outcome schedules a new
        # call activity, which must stay open.
        answered = leads.activity_ids.filtered(
            lambda activity: activity.activity_type_id == call_type
        )
        calls = super().create(vals_list)
        if answered:
            answered.action_feedback(feedback=self.env._("Called."))
        leads.filtered("queue_taken_by_id").write(
            {"queue_taken_by_id": False, "queue_taken_at": False}
        )
        return calls
