# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

# Requests that bring a supply to us: the ones a channel is paid for.
COMMISSIONED_TYPES = ("new_supply", "switch", "switch_changes", "holder_change_switch")
LINE_TYPES = [
    ("commission", "Commission"),
    ("clawback", "Clawback"),
    ("holdback", "Holdback"),
    ("release", "Holdback release"),
]


class EnergyCommissionLine(models.Model):
    """What a channel earns (or returns) for one contract and one rule, or a
    holdback kept from a settlement and its later release. Written only by
    the actions that compute it: activation, the earning cron, termination
    and settlement."""

    _name = "energy.commission.line"
    _description = "Commission Line"
    _inherit = ["energy.guard.mixin"]
    _order = "date_earned desc, id desc"

    contract_id = fields.Many2one(
        "energy.contract", index="btree_not_null", ondelete="restrict", readonly=True
    )
    rule_id = fields.Many2one(
        "energy.commission.rule",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
    )
    plan_id = fields.Many2one(related="rule_id.plan_id", store=True, precompute=True)
    channel_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        readonly=True,
        help="The channel paid by this line.",
    )
    seller_channel_id = fields.Many2one(
        "res.partner",
        string="Selling Channel",
        index="btree_not_null",
        readonly=True,
        help="The channel that sold the contract (a sub-channel for an override).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_type = fields.Selection(
        LINE_TYPES,
        string="Type",
        required=True,
        default="commission",
        index=True,
        readonly=True,
    )
    state = fields.Selection(
        [("pending", "Pending"), ("earned", "Earned"), ("cancelled", "Cancelled")],
        required=True,
        default="pending",
        index=True,
        readonly=True,
        help="Pending: the contract is active but the withdrawal window has not "
        "passed. Earned: payable in the next settlement. Cancelled: the "
        "contract ended before it was earned.",
    )
    amount = fields.Monetary(currency_field="currency_id", readonly=True)
    date_earned = fields.Date(
        string="Earned On",
        index=True,
        readonly=True,
        help="Day from which the line is payable: the activation, or the day "
        "after the withdrawal window when that ends later.",
    )
    origin_line_id = fields.Many2one(
        "energy.commission.line",
        string="Clawback Of",
        index="btree_not_null",
        readonly=True,
        help="The commission this clawback returns.",
    )
    clawback_line_ids = fields.One2many(
        "energy.commission.line", "origin_line_id", string="Clawbacks"
    )
    settlement_id = fields.Many2one(
        "energy.commission.settlement", index="btree_not_null", readonly=True
    )
    note = fields.Char(readonly=True)
    cups = fields.Char(related="contract_id.cups")
    dispute_ids = fields.One2many(
        "energy.commission.dispute", "line_id", string="Disputes", readonly=True
    )
    dispute_state = fields.Selection(
        [("open", "Disputed"), ("accepted", "Accepted"), ("rejected", "Rejected")],
        index="btree_not_null",
        readonly=True,
        help="The state of the line's latest dispute raised by the channel "
        "(written by the dispute's actions: nothing to compute when lines are "
        "created by the thousand).",
    )

    _sql_constraints = [
        (
            "contract_rule_channel_type_unique",
            "UNIQUE (contract_id, rule_id, channel_id, line_type)",
            "A contract pays each rule of a channel once (and is clawed back once).",
        ),
    ]

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {
            "contract_id",
            "rule_id",
            "channel_id",
            "seller_channel_id",
            "company_id",
            "line_type",
            "state",
            "amount",
            "date_earned",
            "origin_line_id",
            "settlement_id",
            "dispute_state",
        }

    # ------------------------------------------------------------------
    # Disputes
    # ------------------------------------------------------------------

    def _open_dispute(self, reason, partner):
        """A channel disputes this line (portal): the caller has checked that
        `partner`'s user may read the line. Refused for holdbacks, cancelled
        lines and lines with a dispute still open."""
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say what is wrong with this commission."))
        if self.line_type not in ("commission", "clawback") or (
            self.state == "cancelled"
        ):
            raise UserError(
                self.env._("Only commissions and clawbacks can be disputed.")
            )
        Dispute = self.env["energy.commission.dispute"]
        # an answer just given must reach the database before the new dispute
        # (one open dispute per line, unique index)
        Dispute.flush_model(["state"])
        if self.dispute_state == "open":
            raise UserError(self.env._("This commission is already disputed."))
        dispute = Dispute.sudo()._create_guarded(
            [{"line_id": self.id, "reason": reason, "partner_id": partner.id}]
        )
        self.sudo()._write_guarded({"dispute_state": "open"})
        dispute.message_post(
            body=self.env._("Dispute raised: %(reason)s", reason=reason),
            author_id=partner.id,
            subtype_xmlid="mail.mt_comment",
        )
        return dispute

    # ------------------------------------------------------------------
    # Lines on activation
    # ------------------------------------------------------------------

    @api.model
    def _generate_for_contracts(self, contracts):
        """Pending lines for activated contracts sold by a channel: one per
        contract, rule and paid channel (those that exist are skipped; the
        unique constraint refuses a second one under any race)."""
        contracts = contracts.filtered(
            lambda c: c.channel_id
            and c.date_activated
            and c.request_type in COMMISSIONED_TYPES
        )
        if not contracts:
            return self.browse()
        existing = {
            (line.contract_id.id, line.rule_id.id, line.channel_id.id)
            for line in self.sudo().search(
                [("contract_id", "in", contracts.ids), ("line_type", "=", "commission")]
            )
        }
        vals_list = []
        for contract in contracts:
            for channel, level in self._beneficiaries(contract.channel_id):
                for rule in self._rules_for(channel, level, contract):
                    if (contract.id, rule.id, channel.id) in existing:
                        continue
                    vals = self._prepare_line(contract, rule, channel)
                    if vals["amount"]:
                        vals_list.append(vals)
        return self.sudo()._create_guarded(vals_list)

    @api.model
    def _beneficiaries(self, seller):
        """(channel, level) pairs paid for a sale of `seller`."""
        pairs = [(seller, "direct")]
        parent = seller._energy_commission_parent_channel()
        if parent:
            pairs.append((parent, "parent"))
        return pairs

    @api.model
    def _rules_for(self, channel, level, contract):
        plan = channel.energy_commission_plan_id
        if not plan:
            return self.env["energy.commission.rule"]
        version = plan._version_at(contract.date_activated)
        return version.rule_ids.filtered(
            lambda r: r.level == level and r._applies_to(contract)
        )

    @api.model
    def _prepare_line(self, contract, rule, channel):
        return {
            "contract_id": contract.id,
            "rule_id": rule.id,
            "channel_id": channel.id,
            "seller_channel_id": contract.channel_id.id,
            "company_id": contract.company_id.id,
            "line_type": "commission",
            "state": "pending",
            "amount": rule._compute_amount(contract),
            "date_earned": self._earning_date(contract),
        }

    @api.model
    def _earning_date(self, contract):
        """The activation, or the day after the 14-day withdrawal window when
        the window closes later (never paid while the customer may withdraw)."""
        limit = contract.date_withdrawal_limit
        if limit and limit >= contract.date_activated:
            return limit + timedelta(days=1)
        return contract.date_activated

    # ------------------------------------------------------------------
    # Earning (cron)
    # ------------------------------------------------------------------

    @api.model
    def _cron_earn(self, today=None):
        """Pending lines whose withdrawal window has passed become earned (one
        statement, whatever their number)."""
        today = today or fields.Date.context_today(self)
        self.flush_model(["state", "date_earned"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE energy_commission_line
                   SET state = 'earned',
                       write_uid = %(uid)s,
                       write_date = (now() at time zone 'UTC')
                 WHERE state = 'pending' AND date_earned <= %(today)s
             RETURNING id
                """,
                uid=self.env.uid,
                today=today,
            )
        )
        lines = self.browse(row[0] for row in self.env.cr.fetchall())
        lines.invalidate_recordset(["state", "write_uid", "write_date"])
        return lines

    # ------------------------------------------------------------------
    # Clawback on the end of a contract
    # ------------------------------------------------------------------

    @api.model
    def _clawback_for_contracts(self, contracts):
        """Pending lines of ended contracts are cancelled; earned ones within
        the plan's clawback period get a negative line referencing them."""
        lines = self.sudo().search(
            [
                ("contract_id", "in", contracts.ids),
                ("line_type", "=", "commission"),
                ("state", "in", ("pending", "earned")),
            ]
        )
        lines.filtered(lambda line: line.state == "pending")._write_guarded(
            {"state": "cancelled"}
        )
        earned = lines.filtered(
            lambda line: line.state == "earned" and not line.clawback_line_ids
        )
        vals_list = [
            vals for vals in (line._prepare_clawback() for line in earned) if vals
        ]
        return self.sudo()._create_guarded(vals_list)

    def _prepare_clawback(self):
        self.ensure_one()
        amount = self._clawback_amount()
        if not amount:
            return None
        contract = self.contract_id
        return {
            "contract_id": contract.id,
            "rule_id": self.rule_id.id,
            "channel_id": self.channel_id.id,
            "seller_channel_id": self.seller_channel_id.id,
            "company_id": self.company_id.id,
            "line_type": "clawback",
            "state": "earned",
            "amount": -amount,
            "date_earned": contract.date_terminated,
            "origin_line_id": self.id,
            "note": contract.state_reason,
        }

    def _clawback_amount(self):
        """What this commission returns when its contract ended: all of it
        for a withdrawal or a full-clawback plan, else the share of the
        clawback period not lasted; nothing past the period."""
        contract, plan = self.contract_id, self.plan_id
        start, end = contract.date_activated, contract.date_terminated
        if not start or not end:
            return 0.0
        limit = start + relativedelta(months=plan.clawback_months)
        if end >= limit:
            return 0.0
        if plan.clawback_mode == "full" or contract._energy_commission_withdrawn():
            return self.amount
        period = (limit - start).days
        remaining = period - (end - start).days
        return float_round(self.amount * remaining / period, precision_digits=2)
