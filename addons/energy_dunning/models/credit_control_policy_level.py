# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

NOTICE_KINDS = [
    ("reminder", "Reminder"),
    ("second_notice", "Second notice"),
    ("nonpayment_notice", "Regulated non-payment notice"),
    ("requerimiento", "Requerimiento fehaciente"),
    ("cut", "Supply cut request"),
]
# Notices whose service must be proven (means, proof and served date).
FORMAL_NOTICES = ("nonpayment_notice", "requerimiento")


class CreditControlPolicyLevel(models.Model):
    """A level of the ladder says which step of the Spanish procedure it is;
    the formal ones must be served with proof, and the cut level sends a
    supply cut request to the distributor (B1 motivo 03) once the law allows
    it."""

    _inherit = "credit.control.policy.level"

    channel = fields.Selection(
        selection_add=[("energy_cut", "Supply cut request")],
        ondelete={"energy_cut": "set letter"},
    )
    energy_notice_kind = fields.Selection(
        NOTICE_KINDS,
        string="Procedure Step",
        index=True,
        help="Step of the non-payment procedure this level is.",
    )
    energy_is_formal = fields.Boolean(
        string="Formal Notice",
        compute="_compute_energy_is_formal",
        store=True,
        help="Must be served by a means that proves receipt, date and content; "
        "legal periods run from its served date.",
    )

    @api.depends("energy_notice_kind")
    def _compute_energy_is_formal(self):
        for level in self:
            level.energy_is_formal = level.energy_notice_kind in FORMAL_NOTICES
