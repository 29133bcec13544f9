# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# Rejection codes with an automatic meaning (docs/domain-es-energy.md section
# 3.6, practice): the rest go to the back-office queue as they are.
REASON_ACTIONS = [
    ("supply_cut", "Supply point cut off"),
    ("concurrent_request", "Another request in progress"),
    ("holder_mismatch", "Holder or ID mismatch"),
    ("power_rights", "Power above authorised rights"),
]
ACTION_BY_CODE = {
    **dict.fromkeys(("12", "35", "A2"), "supply_cut"),
    **dict.fromkeys(
        ("37", "38", "39", "40", "B5", "B6", "B7", "B8", "B9"), "concurrent_request"
    ),
    **dict.fromkeys(("03", "36"), "holder_mismatch"),
    **dict.fromkeys(("14", "22", "A9"), "power_rights"),
}


class EnergyAtrRejectReason(models.Model):
    """A rejection reason of CNMC table 27, as distributors send them in the
    rejection steps (02/04)."""

    _name = "energy.atr.reject.reason"
    _description = "ATR Rejection Reason"
    _order = "code"
    _rec_names_search = ["code", "name"]

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    code = fields.Char(required=True, size=2, index=True)
    name = fields.Char(string="Reason", required=True, translate=True)
    action = fields.Selection(
        REASON_ACTIONS,
        string="Automatic Meaning",
        help="What the rejection means for the request, when the reason has a "
        "known consequence. Empty: a person reads it.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "UNIQUE (code)", "A rejection reason code must be unique."),
    ]

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("code", "name")
    def _compute_display_name(self):
        for reason in self:
            reason.display_name = f"[{reason.code}] {reason.name or ''}"

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _load_gestionatr_reasons(self):
        """Create the reasons of gestionatr's TABLA_27 that do not exist yet,
        with XML ids `energy_atr.reject_reason_<code>`. The labels are the
        CNMC's Spanish ones, in every language until translated."""
        from gestionatr.defs import TABLA_27

        existing = set(
            self.with_context(active_test=False)
            .search_fetch([], ["code"])
            .mapped("code")
        )
        records = self.with_context(lang="en_US").create(
            [
                {"code": code, "name": label, "action": ACTION_BY_CODE.get(code)}
                for code, label in TABLA_27
                if code not in existing
            ]
        )
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"energy_atr.reject_reason_{record.code.lower()}",
                    "record": record,
                    "noupdate": True,
                }
                for record in records
            ]
        )
        return records

    @api.model
    def _get_by_codes(self, codes):
        """{code: reason} for the given codes; unknown codes are created from
        gestionatr's label (or the code itself), so no code is ever lost."""
        codes = set(filter(None, codes))
        reasons = {
            reason.code: reason
            for reason in self.with_context(active_test=False).search(
                [("code", "in", list(codes))]
            )
        }
        missing = codes - set(reasons)
        if missing:
            from gestionatr.defs import TABLA_27

            labels = dict(TABLA_27)
            for reason in self.sudo().create(
                [
                    {"code": code, "name": labels.get(code, code)}
                    for code in sorted(missing)
                ]
            ):
                reasons[reason.code] = reason.sudo(False)
        return reasons
