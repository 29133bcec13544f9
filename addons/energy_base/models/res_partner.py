# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.related import count_related, open_related

CHANNEL_MANAGER_GROUP = "energy_base.group_energy_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_energy_distributor = fields.Boolean(
        string="Is a Distributor",
        index=True,
        help="Owner of the grid and meters (distribuidora): receives our switching "
        "requests and activates, modifies or cuts supplies.",
    )
    is_energy_retailer = fields.Boolean(
        string="Is a Retailer",
        index=True,
        help="Electricity retailer (comercializadora), ourselves or a competitor.",
    )
    energy_ree_code = fields.Char(
        string="REE Code",
        size=4,
        index="btree_not_null",
        help="Four-digit code of the market participant in the CNMC switching "
        "messages.",
    )
    energy_distributor_prefix_ids = fields.One2many(
        "energy.distributor.prefix",
        "distributor_id",
        string="CUPS Prefixes",
        help="CUPS prefixes whose switching messages go to this distributor.",
    )
    is_energy_channel = fields.Boolean(
        string="Is a Sales Channel",
        index=True,
        help="Agency that sells contracts for us on commission. A sub-channel is "
        "a channel company whose parent company is another channel: the users of "
        "a channel see its requests and those of its sub-channels.",
    )
    energy_sub_channel_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="Sub-channels",
        domain=[("is_energy_channel", "=", True)],
        help="Channels that sell under this one.",
    )
    can_configure_energy_channel = fields.Boolean(
        compute="_compute_can_configure_energy_channel",
        help="Technical: whether the current user may set up sales channels and "
        "their hierarchy (Energy managers).",
    )
    energy_supply_point_ids = fields.One2many(
        "energy.supply.point",
        "holder_id",
        string="Held Supply Points",
        help="Supply points whose current holder (titular) is this partner.",
    )
    energy_supply_point_count = fields.Integer(
        string="Supply Points", compute="_compute_energy_supply_point_count"
    )
    is_energy_customer = fields.Boolean(
        string="Is a Customer",
        compute="_compute_is_energy_customer",
        store=True,
        readonly=False,
        index=True,
        help="Holder of supplies, ours or prospects: set when the partner becomes "
        "the holder of a supply point or of a contract request, or is created from "
        "the Customers menu; it stays set when the supply leaves.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("is_energy_channel")  # so that new records compute it too
    @api.depends_context("uid")
    def _compute_can_configure_energy_channel(self):
        self.can_configure_energy_channel = self._can_configure_energy_channel()

    def _compute_energy_supply_point_count(self):
        counts = count_related(self, "energy.supply.point", "holder_id")
        for partner in self:
            partner.energy_supply_point_count = counts.get(partner, 0)

    @api.depends("energy_supply_point_ids")
    def _compute_is_energy_customer(self):
        """Once a customer, always one (like customer_rank): a lost customer
        stays in the Customers list for win-back. Read as superuser: whoever
        creates a contact (a portal sign-up, an employee without an Energy
        role) may not read supply points."""
        for partner, partner_sudo in zip(self, self.sudo(), strict=True):
            partner.is_energy_customer = partner.is_energy_customer or bool(
                partner_sudo.energy_supply_point_ids
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("is_energy_channel", "is_company", "parent_id")
    def _check_energy_sub_channel_is_company(self):
        """A sub-channel must be a company: a person under a channel is one of
        the channel's people (its commercial entity is the channel), so its
        portal users would see the whole parent channel's requests."""
        for partner in self:
            if (
                partner.is_energy_channel
                and partner.parent_id.is_energy_channel
                and not partner.is_company
            ):
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot be a sub-channel of %(parent)s as a "
                        "person: set it as a company, or as a contact of the "
                        "channel without the sales channel flag.",
                        partner=partner.name,
                        parent=partner.parent_id.name,
                    )
                )

    @api.constrains("energy_ree_code", "is_energy_distributor", "is_energy_retailer")
    def _check_energy_ree_code(self):
        partners = self.filtered("energy_ree_code")
        for partner in partners:
            if not re.fullmatch(r"\d{4}", partner.energy_ree_code):
                raise ValidationError(
                    self.env._(
                        "The REE code of %(partner)s must be exactly four digits, "
                        "not '%(code)s'.",
                        partner=partner.display_name,
                        code=partner.energy_ree_code,
                    )
                )
        if not partners:
            return
        duplicates = self._read_group(
            [
                ("energy_ree_code", "in", partners.mapped("energy_ree_code")),
                ("is_energy_distributor", "=", True),
            ],
            ["energy_ree_code"],
            having=[("__count", ">", 1)],
        )
        if duplicates:
            raise ValidationError(
                self.env._(
                    "Two distributors cannot share the REE code %(code)s.",
                    code=duplicates[0][0],
                )
            )

    # ------------------------------------------------------------------
    # Onchange methods
    # ------------------------------------------------------------------

    @api.onchange("parent_id")
    def _onchange_parent_id_energy_sub_channel(self):
        """A sub-channel keeps its own address: as a plain contact of its
        parent channel it would take, and keep following, the parent's one.
        (Named to run before base's onchange_parent_id, which copies the
        parent's address to contacts.)"""
        if (
            self.parent_id
            and self.is_energy_channel
            and self.is_company
            and self.type == "contact"
        ):
            self.type = "other"

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("is_energy_channel") for vals in vals_list):
            self._check_can_configure_energy_channel()
        return super().create(vals_list)

    def write(self, vals):
        if self._energy_channel_setup_changes(vals):
            self._check_can_configure_energy_channel()
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _energy_channel_setup_changes(self, vals):
        """Whether `vals` changes who is a channel or where a channel hangs in
        the hierarchy (what the portal users of each channel see)."""
        if "is_energy_channel" in vals and any(
            partner.is_energy_channel != bool(vals["is_energy_channel"])
            for partner in self
        ):
            return True
        return "parent_id" in vals and any(
            partner.is_energy_channel and partner.parent_id.id != vals["parent_id"]
            for partner in self
        )

    @api.model
    def _can_configure_energy_channel(self):
        return self.env.su or self.env.user.has_group(CHANNEL_MANAGER_GROUP)

    @api.model
    def _check_can_configure_energy_channel(self):
        if not self._can_configure_energy_channel():
            raise AccessError(
                self.env._(
                    "Only Energy managers can set up sales channels and their "
                    "hierarchy."
                )
            )

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_view_energy_supply_points(self):
        return open_related(self, "energy_base.energy_supply_point_action", "holder_id")
