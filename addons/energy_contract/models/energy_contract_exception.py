# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .lifecycle import CLOSED_STATES

MANAGER_GROUP = "energy_base.group_energy_manager"
EXCEPTION_STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
# What the approver may still write on a pending exception (the rest is
# evidence and changes only through the actions).
EXCEPTION_EDITABLE_FIELDS = {"decision_note"}


class EnergyContractException(models.Model):
    """Permission for a request to pass a failing check (documents or
    scoring). Asked by validation with a written justification and optional
    evidence, decided by the Energy manager named as approver. Once
    approved, the check no longer blocks the request. Requests, decisions
    and evidence stay: nothing is edited or deleted afterwards."""

    _name = "energy.contract.exception"
    _inherit = ["energy.guard.mixin"]
    _description = "Contract Request Exception"
    _order = "date_requested desc, id desc"
    _rec_name = "contract_id"

    contract_id = fields.Many2one(
        "energy.contract",
        string="Request",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    # the capability addons add their checks (documents, scoring...)
    check = fields.Selection(
        [],
        string="Check Passed Over",
        required=True,
        index=True,
    )
    state = fields.Selection(
        EXCEPTION_STATES,
        required=True,
        default="requested",
        readonly=True,
        index=True,
        copy=False,
    )
    justification = fields.Text(
        required=True, help="Why the request may go on although the check fails."
    )
    failing_summary = fields.Text(
        string="What Fails",
        readonly=True,
        help="The failing check as it stood when the exception was requested.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "energy_contract_exception_attachment_rel",
        "exception_id",
        "attachment_id",
        string="Evidence",
    )
    requested_by_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.uid,
    )
    date_requested = fields.Datetime(
        string="Requested On",
        required=True,
        readonly=True,
        default=fields.Datetime.now,
    )
    approver_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref(MANAGER_GROUP).ids),
            ("share", "=", False),
        ],
        help="The Energy manager who approves or refuses the exception.",
    )
    date_decided = fields.Datetime(string="Decided On", readonly=True, copy=False)
    decision_note = fields.Text(
        help="The approver's comment; required to refuse.", copy=False
    )

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains("approver_id", "requested_by_id")
    def _check_approver(self):
        for exception in self:
            if not exception.approver_id.has_group(MANAGER_GROUP):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not an Energy manager and cannot approve "
                        "exceptions.",
                        user=exception.approver_id.name,
                    )
                )
            if exception.approver_id == exception.requested_by_id:
                raise ValidationError(
                    self.env._(
                        "An exception is approved by someone other than the person "
                        "who asks for it."
                    )
                )

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        contracts = self.env["energy.contract"].browse(
            [vals["contract_id"] for vals in vals_list if vals.get("contract_id")]
        )
        contracts.check_access("write")
        for vals in vals_list:
            contract = contracts.browse(vals.get("contract_id"))
            vals.update(self._prepare_request_values(contract, vals.get("check")))
            # requester and date are facts, not input
            vals["requested_by_id"] = self.env.uid
            vals["date_requested"] = fields.Datetime.now()
            vals["state"] = "requested"
        exceptions = super().create(vals_list)
        exceptions._link_attachments_to_request()
        exceptions._log_events("requested")
        for approver, group in exceptions.grouped("approver_id").items():
            group.contract_id.activity_schedule(
                "energy_contract.mail_activity_type_exception",
                user_id=approver.id,
                note=self.env._("An exception waits for your decision."),
            )
        return exceptions

    def write(self, vals):
        if not self._guard_is_released():
            if set(vals) - EXCEPTION_EDITABLE_FIELDS or any(
                e.state != "requested" for e in self
            ):
                raise UserError(
                    self.env._(
                        "An exception is evidence: it changes only when its approver "
                        "decides it."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Exceptions are kept as evidence; refuse it instead.")
        )

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_approve(self, note=None):
        self._check_decision()
        self._decide("approved", note or False)
        return True

    def action_refuse(self, note=None):
        self._check_decision()
        missing_note = self.filtered(lambda e: not (note or e.decision_note))
        if missing_note:
            raise UserError(self.env._("Say why the exception is refused."))
        self._decide("refused", note)
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _prepare_request_values(self, contract, check):
        """The evidence of the failing check, or an error when there is
        nothing to pass over."""
        labels = dict(self._fields["check"]._description_selection(self.env))
        if check not in labels:
            raise UserError(self.env._("Choose the check the exception is about."))
        if not contract or contract.state in CLOSED_STATES:
            raise UserError(
                self.env._("Exceptions are requested on open requests only.")
            )
        if any(
            e.check == check and e.state in ("requested", "approved")
            for e in contract.exception_ids
        ):
            raise UserError(
                self.env._(
                    "%(name)s already has an exception for the %(check)s check, "
                    "pending or approved.",
                    name=contract.name,
                    check=labels[check],
                )
            )
        errors, values = contract._get_exception_evidence(check)
        if not errors:
            raise UserError(
                self.env._(
                    "The %(check)s check of %(name)s does not fail: no exception is "
                    "needed.",
                    check=labels[check],
                    name=contract.name,
                )
            )
        values["failing_summary"] = "; ".join(errors)
        return values

    def _check_decision(self):
        """Only the approver named on the exception decides it, and only while
        they are an Energy manager."""
        user = self.env.user
        for exception in self:
            if exception.approver_id != user or not user.has_group(MANAGER_GROUP):
                raise AccessError(
                    self.env._(
                        "Only %(approver)s, as an Energy manager, can decide this "
                        "exception.",
                        approver=exception.approver_id.name,
                    )
                )
            if exception.state != "requested":
                raise UserError(self.env._("This exception was already decided."))

    def _decide(self, new_state, note):
        values = {"state": new_state, "date_decided": fields.Datetime.now()}
        if note:
            values["decision_note"] = note
        self._write_guarded(values)
        self._log_events(new_state)
        for approver, group in self.grouped("approver_id").items():
            group.contract_id.activity_feedback(
                ["energy_contract.mail_activity_type_exception"],
                user_id=approver.id,
                feedback=dict(EXCEPTION_STATES)[new_state],
            )

    def _log_events(self, new_state):
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": exception.contract_id.id,
                    "event_type": "exception",
                    "field_name": exception.check,
                    "old_value": "" if new_state == "requested" else "requested",
                    "new_value": new_state,
                    "reason": exception._event_reason(new_state),
                    "attachment_ids": exception.attachment_ids.ids,
                }
                for exception in self
            ]
        )

    def _event_reason(self, new_state):
        self.ensure_one()
        if new_state == "requested":
            return self.env._(
                "%(justification)s (fails: %(failing)s; approver: %(approver)s)",
                justification=self.justification,
                failing=self.failing_summary,
                approver=self.approver_id.name,
            )
        return self.decision_note or ""

    def _link_attachments_to_request(self):
        for exception in self:
            contract = exception.contract_id
            loose = exception.attachment_ids.filtered(
                lambda a, c=contract: a.res_model != c._name or a.res_id != c.id
            )
            if loose:
                loose.write({"res_model": contract._name, "res_id": contract.id})


class EnergyContract(models.Model):
    _inherit = "energy.contract"

    exception_ids = fields.One2many(
        "energy.contract.exception", "contract_id", string="Exceptions"
    )
    exception_count = fields.Integer(compute="_compute_exception_count")

    @api.depends("exception_ids")
    def _compute_exception_count(self):
        counts = dict(
            self.env["energy.contract.exception"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.exception_count = counts.get(contract, 0)

    def _get_exception_evidence(self, check):
        """What fails in `check` on this request, ignoring exceptions, and the
        values that record it on the exception: ``(errors, values)``. Each
        capability addon answers for its own check and passes the others on;
        a check nobody answers for is an error, not an empty answer."""
        raise UserError(
            self.env._("No check named %(check)s can be passed over.", check=check)
        )

    def _has_approved_exception(self, check):
        """Whether an approved exception lets the request pass `check`."""
        self.ensure_one()
        return any(
            e.check == check and e.state == "approved" for e in self.exception_ids
        )

    def action_request_exception(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request an Exception"),
            "res_model": "energy.contract.exception",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_contract_id": self.id,
                "default_check": self.env.context.get("exception_check"),
            },
        }

    def action_view_exceptions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Exceptions"),
            "res_model": "energy.contract.exception",
            "view_mode": "list,form",
            "domain": [("contract_id", "=", self.id)],
            "context": {"default_contract_id": self.id},
        }
