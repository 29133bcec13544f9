# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

from odoo.addons.energy_base.tools.lifecycle import Lifecycle

BACKOFFICE = "energy_base.group_energy_backoffice"
MANAGER = "energy_base.group_energy_manager"

SETTLEMENT_LIFECYCLE = Lifecycle(
    states=(
        ("draft", "Draft"),
        ("validated", "Validated"),
        ("invoiced", "Invoiced"),
        ("paid", "Paid"),
        ("cancelled", "Cancelled"),
    ),
    edges={
        "draft": {"validated": (MANAGER,), "cancelled": (BACKOFFICE,)},
        "validated": {"invoiced": (BACKOFFICE,), "draft": (MANAGER,)},
        "invoiced": {"paid": (BACKOFFICE,)},
    },
    forward_path=("draft", "validated", "invoiced", "paid"),
    closed=frozenset({"paid", "cancelled"}),
    ended=frozenset({"cancelled"}),
)

# Spanish chart (l10n_es) taxes of a self-billing commission invoice.
VAT_TAX = "account_tax_template_p_iva21_sc"
IRPF_TAX = "account_tax_template_p_irpf15"


class EnergyCommissionSettlement(models.Model):
    """A channel's month: its earned lines, the holdback kept and released,
    and the self-billing vendor bill that pays it."""

    _name = "energy.commission.settlement"
    _description = "Commission Settlement"
    _inherit = ["mail.thread", "energy.lifecycle.mixin"]
    _order = "date_to desc, id desc"
    _lifecycle = SETTLEMENT_LIFECYCLE

    name = fields.Char(compute="_compute_name", store=True)
    channel_id = fields.Many2one(
        "res.partner", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True, index=True)
    state = fields.Selection(
        list(SETTLEMENT_LIFECYCLE.states),
        default="draft",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    line_ids = fields.One2many(
        "energy.commission.line", "settlement_id", string="Lines", readonly=True
    )
    amount_total = fields.Monetary(
        string="Net Commission", compute="_compute_amounts", store=True
    )
    amount_holdback = fields.Monetary(
        string="Held Back", compute="_compute_amounts", store=True
    )
    move_id = fields.Many2one(
        "account.move", string="Vendor Bill", readonly=True, copy=False
    )

    def init(self):
        """A channel is settled once per period (a cancelled settlement aside:
        its lines are settled again)."""
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS energy_commission_settlement_period_uniq
            ON energy_commission_settlement (channel_id, company_id, date_from, date_to)
            WHERE state != 'cancelled'
            """
        )

    @api.depends("channel_id.name", "date_to")
    def _compute_name(self):
        for settlement in self:
            month = settlement.date_to.strftime("%Y-%m") if settlement.date_to else ""
            settlement.name = f"{settlement.channel_id.name or ''} {month}"

    @api.depends("line_ids.amount", "line_ids.line_type")
    def _compute_amounts(self):
        """Summed in the database: a settlement may hold tens of thousands of
        lines."""
        sums = {}
        stored = self.filtered("id").filtered(lambda s: isinstance(s.id, int))
        if stored:
            for settlement, line_type, amount in (
                self.env["energy.commission.line"]
                .sudo()
                ._read_group(
                    [("settlement_id", "in", stored.ids)],
                    ["settlement_id", "line_type"],
                    ["amount:sum"],
                )
            ):
                sums[settlement.id, line_type] = amount
        for settlement in self:
            if settlement in stored:
                by_type = {
                    line_type: sums.get((settlement.id, line_type), 0.0)
                    for line_type in ("commission", "clawback", "holdback", "release")
                }
            else:
                by_type = {}
                for line in settlement.line_ids:
                    by_type[line.line_type] = by_type.get(line.line_type, 0.0) + (
                        line.amount
                    )
            settlement.amount_total = sum(by_type.values())
            settlement.amount_holdback = -by_type.get("holdback", 0.0)

    # ------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------

    def _lifecycle_log(self, old_states, new_state, reason):
        for settlement in self:
            settlement.message_post(
                body=self.env._(
                    "%(old)s → %(new)s",
                    old=settlement._state_label(old_states[settlement.id]),
                    new=settlement._state_label(new_state),
                )
                + (f": {reason}" if reason else "")
            )

    def action_validate(self):
        self._set_state("validated")
        return True

    def action_back_to_draft(self):
        self._set_state("draft")
        return True

    def action_cancel(self):
        """The lines go back to be settled again; a holdback kept by this
        settlement and its release disappear with it."""
        self._set_state("cancelled")
        lines = self.sudo().line_ids
        kept = lines.filtered(lambda line: line.line_type == "holdback")
        releases = (
            self.env["energy.commission.line"]
            .sudo()
            .search([("origin_line_id", "in", kept.ids)])
        )
        (lines - kept)._write_guarded({"settlement_id": False})
        with kept._guard_released():
            (releases | kept).unlink()
        return True

    def action_invoice(self):
        """The self-billing vendor bill: the channel's commission with VAT,
        and IRPF withheld for an individual agent."""
        for settlement in self:
            if settlement.amount_total <= 0:
                raise UserError(
                    self.env._(
                        "%(name)s pays nothing: no vendor bill is made.",
                        name=settlement.name,
                    )
                )
        self._set_state("invoiced")
        for settlement in self:
            move = self.env["account.move"].sudo().create(settlement._prepare_move())
            settlement.sudo()._write_guarded({"move_id": move.id})
            move.action_post()
        return True

    def action_register_paid(self):
        """Invoiced settlements whose vendor bill is paid."""
        paid = self.filtered(
            lambda s: s.state == "invoiced"
            and s.move_id.payment_state in ("paid", "in_payment")
        )
        paid._set_state("paid")
        return True

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {"move_id"}

    # ------------------------------------------------------------------
    # Vendor bill
    # ------------------------------------------------------------------

    def _taxes(self):
        self.ensure_one()
        ChartTemplate = self.env["account.chart.template"].with_company(self.company_id)
        xmlids = [VAT_TAX]
        if self.channel_id.energy_commission_irpf:
            xmlids.append(IRPF_TAX)
        taxes = self.env["account.tax"]
        for xmlid in xmlids:
            tax = ChartTemplate.ref(xmlid, raise_if_not_found=False)
            if not tax:
                raise UserError(
                    self.env._(
                        "Company %(company)s has no Spanish chart of accounts "
                        "(tax %(tax)s is missing): load it before invoicing "
                        "commissions.",
                        company=self.company_id.name,
                        tax=xmlid,
                    )
                )
            taxes |= tax
        return taxes

    def _prepare_move(self):
        self.ensure_one()
        return {
            "move_type": "in_invoice",
            "company_id": self.company_id.id,
            "partner_id": self.channel_id.id,
            "invoice_date": self.date_to,
            "ref": self.name,
            "invoice_origin": self.name,
            "narration": self.env._(
                "Self-billing invoice (autofactura) issued by the recipient on "
                "behalf of the channel, for the commissions of %(from)s to %(to)s.",
                **{"from": self.date_from, "to": self.date_to},
            ),
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "Sales commissions %(period)s (%(count)s lines)",
                            period=self.date_to.strftime("%m/%Y"),
                            count=len(self.line_ids),
                        ),
                        "quantity": 1,
                        "price_unit": self.amount_total,
                        "tax_ids": [Command.set(self._taxes().ids)],
                    }
                )
            ],
        }

    # ------------------------------------------------------------------
    # Settling (cron and wizard)
    # ------------------------------------------------------------------

    @api.model
    def _cron_settle(self, today=None):
        """On the first days of a month: earn what is due, settle last month
        for every active channel, mark paid settlements."""
        today = today or fields.Date.context_today(self)
        date_to = today.replace(day=1) - relativedelta(days=1)
        self.env["energy.commission.line"]._cron_earn(today)
        channels = self.env["res.partner"].search(
            [
                ("is_energy_channel", "=", True),
                ("energy_channel_state", "=", "active"),
                ("energy_commission_plan_id", "!=", False),
            ]
        )
        self.search([("state", "=", "invoiced")]).action_register_paid()
        return self._settle(channels, date_to)

    @api.model
    def _settle(self, channels, date_to):
        """One draft settlement per channel whose earned, unsettled lines up
        to `date_to` reach its plan's minimum payout. A fixed number of
        queries whatever the number of channels and lines."""
        date_from = date_to.replace(day=1)
        Line = self.env["energy.commission.line"].sudo()
        domain = [
            ("channel_id", "in", channels.ids),
            ("state", "=", "earned"),
            ("settlement_id", "=", False),
            ("date_earned", "<=", date_to),
        ]
        groups = Line._read_group(
            domain, ["channel_id", "company_id"], ["amount:sum", "id:array_agg"]
        )
        commissions = {
            (channel.id, company.id): total
            for channel, company, total in Line._read_group(
                [*domain, ("line_type", "=", "commission")],
                ["channel_id", "company_id"],
                ["amount:sum"],
            )
        }
        due = [
            (channel, company, line_ids)
            for channel, company, total, line_ids in groups
            if channel.energy_channel_state == "active"
            and float_round(total, precision_digits=2)
            >= max(channel.energy_commission_plan_id.minimum_payout, 0.01)
        ]
        if not due:
            return self.browse()
        settlements = self.sudo().create(
            [
                {
                    "channel_id": channel.id,
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
                for channel, company, _line_ids in due
            ]
        )
        settlements._take_lines([line_ids for _c, _co, line_ids in due])
        settlements._hold_back(
            [commissions.get((c.id, co.id), 0.0) for c, co, _ids in due]
        )
        return settlements.with_env(self.env)

    def _take_lines(self, line_ids_list):
        """Link each settlement to its lines (`line_ids_list`, in the order
        of `self`) in one statement, then let the totals recompute."""
        Line = self.env["energy.commission.line"]
        Line.flush_model(["settlement_id"])
        pairs = [
            (line_id, settlement.id)
            for settlement, line_ids in zip(self, line_ids_list, strict=True)
            for line_id in line_ids
        ]
        self.env.cr.execute(
            SQL(
                """
                UPDATE energy_commission_line l
                   SET settlement_id = v.settlement_id,
                       write_uid = %(uid)s,
                       write_date = (now() at time zone 'UTC')
                  FROM unnest(%(line_ids)s::int[], %(settlement_ids)s::int[])
                       AS v(line_id, settlement_id)
                 WHERE l.id = v.line_id AND l.settlement_id IS NULL
                """,
                uid=self.env.uid,
                line_ids=[pair[0] for pair in pairs],
                settlement_ids=[pair[1] for pair in pairs],
            )
        )
        Line.invalidate_model(["settlement_id", "write_uid", "write_date"])
        self.invalidate_recordset(["line_ids"])
        for fname in ("amount_total", "amount_holdback"):
            self.env.add_to_compute(self._fields[fname], self)

    def _hold_back(self, bases):
        """Keep each plan's share of the new commissions (`bases`, in the
        order of `self`) and release it after the holdback period."""
        held = []
        for settlement, base in zip(self, bases, strict=True):
            plan = settlement.channel_id.energy_commission_plan_id
            amount = float_round(
                base * plan.holdback_percent / 100.0, precision_digits=2
            )
            if amount > 0:
                held.append((settlement, plan, amount))
        if not held:
            return
        Line = self.env["energy.commission.line"].sudo()

        def line(settlement, **vals):
            return dict(
                channel_id=settlement.channel_id.id,
                company_id=settlement.company_id.id,
                state="earned",
                note=settlement.name,
                **vals,
            )

        kept = Line._create_guarded(
            [
                line(
                    settlement,
                    line_type="holdback",
                    amount=-amount,
                    date_earned=settlement.date_to,
                    settlement_id=settlement.id,
                )
                for settlement, _plan, amount in held
            ]
        )
        Line._create_guarded(
            [
                line(
                    settlement,
                    line_type="release",
                    amount=amount,
                    date_earned=settlement.date_to
                    + relativedelta(months=plan.holdback_months),
                    origin_line_id=holdback.id,
                )
                for (settlement, plan, amount), holdback in zip(held, kept, strict=True)
            ]
        )
