# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from gestionatr import defs as atr_defs

from odoo import api, fields, models

from odoo.addons.energy_atr.tools import atr_claim

# Types gestionatr uses in SUBTYPES_R101 beyond the seven of TABLA_81 (the
# CNMC XSD enumerates 01-07 only; docs/domain-es-energy.md section 5.2).
EXTRA_TYPES = {
    "08": "URGENCIAS",
    "09": "OTRAS RECLAMACIONES A LA DISTRIBUIDORA",
}
# Ley 10/2025: 15 working days as the general maximum to answer a claim.
DEFAULT_ANSWER_DAYS = 15


class EnergyClaimType(models.Model):
    """A CNMC claim type (table 81). Loaded from gestionatr, never typed by
    hand: `_load_cnmc_typology` creates or renames every code of tables 81,
    82 (with SUBTYPES_R101), 83, 80 and 73."""

    _name = "energy.claim.type"
    _description = "CNMC Claim Type"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, size=2, index=True, readonly=True)
    name = fields.Char(required=True, translate=True)
    subtype_ids = fields.One2many("energy.claim.subtype", "type_id", string="Subtypes")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "UNIQUE (code)", "A CNMC claim type code must be unique.")
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.code} - {record.name}"

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _load_cnmc_typology(self):
        """Create the codes of gestionatr's tables that are missing and keep
        the labels of existing ones in line (idempotent; configured
        deadlines and flags set by users are kept)."""
        types = self._sync_codes(
            self,
            [*atr_defs.TABLA_81, *EXTRA_TYPES.items()],
            xmlid_prefix="claim_type",
        )
        sendable = set(atr_claim.xsd_subtypes())
        rows = {row["code"]: row for row in atr_defs.SUBTYPES_R101}
        subtypes = self._sync_codes(
            self.env["energy.claim.subtype"],
            atr_defs.TABLA_82,
            lambda code: {
                "type_id": types[rows[code]["type"]].id,
                "required_data": ",".join(rows[code]["min_fields"]),
                "in_cnmc_xsd": code in sendable,
            },
            lambda code: {"concerns_distributor": code in sendable},
            xmlid_prefix="claim_subtype",
        )
        self._sync_codes(
            self.env["energy.claim.claimant.type"],
            atr_defs.TABLA_83,
            xmlid_prefix="claimant_type",
        )
        results = self._sync_codes(
            self.env["energy.claim.result"],
            atr_defs.TABLA_80,
            xmlid_prefix="claim_result",
        )
        self._sync_codes(
            self.env["energy.claim.detail"],
            atr_defs.TABLA_73,
            lambda code: {
                "subtype_id": subtypes[code[:3]].id if code[:3] in subtypes else False,
                "result_id": results[code[3:5]].id if code[3:5] in results else False,
            },
        )
        return True

    @api.model
    def _sync_codes(
        self, model, table, values_fn=None, create_only_fn=None, xmlid_prefix=None
    ):
        """{code: record} of `model` for the (code, label) pairs of `table`:
        missing codes created in one batch (with the XML id
        `energy_claim.<xmlid_prefix>_<code>` when a prefix is given), labels
        and `values_fn(code)` written on the existing ones when they
        differ."""
        values_fn = values_fn or (lambda code: {})
        existing = {
            record.code: record
            for record in model.with_context(active_test=False).search([])
        }
        to_create = []
        for code, label in table:
            values = {"name": label.strip(), **values_fn(code)}
            record = existing.get(code)
            if not record:
                extra = create_only_fn(code) if create_only_fn else {}
                to_create.append({"code": code, **values, **extra})
                continue
            changed = {
                key: value
                for key, value in values.items()
                if (record[key].id if hasattr(record[key], "_name") else record[key])
                != value
            }
            if changed:
                record.write(changed)
        if to_create:
            created = model.create(to_create)
            for record in created:
                existing[record.code] = record
            if xmlid_prefix:
                self.env["ir.model.data"]._update_xmlids(
                    [
                        {
                            "xml_id": f"energy_claim.{xmlid_prefix}_{record.code}",
                            "record": record,
                            "noupdate": True,
                        }
                        for record in created
                    ]
                )
        return existing
