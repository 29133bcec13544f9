# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

DOCUMENT_STATES = [
    ("required", "Required"),
    ("received", "Received"),
    ("validated", "Validated"),
    ("rejected", "Rejected"),
]
REJECTION_REASONS = [
    ("unreadable", "Unreadable"),
    ("expired", "Expired"),
    ("holder_mismatch", "Does not match the holder"),
    ("incomplete", "Incomplete"),
    ("wrong_document", "Not the document asked for"),
    ("other", "Other"),
]
# A decision on a document is no longer useful once the request is closed.
DOCUMENT_LOCKED_STATES = ("terminated", "cancelled")
VALIDATION_GROUP = "energy_base.group_energy_validation"


class EnergyContractDocument(models.Model):
    """One line of a request's document checklist: a document the rules ask
    for (or that back-office asked for by hand), its file(s) and the decision
    taken on it. Every decision is written to the request's history with the
    files as evidence."""

    _name = "energy.contract.document"
    _inherit = ["energy.guard.mixin"]
    _description = "Contract Request Document"
    _order = "contract_id, sequence, id"
    _rec_name = "document_type_id"

    contract_id = fields.Many2one(
        "energy.contract",
        string="Request",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True, precompute=True
    )
    contract_state = fields.Selection(related="contract_id.state", string="Phase")
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Customer")
    document_type_id = fields.Many2one(
        "energy.contract.document.type",
        string="Document",
        required=True,
        ondelete="restrict",
        index=True,
    )
    sequence = fields.Integer(
        related="document_type_id.sequence", store=True, precompute=True
    )
    state = fields.Selection(
        DOCUMENT_STATES,
        required=True,
        default="required",
        readonly=True,
        index=True,
        copy=False,
    )
    is_required = fields.Boolean(
        string="Required",
        default=True,
        readonly=True,
        help="Cleared when the rules stop asking for a document that was already "
        "received or decided: it no longer blocks the request.",
    )
    is_manual = fields.Boolean(
        string="Asked by Hand",
        readonly=True,
        help="Added by a user rather than by the document rules; the rules never "
        "remove it.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "energy_contract_document_attachment_rel",
        "document_id",
        "attachment_id",
        string="Files",
        copy=False,
    )
    date_received = fields.Datetime(string="Received On", readonly=True, copy=False)
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_reviewed = fields.Datetime(string="Reviewed On", readonly=True, copy=False)
    reviewed_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        help="Who validated or rejected the document.",
    )
    rejection_reason = fields.Selection(REJECTION_REASONS, readonly=True, copy=False)
    rejection_note = fields.Text(readonly=True, copy=False)
    reminder_count = fields.Integer(
        string="Reminders",
        default=0,
        readonly=True,
        copy=False,
        help="Reminders sent to the customer or the channel while this document "
        "was missing or rejected.",
    )
    date_last_reminder = fields.Date(string="Last Reminder", readonly=True, copy=False)

    _sql_constraints = [
        (
            "contract_type_unique",
            "UNIQUE (contract_id, document_type_id)",
            "A request lists each document once.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("document_type_id", "state", "rejection_reason")
    def _compute_display_name(self):
        reasons = dict(
            self._fields["rejection_reason"]._description_selection(self.env)
        )
        for document in self:
            name = document.document_type_id.name or ""
            if document.state == "rejected" and document.rejection_reason:
                name = self.env._(
                    "%(document)s (%(reason)s)",
                    document=name,
                    reason=reasons[document.rejection_reason],
                )
            document.display_name = name

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Lines from the rules come through _sync_document_checklist with
            # the flag set; anything else is a document asked for by hand.
            vals.setdefault("is_manual", True)
        documents = super().create(vals_list)
        documents._link_attachments_to_request()
        return documents

    @api.model
    def _get_guarded_fields(self):
        """The decision and its evidence: written only by the actions
        (received, validated, rejected), which log it in the history."""
        return super()._get_guarded_fields() | {
            "state",
            "date_received",
            "received_by_id",
            "date_reviewed",
            "reviewed_by_id",
            "rejection_reason",
            "rejection_note",
        }

    def write(self, vals):
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._link_attachments_to_request()
        return result

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_open_receive_wizard(self):
        return self._open_decision_wizard("receive")

    def action_open_reject_wizard(self):
        return self._open_decision_wizard("reject")

    def action_receive(self, attachments=None):
        """Mark the documents received with their files (`attachments`:
        ir.attachment records or ids, added to the files already there).
        A document without any file cannot be received."""
        self._check_can_decide()
        attachments = self._as_attachments(attachments)
        if attachments:
            self.write({"attachment_ids": [Command.link(a.id) for a in attachments]})
        missing = self.filtered(lambda d: not d.attachment_ids)
        if missing:
            raise UserError(
                self.env._(
                    "Attach the file of %(documents)s before marking it received.",
                    documents=", ".join(missing.mapped("document_type_id.name")),
                )
            )
        wrong = self.filtered(lambda d: d.state == "validated")
        if wrong:
            raise UserError(
                self.env._(
                    "%(documents)s is already validated.",
                    documents=", ".join(wrong.mapped("document_type_id.name")),
                )
            )
        self._decide(
            "received",
            {
                "date_received": fields.Datetime.now(),
                "received_by_id": self.env.uid,
                "rejection_reason": False,
                "rejection_note": False,
                "date_reviewed": False,
                "reviewed_by_id": False,
            },
        )
        return True

    def action_validate(self):
        """Validation accepts the received documents."""
        self._check_validation_group()
        self._check_can_decide()
        wrong = self.filtered(lambda d: d.state != "received")
        if wrong:
            raise UserError(
                self.env._(
                    "Only received documents can be validated: %(documents)s.",
                    documents=", ".join(wrong.mapped("document_type_id.name")),
                )
            )
        self._decide(
            "validated",
            {"date_reviewed": fields.Datetime.now(), "reviewed_by_id": self.env.uid},
        )
        return True

    def action_reject(self, reason, note=None):
        """Validation refuses the documents for `reason` (a value of
        REJECTION_REASONS); the customer must send them again."""
        self._check_validation_group()
        self._check_can_decide()
        if reason not in dict(REJECTION_REASONS):
            raise UserError(self.env._("Say why the document is rejected."))
        wrong = self.filtered(lambda d: d.state not in ("received", "validated"))
        if wrong:
            raise UserError(
                self.env._(
                    "Only received or validated documents can be rejected: "
                    "%(documents)s.",
                    documents=", ".join(wrong.mapped("document_type_id.name")),
                )
            )
        self._decide(
            "rejected",
            {
                "date_reviewed": fields.Datetime.now(),
                "reviewed_by_id": self.env.uid,
                "rejection_reason": reason,
                "rejection_note": note or False,
            },
        )
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _decide(self, new_state, values):
        """Write the decision and log one history event per document, with
        its files as evidence."""
        old_states = {document.id: document.state for document in self}
        self._write_guarded(dict(values, state=new_state))
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": document.contract_id.id,
                    "event_type": "document",
                    "field_name": document.document_type_id.code,
                    "old_value": old_states[document.id],
                    "new_value": new_state,
                    "reason": document._decision_summary(),
                    "attachment_ids": document.attachment_ids.ids,
                }
                for document in self
            ]
        )

    def _decision_summary(self):
        self.ensure_one()
        if self.state != "rejected":
            return self.document_type_id.name
        reasons = dict(
            self._fields["rejection_reason"]._description_selection(self.env)
        )
        summary = self.env._(
            "%(document)s: %(reason)s",
            document=self.document_type_id.name,
            reason=reasons.get(self.rejection_reason, ""),
        )
        if self.rejection_note:
            summary = f"{summary}. {self.rejection_note}"
        return summary

    def _check_validation_group(self):
        if not (self.env.su or self.env.user.has_group(VALIDATION_GROUP)):
            raise AccessError(
                self.env._("Only the validation team validates or rejects documents.")
            )

    def _check_can_decide(self):
        self.check_access("write")
        self.contract_id.check_access("write")
        locked = self.filtered(lambda d: d.contract_id.state in DOCUMENT_LOCKED_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "The request %(name)s is closed: its documents can no longer "
                    "change.",
                    name=locked[0].contract_id.name,
                )
            )

    def _as_attachments(self, attachments):
        if not attachments:
            return self.env["ir.attachment"]
        if isinstance(attachments, models.BaseModel):
            return attachments
        return self.env["ir.attachment"].browse(attachments)

    def _link_attachments_to_request(self):
        """Files belong to the request, so that whoever may read the request
        may read them (and they show in its chatter)."""
        for contract, documents in self.grouped("contract_id").items():
            loose = documents.attachment_ids.filtered(
                lambda a, c=contract: a.res_model != c._name or a.res_id != c.id
            )
            if loose:
                loose.write({"res_model": contract._name, "res_id": contract.id})

    def _open_decision_wizard(self, action):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Document"),
            "res_model": "energy.contract.document.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_document_ids": self.ids,
                "default_action": action,
            },
        }
