# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

# A consumer may withdraw from a contract concluded at a distance or off
# premises within 14 calendar days of its conclusion, without giving reasons
# (Real Decreto Legislativo 1/2007, arts. 68-71 and 102-108). Counted from the
# day after the signature: signed on the 1st, the last day is the 15th.
WITHDRAWAL_DAYS = 14


class EnergyContract(models.Model):
    """The statutory right of withdrawal (desistimiento): a withdrawal request
    is accepted only from an individual consumer, within 14 calendar days of
    the signature of the contract it withdraws from."""

    _inherit = "energy.contract"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    date_withdrawal_limit = fields.Date(
        string="Withdrawal Until",
        compute="_compute_date_withdrawal_limit",
        help="Last day on which the customer, a consumer, may withdraw from the "
        "contract without giving reasons: 14 calendar days after the signature "
        "(Real Decreto Legislativo 1/2007, art. 71). Companies have no such "
        "right.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends(
        "date_signed", "customer_type", "partner_id.commercial_partner_id.is_company"
    )
    @api.depends_context("tz")
    def _compute_date_withdrawal_limit(self):
        for contract in self:
            contract.date_withdrawal_limit = (
                contract._local_date(contract.date_signed)
                + timedelta(days=WITHDRAWAL_DAYS)
                if contract.date_signed and contract._has_withdrawal_right()
                else False
            )

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """A withdrawal out of the statutory right is refused before anything
        is created (whatever fills its type in: the values or the defaults)."""
        # requests that state another type need no look-up of the defaults
        unsure = [
            vals
            for vals in vals_list
            if vals.get("request_type", "withdrawal") == "withdrawal"
        ]
        keys = ("request_type", "parent_contract_id", "date_requested")
        missing = [key for key in keys if any(key not in vals for vals in unsure)]
        defaults = self.default_get(missing) if missing else {}
        errors = []
        for vals in unsure:
            values = {**defaults, **vals}
            if values.get("request_type") != "withdrawal" or not values.get(
                "parent_contract_id"
            ):
                continue
            parent = self.browse(values["parent_contract_id"])
            reasons = parent._get_withdrawal_errors(
                values.get("date_requested") or fields.Datetime.now()
            )
            if reasons:
                errors.append(parent._withdrawal_refusal(reasons))
        if errors:
            raise UserError("\n".join(errors))
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Hooks of the lifecycle
    # ------------------------------------------------------------------

    def _get_phase_exit_errors(self, new_state):
        """Checked again on submission: the request or the contract may have
        changed while the request waited."""
        errors = super()._get_phase_exit_errors(new_state)
        if (
            new_state == "submitted"
            and self.request_type == "withdrawal"
            and self.parent_contract_id
        ):
            errors += self.parent_contract_id._get_withdrawal_errors(
                self.date_requested
            )
        return errors

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _has_withdrawal_right(self):
        """Only consumers may withdraw: businesses have no statutory right."""
        self.ensure_one()
        return (
            self.customer_type != "company"
            and not self.partner_id.commercial_partner_id.is_company
        )

    def _get_withdrawal_errors(self, date_requested):
        """Translated reasons why the customer may not withdraw from this
        contract by a request made at `date_requested`, or an empty list."""
        self.ensure_one()
        if not self._has_withdrawal_right():
            return [
                self.env._(
                    "%(customer)s is a company, and businesses have no statutory "
                    "right of withdrawal",
                    customer=self.partner_id.display_name,
                )
            ]
        limit = self.date_withdrawal_limit
        if limit and self._local_date(date_requested) > limit:
            return [
                self.env._(
                    "the withdrawal period of %(contract)s, 14 calendar days from "
                    "its signature on %(signed)s, ended on %(limit)s",
                    contract=self.name,
                    signed=format_date(self.env, self._local_date(self.date_signed)),
                    limit=format_date(self.env, limit),
                )
            ]
        return []

    def _withdrawal_refusal(self, reasons):
        self.ensure_one()
        return self.env._(
            "No withdrawal from %(contract)s can be requested: %(reasons)s.",
            contract=self.name,
            reasons="; ".join(reasons),
        )

    def _local_date(self, value):
        """The calendar day of a UTC datetime in the user's time zone."""
        return fields.Date.context_today(
            self, timestamp=fields.Datetime.to_datetime(value)
        )
