# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergySupplyPoint(models.Model):
    _inherit = "energy.supply.point"

    # ------------------------------------------------------------------
    # Fields: what SIPS says about the point beyond the base technical data
    # ------------------------------------------------------------------

    sips_date = fields.Date(
        string="SIPS Data Date",
        readonly=True,
        copy=False,
        help="Day the SIPS data last changed this supply point (import or online "
        "look-up).",
    )
    sips_import_id = fields.Many2one(
        "energy.sips.import",
        string="Last SIPS Import",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
    )
    sips_distributor_code = fields.Char(
        string="Distributor Code in SIPS",
        size=4,
        readonly=True,
        copy=False,
        help="REE code of the distributor that published the SIPS data "
        "(codigoEmpresaDistribuidora). Switching messages still follow the CUPS "
        "prefix routing.",
    )
    sips_municipality_code = fields.Char(
        string="Municipality Code (INE)",
        copy=False,
        help="INE code of the municipality of the supply (codigoMunicipioPS).",
    )
    date_supply_start = fields.Date(
        string="Supply Since", copy=False, help="Date of connection (alta)."
    )
    date_last_contract_change = fields.Date(
        string="Last Access Contract Change",
        copy=False,
        help="Last movement of the access contract with the distributor.",
    )
    date_last_retailer_change = fields.Date(
        string="Last Retailer Change",
        copy=False,
        index="btree_not_null",
        help="Day the point last switched retailer.",
    )
    is_retailer_change_in_progress = fields.Boolean(
        string="Switch in Progress",
        copy=False,
        help="SIPS reports a change of retailer (or another switching request) "
        "in progress.",
    )
    date_last_reading = fields.Date(string="Last Meter Reading", copy=False)
    date_rights_limit = fields.Date(
        string="Recognised Rights Until",
        copy=False,
        help="Expiry of the recognised access and extension rights.",
    )
    is_contractable = fields.Boolean(
        string="Contractable",
        default=True,
        copy=False,
        index=True,
        help="False when the distributor reports that the point cannot be "
        "contracted now (codigoPSContratable); see the reason.",
    )
    not_contractable_reason = fields.Char(copy=False)
    is_suspended_for_debt = fields.Boolean(
        string="Suspended for Non-payment",
        copy=False,
        help="The supply is cut for non-payment according to SIPS.",
    )
    bie_max_power_kw = fields.Float(
        string="BIE Max. Power (kW)",
        digits=(16, 3),
        copy=False,
        help="Highest power the low-voltage installation certificate (BIE/CIE) "
        "allows: above it a power increase needs a new certificate.",
    )
    apm_max_power_kw = fields.Float(
        string="APM Max. Power (kW)",
        digits=(16, 3),
        copy=False,
        help="Highest power of the high-voltage start-up record (APM).",
    )
    access_rights_kw = fields.Float(
        string="Access Rights (kW)",
        digits=(16, 3),
        copy=False,
        help="Recognised access rights: power that can be contracted without "
        "paying new access fees.",
    )
    extension_rights_kw = fields.Float(
        string="Extension Rights (kW)",
        digits=(16, 3),
        copy=False,
        help="Recognised extension rights of the connection.",
    )

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_sips_lookup(self):
        """Open the look-up wizard for these points' CUPS."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_sips.energy_sips_lookup_wizard_action"
        )
        action["context"] = {
            "default_cups_text": "\n".join(self.mapped("cups")),
            "default_company_id": self[:1].company_id.id or self.env.company.id,
        }
        return action
