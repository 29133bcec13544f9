# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.energy_dunning_plan import ACCEPTANCE_METHODS


class EnergyDunningPlanAccept(models.TransientModel):
    """Collections record that the customer accepted a proposed payment plan
    (or that they approve the plan the customer requested on the portal), and
    how: the plan starts being honoured and the ladder pauses."""

    _name = "energy.dunning.plan.accept"
    _description = "Record the Acceptance of a Payment Plan"

    plan_id = fields.Many2one("energy.dunning.plan", required=True, readonly=True)
    origin = fields.Selection(related="plan_id.origin")
    method = fields.Selection(
        [m for m in ACCEPTANCE_METHODS if m[0] != "portal"],
        string="Accepted",
        help="How the customer accepted the plan.",
    )

    def action_confirm(self):
        self.ensure_one()
        plan = self.plan_id
        plan.check_access("write")
        plan._energy_accept("portal" if plan.origin == "portal" else self.method)
        return {"type": "ir.actions.act_window_close"}
