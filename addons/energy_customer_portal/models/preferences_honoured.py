# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's communication preferences (res.partner, profile.py) honoured
where bills and notices leave: a customer who asked for a paper bill is not
e-mailed it by the billing run, and one who asked for notices by post gets
the dunning ladder's e-mail steps as letters."""

from odoo import models


class EnergyBillingRun(models.Model):
    _inherit = "energy.billing.run"

    def _queue_sending(self, moves):
        """E-mail only the bills of customers who chose the electronic bill;
        the others are printed (the *Paper Bill* filter of the invoices)."""
        return super()._queue_sending(
            moves.filtered(lambda move: move.partner_id.energy_electronic_invoice)
        )


class CreditControlLine(models.Model):
    _inherit = "credit.control.line"

    def _prepare_from_move_line(
        self, move_line, level, controlling_date, open_amount, default_lines_vals
    ):
        """An e-mail step of the ladder goes by letter to a customer who
        asked for notices by post (as OCA does for one without e-mail)."""
        values = super()._prepare_from_move_line(
            move_line, level, controlling_date, open_amount, default_lines_vals
        )
        if (
            values.get("channel") == "email"
            and move_line.partner_id.energy_notice_channel == "post"
        ):
            values["channel"] = "letter"
        return values
