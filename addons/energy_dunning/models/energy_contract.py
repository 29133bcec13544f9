# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .credit_control_policy import SEGMENTS

PROTECTED_MAX_KW = 10.0
POWER_FIELDS = [f"power_p{period}_kw" for period in range(1, 7)]


class EnergyContract(models.Model):
    """The contract's facts choose its dunning segment (RD 897/2017 art. 19):
    a social-bonus beneficiary, a protected consumer (natural person, habitual
    dwelling, up to 10 kW) or business / other."""

    _inherit = "energy.contract"

    termination_reason = fields.Selection(
        selection_add=[("non_payment_cut", "Supply cut for non-payment")],
        ondelete={"non_payment_cut": "set null"},
    )
    dunning_segment = fields.Selection(
        SEGMENTS,
        compute="_compute_dunning_segment",
        store=True,
        index=True,
    )
    dunning_plan_ids = fields.One2many(
        "energy.dunning.plan", "contract_id", string="Payment Plans"
    )

    @api.depends(
        "customer_type",
        "supply_point_id.has_bono_social",
        "supply_point_id.is_habitual_dwelling",
        *POWER_FIELDS,
    )
    def _compute_dunning_segment(self):
        for contract in self:
            point = contract.supply_point_id
            max_kw = max(contract[fname] for fname in POWER_FIELDS)
            if point.has_bono_social:
                contract.dunning_segment = "social_bonus"
            elif (
                contract.customer_type == "individual"
                and point.is_habitual_dwelling
                and max_kw <= PROTECTED_MAX_KW
            ):
                contract.dunning_segment = "protected"
            else:
                contract.dunning_segment = "business"

    def _atr_prepare_step01_values(self, request_code, now):
        """A cut for non-payment is a B1 with motivo 03 (suspension), not a
        termination."""
        values = super()._atr_prepare_step01_values(request_code, now)
        if self.atr_process == "B1" and self.termination_reason == "non_payment_cut":
            values["request"]["reason"] = "03"
        return values
