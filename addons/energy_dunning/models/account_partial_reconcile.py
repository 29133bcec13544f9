# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    """A payment (or a credit note) reconciled with an invoice of a payment
    plan, or undone, moves the plan's instalments at once: paid ones get
    their event in the contract's history, a plan fully paid is done."""

    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._energy_sync_plans()
        return partials

    def unlink(self):
        moves = self._energy_invoices()
        result = super().unlink()
        self.env["energy.dunning.plan"]._energy_sync_invoices(moves)
        return result

    def _energy_invoices(self):
        return (self.debit_move_id.move_id | self.credit_move_id.move_id).filtered(
            lambda move: move.move_type == "out_invoice"
        )

    def _energy_sync_plans(self):
        self.env["energy.dunning.plan"]._energy_sync_invoices(self._energy_invoices())
