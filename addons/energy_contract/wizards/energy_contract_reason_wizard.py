# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class EnergyContractReasonWizard(models.TransientModel):
    """Asks for the reason of a rejection, cancellation, termination or
    incident before moving the selected requests."""

    _name = "energy.contract.reason.wizard"
    _description = "Reason of a Request Decision"

    action = fields.Selection(
        [
            ("reject", "Reject"),
            ("cancel", "Cancel"),
            ("terminate", "Terminate"),
            ("incident", "Incident"),
            ("hand_over", "Hand over"),
        ],
        required=True,
        default="cancel",
    )
    contract_ids = fields.Many2many(
        "energy.contract",
        default=lambda self: self.env.context.get("active_ids"),
        required=True,
    )
    reason = fields.Text(required=True)
    reject_reason_code = fields.Char(string="Rejection Code")
    termination_reason = fields.Selection(
        lambda self: self.env["energy.contract"]
        ._fields["termination_reason"]
        .selection,
        default="customer_request",
    )
    date = fields.Date(default=fields.Date.context_today)
    blocking_party = fields.Selection(
        lambda self: self.env["energy.contract"]._fields["blocking_party"].selection,
        string="Ball With",
        help="Who must act now for the request to move on.",
    )

    def action_confirm(self):
        self.ensure_one()
        contracts = self.contract_ids
        if self.action == "reject":
            contracts.action_reject(self.reason, code=self.reject_reason_code)
        elif self.action == "cancel":
            contracts.action_cancel(self.reason)
        elif self.action == "terminate":
            contracts.action_terminate(
                self.reason, termination_reason=self.termination_reason, date=self.date
            )
        elif self.action == "hand_over":
            if not self.blocking_party:
                raise UserError(self.env._("Choose who must act now."))
            contracts.action_set_blocking_party(self.blocking_party, self.reason)
        else:
            contracts.action_incident(self.reason)
        return {"type": "ir.actions.act_window_close"}
