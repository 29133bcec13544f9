# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class EnergyContractEvent(models.Model):
    """The payment-plan steps of a contract's history, named in the
    reader's language."""

    _inherit = "energy.contract.event"

    def _history_field_labels(self):
        labels = super()._history_field_labels()
        steps = {
            "proposed": self.env._("Payment plan proposed"),
            "revised": self.env._("Payment plan revised"),
            "accepted": self.env._("Payment plan accepted"),
            "instalment_paid": self.env._("Payment plan instalment paid"),
            "instalment_missed": self.env._("Payment plan instalment missed"),
            "broken": self.env._("Payment plan broken"),
            "done": self.env._("Payment plan paid"),
            "cancelled": self.env._("Payment plan cancelled"),
        }
        labels.update(
            {("dunning", f"plan_{step}"): label for step, label in steps.items()}
        )
        return labels
