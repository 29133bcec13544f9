# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextvars
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# Models whose exit checks the running server code waives right now (a
# distributor's answer states a fact no check may hold back; a demo replays a
# story). Set only by `_exit_checks_waived`: no RPC caller can reach it.
_WAIVED = contextvars.ContextVar("energy_exit_checks_waived", default=frozenset())


class EnergyLifecycleMixin(models.AbstractModel):
    """A record moved only along the edges its model declares (an
    `odoo.addons.energy_base.tools.lifecycle.Lifecycle` in `_lifecycle`), by
    the groups allowed on each edge, past the exit checks of its phase, with
    every move written to its history.

    The model declares a `state` selection from `_lifecycle.states` and
    implements `_lifecycle_log`; its actions call `_set_state`. `state` is a
    guarded field: no `write`, whatever its context, changes it."""

    _name = "energy.lifecycle.mixin"
    _inherit = ["energy.guard.mixin", "energy.row.lock.mixin"]
    _description = "Record With a Declared Lifecycle"

    _lifecycle = None

    lifecycle_next_states = fields.Char(
        compute="_compute_lifecycle_next_states",
        help="Comma-separated states this user may move the record to now "
        "(the views show the matching buttons).",
    )

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_lifecycle_next_states(self):
        for record in self:
            record.lifecycle_next_states = ",".join(
                new
                for new in self._lifecycle.targets(record.state)
                if record._may_take_edge(record.state, new)
            )

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {"state"}

    # ------------------------------------------------------------------
    # Hooks the model implements or extends
    # ------------------------------------------------------------------

    def _get_phase_exit_errors(self, new_state):
        """Translated reasons why this record may not leave its state for
        `new_state`. Capability addons extend it."""
        self.ensure_one()
        return []

    def _prepare_state_values(self, new_state, now):
        return {"state": new_state}

    def _on_leave_state(self, now):
        """Side effects of leaving the current state, before the write."""

    def _write_state_values(self, new_state, values, now):
        """Write the new state and its values (the guard released)."""
        self._write_guarded(values)

    def _on_enter_state(self, now):
        """Side effects of entering the new state, after the write."""

    def _lifecycle_log(self, old_states, new_state, reason):
        """Record the moves in the model's history. Must be implemented."""
        raise NotImplementedError(
            f"{self._name} declares a lifecycle but no history for its moves."
        )

    def _lifecycle_busy_message(self):
        return self.env._(
            "Someone else is changing one of these records right now; "
            "try again in a moment."
        )

    # ------------------------------------------------------------------
    # The transition machinery
    # ------------------------------------------------------------------

    def _set_state(self, new_state, values=None, reason=None, *, check_exit=True):
        """Move the whole batch to `new_state`, or refuse it as a whole.

        Locks the rows, checks the declared edge, the user's group on it and,
        unless the caller states a fact that no check may hold back
        (`check_exit=False`: a distributor's answer, a demo replaying a
        story), the phase exit rules of every record. Only server code can
        pass that argument: this method is private, out of reach of RPC."""
        if not self:
            return
        self._lock_rows_nowait(self._lifecycle_busy_message())
        self.invalidate_recordset(["state"])
        self._check_edge_access(new_state)
        errors = [
            error
            for error in (
                record._get_transition_error(new_state, check_exit=check_exit)
                for record in self
            )
            if error
        ]
        if errors:
            raise UserError("\n".join(errors))
        now = fields.Datetime.now()
        old_states = {record.id: record.state for record in self}
        self._on_leave_state(now)
        values = dict(self._prepare_state_values(new_state, now), **(values or {}))
        self._write_state_values(new_state, values, now)
        self._on_enter_state(now)
        self._lifecycle_log(old_states, new_state, reason)

    @contextmanager
    def _exit_checks_waived(self):
        """Within this block the actions of this model skip the phase exit
        checks (never the declared edges nor their groups). Server code only,
        for facts that no check may hold back."""
        token = _WAIVED.set(_WAIVED.get() | {self._name})
        try:
            yield
        finally:
            _WAIVED.reset(token)

    def _may_take_edge(self, old, new):
        groups = self._lifecycle.groups(old, new)
        return (
            not groups
            or self.env.su
            or any(self.env.user.has_group(group) for group in groups)
        )

    def _check_edge_access(self, new_state):
        """Refuse the whole batch when the user's groups may not take the edge
        of one of its records (an access matter, not a phase check)."""
        denied = self.filtered(
            lambda r: r._lifecycle.allows(r.state, new_state)
            and not r._may_take_edge(r.state, new_state)
        )
        if denied:
            raise AccessError(
                "\n".join(
                    self.env._(
                        "You may not move %(name)s from %(old)s to %(new)s.",
                        name=record.display_name,
                        old=record._state_label(record.state),
                        new=record._state_label(new_state),
                    )
                    for record in denied
                )
            )

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _get_transition_error(self, new_state, check_exit=True):
        """A translated reason why this record cannot go to `new_state`, or
        False."""
        self.ensure_one()
        if not self._lifecycle.allows(self.state, new_state):
            return self.env._(
                "%(name)s cannot go from %(old)s to %(new)s.",
                name=self.display_name,
                old=self._state_label(self.state),
                new=self._state_label(new_state),
            )
        if not check_exit or self._name in _WAIVED.get():
            return False
        exit_errors = self._get_phase_exit_errors(new_state)
        if exit_errors:
            return self.env._(
                "%(name)s cannot go to %(new)s: %(errors)s.",
                name=self.display_name,
                new=self._state_label(new_state),
                errors="; ".join(exit_errors),
            )
        return False
