# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class EnergyDunningTerminate(models.TransientModel):
    """Terminate a contract for non-payment (B1 motivo 04) after its supply
    was cut and the debt stayed unpaid: refused, with every rule that stopped
    it, unless each one passes."""

    _name = "energy.dunning.terminate"
    _description = "Terminate a Contract for Non-payment"

    contract_id = fields.Many2one("energy.contract", required=True, readonly=True)
    date_planned = fields.Date(string="Planned Termination Date", required=True)

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("energy_base.group_energy_collections"):
            raise UserError(
                self.env._("Only collections may terminate a contract for non-payment.")
            )
        self.contract_id.check_access("read")
        if self.date_planned <= fields.Date.context_today(self):
            raise UserError(
                self.env._("The planned termination date must be in the future.")
            )
        request, refusals = self.contract_id._dunning_request_termination(
            self.date_planned
        )
        if refusals:
            raise UserError(
                self.env._("The contract cannot be terminated for non-payment:")
                + "\n"
                + "\n".join(refusals)
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.contract",
            "res_id": request.id,
            "view_mode": "form",
        }


class EnergyDunningReconnect(models.TransientModel):
    """Record that the distributor reconnected a supply cut for non-payment."""

    _name = "energy.dunning.reconnect"
    _description = "Record a Reconnection"

    contract_id = fields.Many2one("energy.contract", required=True, readonly=True)
    date_reconnected = fields.Datetime(
        string="Reconnected On", required=True, default=fields.Datetime.now
    )

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("energy_base.group_energy_collections"):
            raise UserError(self.env._("Only collections may record a reconnection."))
        self.contract_id.check_access("read")
        if not self.contract_id.supply_point_id.date_cut_for_debt:
            raise UserError(self.env._("The supply is not cut for non-payment."))
        if self.date_reconnected > fields.Datetime.now():
            raise UserError(self.env._("The reconnection cannot be in the future."))
        self.contract_id._dunning_record_reconnection(self.date_reconnected)
        return {"type": "ir.actions.act_window_close"}


class EnergyDunningAssign(models.TransientModel):
    """Give the selected collections cases to a collector."""

    _name = "energy.dunning.assign"
    _description = "Assign a Collector"

    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        required=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("energy_base.group_energy_collections").id)
        ],
    )
    case_ids = fields.Many2many("energy.dunning.case", string="Cases")

    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "energy.dunning.case":
            values["case_ids"] = [
                fields.Command.set(self.env.context.get("active_ids") or [])
            ]
        return values

    def action_confirm(self):
        self.ensure_one()
        if not self.user_id.has_group("energy_base.group_energy_collections"):
            raise UserError(
                self.env._("%(user)s is not in collections.", user=self.user_id.name)
            )
        self.case_ids.write({"user_id": self.user_id.id})
        return {"type": "ir.actions.act_window_close"}
