# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from odoo.addons.energy_base.tools.lifecycle import Lifecycle

BACKOFFICE = "energy_base.group_energy_backoffice"

DISPUTE_LIFECYCLE = Lifecycle(
    states=(
        ("open", "Open"),
        ("accepted", "Accepted"),
        ("rejected", "Rejected"),
    ),
    edges={"open": {"accepted": (BACKOFFICE,), "rejected": (BACKOFFICE,)}},
    forward_path=("open", "accepted"),
    closed=frozenset({"accepted", "rejected"}),
)


class EnergyCommissionDispute(models.Model):
    """A channel disagrees with one of its commission lines (from the
    portal); the back-office accepts or rejects it with a reason. The
    dispute's chatter is the line's history of it."""

    _name = "energy.commission.dispute"
    _description = "Commission Dispute"
    _inherit = ["mail.thread", "energy.lifecycle.mixin"]
    _order = "create_date desc, id desc"
    _lifecycle = DISPUTE_LIFECYCLE

    line_id = fields.Many2one(
        "energy.commission.line",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    channel_id = fields.Many2one(
        related="line_id.channel_id", store=True, index=True, string="Channel"
    )
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    contract_id = fields.Many2one(related="line_id.contract_id")
    currency_id = fields.Many2one(related="line_id.currency_id")
    amount = fields.Monetary(related="line_id.amount", currency_field="currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Raised By",
        readonly=True,
        help="The channel's portal contact who raised the dispute.",
    )
    reason = fields.Text(required=True, readonly=True)
    state = fields.Selection(
        list(DISPUTE_LIFECYCLE.states),
        default="open",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    answer = fields.Text(
        readonly=True, help="Why the back-office accepted or rejected it."
    )
    answered_by_id = fields.Many2one("res.users", readonly=True)
    date_answered = fields.Datetime(readonly=True)

    def init(self):
        """One open dispute per line at a time."""
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS energy_commission_dispute_open_uniq
            ON energy_commission_dispute (line_id) WHERE state = 'open'
            """
        )

    @api.depends("line_id", "create_date")
    def _compute_display_name(self):
        for dispute in self:
            dispute.display_name = self.env._(
                "Dispute on %(line)s", line=dispute.line_id.display_name or ""
            )

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {
            "line_id",
            "partner_id",
            "reason",
            "answer",
            "answered_by_id",
            "date_answered",
        }

    # ------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------

    def _lifecycle_log(self, old_states, new_state, reason):
        for dispute in self:
            body = self.env._(
                "Dispute %(state)s: %(answer)s",
                state=dispute._state_label(new_state),
                answer=reason or "",
            )
            dispute.message_post(
                body=html_escape(body), subtype_xmlid="mail.mt_comment"
            )

    def _answer(self, new_state, answer):
        """Accept or reject with the back-office's reason (the answer wizard)."""
        answer = (answer or "").strip()
        if not answer:
            raise UserError(self.env._("Say why the dispute is accepted or rejected."))
        self._set_state(
            new_state,
            {
                "answer": answer,
                "answered_by_id": self.env.user.id,
                "date_answered": fields.Datetime.now(),
            },
            reason=answer,
        )
        self.line_id.sudo()._write_guarded({"dispute_state": new_state})
        return True

    def action_open_answer_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.commission.dispute.answer.wizard",
            "name": self.env._("Answer the Dispute"),
            "view_mode": "form",
            "target": "new",
            "context": {"default_dispute_id": self.id},
        }
