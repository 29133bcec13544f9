# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


def _keep_events(events):
    """Uninstalling the addon keeps its events: the history is append-only."""


class EnergyContractEvent(models.Model):
    _inherit = "energy.contract.event"

    event_type = fields.Selection(
        selection_add=[("dunning", "Collections")],
        ondelete={"dunning": _keep_events},
    )
