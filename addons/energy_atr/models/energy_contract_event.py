# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


def _keep_events(events):
    """Uninstalling the switching addon keeps the distributor messages in the
    requests' history: it is append-only and hash-chained, so its events are
    neither deleted nor rewritten (they keep their type, shown raw)."""


class EnergyContractEvent(models.Model):
    _inherit = "energy.contract.event"

    event_type = fields.Selection(
        selection_add=[("signature",), ("atr_message", "Distributor message")],
        ondelete={"atr_message": _keep_events},
    )
