# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.credit_control_line import SERVICE_METHODS


class EnergyDunningServe(models.TransientModel):
    """Record how a formal notice was served: the means, the proof and the
    served date, from which the legal period runs."""

    _name = "energy.dunning.serve"
    _description = "Record the Service of a Formal Notice"

    line_id = fields.Many2one("credit.control.line", required=True, readonly=True)
    method = fields.Selection(SERVICE_METHODS, string="Served By", required=True)
    proof_ref = fields.Char(string="Proof of Service", required=True)
    date_served = fields.Date(string="Served On", required=True)
    proof_file = fields.Binary(string="Proof Document")
    proof_filename = fields.Char()

    def action_confirm(self):
        self.ensure_one()
        self.line_id.check_access("write")
        attachment = None
        if self.proof_file:
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.proof_filename or self.proof_ref,
                    "datas": self.proof_file,
                    "res_model": "credit.control.line",
                    "res_id": self.line_id.id,
                }
            )
        self.line_id._energy_record_service(
            self.method, self.proof_ref, self.date_served, attachment
        )
        return {"type": "ir.actions.act_window_close"}
