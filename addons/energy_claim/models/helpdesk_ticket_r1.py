# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Claims towards the distributor: *Open R1* builds the R1-01 with
energy_atr (validated against the CNMC XSD) and the claim waits for the
distributor until the R1 ends."""

from odoo import models
from odoo.exceptions import AccessError, UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def action_open_r1(self):
        """Open an R1 with the distributor of the claim's supply point: the
        R1-01 is built, validated and queued to send by energy_atr, and the
        claim waits for the distributor."""
        self.ensure_one()
        if not (
            self.env.su
            or self.env.user.has_group("energy_base.group_energy_customer_service")
            or self.env.user.has_group("energy_base.group_energy_manager")
        ):
            raise AccessError(self.env._("Only customer service opens an R1."))
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

    def _on_r1_information_requested(self):
        """R1-03: the distributor asks for information; we answer with 04."""
        for claim in self:
            claim.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("The distributor asks for information (R1-03)"),
                user_id=(claim.user_id or self.env.user).id,
            )

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
