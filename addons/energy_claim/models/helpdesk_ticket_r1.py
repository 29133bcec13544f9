# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Claims towards the distributor: *Open R1* builds the R1-01 with
energy_atr (validated against the CNMC XSD) and the claim waits for the
distributor until the R1 ends."""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.energy_atr.models.energy_atr_deadline import SPAIN_TZ

from ..tools import r1_answers


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    r1_info_type = fields.Char(
        string="Information Type (R1)",
        readonly=True,
        copy=False,
        help="What the distributor asked for in its R1-03 (CNMC table 85).",
    )
    r1_info_request = fields.Text(
        string="Information Requested by the Distributor",
        readonly=True,
        copy=False,
    )
    r1_info_answer = fields.Text(
        string="Information to Send (R1-04)",
        copy=False,
        help="The answer to the distributor's request, sent in the R1-04.",
    )

    def action_open_r1(self):
        """Open an R1 with the distributor of the claim's supply point: the
        R1-01 is built, validated and queued to send by energy_atr, and the
        claim waits for the distributor."""
        self.ensure_one()
        self._check_r1_access()
        problems = self._r1_problems()
        if problems:
            raise UserError(
                "\n".join([self.env._("The R1 cannot be opened:"), *problems])
            )
        # The R1 case belongs to the back-office's ATR records: the check
        # above is the access control, the case is created as the system.
        case = self.env["energy.atr.case"].sudo().create(self._prepare_r1_case_values())
        case.action_send_claim()
        self._set_state(
            "waiting_distributor",
            reason=self.env._(
                "R1 %(case)s opened with the distributor.", case=case.name
            ),
        )
        self._history_log(
            [
                {
                    "event_type": "r1",
                    "new_value": "R1-01",
                    "reason": self.env._(
                        "R1 %(case)s built, validated and queued to send to "
                        "%(distributor)s.",
                        case=case.name,
                        distributor=case.distributor_id.display_name
                        or case.distributor_code,
                    ),
                    "attachment_ids": case.atr_message_ids.attachment_id.ids,
                }
            ]
        )
        return True

    def _r1_problems(self):
        self.ensure_one()
        problems = []
        subtype = self.claim_subtype_id
        if not subtype.concerns_distributor or not subtype.in_cnmc_xsd:
            problems.append(
                self.env._(
                    "- Subtype: %(subtype)s is not a claim for the distributor.",
                    subtype=subtype.display_name or "-",
                )
            )
        if len(self.supply_point_ids) != 1:
            problems.append(
                self.env._("- Supply point: an R1 names exactly one supply point.")
            )
        if self.r1_case_ids.filtered(lambda c: c.state not in c._lifecycle.closed):
            problems.append(self.env._("- An R1 of this claim is still open."))
        fields_by_name = self._fields
        for fname in (subtype.required_claim_fields or "").split(","):
            if fname and not self[fname]:
                problems.append(
                    self.env._(
                        "- %(field)s: the subtype needs it.",
                        field=fields_by_name[fname]._description_string(self.env),
                    )
                )
        return problems

    def _prepare_r1_case_values(self):
        self.ensure_one()
        point = self.supply_point_ids
        return {
            "process": "R1",
            "role": "requester",
            "company_id": self.company_id.id,
            "supply_point_id": point.id,
            "claim_subtype": self.claim_subtype_id.code,
            "claim_comments": self._r1_comments(),
            "claim_ticket_id": self.id,
        }

    def _r1_comments(self):
        """The claim's facts for the distributor, in the company's language
        (a Spanish distributor reads it)."""
        claim = self.with_context(lang=self.company_id.partner_id.lang or "es_ES")
        parts = [
            claim.env._("Claim %(code)s: %(title)s", code=self.number, title=self.name)
        ]
        if self.disputed_invoice_ref:
            parts.append(claim.env._("Invoice: %(ref)s", ref=self.disputed_invoice_ref))
        if self.amount_claimed:
            parts.append(claim.env._("Amount: %(amount)s", amount=self.amount_claimed))
        return ". ".join(parts)

    def _on_r1_ended(self, cases):
        """The distributor ended the R1 (closed, rejected, cancelled): the
        claim is ours again, with an activity to answer the customer."""
        waiting = self.filtered(lambda c: c.state == "waiting_distributor")
        if not waiting:
            return
        waiting._set_state(
            "in_progress",
            reason=self.env._("The distributor ended the R1."),
        )
        for claim in waiting:
            case = cases.filtered(lambda c, claim=claim: c.claim_ticket_id == claim)
            claim.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("The distributor answered the R1"),
                note=self.env._(
                    "R1 %(case)s is %(state)s: record the result and answer the "
                    "customer.",
                    case=", ".join(case.mapped("name")),
                    state=", ".join(case.mapped(lambda c: c._state_label(c.state))),
                ),
                user_id=(claim.user_id or self.env.user).id,
            )

    def _on_r1_information_requested(self, case, info_type, request):
        """R1-03: the distributor asks for information; the request is kept
        on the claim and an activity asks the agent to answer with an
        R1-04."""
        self.ensure_one()
        self.write({"r1_info_type": info_type or "01", "r1_info_request": request})
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("The distributor asks for information (R1-03)"),
            note=request or "",
            user_id=(self.user_id or self.env.user).id,
        )
        self._history_log(
            [
                {
                    "event_type": "r1",
                    "new_value": "R1-03",
                    "reason": self.env._(
                        "R1 %(case)s: the distributor asks for information: "
                        "%(request)s",
                        case=case.name,
                        request=request or "-",
                    ),
                }
            ]
        )

    def action_send_r1_information(self):
        """Answer the distributor's R1-03 with an R1-04 carrying the agent's
        answer, built by gestionatr, validated against the CNMC XSD and
        queued to send on the claim's open R1."""
        self.ensure_one()
        self._check_r1_access()
        case = self.r1_case_ids.filtered(lambda c: c.state not in c._lifecycle.closed)[
            :1
        ]
        if not (case and self.r1_info_request and self.r1_info_answer):
            raise UserError(
                self.env._(
                    "An R1-04 answers an open R1 whose distributor asked for "
                    "information: write the information to send first."
                )
            )
        xml = self._build_r1_information(case)
        problems = self.env["energy.contract"]._atr_xsd_problems(xml)
        if problems:
            raise UserError(
                "\n".join([self.env._("The R1-04 is not valid:"), *problems])
            )
        message = (
            self.env["energy.atr.message"]
            .sudo()
            ._create_outgoing([{"case_id": case.id, "xml": xml}])
        )
        self._history_log(
            [
                {
                    "event_type": "r1",
                    "new_value": "R1-04",
                    "reason": self.env._(
                        "R1 %(case)s: information sent to the distributor: %(info)s",
                        case=case.name,
                        info=self.r1_info_answer,
                    ),
                    "attachment_ids": message.attachment_id.ids,
                }
            ]
        )
        self.write({"r1_info_request": False})
        self.activity_ids.filtered(
            lambda a: "R1-03" in (a.summary or "")
        ).action_feedback(feedback=self.r1_info_answer)
        return True

    def _build_r1_information(self, case):
        now = fields.Datetime.context_timestamp(
            self.with_context(tz=SPAIN_TZ), fields.Datetime.now()
        ).replace(tzinfo=None, microsecond=0)
        return r1_answers.r1_information(
            case.name,
            case.cups,
            case.company_id.energy_ree_code,
            case.distributor_code,
            self.r1_info_type or "01",
            (self.r1_info_request or "")[:255],
            self.r1_info_answer[:4000],
            now,
        )

    def _check_r1_access(self):
        if not (
            self.env.su
            or self.env.user.has_group("energy_base.group_energy_customer_service")
            or self.env.user.has_group("energy_base.group_energy_manager")
        ):
            raise AccessError(self.env._("Only customer service opens an R1."))

    def _on_r1_closure(self, case, result_code, detail_code, remarks):
        """The distributor's R1-05 result and detail go onto the claim (the
        agent still writes the answer to the customer) and into its
        history."""
        self.ensure_one()
        result = self.env["energy.claim.result"].search(
            [("code", "=", result_code)], limit=1
        )
        detail = self.env["energy.claim.detail"].search(
            [("code", "=", detail_code), ("result_id", "in", [result.id, False])],
            limit=1,
        )
        if result:
            self.write({"result_id": result.id, "detail_id": detail.id})
        self._history_log(
            [
                {
                    "event_type": "r1",
                    "field_name": "result_id",
                    "new_value": "R1-05",
                    "reason": self.env._(
                        "R1 %(case)s closed by the distributor: result %(result)s, "
                        "detail %(detail)s. %(remarks)s",
                        case=case.name,
                        result=result.display_name or result_code or "-",
                        detail=detail.display_name or detail_code or "-",
                        remarks=remarks or "",
                    ),
                }
            ]
        )
