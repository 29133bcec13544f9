# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextvars
from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import UserError

# Models whose guarded fields the running server code may write right now.
# A context variable of the Python process, set only by `_guard_released`:
# unlike an Odoo context key, no RPC caller can set it.
_RELEASED = contextvars.ContextVar("energy_guard_released", default=frozenset())


class EnergyGuardMixin(models.AbstractModel):
    """Fields that only the model's own actions write, because a guard reads
    them or the history must record their every change with its evidence
    (the phase of a request, its signature date, a document decision...).

    `create` and `write` refuse these fields from anyone, superuser and any
    context included, unless the server code that owns them writes through
    `_write_guarded` / `_create_guarded` (or inside `_guard_released`). There
    is deliberately no context key that relaxes the guard: a context is the
    client's."""

    _name = "energy.guard.mixin"
    _description = "Fields Written Only by Their Actions"

    @api.model
    def _get_guarded_fields(self):
        """Names of the fields only the model's actions write. Extend it."""
        return set()

    @api.model
    def _get_guard_error(self, fnames):
        """The translated refusal for a direct write of `fnames`."""
        labels = sorted(
            self._fields[fname]._description_string(self.env) for fname in fnames
        )
        return self.env._(
            "%(fields)s can only be changed by the actions that record it "
            "(phase buttons, signature, decisions), not edited directly.",
            fields=", ".join(labels),
        )

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self._guard_is_released():
            guarded = self._get_guarded_fields()
            # a new record may state the empty or default value of a guarded
            # field (forms send them); anything else is a value an action sets
            defaults = self.default_get(list(guarded)) if guarded else {}
            forced = {
                fname
                for vals in vals_list
                for fname in guarded.intersection(vals)
                if vals[fname] and vals[fname] != defaults.get(fname)
            }
            if forced:
                raise UserError(self._get_guard_error(forced))
        return super().create(vals_list)

    def write(self, vals):
        if not self._guard_is_released():
            forced = self._get_guarded_fields().intersection(vals)
            if forced:
                raise UserError(self._get_guard_error(forced))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Trusted writes (server code only; not callable over RPC: private)
    # ------------------------------------------------------------------

    @contextmanager
    def _guard_released(self):
        """Within this block the server code may write this model's guarded
        fields. Only for the actions that record the change's evidence."""
        token = _RELEASED.set(_RELEASED.get() | {self._name})
        try:
            yield
        finally:
            _RELEASED.reset(token)

    def _guard_is_released(self):
        return self._name in _RELEASED.get()

    def _write_guarded(self, vals):
        """`write` by the action that owns the guarded fields in `vals`."""
        with self._guard_released():
            return self.write(vals)

    @api.model
    def _create_guarded(self, vals_list):
        """`create` with guarded values, by trusted server code (demo
        generators, imports that carry the evidence)."""
        with self._guard_released():
            return self.create(vals_list)
