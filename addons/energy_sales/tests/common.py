# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import Form, TransactionCase, new_test_user

# Valid CUPS (control letters per the CNMC algorithm).
CUPS_A = "ES0021000000000001RK"
CUPS_B = "ES0021000000000002RE"


class SalesCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Lead = cls.env["crm.lead"]
        cls.agent = new_test_user(
            cls.env,
            login="sales_agent_1",
            groups="energy_sales.group_energy_sales_agent",
        )
        cls.other_agent = new_test_user(
            cls.env,
            login="sales_agent_2",
            groups="energy_sales.group_energy_sales_agent",
        )
        cls.consent_date = fields.Datetime.now() - timedelta(days=2)
        cls.lost_reason = cls.env["crm.lost.reason"].create(
            {"name": "Happy with the current retailer"}
        )

    def _lead_form(self, user=None, **values):
        form = Form(self.Lead.with_user(user or self.agent))
        form.name = values.pop("name", "Lead")
        for fname, value in values.items():
            setattr(form, fname, value)
        return form

    def _lead(self, user=None, consent=True, **values):
        if consent:
            values.setdefault("consent_basis", "request")
            values.setdefault("consent_date", self.consent_date)
            values.setdefault("consent_origin", "web_form")
            values.setdefault("consent_reference", "WEB-0001")
        return self._lead_form(user, **values).save()

    def _log_call(self, lead, user=None, context=None, **values):
        wizard = self.env["energy.sales.call.wizard"].with_user(user or self.agent)
        if context:
            wizard = wizard.with_context(**context)
        form = Form(wizard.with_context(default_lead_id=lead.id))
        for fname, value in values.items():
            setattr(form, fname, value)
        return form.save().action_confirm()


class ComparatorCase(SalesCase):
    """SIPS fill-in and savings, checked to the cent against bills computed by
    hand (tax settings shipped by energy_pricing: electricity tax 5.11269632 %,
    single-phase meter rental 0.81 €/month, VAT 21 % on the peninsula)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["crm.lead"])
        cls.tariff = cls.env.ref("energy_base.access_tariff_20td")
        domestic = cls.env["energy.supply.use"].search(
            [("is_domestic", "=", True)], limit=1
        )
        cls.point = cls.env["energy.supply.point"].create(
            {
                "cups": CUPS_A,
                "access_tariff_id": cls.tariff.id,
                "power_p1_kw": 4.6,
                "power_p2_kw": 4.6,
                "supply_use_id": domestic.id,
                "zip": "28001",
                "meter_owner": "distributor",
                "sips_date": today,
            }
        )
        Consumption = cls.env["energy.supply.point.consumption"]
        Consumption.create(
            [
                {
                    "supply_point_id": cls.point.id,
                    "source": "sips",
                    "date_start": today - timedelta(days=365),
                    "date_end": today - timedelta(days=183),
                    "kwh_p1": 500,
                    "kwh_p2": 400,
                    "kwh_p3": 600,
                },
                {
                    "supply_point_id": cls.point.id,
                    "source": "sips",
                    "date_start": today - timedelta(days=182),
                    "date_end": today - timedelta(days=1),
                    "kwh_p1": 500,
                    "kwh_p2": 400,
                    "kwh_p3": 600,
                },
            ]
        )
        cls.cheap = cls._product("SALES-CHEAP", [0.08, 0.02], [0.14, 0.12, 0.09])
        cls.dear = cls._product("SALES-DEAR", [0.12, 0.12], [0.20, 0.20, 0.20])
        cls.backoffice = cls.env["res.users"].search([("login", "=", "backoffice")])
        cls.env["energy.sips.provider"].search(
            [("company_id", "=", cls.env.company.id)]
        ).write({"active": False})

    @classmethod
    def _product(cls, code, power, energy):
        values = {
            "date_from": fields.Date.today() - timedelta(days=30),
            **{f"power_price_p{p}": price for p, price in enumerate(power, 1)},
            **{f"energy_price_p{p}": price for p, price in enumerate(energy, 1)},
        }
        return cls.env["energy.product"].create(
            {
                "name": code,
                "code": code,
                "access_tariff_id": cls.tariff.id,
                "price_ids": [fields.Command.create(values)],
            }
        )

    def _filled_lead(self):
        lead = self._lead(cups=CUPS_A)
        lead.with_user(self.agent).action_fill_from_sips()
        return lead
