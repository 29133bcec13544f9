# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One handler per kind of distributor message (named in ``KIND_HANDLERS``):
what the message says is written on its case, the case moves along its
declared lifecycle, and the requests move in batches with their own actions.

A distributor's answer states a fact: the requests' exit checks (documents,
scoring...) do not hold it back (`_exit_checks_waived`, server code only),
but their declared edges and groups still do. (See ``atr_incoming`` for the
whole incoming side.)"""

from collections import defaultdict

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.tools import float_compare

from odoo.addons.energy_contract.models.energy_contract import POWER_FIELDS
from odoo.addons.energy_contract_version.models.energy_contract_version import (
    CONDITION_CHANGE_TYPES,
)

from .atr_incoming import POWER_CONTROL_MODES, POWER_PERIODS, to_date

# Processes whose activation (05) carries the final data of the contract.
FINAL_DATA_PROCESSES = ("A3", "C1", "C2", "M1")
# Final data of a request that its contract in force and conditions share.
CONDITION_FIELDS = (*POWER_FIELDS, "access_tariff_id")


class EnergyAtrMessage(models.Model):
    _inherit = "energy.atr.message"

    # ------------------------------------------------------------------
    # Shared by the handlers
    # ------------------------------------------------------------------

    @api.model
    def _atr_contracts(self, items, move):
        """The requests of `items` planned for `move`, once each."""
        contracts = self.env["energy.contract"].browse(
            list(dict.fromkeys(item.contract.id for item in items if item.move == move))
        )
        return contracts.with_context(mail_notrack=True)

    @api.model
    def _atr_update_cases(self, items, values_fn, state=None):
        """Write on each case what its message says (its step and date, and
        `values_fn(item)`), then move the cases to `state` (a state, or a
        function of the item giving one) along their declared edges: one move
        per state and message, logged on the case. Without `state` the cases
        keep theirs."""
        Case = self.env["energy.atr.case"].with_context(mail_notrack=True)
        moves = defaultdict(list)
        for item in items:
            Case.browse(item.case.id).write(
                {
                    "step": item.parsed.step,
                    "date_last_message": item.date,
                    **values_fn(item),
                }
            )
            target = state(item) if callable(state) else state
            if target:
                label = f"{item.parsed.process}-{item.parsed.step}"
                moves[(target, label)].append(item.case.id)
        for (target, label), ids in moves.items():
            Case.browse(ids)._move_to(
                target,
                reason=self.env._(
                    "Message %(message)s from the distributor.", message=label
                ),
            )

    @api.model
    def _atr_reason_ids(self, item, reasons):
        """Ids of the coded reasons (CNMC table 27) the message gives."""
        return [reasons[code].id for code, _c in item.parsed.reasons if code in reasons]

    # ------------------------------------------------------------------
    # Answers to our requests: 02, 02/04, 03
    # ------------------------------------------------------------------

    def _atr_apply_acceptance(self, items):
        self._atr_update_cases(
            items,
            lambda item: {
                "activation_type": item.parsed.activation_type or False,
                "date_expected_activation": to_date(item.parsed.date_expected),
            },
            "accepted",
        )
        contracts = self._atr_contracts(items, "accept")
        if contracts:
            with contracts._exit_checks_waived():
                contracts.action_accept()

    def _atr_apply_rejection(self, items):
        codes = {code for item in items for code, _c in item.parsed.reasons}
        reasons = self.env["energy.atr.reject.reason"]._get_by_codes(codes)
        self._atr_update_cases(
            items,
            lambda item: {
                "reject_reason_ids": [Command.set(self._atr_reason_ids(item, reasons))],
                "reject_text": "\n".join(
                    f"{code}: {comment}" if comment else code
                    for code, comment in item.parsed.reasons
                ),
            },
            "rejected",
        )
        for item in items:
            item.message.reject_reason_ids = [
                Command.set(self._atr_reason_ids(item, reasons))
            ]
        to_reject = [item for item in items if item.move == "reject"]
        groups = defaultdict(list)
        for item in to_reject:
            codes = ", ".join(code for code, _c in item.parsed.reasons)
            labels = "; ".join(
                f"{code} {reasons[code].name}" if code in reasons else code
                for code, _c in item.parsed.reasons
            )
            reason = self.env._(
                "Rejected by the distributor (%(process)s-%(step)s): %(reasons)s",
                process=item.parsed.process,
                step=item.parsed.step,
                reasons=labels,
            )
            groups[(reason, codes)].append(item)
        for (reason, codes), group in groups.items():
            contracts = self._atr_contracts(group, "reject")
            with contracts._exit_checks_waived():
                contracts.action_reject(reason, code=codes)
        self._atr_notify_rejection(to_reject)

    def _atr_notify_rejection(self, items):
        """A message to the customer and the channel on each rejected request,
        signed by the user who imports or, when they have no e-mail address
        (the scheduled import, a shared account), by the company. Without any
        address the rejection is still applied and the request says that
        nobody was notified."""
        user_partner = self.env.user.partner_id
        for item in items:
            contract = item.contract
            partners = contract.partner_id | contract.channel_id
            lang = contract.partner_id.lang or self.env.lang
            contract = contract.with_context(lang=lang)
            body = Markup("<p>%s</p><p>%s</p>") % (
                contract.env._(
                    "The distributor rejected the request %(request)s for the supply "
                    "point %(cups)s.",
                    request=contract.name,
                    cups=contract.cups,
                ),
                contract.state_reason or "",
            )
            author = (
                user_partner if user_partner.email else contract.company_id.partner_id
            )
            if not author.email:
                contract._message_log(
                    body=body
                    + Markup("<p>%s</p>")
                    % contract.env._(
                        "Nobody was notified: set an e-mail address on the "
                        "company or on the user who imports the files."
                    )
                )
                continue
            contract.with_context(mail_notrack=True).message_post(
                body=body,
                author_id=author.id,
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )

    def _atr_apply_incidence(self, items):
        self._atr_update_cases(
            items,
            lambda item: {"incident_text": self._atr_incidence_details(item)},
            "incident",
        )
        groups = defaultdict(list)
        for item in items:
            if item.move == "incident":
                groups[self._atr_incidence_reason(item)].append(item)
        for reason, group in groups.items():
            contracts = self._atr_contracts(group, "incident")
            with contracts._exit_checks_waived():
                contracts.action_incident(reason)
        self.env["energy.atr.case"].with_context(mail_notrack=True).browse(
            list({item.case.id for item in items})
        )._set_next_deadline()
        self._atr_schedule_answers(items)

    def _atr_incidence_details(self, item):
        lines = [
            f"{code} {self._atr_table_label(code, 'TABLA_28')}"
            + (f": {comment}" if comment else "")
            for code, comment in item.parsed.reasons
        ]
        if item.parsed.date_action:
            lines.append(
                self.env._(
                    "Expected action date: %(date)s", date=item.parsed.date_action
                )
            )
        return "\n".join(lines)

    def _atr_incidence_reason(self, item):
        return self.env._(
            "Incidence reported by the distributor (%(process)s-%(step)s): %(details)s",
            process=item.parsed.process,
            step=item.parsed.step,
            details=self._atr_reasons_label(item.parsed.reasons, "TABLA_28"),
        )

    def _atr_schedule_answers(self, items):
        """An activity on each request for its phase owner (or responsible) to
        answer the incidence (step 13)."""
        groups = defaultdict(list)
        for item in items:
            contract = item.case.contract_id
            if not contract:
                continue
            user = contract.phase_owner_user_id or contract.user_id or self.env.user
            groups[(user.id, item.case.deadline)].append(item)
        for (user_id, deadline), group in groups.items():
            for item in group:
                item.case.contract_id.with_context(mail_notrack=True).activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=deadline or fields.Date.context_today(self),
                    summary=self.env._("Answer the distributor's incidence (step 13)"),
                    note=escape(self._atr_incidence_details(item)).replace(
                        "\n", Markup("<br/>")
                    ),
                    user_id=user_id,
                )

    # ------------------------------------------------------------------
    # Activation (05) and its final data
    # ------------------------------------------------------------------

    def _atr_apply_activation(self, items):
        self._atr_update_cases(
            items,
            lambda item: {
                "date_activated": to_date(item.parsed.date_activated),
                "access_contract_code": item.parsed.contract_code or False,
            },
            "activated",
        )
        self._atr_write_final_data(items, self._atr_tariffs(items))
        Contract = self.env["energy.contract"]
        with Contract._exit_checks_waived():
            to_accept = self._atr_contracts(items, "accept_activate")
            if to_accept:
                to_accept.action_accept()
            by_date = defaultdict(list)
            for item in items:
                if item.move in ("activate", "accept_activate"):
                    by_date[to_date(item.parsed.date_activated) or None].append(item)
            for date, group in by_date.items():
                contracts = self._atr_contracts(
                    group, "activate"
                ) | self._atr_contracts(group, "accept_activate")
                contracts.action_activate(date_activated=date)

    @api.model
    def _atr_tariffs(self, items):
        """{ATR code: access tariff} of the tariffs the messages name."""
        codes = {item.parsed.tariff_code for item in items if item.parsed.tariff_code}
        return {
            tariff.code: tariff
            for tariff in self.env["energy.access.tariff"].search(
                [("code", "in", list(codes))]
            )
        }

    @api.model
    def _atr_write_final_data(self, items, tariffs):
        """The distributor's final data on the requests it activates (before
        they move, so that their first conditions are these) and on the
        supply points; a request already active is corrected as a whole
        (`_atr_correct_active`)."""
        contract_values = defaultdict(list)
        point_values = defaultdict(list)
        for item in items:
            contract_vals, point_vals = self._atr_final_data(item, tariffs)
            if item.contract and contract_vals:
                if item.move:
                    key = tuple(sorted(contract_vals.items()))
                    contract_values[key].append(item.contract.id)
                else:
                    self._atr_correct_active(item, contract_vals)
            point = item.case.supply_point_id or item.case.contract_id.supply_point_id
            if point and point_vals:
                point_values[tuple(sorted(point_vals.items()))].append(point.id)
        Contract = self.env["energy.contract"].with_context(mail_notrack=True)
        for values, ids in contract_values.items():
            Contract.browse(ids).write(dict(values))
        Point = self.env["energy.supply.point"].with_context(mail_notrack=True)
        for values, ids in point_values.items():
            Point.browse(ids).write(dict(values))

    @api.model
    def _atr_final_data(self, item, tariffs):
        """(contract values, supply point values) of an activation's final
        data: powers (W -> kW), tariff, power control and measure point type."""
        parsed = item.parsed
        if parsed.process not in FINAL_DATA_PROCESSES:
            return {}, {}
        contract_vals = {}
        if parsed.powers_w:
            watts = dict(parsed.powers_w)
            contract_vals.update(
                {
                    f"power_p{period}_kw": watts.get(period, 0) / 1000.0
                    for period in POWER_PERIODS
                }
            )
        tariff = tariffs.get(parsed.tariff_code)
        if tariff:
            contract_vals["access_tariff_id"] = tariff.id
        point_vals = dict(contract_vals)
        if parsed.contract_code:
            contract_vals["access_contract_code"] = parsed.contract_code
        if parsed.power_control in POWER_CONTROL_MODES:
            point_vals["power_control_mode"] = POWER_CONTROL_MODES[parsed.power_control]
        measure = (parsed.measure_point_type or "").lstrip("0")
        if measure in ("1", "2", "3", "4", "5"):
            point_vals["measure_point_type"] = measure
        return contract_vals, point_vals

    # A new activation (05 with a new sequence) of a request already active:
    # the distributor corrects the final data it activated. The supply point,
    # the request, the contract in force and its conditions in force must
    # keep agreeing, so the correction goes to all of them, with an event.

    @api.model
    def _atr_contract_in_force(self, request):
        """The contract whose conditions `request` set: the contract a change
        request changed, else the request itself."""
        if request.parent_contract_id and request.request_type in (
            CONDITION_CHANGE_TYPES
        ):
            return request.parent_contract_id
        return request

    @api.model
    def _atr_conditions_in_force(self, contract):
        return (
            self.env["energy.contract.version"]
            .sudo()
            .search(
                [("contract_id", "=", contract.id), ("date_to", "=", False)],
                order="date_from desc, id desc",
                limit=1,
            )
        )

    @api.model
    def _atr_changed_values(self, record, values):
        """The part of `values` that differs from what `record` holds."""
        changed = {}
        for fname, value in values.items():
            current = record[fname]
            if fname in POWER_FIELDS:
                if float_compare(current, value, precision_digits=3):
                    changed[fname] = value
            elif (current.id if fname == "access_tariff_id" else current) != value:
                changed[fname] = value
        return changed

    @api.model
    def _atr_correction_problem(self, item):
        """Why a new activation of the active request of `item` cannot be
        applied, or False. A different activation date is not a correction of
        the final data (the request's dates, terms and conditions hang on it);
        nor can the final data of an activation be corrected once a later
        change has set newer conditions or the contract has ended."""
        request, parsed = item.contract, item.parsed
        date = to_date(parsed.date_activated)
        if date and request.date_activated and date != request.date_activated:
            return self.env._(
                "The request %(request)s has been active since %(active)s, but "
                "this activation (%(process)s-%(step)s, sequence %(sequence)s) "
                "says %(date)s: a different activation date is not applied "
                "automatically. Check it with the distributor.",
                request=request.name,
                active=request.date_activated,
                process=parsed.process,
                step=parsed.step,
                sequence=parsed.sequence or "-",
                date=date,
            )
        contract_vals, _point_vals = self._atr_final_data(
            item, self._atr_tariffs([item])
        )
        conditions = self._atr_changed_values(
            request, {f: v for f, v in contract_vals.items() if f in CONDITION_FIELDS}
        )
        if not conditions:
            return False
        in_force = self._atr_contract_in_force(request)
        if in_force.state != "active":
            return self.env._(
                "The activation %(process)s-%(step)s corrects the powers or the "
                "tariff of %(request)s, but the contract %(contract)s is no longer "
                "active: the correction is not applied automatically.",
                process=parsed.process,
                step=parsed.step,
                request=request.name,
                contract=in_force.name,
            )
        version = self._atr_conditions_in_force(in_force)
        if version and version.source_request_id != request:
            return self.env._(
                "The activation %(process)s-%(step)s corrects the powers or the "
                "tariff of %(request)s, but newer conditions of %(contract)s are "
                "in force since %(date)s (request %(newer)s): the correction is "
                "not applied automatically.",
                process=parsed.process,
                step=parsed.step,
                request=request.name,
                contract=in_force.name,
                date=version.date_from,
                newer=version.source_request_id.name or "-",
            )
        return False

    @api.model
    def _atr_correct_active(self, item, contract_vals):
        """Apply the corrected final data of a request already active to the
        request, the contract in force and its conditions in force (the
        supply point takes them with the other activations). The request's
        history records each field changed and, with the message, what the
        correction was (`item.note`)."""
        request = item.contract.with_context(mail_notrack=True)
        changed = self._atr_changed_values(request, contract_vals)
        if not changed:
            return
        conditions = {f: v for f, v in changed.items() if f in CONDITION_FIELDS}
        item.note = self._atr_correction_note(request, changed)
        in_force = self._atr_contract_in_force(request)
        request.write(changed)
        if conditions and in_force != request:
            in_force.write(conditions)
            self.env["energy.contract.event"]._log(
                [
                    {
                        "contract_id": in_force.id,
                        "event_type": "atr_message",
                        "new_value": f"{item.parsed.process}-{item.parsed.step}",
                        "reason": item.note,
                        "attachment_ids": item.message.attachment_id.ids,
                    }
                ]
            )
        version = self._atr_conditions_in_force(in_force)
        if conditions and version.source_request_id == request:
            version.write(conditions)

    @api.model
    def _atr_correction_note(self, request, changed):
        """One translated sentence: which final data the distributor
        corrected, from what to what."""
        lines = []
        for fname, value in changed.items():
            field = request._fields[fname]
            old, new = request[fname], value
            if fname == "access_tariff_id":
                old = old.display_name or "-"
                new = self.env["energy.access.tariff"].browse(value).display_name
            lines.append(
                f"{field._description_string(self.env)}: {old or '-'} → {new or '-'}"
            )
        return self.env._(
            "The distributor corrected the final data of the active request "
            "(%(changes)s): the request, the contract in force, its conditions "
            "and the supply point were brought into line.",
            changes="; ".join(lines),
        )

    # ------------------------------------------------------------------
    # Notices to the outgoing retailer: 11, 12, 06
    # ------------------------------------------------------------------

    def _atr_apply_outgoing_activation(self, items):
        self._atr_update_cases(
            items,
            lambda item: {"date_activated": to_date(item.parsed.date_activated)},
            "closed",
        )
        by_date = defaultdict(list)
        for item in items:
            if item.move == "terminate":
                by_date[to_date(item.parsed.date_activated) or None].append(item)
        for date, group in by_date.items():
            contracts = self._atr_contracts(group, "terminate")
            with contracts._exit_checks_waived():
                contracts.action_terminate(
                    self.env._(
                        "The customer switched to another retailer (notice "
                        "%(process)s-06 of the distributor).",
                        process=group[0].parsed.process,
                    ),
                    termination_reason="switched_to_competitor",
                    date=date,
                )

    def _atr_apply_outgoing_acceptance(self, items):
        self._atr_update_cases(
            items,
            lambda item: {
                "date_expected_activation": to_date(item.parsed.date_expected)
            },
            "accepted",
        )

    def _atr_apply_outgoing_rejection(self, items):
        self._atr_update_cases(items, lambda item: {}, "closed")

    # ------------------------------------------------------------------
    # Answers to our cancellation, claims, the rest
    # ------------------------------------------------------------------

    def _atr_apply_cancellation_acceptance(self, items):
        self._atr_update_cases(items, lambda item: {}, "cancelled")
        contracts = self._atr_contracts(items, "cancel")
        if contracts:
            with contracts._exit_checks_waived():
                contracts.action_cancel(
                    self.env._("Cancellation accepted by the distributor.")
                )

    def _atr_apply_cancellation_rejection(self, items):
        """The distributor goes on with the request: the case goes back to
        where it was (accepted once the distributor had accepted it)."""
        codes = {code for item in items for code, _c in item.parsed.reasons}
        reasons = self.env["energy.atr.reject.reason"]._get_by_codes(codes)
        self._atr_update_cases(
            items,
            lambda item: {
                "reject_text": "\n".join(
                    f"{code}: {comment}" for code, comment in item.parsed.reasons
                ),
            },
            lambda item: "accepted" if item.case.activation_type else "open",
        )
        for item in items:
            item.message.reject_reason_ids = [
                Command.set(self._atr_reason_ids(item, reasons))
            ]
            contract = item.case.contract_id
            if contract:
                contract.with_context(mail_notrack=True).activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("The distributor refused the cancellation"),
                    note=escape(self._atr_summary(item)),
                    user_id=(contract.user_id or self.env.user).id,
                )

    def _atr_apply_claim_closure(self, items):
        self._atr_update_cases(items, lambda item: {}, "closed")

    def _atr_apply_other(self, items):
        """Steps with no effect on the request: recorded on the case."""
        self._atr_update_cases(items, lambda item: {})
