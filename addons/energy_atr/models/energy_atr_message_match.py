# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Matching the received messages: each valid one is addressed to us, names
a case of ours (or, for a notice to the outgoing retailer, a supply point we
serve: its case is opened) and was not applied before; the others wait in the
inbox with the reason. (See ``atr_incoming`` for the whole incoming side.)"""

import psycopg2

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from . import atr_parse
from .atr_incoming import SUPPLY_REQUEST_TYPES


class EnergyAtrMessage(models.Model):
    _inherit = "energy.atr.message"

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------

    @api.model
    def _atr_process(self, items):
        """Match valid messages to their cases, set the inbox ones aside and
        apply the others."""
        if not items:
            return
        company = self.env.company
        our_code = company.energy_ree_code
        cases = self._atr_cases(items, company)
        to_apply = []
        needs_case = []
        for item in items:
            parsed = item.parsed
            if not our_code:
                self._atr_set_inbox(
                    item,
                    "error",
                    self.env._(
                        "The company %(company)s has no REE code: set it to import "
                        "switching messages.",
                        company=company.display_name,
                    ),
                )
                continue
            if parsed.receiver_code != our_code:
                self._atr_set_inbox(
                    item,
                    "not_ours",
                    self.env._(
                        "The message is addressed to the REE code %(receiver)s, not "
                        "to ours (%(ours)s).",
                        receiver=parsed.receiver_code or "-",
                        ours=our_code,
                    ),
                )
                continue
            case = cases.get(parsed.request_code)
            if not case:
                if parsed.kind in atr_parse.OUTGOING_KINDS:
                    needs_case.append(item)
                else:
                    self._atr_set_inbox(
                        item, "unmatched", self._atr_no_case_text(parsed)
                    )
                continue
            item.case = case
            problem = self._atr_match_problem(item)
            if problem:
                # the message names the case but does not belong to it
                item.case = None
                self._atr_set_inbox(item, "unmatched", problem)
                continue
            to_apply.append(item)
        to_apply += self._atr_open_outgoing_cases(needs_case, company)
        to_apply = self._atr_skip_applied(to_apply, company)
        self._atr_apply(to_apply)

    @api.model
    def _atr_no_case_text(self, parsed):
        processes = self.env["energy.atr.case"]._fields["process"].get_values(self.env)
        if parsed.process not in processes:
            return self.env._(
                "The process %(process)s (step %(step)s, request %(code)s) is started "
                "by the distributor and is not applied automatically: review it.",
                process=parsed.process,
                step=parsed.step,
                code=parsed.request_code,
            )
        return self.env._(
            "No switching case has the request code %(code)s.",
            code=parsed.request_code,
        )

    @api.model
    def _atr_cases(self, items, company):
        codes = {item.parsed.request_code for item in items}
        cases = self.env["energy.atr.case"].search(
            [("name", "in", list(codes)), ("company_id", "=", company.id)]
        )
        return {case.name: case for case in cases}

    @api.model
    def _atr_match_problem(self, item):
        """Why the message does not belong to the case it names, or False."""
        parsed, case = item.parsed, item.case
        expected = case.distributor_code or case.distributor_id.energy_ree_code
        if expected and parsed.sender_code != expected:
            return self.env._(
                "The case %(case)s is with the distributor %(expected)s, but the "
                "message comes from %(sender)s.",
                case=case.name,
                expected=expected,
                sender=parsed.sender_code or "-",
            )
        if case.cups and parsed.cups_base != case.cups[:20]:
            return self.env._(
                "The CUPS of the message (%(cups)s) is not the CUPS of the case "
                "%(case)s (%(case_cups)s).",
                cups=parsed.cups or "-",
                case=case.name,
                case_cups=case.cups,
            )
        if parsed.process != case.process:
            return self.env._(
                "The message is of process %(process)s but the case %(case)s is a "
                "%(case_process)s.",
                process=parsed.process,
                case=case.name,
                case_process=case.process,
            )
        outgoing_kind = parsed.kind in atr_parse.OUTGOING_KINDS
        if outgoing_kind and case.role != "outgoing":
            return self.env._(
                "The step %(process)s-%(step)s is a notice to the outgoing retailer, "
                "but the case %(case)s is a request of ours.",
                process=parsed.process,
                step=parsed.step,
                case=case.name,
            )
        if not outgoing_kind and case.role == "outgoing":
            return self.env._(
                "The step %(process)s-%(step)s answers a request of ours, but in the "
                "case %(case)s we are the outgoing retailer.",
                process=parsed.process,
                step=parsed.step,
                case=case.name,
            )
        return False

    @api.model
    def _atr_open_outgoing_cases(self, items, company):
        """Notices to the outgoing retailer (C1/C2 06/11/12) for a request of
        another retailer: when we serve the CUPS (an active contract of ours on
        the point), open an `outgoing` case for it; otherwise the message is
        not ours."""
        if not items:
            return []
        by_cups = self._atr_serving_contracts(items, company)
        opened = []
        vals_by_code = {}
        for item in items:
            contract = by_cups.get(item.parsed.cups_base)
            if not contract:
                self._atr_set_inbox(
                    item,
                    "not_ours",
                    self.env._(
                        "We do not supply the CUPS %(cups)s (no active contract of "
                        "ours on it): this notice is not for us.",
                        cups=item.parsed.cups or "-",
                    ),
                )
                continue
            vals_by_code.setdefault(
                item.parsed.request_code,
                self._atr_outgoing_case_vals(item, contract, company),
            )
            opened.append(item)
        if not vals_by_code:
            return []
        by_code, errors = self._atr_create_cases(vals_by_code)
        applicable = []
        for item in opened:
            code = item.parsed.request_code
            if code in by_code:
                item.case = by_code[code]
                applicable.append(item)
            else:
                self._atr_set_inbox(item, "error", errors[code])
        return applicable

    @api.model
    def _atr_serving_contracts(self, items, company):
        """{CUPS: our latest active supply contract on it} for the messages."""
        contracts = self.env["energy.contract"].search(
            [
                ("cups", "in", list({item.parsed.cups_base for item in items})),
                ("company_id", "=", company.id),
                ("state", "=", "active"),
                ("request_type", "in", SUPPLY_REQUEST_TYPES),
            ],
            order="date_activated desc, id desc",
        )
        by_cups = {}
        for contract in contracts:
            by_cups.setdefault(contract.cups, contract)
        return by_cups

    @api.model
    def _atr_outgoing_case_vals(self, item, contract, company):
        parsed = item.parsed
        return {
            "name": parsed.request_code,
            "process": parsed.process,
            "role": "outgoing",
            "company_id": company.id,
            "contract_id": contract.id,
            "supply_point_id": contract.supply_point_id.id,
            "cups": parsed.cups_base,
            "distributor_id": item.message.distributor_id.id
            or contract.supply_point_id.distributor_id.id,
            "distributor_code": parsed.sender_code,
            "step": parsed.step,
            "date_last_message": item.date,
        }

    @api.model
    def _atr_create_cases(self, vals_by_code):
        """Create the cases in one batch and open them, or one by one when
        the batch fails. Returns ({code: case}, {code: translated error})."""
        Case = self.env["energy.atr.case"].with_context(
            mail_create_nolog=True, mail_notrack=True
        )
        try:
            with self.env.cr.savepoint():
                cases = Case.create(list(vals_by_code.values()))
                cases._set_state(
                    "open",
                    reason=self.env._(
                        "Opened by the distributor's notice to the outgoing retailer."
                    ),
                )
            return {case.name: case for case in cases}, {}
        except (UserError, ValidationError, psycopg2.Error) as error:
            if len(vals_by_code) == 1:
                return {}, {code: self._atr_error_text(error) for code in vals_by_code}
        created, errors = {}, {}
        for code, vals in vals_by_code.items():
            one_created, one_errors = self._atr_create_cases({code: vals})
            created.update(one_created)
            errors.update(one_errors)
        return created, errors

    @api.model
    def _atr_skip_applied(self, items, company):
        """Messages whose process/request/step/sequence was already applied
        stay as duplicates (also within the same import)."""
        keys = {item.parsed.applied_key for item in items}
        applied = {
            row["applied_key"]: row["id"]
            for row in self.search_read(
                [("applied_key", "in", list(keys)), ("company_id", "=", company.id)],
                ["applied_key"],
            )
        }
        kept = []
        for item in sorted(items, key=lambda i: i.message.id):
            key = item.parsed.applied_key
            if key in applied and applied[key] != item.message.id:
                self._atr_set_inbox(
                    item,
                    "duplicate",
                    self.env._(
                        "The step %(key)s was already applied (message %(message)s): "
                        "it is not applied twice.",
                        key=key,
                        message=applied[key] or "-",
                    ),
                )
                continue
            applied[key] = item.message.id
            kept.append(item)
        return kept
