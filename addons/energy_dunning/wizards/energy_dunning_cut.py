# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class EnergyDunningCut(models.TransientModel):
    """Request the cut of a contract's supply for non-payment on a planned
    date: refused, with every rule that stopped it, unless the law allows
    it."""

    _name = "energy.dunning.cut"
    _description = "Request a Supply Cut for Non-payment"

    contract_id = fields.Many2one("energy.contract", required=True, readonly=True)
    date_planned = fields.Date(string="Planned Cut Date", required=True)

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("energy_base.group_energy_collections"):
            raise UserError(self.env._("Only collections may request a supply cut."))
        self.contract_id.check_access("read")
        if self.date_planned <= fields.Date.context_today(self):
            raise UserError(self.env._("The planned cut date must be in the future."))
        request, refusals = self.contract_id._dunning_request_cut(self.date_planned)
        if refusals:
            raise UserError(
                self.env._("The supply cannot be cut:") + "\n" + "\n".join(refusals)
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.contract",
            "res_id": request.id,
            "view_mode": "form",
        }
