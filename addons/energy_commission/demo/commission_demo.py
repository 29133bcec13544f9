# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo plans, lines and settlements of energy_commission, generated when the
demo data is loaded. Not imported with the addon:
``energy.commission.plan._demo_generate`` imports it when it runs.

The demo channels and requests come from the demo of the contract addons; they
are found by the portal logins (`channel`, `agent`) and by search, never by
their XML ids (that demo moves between addons)."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from odoo.addons.energy_base.tools.demo import demo_env

SPANISH_CHART = "es_pymes"


class CommissionDemo:
    def __init__(self, env):
        # Spanish when Spanish is installed: vendor bill texts, chatter
        self.env = demo_env(env)

    def generate(self):
        if self.env["energy.commission.plan"].search_count([]):
            return False
        company = self.env.company
        self._spanish_chart(company)
        levante, alicante, others = self._channels()
        if not levante:
            return False
        agencies, sub_agencies = self._plans()
        manager = self.env["res.users"].search([("login", "=", "accounts")], limit=1)
        (levante | others).write(
            {
                "energy_commission_plan_id": agencies.id,
                "energy_channel_manager_id": manager.id,
            }
        )
        alicante.write(
            {
                "energy_commission_plan_id": sub_agencies.id,
                "energy_channel_manager_id": manager.id,
            }
        )
        # the last of the other channels is suspended: not settled
        others[-1:].write({"energy_channel_state": "suspended"})
        agent = self._individual_agent(others[:1], sub_agencies, manager)
        self._lines(levante | alicante | others | agent)
        self._settlements(levante | alicante | others | agent)
        self._dispute(levante)
        return True

    def _dispute(self, channel):
        """The channel's sales manager disputes one of its clawbacks."""
        line = self.env["energy.commission.line"].search(
            [("channel_id", "=", channel.id), ("line_type", "=", "clawback")],
            limit=1,
        )
        contact = self.env["res.users"].search([("login", "=", "channel")]).partner_id
        if line and contact:
            line._open_dispute(
                "El cliente no se fue a otra comercializadora: fue un cambio de "
                "titular dentro de la misma empresa. Rogamos anulen el descuento.",
                contact,
            )

    def _individual_agent(self, parent, plan, manager):
        """A self-employed agent (autónomo: a sole trader, so IRPF is
        withheld) selling under the northern agency, with a portal login
        (`agent_norte`), credited with a few of the agency's activated
        requests. A sub-channel is a company partner (energy_base)."""
        if not parent:
            return parent
        agent = self.env["res.partner"].create(
            {
                "name": "Javier Otxoa Lasa",
                "parent_id": parent.id,
                "type": "other",
                "is_company": True,
                "is_energy_channel": True,
                "energy_commission_irpf": True,
                "vat": "ES30670854D",
                "street": "Calle Licenciado Poza, 31",
                "zip": "48011",
                "city": "Bilbao",
                "country_id": self.env.ref("base.es").id,
                "email": "javier.otxoa@example.es",
                "energy_commission_plan_id": plan.id,
                "energy_channel_manager_id": manager.id,
            }
        )
        self.env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": agent.name,
                "login": "agent_norte",
                "password": "agent_norte",
                "partner_id": agent.id,
                "tz": "Europe/Madrid",
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        sold = self.env["energy.contract"].search(
            [
                ("channel_id", "=", parent.id),
                ("date_activated", "!=", False),
                ("state", "=", "active"),
            ],
            order="date_activated, id",
            limit=3,
        )
        sold.sudo()._write_guarded({"channel_id": agent.id})
        return agent

    def _spanish_chart(self, company):
        """The demo company keeps its books on the Spanish chart (PGC PYMES),
        whose VAT and IRPF taxes the self-billing invoices use. When account
        is installed in the same run as this demo, it would load the generic
        chart once every addon is installed: that pending choice is dropped."""
        if (company.chart_template or "").startswith("es_"):
            return
        company.country_id = self.env.ref("base.es")
        self.env["account.chart.template"].try_loading(
            SPANISH_CHART, company, install_demo=False
        )
        if hasattr(self.env.registry, "_auto_install_template"):
            del self.env.registry._auto_install_template

    def _channels(self):
        Users = self.env["res.users"].with_context(active_test=False)
        channel_user = Users.search([("login", "=", "channel")], limit=1)
        agent_user = Users.search([("login", "=", "agent")], limit=1)
        levante = channel_user.partner_id.commercial_partner_id
        alicante = agent_user.partner_id.commercial_partner_id
        others = self.env["res.partner"].search(
            [
                ("is_energy_channel", "=", True),
                ("id", "not in", (levante | alicante).ids),
            ],
            order="id",
        )
        return levante, alicante, others

    def _tariffs(self, *codes):
        return self.env["energy.access.tariff"].search([("name", "in", codes)])

    def _plans(self):
        Plan = self.env["energy.commission.plan"]
        agencies = Plan.create(
            {
                "name": "Plan Agencias 2026",
                "clawback_months": 6,
                "clawback_mode": "prorata",
                "holdback_percent": 10.0,
                "holdback_months": 6,
                "minimum_payout": 100.0,
                "version_ids": [
                    Command.create(
                        {
                            "date_from": date(2020, 1, 1),
                            "date_to": date(2025, 12, 31),
                            "rule_ids": self._agency_rules(40.0, 130.0, 350.0),
                        }
                    ),
                    Command.create(
                        {
                            "date_from": date(2026, 1, 1),
                            "rule_ids": self._agency_rules(45.0, 150.0, 400.0),
                        }
                    ),
                ],
            }
        )
        sub_agencies = Plan.create(
            {
                "name": "Plan Subagencias 2026",
                "clawback_months": 12,
                "clawback_mode": "full",
                "minimum_payout": 50.0,
                "version_ids": [
                    Command.create(
                        {
                            "date_from": date(2020, 1, 1),
                            "rule_ids": [
                                self._rule("Alta 2.0TD", 35.0, tariffs=("2.0TD",)),
                                self._rule("Alta 3.0TD", 120.0, tariffs=("3.0TD",)),
                            ],
                        }
                    )
                ],
            }
        )
        return agencies, sub_agencies

    def _agency_rules(self, small, medium, large):
        return [
            self._rule("Alta 2.0TD", small, tariffs=("2.0TD",)),
            self._rule("Alta 3.0TD", medium, tariffs=("3.0TD",)),
            self._rule("Alta 6.1TD", large, tariffs=("6.1TD",)),
            self._rule(
                "Potencia contratada desde 15 kW", 2.5, basis="per_kw", power_min=15.0
            ),
            self._rule("Consumo anual (SIPS)", 1.5, basis="per_mwh"),
            self._rule("Override de subagencias", 10.0, level="parent"),
        ]

    def _rule(
        self, name, amount, basis="fixed", level="direct", tariffs=(), power_min=0
    ):
        return Command.create(
            {
                "name": name,
                "amount": amount,
                "basis": basis,
                "level": level,
                "power_min_kw": power_min,
                "access_tariff_ids": [Command.set(self._tariffs(*tariffs).ids)]
                if tariffs
                else [],
            }
        )

    def _lines(self, channels):
        """The lines the activations and ends of the demo requests produced."""
        contracts = self.env["energy.contract"].search(
            [
                ("channel_id", "in", channels.ids),
                ("date_activated", "!=", False),
                ("state", "in", ("active", "terminated")),
            ]
        )
        Line = self.env["energy.commission.line"]
        Line._generate_for_contracts(contracts)
        Line._cron_earn(fields.Date.context_today(Line))
        Line._clawback_for_contracts(
            contracts.filtered(lambda c: c.state == "terminated")
        )

    def _settlements(self, channels):
        """Last month settled for the active channels; the largest settlement
        validated and invoiced (a self-billing vendor bill)."""
        today = fields.Date.context_today(self.env["energy.commission.line"])
        date_to = today.replace(day=1) - relativedelta(days=1)
        Settlement = self.env["energy.commission.settlement"]
        settlements = Settlement._settle(
            channels.filtered(lambda c: c.energy_channel_state == "active"), date_to
        )
        largest = settlements.sorted("amount_total", reverse=True)[:1]
        largest.action_validate()
        largest.action_invoice()
        return settlements
