# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

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
        for settlement in self:
            settlement.amount_total = sum(settlement.line_ids.mapped("amount"))
            settlement.amount_holdback = -sum(
                line.amount
                for line in settlement.line_ids
                if line.line_type == "holdback"
            )

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
        to `date_to` reach its plan's minimum payout."""
        date_from = date_to.replace(day=1)
        Line = self.env["energy.commission.line"].sudo()
        groups = Line._read_group(
            [
                ("channel_id", "in", channels.ids),
                ("state", "=", "earned"),
                ("settlement_id", "=", False),
                ("date_earned", "<=", date_to),
            ],
            ["channel_id", "company_id"],
            ["amount:sum", "id:recordset"],
        )
        settlements = self.browse()
        for channel, company, total, lines in groups:
            plan = channel.energy_commission_plan_id
            if channel.energy_channel_state != "active" or float_round(
                total, precision_digits=2
            ) < max(plan.minimum_payout, 0.01):
                continue
            settlement = self.sudo().create(
                {
                    "channel_id": channel.id,
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
            lines._write_guarded({"settlement_id": settlement.id})
            settlement._hold_back(plan, lines)
            settlements |= settlement
        return settlements

    def _hold_back(self, plan, lines):
        """Keep the plan's share of the new commissions; release it after the
        holdback period."""
        self.ensure_one()
        base = sum(line.amount for line in lines if line.line_type == "commission")
        held = float_round(base * plan.holdback_percent / 100.0, precision_digits=2)
        if held <= 0:
            return
        Line = self.env["energy.commission.line"].sudo()
        common = {
            "channel_id": self.channel_id.id,
            "company_id": self.company_id.id,
            "state": "earned",
        }
        kept = Line._create_guarded(
            [
                dict(
                    common,
                    line_type="holdback",
                    amount=-held,
                    date_earned=self.date_to,
                    settlement_id=self.id,
                    note=self.name,
                )
            ]
        )
        Line._create_guarded(
            [
                dict(
                    common,
                    line_type="release",
                    amount=held,
                    date_earned=self.date_to
                    + relativedelta(months=plan.holdback_months),
                    origin_line_id=kept.id,
                    note=self.name,
                )
            ]
        )
