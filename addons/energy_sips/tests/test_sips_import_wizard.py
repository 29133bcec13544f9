# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.tests import Form, tagged

from . import common


@tagged("post_install", "-at_install")
class TestSipsImportWizard(common.SipsCase):
    def _upload(self, name, **values):
        wizard = Form(
            self.env["energy.sips.import.wizard"]
            .with_user(self.backoffice)
            .with_context(default_filename=name)
        )
        wizard.file = base64.b64encode(self.read_data(name))
        for field, value in values.items():
            setattr(wizard, field, value)
        action = wizard.save().action_import()
        self.assertEqual(action["res_model"], "energy.sips.import")
        return self.env["energy.sips.import"].browse(action["res_id"])

    def test_upload_applies_a_small_file_at_once_and_keeps_it(self):
        sips_import = self._upload(common.PS_SAMPLE)
        self.assertEqual(sips_import.state, "done")
        self.assertEqual(sips_import.origin, "upload")
        self.assertEqual(sips_import.user_id, self.backoffice)
        self.assertEqual(sips_import.created_count, 5)
        attachment = sips_import.attachment_id
        self.assertEqual(attachment.name, common.PS_SAMPLE)
        self.assertEqual(
            (attachment.res_model, attachment.res_id),
            ("energy.sips.import", sips_import.id),
        )
        self.assertEqual(attachment.raw, self.read_data(common.PS_SAMPLE))
        self.assertEqual(sips_import.action_open_file()["type"], "ir.actions.act_url")

    def test_chosen_type_is_used(self):
        sips_import = self._upload(common.PS_SAMPLE, file_type="ps")
        self.assertEqual(sips_import.file_type, "ps")

    def test_wizard_is_reachable_from_the_imports_list(self):
        arch = self.env["energy.sips.import"].get_view(
            self.env.ref("energy_sips.energy_sips_import_view_list").id
        )["arch"]
        action = self.env.ref("energy_sips.energy_sips_import_wizard_action")
        self.assertIn(f'name="{action.id}"', arch)
        menu = self.env.ref("energy_sips.energy_sips_import_menu")
        self.assertEqual(
            menu.parent_id, self.env.ref("energy_base.menu_energy_operations")
        )

    def test_background_upload_is_processed_by_the_cron_in_batches(self):
        sips_import = self._upload(common.PS_SAMPLE, in_background=True)
        cron = self.env.ref("energy_sips.ir_cron_energy_sips_import")
        self.assertEqual(sips_import.state, "queued")
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        )
        cron, progress = cron._add_progress()
        Import = self.env["energy.sips.import"].with_context(
            ir_cron_progress_id=progress.id
        )
        Import._cron_process_queue(batch_size=2)
        self.assertEqual(sips_import.state, "running")
        self.assertEqual((sips_import.row_count, sips_import.created_count), (2, 2))
        self.assertTrue(0 < sips_import.progress < 100)
        self.assertEqual(progress.done, 2)
        self.assertTrue(progress.remaining > 0)
        self.assertEqual(sips_import.last_line_number, 3)

        Import._cron_process_queue(batch_size=2)
        Import._cron_process_queue(batch_size=2)
        self.assertEqual(sips_import.state, "done")
        self.assertEqual(sips_import.progress, 100.0)
        self.assertEqual((sips_import.row_count, sips_import.created_count), (5, 5))
        self.assertEqual(progress.done, 1)
        self.assertEqual(progress.remaining, 0)
        self.assertEqual(
            len(self.Point.search([("sips_import_id", "=", sips_import.id)])), 5
        )

    def test_script_queues_a_path_and_the_cron_reports_line_numbers(self):
        sips_import = self.import_data(common.PS_ERRORS, in_background=True)
        self.assertEqual(sips_import.origin, "script")
        Import = self.env["energy.sips.import"]
        for __ in range(3):
            Import._cron_process_queue(batch_size=3)
        self.assertEqual(sips_import.state, "done")
        self.assertEqual(
            sorted(set(sips_import.line_ids.mapped("line_number"))),
            [3, 4, 5, 6, 7, 8, 9],
        )

    def test_request_context_does_not_choose_the_batch_size(self):
        sips_import = self._upload(common.PS_SAMPLE, in_background=True)
        Import = self.env["energy.sips.import"].with_context(sips_batch_size=1)
        Import._cron_process_queue()
        self.assertEqual(sips_import.state, "done")
        self.assertEqual((sips_import.row_count, sips_import.created_count), (5, 5))

    def test_cron_marks_a_broken_queued_import_failed_and_goes_on(self):
        broken = self.import_data(common.PS_SAMPLE, in_background=True)
        broken.attachment_id.sudo().raw = b"not a SIPS file at all"
        queued = self.import_data(common.PS_SAMPLE, in_background=True)
        Import = self.env["energy.sips.import"]
        Import._cron_process_queue()
        self.assertEqual(broken.state, "failed")
        self.assertIn("comma-separated", broken.error_message)
        Import._cron_process_queue()
        self.assertEqual(queued.state, "done")

    def test_process_now_runs_a_queued_import(self):
        sips_import = self.import_data(common.PS_SAMPLE, in_background=True)
        sips_import.with_user(self.backoffice).action_process_now()
        self.assertEqual(sips_import.state, "done")
