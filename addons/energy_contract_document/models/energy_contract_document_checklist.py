# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import split_every

from odoo.addons.energy_contract.models.energy_contract import POWER_FIELDS
from odoo.addons.energy_contract.models.lifecycle import CLOSED_STATES

# Request data the document rules read: a change re-evaluates the checklist.
CHECKLIST_FIELDS = {
    "request_type",
    "partner_id",
    "customer_type",
    "supply_point_id",
    "product_id",
    "access_tariff_id",
    "bank_iban",
    *POWER_FIELDS,
}
DOCUMENT_STATUSES = [
    ("none", "None required"),
    ("missing", "Missing"),
    ("to_validate", "To validate"),
    ("waived", "Waived by exception"),
    ("complete", "Complete"),
]
REMINDER_BATCH = 500


class EnergyContract(models.Model):
    """Required documents of a request: the checklist the rules build, the
    exit check that names what is missing, and the reminders."""

    _inherit = "energy.contract"

    document_ids = fields.One2many(
        "energy.contract.document", "contract_id", string="Documents"
    )
    document_status = fields.Selection(
        DOCUMENT_STATUSES,
        compute="_compute_document_status",
        store=True,
        index=True,
        help="Missing: a required document was not received or was rejected. To "
        "validate: everything was received, validation must still review it.",
    )
    document_reminder_count = fields.Integer(
        string="Document Reminders",
        default=0,
        readonly=True,
        copy=False,
        help="Reminders sent since the request last entered the documentation phase.",
    )
    document_reminder_date = fields.Date(
        string="Last Document Reminder", readonly=True, copy=False
    )
    phase_governance_id = fields.Many2one(
        "energy.contract.phase",
        compute="_compute_phase_governance_id",
        help="The governance record of the request's current phase.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends(
        "document_ids.state",
        "document_ids.is_required",
        "exception_ids.state",
        "exception_ids.check",
    )
    def _compute_document_status(self):
        for contract in self:
            lines = contract.document_ids.filtered("is_required")
            if not lines:
                status = "none"
            elif any(line.state in ("required", "rejected") for line in lines):
                status = "missing"
            elif any(line.state == "received" for line in lines):
                status = "to_validate"
            else:
                status = "complete"
            pending = status in ("missing", "to_validate")
            if pending and contract._has_approved_exception("documents"):
                status = "waived"
            contract.document_status = status

    @api.depends("state", "company_id")
    def _compute_phase_governance_id(self):
        Phase = self.env["energy.contract.phase"]
        for company, contracts in self.grouped("company_id").items():
            ids = Phase._get_phase_ids_by_state(company.id) if company else {}
            for contract in contracts:
                contract.phase_governance_id = Phase.browse(ids.get(contract.state))

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    def write(self, vals):
        result = super().write(vals)
        if CHECKLIST_FIELDS.intersection(vals):
            self.filtered(
                lambda c: c.state == "documentation"
                or (c.state == "draft" and c.document_ids)
            )._sync_document_checklist()
        return result

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_refresh_document_checklist(self):
        """Apply the document rules again (after editing them, say)."""
        self.check_access("write")
        self._sync_document_checklist()
        return True

    # ------------------------------------------------------------------
    # Hooks of the lifecycle
    # ------------------------------------------------------------------

    def _enter_phase(self, now):
        result = super()._enter_phase(now)
        # the checklist is built when the request enters documentation, and
        # in a later phase that checks documents if it skipped documentation
        checked = self.filtered(
            lambda c: c.state == "documentation"
            or (c.document_status == "none" and c.phase_governance_id.check_documents)
        )
        checked._sync_document_checklist()
        # reminders count anew on every visit of the documentation phase
        checked.filtered(
            lambda c: c.state == "documentation" and c.document_reminder_count
        ).sudo().write({"document_reminder_count": 0, "document_reminder_date": False})
        return result

    def _get_phase_exit_errors(self, new_state):
        errors = super()._get_phase_exit_errors(new_state)
        if self.phase_governance_id.check_documents and self._is_forward_move(
            new_state
        ):
            errors += self._get_document_exit_errors()
        return errors

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _is_forward_move(self, new_state):
        """Moving on along the happy path (exit checks apply), rather than back,
        to a rejection or a cancellation (they never block)."""
        self.ensure_one()
        return self._lifecycle.is_forward(self.state, new_state)

    def _get_document_exit_errors(self, ignore_exceptions=False):
        """What keeps the request in its phase, document-wise: each missing,
        rejected (with the reason) or not yet validated document by name;
        nothing when an approved exception lets it pass."""
        self.ensure_one()
        if not ignore_exceptions and self._has_approved_exception("documents"):
            return []
        lines = self.document_ids.filtered("is_required")
        errors = []
        missing = lines.filtered(lambda d: d.state == "required")
        if missing:
            errors.append(
                self.env._(
                    "missing: %(documents)s",
                    documents=", ".join(missing.mapped("document_type_id.name")),
                )
            )
        rejected = lines.filtered(lambda d: d.state == "rejected")
        if rejected:
            errors.append(
                self.env._(
                    "rejected: %(documents)s",
                    documents=", ".join(rejected.mapped("display_name")),
                )
            )
        received = lines.filtered(lambda d: d.state == "received")
        if received:
            errors.append(
                self.env._(
                    "not validated yet: %(documents)s",
                    documents=", ".join(received.mapped("document_type_id.name")),
                )
            )
        return errors

    def _get_missing_documents(self):
        """Required documents the customer still has to send (missing or
        rejected), for reminders."""
        return self.document_ids.filtered(
            lambda d: d.is_required and d.state in ("required", "rejected")
        )

    def _get_document_reminder_partner(self):
        """Who is reminded: the channel when the request came through one,
        otherwise the customer."""
        self.ensure_one()
        return self.channel_id or self.partner_id

    def _sync_document_checklist(self):
        """Make the checklists of these requests match the document rules:
        add the documents the rules ask for, drop the untouched ones they no
        longer ask for, and keep (as no longer required) those already
        received or decided. Lines added by hand are left alone. Batch: one
        search of the rules, one read of the lines, one create."""
        contracts = self.filtered(lambda c: c.state not in CLOSED_STATES)
        if not contracts:
            return
        rules = (
            self.env["energy.contract.document.rule"]
            .sudo()
            .search([("company_id", "in", [False, *contracts.company_id.ids])])
        )
        Document = self.env["energy.contract.document"].sudo()
        to_create = []
        to_require = Document
        to_release = Document
        to_remove = Document
        for contract in contracts:
            wanted = {
                rule.document_type_id.id for rule in rules if rule._applies_to(contract)
            }
            by_type = {line.document_type_id.id: line for line in contract.document_ids}
            to_create += [
                {
                    "contract_id": contract.id,
                    "document_type_id": type_id,
                    "is_manual": False,
                }
                for type_id in sorted(wanted - by_type.keys())
            ]
            for type_id, line in by_type.items():
                if type_id in wanted:
                    if not line.is_required:
                        to_require |= line
                elif line.is_manual or not line.is_required:
                    continue
                elif line.state == "required" and not line.attachment_ids:
                    to_remove |= line
                else:
                    to_release |= line
        to_remove.unlink()
        to_require.write({"is_required": True})
        to_release.write({"is_required": False})
        Document.create(to_create)

    @api.model
    def _cron_send_document_reminders(self):
        """Remind the customer (or the channel) of the documents still
        missing: a first time after N days in the documentation phase and
        again after M days (set on the phase), counted in calendar days from
        the day the request entered the phase. Each reminder is written to
        the history and to the checklist lines; at most one per request and
        day, whatever the number of runs."""
        today = fields.Date.context_today(self)
        candidates = self.search(
            [
                ("state", "=", "documentation"),
                ("document_status", "=", "missing"),
                ("document_reminder_count", "<", 2),
                "|",
                ("document_reminder_date", "=", False),
                ("document_reminder_date", "<", today),
            ],
            order="state_date, id",
        )
        due_ids = []
        for contract in candidates:
            phase = contract.phase_governance_id
            days = (
                phase.document_reminder_first_days
                if not contract.document_reminder_count
                else phase.document_reminder_second_days
            )
            entered = fields.Date.context_today(self, timestamp=contract.state_date)
            if days and today - entered >= timedelta(days=days):
                due_ids.append(contract.id)
        for ids in split_every(REMINDER_BATCH, due_ids):
            self.browse(ids)._send_document_reminders(today)
        return len(due_ids)

    def _send_document_reminders(self, today):
        """Mail the reminder and record it (history, checklist lines)."""
        template = self.env.ref(
            "energy_contract_document.mail_template_document_reminder",
            raise_if_not_found=False,
        )
        if template:
            composer = (
                self.env["mail.compose.message"]
                .with_context(
                    default_composition_mode="comment",
                    default_model=self._name,
                    default_res_ids=self.ids,
                    default_template_id=template.id,
                )
                .create(
                    {
                        "message_type": "comment",
                        "subtype_id": self.env.ref("mail.mt_comment").id,
                    }
                )
            )
            composer._action_send_mail()
        events = []
        for contract in self:
            missing = contract._get_missing_documents()
            events.append(
                {
                    "contract_id": contract.id,
                    "event_type": "reminder",
                    "field_name": "documents",
                    "old_value": str(contract.document_reminder_count),
                    "new_value": str(contract.document_reminder_count + 1),
                    "reason": self.env._(
                        "Reminder to %(recipient)s: %(documents)s",
                        recipient=contract._get_document_reminder_partner().display_name,
                        documents=", ".join(missing.mapped("display_name")),
                    ),
                }
            )
        for count, lines in (
            self._get_missing_documents().grouped("reminder_count").items()
        ):
            lines.sudo().write(
                {"reminder_count": count + 1, "date_last_reminder": today}
            )
        for count, contracts in self.grouped("document_reminder_count").items():
            contracts.sudo().write(
                {"document_reminder_count": count + 1, "document_reminder_date": today}
            )
        self.env["energy.contract.event"]._log(events)
