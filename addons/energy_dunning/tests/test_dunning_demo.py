# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDunningDemo(TransactionCase):
    """The demo collections (installed by scripts/test): customers at every
    level, a served requerimiento, a cut requested, an essential supply the
    guards refuse to cut, a promise to pay, all in the collector's
    workspace, and no credit-control run that would forbid earlier runs."""

    def test_demo_customers_at_every_level(self):
        collector = self.env.ref("energy_base.user_demo_collections")
        cases = self.env["energy.dunning.case"].search(
            [("user_id", "=", collector.id), ("has_debt", "=", True)]
        )
        self.assertTrue({1, 2, 3, 4} <= set(cases.mapped("level")))
        self.assertIn("promise", cases.mapped("next_action"))
        served = self.env["credit.control.line"].search(
            [
                ("energy_contract_id", "in", cases.contract_id.ids),
                ("energy_notice_kind", "=", "requerimiento"),
                ("energy_date_served", "!=", False),
            ]
        )
        self.assertTrue(served)
        self.assertTrue(
            self.env["energy.contract"].search_count(
                [
                    ("parent_contract_id", "in", cases.contract_id.ids),
                    ("termination_reason", "=", "non_payment_cut"),
                    ("state", "=", "submitted"),
                ]
            )
        )
        essential = cases.contract_id.filtered(
            lambda c: c.supply_point_id.is_essential_supply
        )
        self.assertTrue(essential)
        refusal = essential.event_ids.filtered(
            lambda e: e.field_name == "guards" and e.new_value == "refused"
        )
        # the evaluation's JSON, whatever the language of the demo texts
        self.assertIn('"essential": {"passed": false', refusal[:1].reason or "")
        self.assertEqual(
            {"social_bonus", "protected"} - set(cases.mapped("dunning_segment")),
            set(),
        )
        self.assertFalse(self.env["credit.control.run"].search_count([]))
