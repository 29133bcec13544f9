# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class EnergyContractPhase(models.Model):
    """Reminder delays of the documentation phase, and a cached view of the
    phases for the exit checks, which run for every request of a batch."""

    _inherit = "energy.contract.phase"

    check_documents = fields.Boolean(
        string="Exit Requires Documents",
        help="A request leaves the phase only with every required document validated.",
    )
    document_reminder_first_days = fields.Integer(
        string="First Reminder After (days)",
        default=3,
        help="Days in the phase after which the customer (or the channel) is "
        "reminded of the documents still missing; zero for no reminder.",
    )
    document_reminder_second_days = fields.Integer(
        string="Second Reminder After (days)",
        default=7,
        help="Days in the phase after which they are reminded a second time; "
        "zero for no second reminder.",
    )

    @api.constrains("document_reminder_first_days", "document_reminder_second_days")
    def _check_document_reminder_days(self):
        for phase in self:
            first = phase.document_reminder_first_days
            second = phase.document_reminder_second_days
            if first < 0 or second < 0 or (second and second <= first):
                raise ValidationError(
                    self.env._(
                        "Phase %(phase)s: the second reminder must come after the "
                        "first one (days are counted from the entry in the phase).",
                        phase=phase.name,
                    )
                )

    @api.model
    def _get_phase_ids_by_state(self, company_id):
        """{state: phase id} for `company_id`, as _get_by_state() finds
        them, without a query once known (cleared when phases change)."""
        return dict(self._get_phase_ids_by_state_cached(company_id))

    @api.model
    @tools.ormcache("company_id")
    def _get_phase_ids_by_state_cached(self, company_id):
        phases = self.sudo().with_company(company_id)._get_by_state()
        return tuple((state, phase.id) for state, phase in phases.items())
