# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A model other than the contract request that adopts the hash-chained
history, loaded only by the tests (odoo-test-helper's FakeModelLoader): import
it after the loader's backup, never at module level."""

from odoo import fields, models


class EnergyTestDossier(models.Model):
    _name = "energy.test.dossier"
    _inherit = ["energy.history.mixin"]
    _description = "Test Dossier with a History"

    _history_event_model = "energy.test.dossier.event"

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    event_ids = fields.One2many("energy.test.dossier.event", "dossier_id")


class EnergyTestDossierEvent(models.Model):
    _name = "energy.test.dossier.event"
    _inherit = ["energy.history.event.mixin"]
    _description = "Test Dossier Event"
    _order = "dossier_id, sequence"

    _history_subject_field = "dossier_id"

    dossier_id = fields.Many2one(
        "energy.test.dossier", required=True, ondelete="restrict", index=True
    )
    event_type = fields.Selection(
        selection_add=[("opened", "Opened"), ("note",)],
        ondelete={"opened": "cascade"},
    )
