# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

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
