# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCommissionDemo(TransactionCase):
    """The demo: plans on the demo channels, earned and clawed-back lines,
    an invoiced settlement on the Spanish chart."""

    def test_demo_story(self):
        company = self.env.company
        self.assertTrue(company.chart_template.startswith("es_"))
        Line = self.env["energy.commission.line"]
        self.assertTrue(self.env["energy.commission.plan"].search([]))
        # the per-tariff rules of the demo plans are limited to their tariff
        for rule in self.env["energy.commission.rule"].search(
            [("name", "=like", "Alta %")]
        ):
            self.assertEqual(rule.access_tariff_ids.mapped("name"), [rule.name[5:]])
        self.assertTrue(
            Line.search([("state", "=", "earned"), ("line_type", "=", "commission")])
        )
        self.assertTrue(Line.search([("line_type", "=", "clawback")]))
        invoiced = self.env["energy.commission.settlement"].search(
            [("state", "=", "invoiced")]
        )
        self.assertEqual(len(invoiced), 1)
        self.assertEqual(invoiced.move_id.move_type, "in_invoice")
        self.assertEqual(invoiced.move_id.state, "posted")
        Partner = self.env["res.partner"]
        self.assertTrue(
            Partner.search(
                [
                    ("is_energy_channel", "=", True),
                    ("energy_channel_state", "=", "suspended"),
                ]
            )
        )
        # three channels, two sub-channels (one an individual agent, IRPF)
        channels = Partner.search([("is_energy_channel", "=", True)])
        self.assertEqual(len(channels.filtered(lambda c: not c.parent_id)), 3)
        subs = channels.filtered("parent_id")
        self.assertEqual(len(subs), 2)
        agent = self.env["res.users"].search([("login", "=", "agent_norte")])
        self.assertIn(agent.partner_id, subs)
        self.assertTrue(agent.partner_id.energy_commission_irpf)
        self.assertTrue(Line.search([("channel_id", "=", agent.partner_id.id)]))
