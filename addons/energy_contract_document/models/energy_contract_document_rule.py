# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.energy_contract.models.energy_contract import POWER_FIELDS

CUSTOMER_TYPES = [
    ("any", "Any customer"),
    ("individual", "Individuals"),
    ("company", "Companies"),
]


class EnergyContractDocumentRule(models.Model):
    """When a document is required: for which customers, request types,
    powers and access tariffs. Every condition left empty matches any
    request; a request needs the documents of every rule it matches."""

    _name = "energy.contract.document.rule"
    _description = "Contract Request Document Rule"
    _order = "sequence, id"

    document_type_id = fields.Many2one(
        "energy.contract.document.type",
        string="Document",
        required=True,
        ondelete="restrict",
        index=True,
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Applies to the requests of this company only; to every company "
        "when empty.",
    )
    customer_type = fields.Selection(
        CUSTOMER_TYPES, required=True, default="any", string="Customers"
    )
    request_type_ids = fields.Many2many(
        "energy.contract.request.type",
        string="Request Types",
        help="Applies to these request types only; to every type when empty.",
    )
    access_tariff_ids = fields.Many2many(
        "energy.access.tariff",
        string="Access Tariffs",
        help="Applies to requests on these access tariffs only; to every tariff "
        "when empty.",
    )
    power_min_kw = fields.Float(
        string="Power Above (kW)",
        digits=(16, 3),
        help="Applies only when the highest requested power exceeds this value; "
        "zero for any power.",
    )
    only_power_increase = fields.Boolean(
        string="Only for Power Increases",
        help="Applies only when a requested power is higher than the current "
        "power of the supply point in the same period.",
    )
    only_with_iban = fields.Boolean(
        string="Only with a Bank Account",
        help="Applies only when the request gives an IBAN to charge.",
    )
    note = fields.Text(help="Why the document is asked for (regulation, practice).")

    @api.depends("document_type_id", "customer_type")
    def _compute_display_name(self):
        labels = dict(self._fields["customer_type"]._description_selection(self.env))
        for rule in self:
            rule.display_name = self.env._(
                "%(document)s (%(customers)s)",
                document=rule.document_type_id.name or "",
                customers=labels.get(rule.customer_type, ""),
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _applies_to(self, contract):
        """Whether this rule asks `contract` for its document. Reads only
        prefetched values: call it over a batch of rules and requests."""
        self.ensure_one()
        if self.company_id and self.company_id != contract.company_id:
            return False
        if self.customer_type != "any" and self.customer_type != contract.customer_type:
            return False
        if self.request_type_ids and contract.request_type not in set(
            self.request_type_ids.mapped("code")
        ):
            return False
        if (
            self.access_tariff_ids
            and contract.access_tariff_id not in self.access_tariff_ids
        ):
            return False
        requested = [contract[fname] for fname in POWER_FIELDS]
        if self.power_min_kw and max(requested) <= self.power_min_kw:
            return False
        if self.only_power_increase and not self._is_power_increase(
            contract, requested
        ):
            return False
        if self.only_with_iban and not contract.bank_iban:
            return False
        return True

    @api.model
    def _is_power_increase(self, contract, requested):
        current = [contract.supply_point_id[fname] for fname in POWER_FIELDS]
        if not any(current):
            return False
        return any(
            new > old + 1e-6 for new, old in zip(requested, current, strict=True)
        )
