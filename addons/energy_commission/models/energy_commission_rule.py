# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

POWER_FIELDS = [f"power_p{period}_kw" for period in range(1, 7)]


class EnergyCommissionRule(models.Model):
    """One way a plan pays for an activated contract. The rules of a version
    add up: e.g. 40 € per 2.0TD supply point plus 3 € per contracted kW plus
    an override for the parent channel."""

    _name = "energy.commission.rule"
    _description = "Commission Rule"
    _order = "version_id, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    version_id = fields.Many2one(
        "energy.commission.plan.version", required=True, ondelete="cascade", index=True
    )
    plan_id = fields.Many2one(related="version_id.plan_id", store=True, index=True)
    company_id = fields.Many2one(related="version_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    basis = fields.Selection(
        [
            ("fixed", "Fixed per supply point"),
            ("per_kw", "Per contracted kW"),
            ("per_mwh", "Per MWh of annual consumption (SIPS)"),
        ],
        required=True,
        default="fixed",
        help="Fixed: the amount once per activated supply point. Per kW: the "
        "amount times the highest contracted power. Per MWh: the amount times "
        "the supply point's annual consumption in MWh from SIPS.",
    )
    level = fields.Selection(
        [("direct", "Selling channel"), ("parent", "Parent channel (override)")],
        required=True,
        default="direct",
        help="Selling channel: paid to the channel of the plan for its own "
        "sales. Parent channel: paid to the channel of the plan for the sales "
        "of its sub-channels.",
    )
    amount = fields.Monetary(
        required=True,
        currency_field="currency_id",
        help="Euros per supply point, per kW or per MWh depending on the basis.",
    )
    access_tariff_ids = fields.Many2many(
        "energy.access.tariff",
        string="Access Tariffs",
        help="Only contracts on these access tariffs; all when empty.",
    )
    power_min_kw = fields.Float(
        string="Power From (kW)",
        help="Only contracts whose highest power is at least this.",
    )
    power_max_kw = fields.Float(
        string="Power Up To (kW)",
        help="Only contracts whose highest power is below this; no limit when 0.",
    )

    @api.constrains("amount", "power_min_kw", "power_max_kw")
    def _check_values(self):
        for rule in self:
            if rule.amount < 0 or rule.power_min_kw < 0 or rule.power_max_kw < 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: amounts and powers cannot be negative.",
                        rule=rule.name,
                    )
                )
            if rule.power_max_kw and rule.power_max_kw <= rule.power_min_kw:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the power band must end above where it starts.",
                        rule=rule.name,
                    )
                )

    @api.model
    def _contract_power(self, contract):
        return max(contract[fname] for fname in POWER_FIELDS)

    def _applies_to(self, contract):
        self.ensure_one()
        if self.access_tariff_ids and contract.access_tariff_id not in (
            self.access_tariff_ids
        ):
            return False
        power = self._contract_power(contract)
        if power < self.power_min_kw:
            return False
        return not self.power_max_kw or power < self.power_max_kw

    def _compute_amount(self, contract):
        """The commission this rule pays for `contract`, in euros."""
        self.ensure_one()
        if self.basis == "per_kw":
            base = self._contract_power(contract)
        elif self.basis == "per_mwh":
            base = contract.supply_point_id.annual_kwh_total / 1000.0
        else:
            base = 1.0
        return float_round(self.amount * base, precision_digits=2)
