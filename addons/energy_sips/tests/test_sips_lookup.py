# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from . import common


@tagged("post_install", "-at_install")
class TestSipsLookup(common.SipsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.import_data(common.PS_SAMPLE)
        cls.import_data(common.CONSUMPTION_SAMPLE)

    def _wizard_from_point(self, point):
        action = point.with_user(self.backoffice).action_sips_lookup()
        self.assertEqual(action["res_model"], "energy.sips.lookup.wizard")
        return Form(
            self.env["energy.sips.lookup.wizard"]
            .with_user(self.backoffice)
            .with_context(**action["context"])
        )

    def test_point_form_has_the_look_up_button(self):
        arch = self.Point.with_user(self.backoffice).get_view(
            self.env.ref("energy_base.energy_supply_point_view_form").id
        )["arch"]
        self.assertIn('name="action_sips_lookup"', arch)
        self.assertIn("Look up in SIPS", arch)
        reader_arch = self.Point.with_user(self.reader).get_view(
            self.env.ref("energy_base.energy_supply_point_view_form").id
        )["arch"]
        self.assertNotIn('name="action_sips_lookup"', reader_arch)

    def test_offline_look_up_reads_the_imported_data_and_changes_nothing(self):
        point = self.point(common.HOUSEHOLD)
        wizard = self._wizard_from_point(point)
        self.assertEqual(wizard.cups_text, common.HOUSEHOLD)
        record = wizard.save()
        record.action_lookup()
        self.assertEqual(record.state, "done")
        self.assertTrue(record.line_ids.found)
        self.assertEqual(record.line_ids.supply_point_id, point)
        self.assertEqual(record.line_ids.message, "Data applied.")
        points_import = record.import_ids.filtered(lambda i: i.file_type == "ps")
        self.assertEqual(
            (points_import.created_count, points_import.updated_count), (0, 0)
        )
        consumption_import = record.import_ids - points_import
        self.assertEqual(consumption_import.unchanged_count, 13)

    def test_offline_look_up_of_an_unknown_cups_is_not_found(self):
        cups = common.make_cups("0022", 42)
        wizard = (
            self.env["energy.sips.lookup.wizard"]
            .with_user(self.backoffice)
            .create({"cups_text": f"{cups}\n\n"})
        )
        wizard.action_lookup()
        self.assertFalse(wizard.line_ids.found)
        self.assertIn("not in the SIPS data imported", wizard.line_ids.message)
        self.assertFalse(self.point(cups))
        self.assertEqual(wizard.import_ids.rejected_count, 1)

    def test_cups_typed_with_spaces_and_commas_are_split(self):
        wizard = self.env["energy.sips.lookup.wizard"]
        self.assertEqual(
            wizard._split_cups(
                "ES 0021 0000 0481 5162 XV 0F, ES0031405501234567EE\n"
                "ES0022000008765432AG"
            ),
            ["ES0021000004815162XV0F", "ES0031405501234567EE", "ES0022000008765432AG"],
        )
