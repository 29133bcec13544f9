# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

SERVICE_METHODS = [
    ("certified_email", "Certified e-mail"),
    ("burofax", "Burofax"),
    ("registered_letter", "Registered letter"),
]
SERVICE_FIELDS = ("energy_service_method", "energy_proof_ref", "energy_date_served")


class CreditControlLine(models.Model):
    """A dunning step of one overdue invoice. Formal notices carry how they
    were served, the proof and the served date, which only the service wizard
    writes (a guard refuses them from anyone else, whatever the context): the
    legal period before a cut runs from that date."""

    _name = "credit.control.line"
    _inherit = ["credit.control.line", "energy.guard.mixin"]

    channel = fields.Selection(
        selection_add=[("energy_cut", "Supply cut request")],
        ondelete={"energy_cut": "set letter"},
    )
    energy_contract_id = fields.Many2one(
        "energy.contract",
        string="Supply Contract",
        related="invoice_id.energy_contract_id",
        store=True,
        index="btree_not_null",
    )
    energy_notice_kind = fields.Selection(
        related="policy_level_id.energy_notice_kind", store=True, index=True
    )
    energy_is_formal = fields.Boolean(related="policy_level_id.energy_is_formal")
    energy_service_method = fields.Selection(
        SERVICE_METHODS, string="Served By", readonly=True, copy=False
    )
    energy_proof_ref = fields.Char(
        string="Proof of Service",
        readonly=True,
        copy=False,
        help="Reference of the proof of receipt, date and content (burofax "
        "certificate, certified e-mail id, registered letter number).",
    )
    energy_date_served = fields.Date(
        string="Served On", readonly=True, copy=False, index=True
    )
    energy_date_cut_allowed = fields.Date(
        string="Cut Allowed From",
        compute="_compute_energy_date_cut_allowed",
        store=True,
        help="Served date of the requerimiento plus the legal period of the policy.",
    )

    def create_or_update_from_mv_lines(
        self,
        lines,
        level,
        controlling_date,
        company,
        check_tolerance=True,
        default_lines_vals=None,
    ):
        """OCA's outcome (a draft line per overdue move line above the
        company's tolerance, the drafts left earlier at the same level
        ignored), with the earlier drafts read once for the level instead of
        once per move line: OCA's loop made one query per overdue invoice,
        50 000 in a month's run."""
        user_currency = company.currency_id
        tolerance_base = company.credit_control_tolerance
        on_date = controlling_date or fields.Date.context_today(self)
        tolerance = {
            currency.id: currency._convert(
                tolerance_base, user_currency, company, on_date
            )
            for currency in lines.currency_id
        }
        vals_list = []
        for move_line in lines:
            currency = move_line.currency_id
            open_amount = (
                move_line.amount_residual_currency
                if currency and currency != user_currency
                else move_line.amount_residual
            )
            if check_tolerance and open_amount < tolerance.get(
                currency.id, tolerance_base
            ):
                continue
            vals_list.append(
                self._prepare_from_move_line(
                    move_line,
                    level,
                    controlling_date,
                    open_amount,
                    default_lines_vals or {},
                )
            )
        earlier_drafts = self.search(
            [
                ("move_line_id", "in", [vals["move_line_id"] for vals in vals_list]),
                ("policy_level_id", "=", level.id),
                ("state", "in", ("draft", "to_be_sent")),
            ]
        )
        new_lines = self.create(vals_list)
        earlier_drafts.write({"state": "ignored"})
        return new_lines

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | set(SERVICE_FIELDS)

    @api.depends(
        "energy_date_served", "energy_notice_kind", "policy_id.energy_cut_wait_months"
    )
    def _compute_energy_date_cut_allowed(self):
        for line in self:
            if line.energy_notice_kind == "requerimiento" and line.energy_date_served:
                line.energy_date_cut_allowed = line.energy_date_served + relativedelta(
                    months=line.policy_id.energy_cut_wait_months
                )
            else:
                line.energy_date_cut_allowed = False

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_energy_record_service(self):
        """Open the wizard that records how this formal notice was served."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Service"),
            "res_model": "energy.dunning.serve",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_id": self.id},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _energy_record_service(self, method, proof_ref, date_served, attachment=None):
        """Record the service of these formal notices: checked, written and
        logged in the contracts' history. Refused as a whole on bad input."""
        self._energy_check_service(method, proof_ref, date_served)
        self._write_guarded(
            {
                "energy_service_method": method,
                "energy_proof_ref": proof_ref.strip(),
                "energy_date_served": date_served,
            }
        )
        methods = dict(
            self._fields["energy_service_method"]._description_selection(self.env)
        )
        self._energy_log(
            "served",
            lambda line: self.env._(
                "%(notice)s of invoice %(invoice)s served by %(method)s on "
                "%(date)s, proof %(proof)s.",
                notice=line.policy_level_id.name,
                invoice=line.invoice_id.name,
                method=methods[method],
                date=date_served,
                proof=proof_ref.strip(),
            ),
            attachment_ids=attachment.ids if attachment else None,
        )

    def _energy_check_service(self, method, proof_ref, date_served):
        errors = []
        if not all(self.mapped("energy_is_formal")):
            errors.append(self.env._("Only formal notices are served with proof."))
        if self.filtered(lambda line: line.state not in ("queued", "sent")):
            errors.append(self.env._("Only a notice that was sent can be served."))
        if self.filtered("energy_date_served"):
            errors.append(self.env._("The service of this notice is already recorded."))
        if method not in dict(SERVICE_METHODS):
            errors.append(self.env._("Choose how the notice was served."))
        if not (proof_ref or "").strip():
            errors.append(self.env._("Give the reference of the proof of service."))
        if not date_served:
            errors.append(self.env._("Give the date the notice was served."))
        elif date_served > fields.Date.context_today(self):
            errors.append(self.env._("The served date cannot be in the future."))
        elif self.filtered(lambda line: date_served < line.date):
            errors.append(
                self.env._("The served date cannot be before the notice was issued.")
            )
        if errors:
            raise UserError("\n".join(errors))

    def _energy_log(self, step, reason, attachment_ids=None):
        """One event per contract of these lines in its hash-chained history:
        `reason` is a function of the line."""
        lines = self.filtered("energy_contract_id")
        vals_list = [
            {
                "contract_id": line.energy_contract_id.id,
                "event_type": "dunning",
                "field_name": step,
                "new_value": line.policy_level_id.name,
                "reason": reason(line),
                **({"attachment_ids": attachment_ids} if attachment_ids else {}),
            }
            for line in lines
        ]
        if vals_list:
            self.env["energy.contract.event"].sudo()._log(vals_list)

    def _energy_request_cuts(self, run_date):
        """Channel action of the cut level: one cut request per contract on
        its first permitted day after the run. Lines whose contract passes
        every guard are sent; the others stay to send, their refusal in the
        history."""
        for contract, lines in (
            self.filtered("energy_contract_id").grouped("energy_contract_id").items()
        ):
            planned = contract._dunning_next_cut_day(run_date + relativedelta(days=1))
            request, _refusals = contract._dunning_request_cut(planned)
            if request:
                lines.write({"state": "sent", "date_sent": run_date})
