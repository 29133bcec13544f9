# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Applying the matched messages: in rounds (the first message of each case,
then the second...), per kind, one batch per kind in a savepoint split down
to the failing messages, which go to the inbox. Each kind has its handler
(``energy_atr_message_handlers.py``), named in ``KIND_HANDLERS``. (See
``atr_incoming`` for the whole incoming side.)"""

import logging
from collections import defaultdict

import psycopg2
from markupsafe import Markup, escape

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from . import atr_parse
from .atr_incoming import CONTRACT_MOVES, KIND_HANDLERS, KIND_RANK, AtrItem

_logger = logging.getLogger(__name__)


class EnergyAtrMessage(models.Model):
    _inherit = "energy.atr.message"

    # ------------------------------------------------------------------
    # Applying
    # ------------------------------------------------------------------

    @api.model
    def _atr_apply(self, items):
        """Apply in rounds (the first message of each case, then the second...)
        and, in each round, per kind: one batch per kind, split when it fails."""
        by_case = defaultdict(list)
        for item in items:
            by_case[item.case.id].append(item)
        queues = [sorted(queue, key=AtrItem.rank) for queue in by_case.values()]
        depth = max((len(queue) for queue in queues), default=0)
        for index in range(depth):
            round_items = [queue[index] for queue in queues if len(queue) > index]
            by_kind = defaultdict(list)
            for item in round_items:
                by_kind[item.kind].append(item)
            for kind in sorted(by_kind, key=lambda k: KIND_RANK.get(k, 9)):
                group = self._atr_plan(kind, by_kind[kind])
                if group:
                    self._atr_apply_safely(kind, group)

    @api.model
    def _atr_plan(self, kind, items):
        """Decide how each message moves its request; messages that cannot
        apply go to the inbox. Returns the applicable ones."""
        moves = CONTRACT_MOVES.get(kind)
        planned = []
        state_labels = dict(
            self.env["energy.contract"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        for item in items:
            contract = item.case.contract_id
            if (
                moves is None
                or not contract
                or item.parsed.process not in atr_parse.CONTRACT_PROCESSES
            ):
                planned.append(item)
                continue
            if contract.state not in moves:
                self._atr_set_inbox(
                    item,
                    "error",
                    self.env._(
                        "The request %(request)s is %(state)s: the step "
                        "%(process)s-%(step)s cannot be applied to it.",
                        request=contract.name,
                        state=state_labels.get(contract.state, contract.state),
                        process=item.parsed.process,
                        step=item.parsed.step,
                    ),
                )
                continue
            item.contract = contract
            item.move = moves[contract.state]
            # a new activation of a request already active corrects it
            problem = (
                kind == atr_parse.KIND_ACTIVATION
                and item.move is None
                and self._atr_correction_problem(item)
            )
            if problem:
                self._atr_set_inbox(item, "error", problem)
                continue
            planned.append(item)
        return planned

    @api.model
    def _atr_handler(self, kind):
        """The method that applies the messages of `kind` (``KIND_HANDLERS``).
        A kind without a handler, or a handler name that names no method, is
        a programming error: it raises at once and nothing falls back to
        another handler (and no message is parked in the inbox for it)."""
        if kind not in KIND_HANDLERS:
            raise ValueError(f"No handler applies ATR messages of kind {kind!r}.")
        return getattr(self, KIND_HANDLERS[kind])

    @api.model
    def _atr_apply_safely(self, kind, items, handler=None):
        """Apply ``items`` in one savepoint; on failure split the batch in
        halves, down to the single messages that fail (they go to the inbox)."""
        handler = handler or self._atr_handler(kind)
        try:
            with self.env.cr.savepoint():
                handler(items)
                self._atr_mark_applied(items)
            return
        except Exception as error:
            if len(items) == 1:
                self._atr_apply_failed(items[0], error)
                return
        middle = len(items) // 2
        self._atr_apply_safely(kind, items[:middle], handler)
        self._atr_apply_safely(kind, items[middle:], handler)

    @api.model
    def _atr_apply_failed(self, item, error):
        if isinstance(error, psycopg2.errors.UniqueViolation) and "applied_key" in str(
            error
        ):
            state = "duplicate"
            text = self.env._(
                "The step %(key)s was already applied: it is not applied twice.",
                key=item.parsed.applied_key,
            )
        else:
            state = "error"
            text = self._atr_error_text(error)
            if not isinstance(error, UserError | ValidationError):
                _logger.exception(
                    "ATR message %s could not be applied", item.message.id
                )
        self._atr_set_inbox(item, state, text)

    @api.model
    def _atr_error_text(self, error):
        if isinstance(error, UserError | ValidationError | AccessError):
            return self.env._("Could not apply: %(reason)s", reason=error.args[0])
        return self.env._(
            "Could not apply because of an unexpected error: %(error)s",
            error=str(error) or error.__class__.__name__,
        )

    @api.model
    def _atr_mark_applied(self, items):
        """The messages are applied: state, applied key, an `atr_message` event
        with the file on each request and a note on each case."""
        for item in items:
            item.message.write(
                {
                    "state": "applied",
                    "error": False,
                    "applied_key": item.parsed.applied_key,
                    "case_id": item.case.id,
                }
            )
        cases = (
            self.env["energy.atr.case"]
            .with_context(mail_notrack=True)
            .browse(list(dict.fromkeys(item.case.id for item in items)))
        )
        cases._set_next_deadline()
        summaries = {item.message.id: self._atr_summary(item) for item in items}
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": item.case.contract_id.id,
                    "event_type": "atr_message",
                    "new_value": f"{item.parsed.process}-{item.parsed.step}",
                    "reason": summaries[item.message.id],
                    "attachment_ids": item.message.attachment_id.ids,
                }
                for item in items
                if item.case.contract_id
            ]
        )
        bodies = defaultdict(list)
        for item in items:
            bodies[item.case.id].append(escape(summaries[item.message.id]))
        cases.with_context(mail_notrack=True)._message_log_batch(
            bodies={
                case_id: Markup("<br/>").join(lines)
                for case_id, lines in bodies.items()
            }
        )

    @api.model
    def _atr_summary(self, item):
        """One translated line describing what the message said."""
        parsed = item.parsed
        head = self.env._(
            "%(process)s-%(step)s from %(distributor)s",
            process=parsed.process,
            step=parsed.step,
            distributor=item.message.distributor_id.display_name or parsed.sender_code,
        )
        kind = parsed.kind
        if kind == atr_parse.KIND_ACCEPTANCE:
            detail = self.env._(
                "accepted; activation %(type)s expected on %(date)s.",
                type=self._atr_activation_label(parsed.activation_type),
                date=parsed.date_expected or "-",
            )
        elif kind in (atr_parse.KIND_REJECTION, atr_parse.KIND_CANCEL_REJECTION):
            detail = self.env._(
                "rejected: %(reasons)s.",
                reasons=self._atr_reasons_label(parsed.reasons, "TABLA_27"),
            )
        elif kind == atr_parse.KIND_INCIDENCE:
            detail = self.env._(
                "incidence: %(reasons)s.",
                reasons=self._atr_reasons_label(parsed.reasons, "TABLA_28"),
            )
        elif kind == atr_parse.KIND_ACTIVATION:
            detail = self.env._(
                "activated on %(date)s, access contract %(code)s.",
                date=parsed.date_activated or "-",
                code=parsed.contract_code or "-",
            )
        elif kind == atr_parse.KIND_OUTGOING_ACTIVATION:
            detail = self.env._(
                "another retailer supplies the point since %(date)s.",
                date=parsed.date_activated or "-",
            )
        elif kind == atr_parse.KIND_OUTGOING_ACCEPTANCE:
            detail = self.env._(
                "another retailer's switch was accepted, expected on %(date)s.",
                date=parsed.date_expected or "-",
            )
        elif kind == atr_parse.KIND_OUTGOING_REJECTION:
            detail = self.env._("another retailer's switch was rejected or cancelled.")
        elif kind == atr_parse.KIND_CANCEL_ACCEPTANCE:
            detail = self.env._("the cancellation was accepted.")
        elif kind == atr_parse.KIND_CLAIM_CLOSURE:
            detail = self.env._("the claim was closed.")
        else:
            detail = self.env._("received.")
        if item.note:
            return f"{head}: {detail} {item.note}"
        return f"{head}: {detail}"

    @api.model
    def _atr_activation_label(self, code):
        if not code:
            return "-"
        return f"{code} ({self._atr_table_label(code, 'TABLA_55')})"

    @api.model
    def _atr_reasons_label(self, reasons, table):
        return "; ".join(
            f"{code} {self._atr_table_label(code, table)}" for code, _c in reasons
        )

    @api.model
    def _atr_table_label(self, code, table):
        from gestionatr.utils import get_description

        try:
            return get_description(code, table)
        except ValueError:
            return "?"
