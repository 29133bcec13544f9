# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

OUTCOMES = [
    ("no_answer", "No answer"),
    ("call_back", "Call back"),
    ("not_interested", "Not interested"),
    ("interested", "Interested"),
    ("wrong_number", "Wrong number"),
]


class CrmPhonecall(models.Model):
    """A call of OCA crm_phonecall with its sales outcome. Outbound commercial
    calls are refused unless the lead records the person's request or prior
    consent (RD 88/2026): the check is a constraint, which no context, group
    or sudo() skips."""

    _inherit = "crm.phonecall"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    is_commercial = fields.Boolean(
        string="Commercial Call",
        default=True,
        help="A call that offers our products. Outbound commercial calls need "
        "the person's request or prior consent recorded on the lead.",
    )
    outcome = fields.Selection(OUTCOMES, index=True, tracking=True)
    date_call_back = fields.Datetime(string="Call Back At")
    lost_reason_id = fields.Many2one(
        "crm.lost.reason",
        string="Not Interested Because",
        help="Why the person is not interested; the lead is marked lost with it.",
    )

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains("direction", "is_commercial", "opportunity_id", "date")
    def _check_call_consent(self):
        for call in self:
            reason = call._call_consent_error()
            if reason:
                raise ValidationError(reason)

    @api.constrains("outcome", "date_call_back", "lost_reason_id")
    def _check_outcome_details(self):
        for call in self:
            if call.outcome == "call_back" and not call.date_call_back:
                raise ValidationError(self.env._("Say when to call back."))
            if call.outcome == "not_interested" and not call.lost_reason_id:
                raise ValidationError(
                    self.env._("Say why the person is not interested.")
                )

    def _call_consent_error(self):
        """The translated reason why this call may not be made, or False."""
        self.ensure_one()
        if self.direction != "out" or not self.is_commercial:
            return False
        lead = self.opportunity_id
        if not lead:
            return self.env._(
                "An outbound commercial call must be made from a lead that "
                "records the person's request or consent (RD 88/2026)."
            )
        lead = lead.sudo()
        if not lead.can_call:
            return self.env._(
                "%(lead)s: no request or consent of the person is recorded; an "
                "outbound commercial call is not allowed (RD 88/2026).",
                lead=lead.name,
            )
        if self.date and lead.consent_date > self.date:
            return self.env._(
                "%(lead)s: the call is dated before the consent was given.",
                lead=lead.name,
            )
        return False

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        calls = super().create(vals_list)
        calls.filtered("outcome")._apply_outcome()
        return calls

    def write(self, vals):
        res = super().write(vals)
        if vals.get("outcome"):
            self._apply_outcome()
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _apply_outcome(self):
        """What an outcome does to the lead: a call-back becomes a scheduled
        call activity, "not interested" marks the lead lost with its reason,
        "interested" turns a lead into an opportunity."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        for call in self.filtered("opportunity_id"):
            lead = call.opportunity_id
            if call.outcome == "call_back":
                lead.activity_schedule(
                    activity_type_id=call_type.id,
                    date_deadline=fields.Datetime.context_timestamp(
                        call, call.date_call_back
                    ).date(),
                    summary=self.env._(
                        "Call back at %(when)s",
                        when=fields.Datetime.context_timestamp(
                            call, call.date_call_back
                        ).strftime("%H:%M"),
                    ),
                    user_id=call.user_id.id or self.env.uid,
                )
            elif call.outcome == "not_interested":
                lead.action_set_lost(lost_reason_id=call.lost_reason_id.id)
            elif call.outcome == "interested" and lead.type == "lead":
                lead.type = "opportunity"
            elif call.outcome == "wrong_number":
                lead.message_post(
                    body=self.env._(
                        "Wrong number: %(phone)s does not reach this person.",
                        phone=call.partner_phone or lead.phone or "",
                    )
                )
