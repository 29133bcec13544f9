# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.energy_base.tools.related import count_related, open_related


class ResPartner(models.Model):
    _inherit = "res.partner"

    energy_contract_ids = fields.One2many("energy.contract", "partner_id")
    energy_contract_count = fields.Integer(
        string="Contract Requests", compute="_compute_energy_contract_count"
    )

    def _compute_energy_contract_count(self):
        counts = count_related(self, "energy.contract", "partner_id")
        for partner in self:
            partner.energy_contract_count = counts.get(partner, 0)

    @api.depends("energy_contract_ids")
    def _compute_is_energy_customer(self):
        """The customer of a contract request is a customer too, before the
        supply point is theirs (a new holder, a new supply)."""
        res = super()._compute_is_energy_customer()
        for partner, partner_sudo in zip(self, self.sudo(), strict=True):
            if partner_sudo.energy_contract_ids:
                partner.is_energy_customer = True
        return res

    def action_view_energy_contracts(self):
        return open_related(
            self, "energy_contract.energy_contract_action", "partner_id"
        )
