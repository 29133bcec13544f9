# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .common import CUPS_A, ComparatorCase


class TestFunnelReport(ComparatorCase):
    """A small known funnel: four leads of one campaign, two agents.

    ====  =====  =========  =========  =========  ==================
    lead  agent  call       offer      signed     active
    ====  =====  =========  =========  =========  ==================
    L1    1      day 1      day 3      day 5      10 days after
    L2    1      day 2      day 4      -          -
    L3    2      day 3      -          -          -
    L4    2      -          -          -          - (lost)
    ====  =====  =========  =========  =========  ==================
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["utm.campaign"].create({"name": "Funnel Q4"})
        cls.backoffice = cls.env["res.users"].search([("login", "=", "backoffice")])
        cls.day0 = fields.Datetime.now().replace(microsecond=0) - timedelta(days=60)

    def _at(self, records, column, when):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = %s WHERE id = ANY(%s)",
                SQL.identifier(records._table),
                SQL.identifier(column),
                when,
                records.ids,
            )
        )
        self.env.invalidate_all()

    def _funnel(self):
        consent = self.day0 - timedelta(days=1)
        lead_1 = self._lead(name="L1", cups=CUPS_A, consent_date=consent)
        lead_1.with_user(self.agent).action_fill_from_sips()
        lead_1.write(
            {
                "current_energy_price": 0.15,
                "current_power_price": 0.10,
                "identity_verified_on": fields.Datetime.now(),
                "identity_method": "document",
                "identity_reference": "DNI-1",
                "partner_name": "Hogar Pérez",
                "contact_name": "Lucía Pérez Gómez",
                "vat": "12345678Z",
            }
        )
        lead_2 = self._lead(name="L2", consent_date=consent)
        lead_3 = self._lead(name="L3", user=self.other_agent, consent_date=consent)
        lead_4 = self._lead(name="L4", user=self.other_agent, consent_date=consent)
        leads = self.Lead.browse((lead_1 | lead_2 | lead_3 | lead_4).ids)
        leads.write({"campaign_id": self.campaign.id})
        self._at(leads, "create_date", self.day0)
        for lead, user, day in (
            (lead_1, self.agent, 1),
            (lead_2, self.agent, 2),
            (lead_3, self.other_agent, 3),
        ):
            self._log_call(lead, user=user, outcome="interested")
            self._at(lead.phonecall_ids, "date", self.day0 + timedelta(days=day))
        lead_4.with_user(self.other_agent).action_set_lost(
            lost_reason_id=self.lost_reason.id
        )
        # L1: the real path, comparator → offer → accepted.
        lead_1.with_user(self.agent).action_compare()
        line = lead_1.comparison_line_ids.filtered(
            lambda line: line.product_id == self.cheap
        )
        offer_1 = self.env["energy.sales.offer"].browse(
            line.with_user(self.agent).action_make_offer()["res_id"]
        )
        offer_2 = self.env["energy.sales.offer"].create(
            {"lead_id": lead_2.id, "product_id": self.dear.id, "savings_amount": 50.0}
        )
        offer_1.with_user(self.agent).action_accept()
        self._at(offer_1, "create_date", self.day0 + timedelta(days=3))
        self._at(offer_2, "create_date", self.day0 + timedelta(days=4))
        contract = offer_1.contract_id
        self._at(contract, "create_date", self.day0 + timedelta(days=5))
        self._at(contract, "state", "active")
        madrid_day = fields.Datetime.context_timestamp(
            contract.with_context(tz="Europe/Madrid"), self.day0 + timedelta(days=5)
        ).date()
        self._at(contract, "date_activated", madrid_day + timedelta(days=10))
        return leads, offer_1

    def test_funnel_counts_medians_and_savings_by_agent(self):
        __, offer_1 = self._funnel()
        Report = self.env["energy.sales.funnel.report"].with_user(self.backoffice)
        measures = [
            "lead_count:sum",
            "contacted_count:sum",
            "offer_count:sum",
            "signed_count:sum",
            "active_count:sum",
            "days_to_contact:p50",
            "days_to_offer:p50",
            "days_to_sign:p50",
            "days_to_active:p50",
            "savings_offered:sum",
            "savings_accepted:sum",
        ]
        domain = [("campaign_id", "=", self.campaign.id)]
        (total,) = Report._read_group(domain, [], measures)
        self.assertEqual(total[:5], (4, 3, 2, 1, 1))
        # First calls after 1, 2 and 3 days; offers 2 days after the call;
        # signed 2 days after the offer; active 10 days after signing.
        self.assertEqual(total[5:9], (2.0, 2.0, 2.0, 10.0))
        self.assertAlmostEqual(total[9], offer_1.savings_amount + 50.0, places=2)
        self.assertAlmostEqual(total[10], offer_1.savings_amount, places=2)
        self.assertGreater(offer_1.savings_amount, 0)
        by_agent = {
            user: values
            for user, *values in Report._read_group(domain, ["user_id"], measures)
        }
        self.assertEqual(by_agent[self.agent][:5], [2, 2, 2, 1, 1])
        self.assertEqual(by_agent[self.agent][5], 1.5)
        self.assertEqual(by_agent[self.other_agent][:5], [2, 1, 0, 0, 0])
        self.assertEqual(by_agent[self.other_agent][5], 3.0)
        # The pivot asks the web way: the field's own aggregator, the median.
        (row,) = Report.read_group(domain, ["days_to_contact", "lead_count"], [])
        self.assertEqual((row["days_to_contact"], row["lead_count"]), (2.0, 4))
        lost = Report.search(domain + [("is_lost", "=", True)])
        self.assertEqual(lost.lead_id.name, "L4")

    def test_call_outcomes_by_agent(self):
        self._funnel()
        Report = self.env["energy.sales.call.report"].with_user(self.backoffice)
        rows = Report._read_group(
            [("campaign_id", "=", self.campaign.id)],
            ["user_id", "outcome"],
            ["call_count:sum"],
        )
        self.assertEqual(
            sorted((user.login, outcome, count) for user, outcome, count in rows),
            sorted(
                [
                    (self.agent.login, "interested", 2),
                    (self.other_agent.login, "interested", 1),
                ]
            ),
        )

    def test_an_agent_sees_only_their_own_funnel(self):
        self._funnel()
        domain = [("campaign_id", "=", self.campaign.id)]
        Funnel = self.env["energy.sales.funnel.report"].with_user(self.agent)
        self.assertEqual(
            sorted(Funnel.search(domain).lead_id.mapped("name")), ["L1", "L2"]
        )
        Calls = self.env["energy.sales.call.report"].with_user(self.other_agent)
        self.assertEqual(Calls.search(domain).lead_id.mapped("name"), ["L3"])
        portal = self.env["res.users"].search([("login", "=", "channel")])
        with self.assertRaises(AccessError):
            self.env["energy.sales.funnel.report"].with_user(portal).search(domain)
