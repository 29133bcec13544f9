# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, TransactionCase, tagged

DEMO_CUPS = "ES0021000770000001ZH0F"


@tagged("post_install", "-at_install")
class TestSipsDemo(TransactionCase):
    """The demo ships a provider reading the imported SIPS files and two
    sample files imported through the real import: a look-up answers."""

    def test_demo_files_were_imported_and_kept(self):
        imports = self.env["energy.sips.import"].search(
            [("name", "=like", "SIPS2026_%_demo.csv")]
        )
        self.assertEqual(sorted(imports.mapped("file_type")), ["consumption", "ps"])
        self.assertEqual(set(imports.mapped("state")), {"done"})
        self.assertTrue(all(imports.mapped("attachment_id")))
        self.assertFalse(self.env["energy.sips.import"]._demo_import_samples())

    def test_demo_look_up_answers_with_the_sample_data(self):
        backoffice = self.env.ref("energy_base.user_demo_backoffice")
        provider = self.env.ref("energy_sips.demo_sips_provider_files")
        form = Form(self.env["energy.sips.lookup.wizard"].with_user(backoffice))
        form.provider_id = provider
        form.cups_text = DEMO_CUPS
        wizard = form.save()
        wizard.action_lookup()
        self.assertEqual(wizard.state, "done")
        self.assertTrue(wizard.line_ids.found)
        point = wizard.line_ids.supply_point_id
        self.assertEqual(point.cups[:20], DEMO_CUPS[:20])
        self.assertTrue(point.access_tariff_id)
        self.assertTrue(point.consumption_ids)
