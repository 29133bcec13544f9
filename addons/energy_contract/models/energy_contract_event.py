# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

EVENT_TYPES = [
    ("state_change", "Phase change"),
    ("blocking_change", "Ball changed hands"),
    ("field_change", "Data change"),
    ("document", "Document decision"),
    ("exception", "Exception"),
    ("scoring", "Scoring"),
    ("signature", "Signature"),
    ("reminder", "Reminder"),
]


class EnergyContractEvent(models.Model):
    """Append-only history of a request: every phase change, exception,
    document decision, signature, distributor message and key-field edit,
    hash-chained per request (see `energy.history.event.mixin`)."""

    _name = "energy.contract.event"
    _inherit = ["energy.history.event.mixin"]
    _description = "Contract Request Event"
    _order = "contract_id, sequence"
    _history_subject_field = "contract_id"

    contract_id = fields.Many2one(
        "energy.contract", required=True, ondelete="restrict", index=True, readonly=True
    )
    event_type = fields.Selection(
        selection_add=[*EVENT_TYPES, ("note",)],
        ondelete=dict.fromkeys(dict(EVENT_TYPES), "cascade"),
    )

    def _history_field_labels(self):
        labels = super()._history_field_labels()
        checks = dict(
            self.env["energy.contract.exception"]
            ._fields["check"]
            ._description_selection(self.env)
        )
        labels.update({("exception", check): label for check, label in checks.items()})
        return labels

    def _history_value_formatters(self):
        formatters = super()._history_value_formatters()
        exceptions = self.env["energy.contract.exception"]
        formatters["exception"] = self._history_field_formatter(
            exceptions._fields["state"]
        )
        return formatters
