# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .energy_claim_type import DEFAULT_ANSWER_DAYS

# gestionatr's names of the per-subtype data (SUBTYPES_R101 min_fields) that a
# claim records in its own fields: what the form asks for.
CLAIM_DATA_FIELDS = {
    "num_fact": "disputed_invoice_ref",
    "num_factura": "disputed_invoice_ref",
    "importe_reclamado": "amount_claimed",
    "fecha_incidente": "date_incident",
    "fecha_desde": "date_from",
    "fecha_hasta": "date_to",
    "lectura": "reading_offered",
    "fecha_de_lectura": "date_reading",
    "codigo_de_solicitud": "atr_request_ref",
    "cod_reclam_anterior": "atr_request_ref",
    "ubicacion_incidencia": "incident_location",
    "persona_de_contacto": "contact_name",
    "telefono_contacto": "contact_phone",
}


class EnergyClaimSubtype(models.Model):
    """A CNMC claim subtype (table 82) under its type, with what the
    retailer configures: whether it concerns the distributor (an R1 is
    opened), its answer deadline and the data it needs."""

    _name = "energy.claim.subtype"
    _description = "CNMC Claim Subtype"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, size=3, index=True, readonly=True)
    name = fields.Char(required=True, translate=True)
    type_id = fields.Many2one(
        "energy.claim.type", required=True, index=True, readonly=True
    )
    in_cnmc_xsd = fields.Boolean(
        string="Sendable in an R1",
        readonly=True,
        help="The CNMC XSD accepts this subtype in an R1-01 (gestionatr also "
        "lists retailer-side subtypes that never travel to the distributor).",
    )
    concerns_distributor = fields.Boolean(
        help="Claims of this subtype are the distributor's to solve: the claim "
        "opens an R1 towards it.",
    )
    answer_days = fields.Integer(
        string="Answer Deadline (working days)",
        default=DEFAULT_ANSWER_DAYS,
        required=True,
        help="Working days (Spain's national holidays excluded) to answer the "
        "customer, not counting the time spent waiting for the customer.",
    )
    required_data = fields.Char(
        readonly=True,
        help="Data gestionatr requires for an R1-01 of this subtype "
        "(SUBTYPES_R101 minimum fields).",
    )
    required_claim_fields = fields.Char(
        compute="_compute_required_claim_fields",
        help="Technical: the claim fields the form asks for with this subtype.",
    )
    portal_label = fields.Char(
        translate=True,
        help="The claim reason in plain words offered to customers on the "
        "portal; empty: not offered there.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "UNIQUE (code)", "A CNMC claim subtype code must be unique."),
        (
            "answer_days_positive",
            "CHECK (answer_days > 0)",
            "The answer deadline must be at least one working day.",
        ),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.code} - {record.name}"

    @api.depends("required_data")
    def _compute_required_claim_fields(self):
        for record in self:
            record.required_claim_fields = ",".join(
                sorted(
                    {
                        CLAIM_DATA_FIELDS[name]
                        for name in (record.required_data or "").split(",")
                        if name in CLAIM_DATA_FIELDS
                    }
                )
            )
