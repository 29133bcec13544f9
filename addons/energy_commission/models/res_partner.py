# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# Fields that say how a channel is paid: only Energy managers set them.
CHANNEL_TERMS = (
    "energy_channel_state",
    "energy_channel_manager_id",
    "energy_commission_plan_id",
    "energy_commission_irpf",
)


class ResPartner(models.Model):
    """A sales channel (energy_base's flag and hierarchy) with its status, the
    channel manager on our side and the commission plan it is paid by."""

    _inherit = "res.partner"

    energy_channel_state = fields.Selection(
        [("active", "Active"), ("suspended", "Suspended")],
        string="Channel Status",
        default="active",
        index=True,
        tracking=True,
        help="A suspended channel keeps earning on the contracts it already "
        "sold, but is not settled nor paid until it is active again.",
    )
    energy_channel_manager_id = fields.Many2one(
        "res.users",
        string="Channel Manager",
        tracking=True,
        help="Our employee who manages the relationship with this channel.",
    )
    energy_commission_plan_id = fields.Many2one(
        "energy.commission.plan",
        string="Commission Plan",
        tracking=True,
        index="btree_not_null",
        help="Plan its commissions are computed by. A sub-channel without a "
        "plan earns nothing itself; its parent may earn overrides on its sales.",
    )
    energy_commission_irpf = fields.Boolean(
        string="IRPF Withholding",
        compute="_compute_energy_commission_irpf",
        store=True,
        readonly=False,
        help="An individual agent (a person or a sole trader, autónomo): its "
        "self-billing invoices withhold personal income tax (IRPF). Set for "
        "persons; tick it for a sole trader recorded as a company.",
    )
    energy_commission_line_ids = fields.One2many(
        "energy.commission.line", "channel_id", string="Commission Lines"
    )

    @api.depends("is_company", "is_energy_channel")
    def _compute_energy_commission_irpf(self):
        for partner in self:
            partner.energy_commission_irpf = (
                partner.is_energy_channel and not partner.is_company
            )

    def write(self, vals):
        if any(fname in vals for fname in CHANNEL_TERMS) and self.filtered(
            "is_energy_channel"
        ):
            self._check_can_configure_energy_channel()
        return super().write(vals)

    def _energy_commission_parent_channel(self):
        """The channel this sub-channel sells under, if any."""
        self.ensure_one()
        parent = self.parent_id
        return parent if parent.is_energy_channel else self.browse()
