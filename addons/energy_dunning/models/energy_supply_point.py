# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergySupplyPoint(models.Model):
    """The supplies the law forbids cutting: essential ones (LSE art. 52,
    with their category and certificate) and electro-dependent consumers."""

    _inherit = "energy.supply.point"

    essential_category = fields.Selection(
        [
            ("01", "Public lighting run by administrations"),
            ("02", "Drinking-water supply by network"),
            ("03", "Defence, security forces, fire brigades, civil protection"),
            ("04", "Prisons and courts"),
            ("05", "Public transport and traffic-safety installations"),
            ("06", "Health centres with patient-connected equipment"),
            ("07", "Hospitals"),
            ("08", "Funeral services"),
            ("09", "Life-supporting medical equipment at home"),
            ("10", "Severely vulnerable consumer attended by social services"),
            ("11", "Social-bonus home with a protected member"),
        ],
        tracking=True,
        help="LSE art. 52 category of the essential supply (gestionatr "
        "TAULA_TIPO_CLIENTE_ESENCIAL).",
    )
    essential_certificate = fields.Char(
        tracking=True,
        help="Reference of the certificate that makes the supply essential.",
    )
    is_electro_dependent = fields.Boolean(
        string="Electro-dependent",
        tracking=True,
        help="Someone in the home depends on electricity for their life: the "
        "supply is never cut for non-payment (RD 88/2026).",
    )
    date_cut_for_debt = fields.Date(
        string="Cut for Non-payment On",
        tracking=True,
        copy=False,
        help="Date the distributor suspended the supply for non-payment (B1 "
        "motivo 03); empty while the supply is not cut.",
    )
