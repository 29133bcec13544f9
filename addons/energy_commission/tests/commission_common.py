# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""World shared by the commission tests (no test in here): channel A with its
sub-channel A1, channel B, an individual agent, a plan with dated versions,
and contract requests moved to activation and termination by the actions the
switching addon calls on ATR 05 / 06 / E1 messages."""

from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.energy_base.tests.common import make_cups

SIGNED = datetime(2026, 3, 1, 10, 0)
ACTIVATED = date(2026, 3, 10)


class CommissionCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Phase = cls.env["energy.contract.phase"]
        Phase.search([]).write(
            {
                fname: False
                for fname in ("check_documents", "check_scoring")
                if fname in Phase._fields
            }
        )
        cls.Contract = cls.env["energy.contract"]
        cls.Line = cls.env["energy.commission.line"]
        cls.Settlement = cls.env["energy.commission.settlement"]
        cls.company = cls.env.company
        cls.tariff_20 = cls.env.ref("energy_base.access_tariff_20td")
        cls.tariff_30 = cls.env.ref("energy_base.access_tariff_30td")
        cls.backoffice = new_test_user(
            cls.env, "com_backoffice", groups="energy_base.group_energy_backoffice"
        )
        cls.manager = new_test_user(
            cls.env, "com_manager", groups="energy_base.group_energy_manager"
        )
        Partner = cls.env["res.partner"]
        cls.consumer = Partner.create(
            {"name": "Rosa Martín Pardo", "vat": "ES12345678Z"}
        )
        cls.firm = Partner.create(
            {"name": "Carpintería Ebro, S.L.", "is_company": True, "vat": "ESB36385870"}
        )
        cls.plan = cls._make_plan()
        cls.sub_plan = cls.env["energy.commission.plan"].create(
            {
                "name": "Subagencias",
                "clawback_months": 12,
                "clawback_mode": "full",
                "version_ids": [
                    Command.create(
                        {
                            "date_from": date(2026, 1, 1),
                            "rule_ids": [
                                cls._rule("3.0TD", 100.0, tariffs=cls.tariff_30),
                                cls._rule("2.0TD", 30.0, tariffs=cls.tariff_20),
                            ],
                        }
                    )
                ],
            }
        )
        cls.channel_a = Partner.create(
            {
                "name": "Agencia Meseta Energía, S.L.",
                "is_company": True,
                "is_energy_channel": True,
                "vat": "ESB46123451",
                "energy_commission_plan_id": cls.plan.id,
            }
        )
        cls.channel_a1 = Partner.create(
            {
                "name": "Meseta Energía Toledo, S.L.",
                "is_company": True,
                "is_energy_channel": True,
                "type": "other",
                "parent_id": cls.channel_a.id,
                "energy_commission_plan_id": cls.sub_plan.id,
            }
        )
        cls.channel_b = Partner.create(
            {
                "name": "Canal Atlántico Ahorro, S.L.",
                "is_company": True,
                "is_energy_channel": True,
                "energy_commission_plan_id": cls.plan.id,
            }
        )
        cls.agent_channel = Partner.create(
            {
                "name": "Sergio Blanco Rey",
                "is_energy_channel": True,
                "vat": "ES87654321X",
                "energy_commission_plan_id": cls.plan.id,
            }
        )
        cls._next_cups = 0

    @classmethod
    def _rule(cls, name, amount, basis="fixed", level="direct", tariffs=None, **vals):
        return Command.create(
            {
                "name": name,
                "amount": amount,
                "basis": basis,
                "level": level,
                "access_tariff_ids": [Command.set(tariffs.ids if tariffs else [])],
                **vals,
            }
        )

    @classmethod
    def _make_plan(cls):
        """2025: 25 € per 2.0TD. From 2026: 40 € per 2.0TD point, 120 € per
        3.0TD point, 3 €/kW from 10 kW, 2 €/MWh, 10 € override on the
        sub-channels' sales. Six months pro rata, 10 % holdback."""
        return cls.env["energy.commission.plan"].create(
            {
                "name": "Agencias",
                "clawback_months": 6,
                "clawback_mode": "prorata",
                "holdback_percent": 10.0,
                "holdback_months": 6,
                "minimum_payout": 30.0,
                "version_ids": [
                    Command.create(
                        {
                            "date_from": date(2025, 1, 1),
                            "date_to": date(2025, 12, 31),
                            "rule_ids": [
                                cls._rule("2.0TD", 25.0, tariffs=cls.tariff_20)
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "date_from": date(2026, 1, 1),
                            "rule_ids": [
                                cls._rule("2.0TD", 40.0, tariffs=cls.tariff_20),
                                cls._rule("3.0TD", 120.0, tariffs=cls.tariff_30),
                                cls._rule("kW", 3.0, basis="per_kw", power_min_kw=10.0),
                                cls._rule("MWh", 2.0, basis="per_mwh"),
                                cls._rule("Override", 10.0, level="parent"),
                            ],
                        }
                    ),
                ],
            }
        )

    @classmethod
    def _point(cls, tariff, powers, annual_kwh=0.0, holder=None):
        cls._next_cups += 1
        point = cls.env["energy.supply.point"].create(
            {
                "cups": make_cups(f"0021{880000000000 + cls._next_cups:012d}"),
                "access_tariff_id": tariff.id,
                "holder_id": (holder or cls.consumer).id,
                **{f"power_p{n}_kw": kw for n, kw in enumerate(powers, start=1)},
            }
        )
        if annual_kwh:
            cls.env["energy.supply.point.consumption"].create(
                {
                    "supply_point_id": point.id,
                    "date_start": date(2025, 1, 1),
                    "date_end": date(2025, 12, 31),
                    "kwh_p1": annual_kwh,
                }
            )
        return point

    def _contracts(self, channel, count=1, tariff=None, powers=(4.6, 4.6), **kw):
        """Draft requests sold by `channel`, created by the back-office."""
        annual = kw.pop("annual_kwh", 0.0)
        partner = kw.pop("partner", self.consumer)
        points = [
            self._point(tariff or self.tariff_20, powers, annual, partner)
            for _n in range(count)
        ]
        return self.Contract.with_user(self.backoffice).create(
            [
                {
                    "partner_id": partner.id,
                    "supply_point_id": point.id,
                    "request_type": "switch",
                    "channel_id": channel.id,
                    **{f"power_p{n}_kw": v for n, v in enumerate(powers, start=1)},
                    **kw,
                }
                for point in points
            ]
        )

    def _activate(self, contracts, date_activated=ACTIVATED, signed=SIGNED):
        """Signed on `signed`, then activated as the ATR 05 of the distributor
        does (energy_atr: `action_activate(date_activated=...)`)."""
        contracts = contracts.with_user(self.manager)
        with contracts._exit_checks_waived():
            contracts.action_request_documents()
            contracts.action_to_validation()
            contracts.action_to_signature()
        contracts._write_guarded({"date_signed": signed})
        with contracts._exit_checks_waived():
            contracts.action_submit()
            contracts.action_accept()
            contracts.action_activate(date_activated=date_activated)
        return contracts.with_user(self.env.user)

    def _lines(self, contracts, line_type="commission"):
        return self.Line.search(
            [("contract_id", "in", contracts.ids), ("line_type", "=", line_type)]
        )

    def _amounts(self, lines):
        return sorted(
            (line.channel_id.name, line.rule_id.name, line.amount) for line in lines
        )
