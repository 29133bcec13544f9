# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from stdnum.es import nif as stdnum_nif

from odoo import fields, models

RULE_TYPES = [
    ("debts", "Debts with us"),
    ("identity", "Identity check"),
    ("claims", "Previous claims"),
    ("company_age", "Company age"),
]
# Requests whose customer is not, by design, the current holder of the point.
NEW_HOLDER_TYPES = ("new_supply", "holder_change", "holder_change_switch")


def normalize_vat(vat):
    """The Spanish NIF/NIE/CIF of a VAT number, compact, or ''."""
    vat = (vat or "").upper().replace(" ", "").replace("-", "")
    if vat.startswith("ES"):
        vat = vat[2:]
    return stdnum_nif.compact(vat) if vat else ""


class EnergyContractScoringRule(models.Model):
    """One criterion of the internal scoring, with the points it carries.

    A rule passes (its points count), fails (zero) or is skipped when its
    input is not available (it then does not count at all, neither in the
    points nor in the maximum). A failing knock-out rule fails the scoring
    whatever the total."""

    _name = "energy.contract.scoring.rule"
    _description = "Contract Request Scoring Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Scores the requests of this company only; every company when empty.",
    )
    rule_type = fields.Selection(RULE_TYPES, string="Criterion", required=True)
    points = fields.Float(
        required=True,
        default=25.0,
        help="Points the rule adds when it passes (its weight in the score).",
    )
    knockout = fields.Boolean(
        string="Knock-out",
        help="When this rule fails, the scoring fails whatever the total.",
    )
    description = fields.Text(translate=True)
    debt_tolerance = fields.Float(
        string="Tolerated Overdue Amount",
        help="Debts with us: overdue receivables of the customer up to this amount "
        "still pass.",
    )
    claim_model = fields.Char(
        string="Claims Model",
        default="helpdesk.ticket",
        help="Technical name of the model holding claims (e.g. helpdesk.ticket). "
        "The rule is skipped while it is not installed.",
    )
    claim_partner_field = fields.Char(
        string="Customer Field",
        default="partner_id",
        help="Field of the claims model that points to the customer.",
    )
    claim_months = fields.Integer(
        string="Look Back (months)",
        default=24,
        help="Only claims created in the last months count; zero for all.",
    )
    claim_tolerance = fields.Integer(
        string="Tolerated Claims",
        default=1,
        help="The rule passes with up to this many claims.",
    )
    company_min_years = fields.Float(
        string="Minimum Age (years)",
        default=2.0,
        help="Company age: companies founded at least this long ago pass. "
        "Skipped for individuals and when the founding date is unknown.",
    )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _evaluate(self, contracts):
        """{contract id: [line values]} for these rules on `contracts`, one
        batch per rule (at most one query each)."""
        results = {contract.id: [] for contract in contracts}
        for rule in self:
            scope = contracts.filtered(
                lambda c, r=rule: not r.company_id or r.company_id == c.company_id
            )
            if not scope:
                continue
            outcomes = getattr(rule, f"_evaluate_{rule.rule_type}")(scope)
            for contract in scope:
                status, value = outcomes[contract.id]
                results[contract.id].append(
                    {
                        "rule_id": rule.id,
                        "name": rule.name,
                        "code": rule.rule_type,
                        "status": status,
                        "input_value": value,
                        "points": rule.points if status == "passed" else 0.0,
                        "points_max": rule.points if status != "skipped" else 0.0,
                        "knockout": rule.knockout,
                    }
                )
        return results

    def _evaluate_debts(self, contracts):
        """Overdue customer invoices of the customer with us (needs the
        accounting app; skipped without it)."""
        if "account.move" not in self.env:
            reason = self.env._("accounting is not installed")
            return {contract.id: ("skipped", reason) for contract in contracts}
        partners = contracts.partner_id.commercial_partner_id
        rows = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", fields.Date.context_today(self)),
                    ("commercial_partner_id", "in", partners.ids),
                ],
                ["commercial_partner_id"],
                ["amount_residual_signed:sum"],
            )
        )
        overdue = {partner.id: amount for partner, amount in rows}
        outcomes = {}
        for contract in contracts:
            amount = overdue.get(contract.partner_id.commercial_partner_id.id, 0.0)
            status = "passed" if amount <= self.debt_tolerance else "failed"
            shown = f"{amount:.2f}"
            outcomes[contract.id] = (
                status,
                self.env._("overdue receivables: %(amount)s", amount=shown),
            )
        return outcomes

    def _evaluate_identity(self, contracts):
        """The customer's NIF/NIE/CIF is valid and, unless the request gives
        the point a new holder, is the one of the supply point's holder."""
        outcomes = {}
        for contract in contracts:
            raw = contract.partner_id.commercial_partner_id.vat
            number = normalize_vat(raw)
            if not number:
                outcomes[contract.id] = (
                    "failed",
                    self.env._("the customer has no NIF"),
                )
                continue
            if not stdnum_nif.is_valid(number):
                outcomes[contract.id] = (
                    "failed",
                    self.env._("NIF %(vat)s is not valid", vat=raw),
                )
                continue
            holder = contract.supply_point_id.holder_id.commercial_partner_id
            if contract.request_type in NEW_HOLDER_TYPES or not holder:
                outcomes[contract.id] = (
                    "passed",
                    self.env._(
                        "NIF %(vat)s is valid; the holder is not compared", vat=raw
                    ),
                )
            elif holder == contract.partner_id.commercial_partner_id or (
                normalize_vat(holder.vat) == number
            ):
                outcomes[contract.id] = (
                    "passed",
                    self.env._(
                        "NIF %(vat)s is valid and is the supply point holder's",
                        vat=raw,
                    ),
                )
            else:
                outcomes[contract.id] = (
                    "failed",
                    self.env._(
                        "NIF %(vat)s is valid but the supply point holder is "
                        "%(holder)s (%(holder_vat)s)",
                        vat=raw,
                        holder=holder.name,
                        holder_vat=holder.vat or "-",
                    ),
                )
        return outcomes

    def _evaluate_claims(self, contracts):
        """Claims of the customer in the configured model, if installed."""
        if (self.claim_model or "") not in self.env:
            reason = self.env._(
                "the claims model %(model)s is not installed", model=self.claim_model
            )
            return {contract.id: ("skipped", reason) for contract in contracts}
        Model = self.env[self.claim_model]
        field = Model._fields.get(self.claim_partner_field or "")
        if not field or field.type != "many2one" or field.comodel_name != "res.partner":
            reason = self.env._(
                "%(field)s is not a customer field of %(model)s",
                field=self.claim_partner_field,
                model=self.claim_model,
            )
            return {contract.id: ("skipped", reason) for contract in contracts}
        partners = contracts.partner_id.commercial_partner_id
        domain = [(field.name, "child_of", partners.ids)]
        if self.claim_months:
            since = fields.Datetime.now() - timedelta(
                days=round(self.claim_months * 30.44)
            )
            domain.append(("create_date", ">=", since))
        counts = defaultdict(int)
        for partner, count in Model.sudo()._read_group(
            domain, [field.name], ["__count"]
        ):
            counts[partner.commercial_partner_id.id] += count
        outcomes = {}
        for contract in contracts:
            count = counts[contract.partner_id.commercial_partner_id.id]
            outcomes[contract.id] = (
                "passed" if count <= self.claim_tolerance else "failed",
                self.env._(
                    "%(count)s claims (look back: %(months)s months)",
                    count=count,
                    months=self.claim_months or "-",
                ),
            )
        return outcomes

    def _evaluate_company_age(self, contracts):
        """Years since the customer company was founded, when known."""
        today = fields.Date.context_today(self)
        outcomes = {}
        for contract in contracts:
            founded = contract.customer_founded_date
            if contract.customer_type != "company":
                outcomes[contract.id] = (
                    "skipped",
                    self.env._("the customer is an individual"),
                )
            elif not founded:
                outcomes[contract.id] = (
                    "skipped",
                    self.env._("the founding date is unknown"),
                )
            else:
                years = (today - founded).days / 365.25
                shown = f"{years:.1f}"
                outcomes[contract.id] = (
                    "passed" if years >= self.company_min_years else "failed",
                    self.env._(
                        "founded on %(date)s: %(years)s years",
                        date=fields.Date.to_string(founded),
                        years=shown,
                    ),
                )
        return outcomes
