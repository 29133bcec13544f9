# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class EnergyContract(models.Model):
    """History and audit dossier of a request (see `energy.history.mixin`):
    verification of the hash chain of its events, and a ZIP with every piece
    of evidence: signed contract PDFs, documents, events and the summary
    report."""

    _name = "energy.contract"
    _inherit = ["energy.contract", "energy.history.mixin"]

    _history_event_model = "energy.contract.event"
    _history_evidence_folder = "contract"
    _history_summary_report = "energy_contract.action_report_energy_contract_summary"

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _get_evidence_header(self):
        self.ensure_one()
        return {"request": self.name, "request_id": self.id, "cups": self.cups or ""}
