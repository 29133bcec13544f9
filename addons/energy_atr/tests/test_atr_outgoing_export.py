# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import os
import tempfile
import zipfile

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .atr_common import make_cups
from .test_atr_outgoing import OutgoingCase


@tagged("post_install", "-at_install")
class TestAtrOutgoingExport(OutgoingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Export = cls.env["energy.atr.export"]
        cls.Wizard = cls.env["energy.atr.export.wizard"]
        cls.Transport = cls.env["energy.atr.transport"]
        cls.other_distributor = cls.env.ref("energy_base.distributor_0031")

    def setUp(self):
        super().setUp()
        # what the database already had to send (the demo data) is out of the way
        self.env["energy.atr.message"].search(
            [("direction", "=", "out"), ("state", "=", "to_send")]
        ).write({"state": "exported"})
        self.exports_before = self.Export.search([])
        self.requests_0021 = self._ready_to_submit(3)
        other_point = self.env["energy.supply.point"].create(
            {
                "cups": make_cups("0031000012345678"),
                "access_tariff_id": self.tariff.id,
                "power_p1_kw": 4.6,
                "power_p2_kw": 4.6,
                "holder_id": self.customer.id,
            }
        )
        self.request_0031 = self._ready_to_submit(1, supply_point_id=other_point.id)
        self._submit(self.requests_0021 | self.request_0031)
        self.messages_0021 = self._out_messages(self.requests_0021)
        self.message_0031 = self._out_messages(self.request_0031)

    def _export(self, messages=None, user=None, **vals):
        context = {}
        if messages is not None:
            context = {"active_model": "energy.atr.message", "active_ids": messages.ids}
        wizard = (
            self.Wizard.with_user(user or self.backoffice)
            .with_context(**context)
            .create(vals)
        )
        return wizard, wizard.action_export()

    def test_one_message_exports_as_its_xml_file(self):
        wizard, action = self._export(self.message_0031)
        export = wizard.export_ids
        self.assertEqual(len(export), 1)
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(str(export.attachment_id.id), action["url"])
        self.assertEqual(export.name, self.message_0031.file_name)
        self.assertEqual(export.attachment_id.raw, self.message_0031.attachment_id.raw)
        self.assertEqual(
            (export.distributor_id, export.distributor_code, export.method),
            (self.other_distributor, "0031", "file"),
        )
        self.assertEqual(self.message_0031.state, "exported")
        self.assertTrue(self.message_0031.date_exported)
        self.assertEqual(self.message_0031.export_id, export)
        self.assertEqual(set(self.messages_0021.mapped("state")), {"to_send"})

    def test_pending_messages_export_as_a_zip_per_distributor(self):
        wizard, action = self._export()
        exports = wizard.export_ids
        self.assertEqual(len(exports), 2)
        self.assertEqual(action["res_model"], "energy.atr.export")
        by_distributor = {export.distributor_id: export for export in exports}
        zipped = by_distributor[self.distributor]
        self.assertRegex(zipped.name, r"^ATR_1234_0021_[0-9]{14}\.zip$")
        self.assertEqual(zipped.message_count, 3)
        with zipfile.ZipFile(io.BytesIO(zipped.attachment_id.raw)) as archive:
            self.assertEqual(
                sorted(archive.namelist()),
                sorted(self.messages_0021.mapped("file_name")),
            )
            for message in self.messages_0021:
                self.assertEqual(
                    archive.read(message.file_name), message.attachment_id.raw
                )
        self.assertEqual(
            by_distributor[self.other_distributor].name, self.message_0031.file_name
        )
        messages = self.messages_0021 | self.message_0031
        self.assertEqual(set(messages.mapped("state")), {"exported"})
        self.assertTrue(all(messages.mapped("date_exported")))
        # Nothing is left to export a second time.
        with self.assertRaises(UserError):
            self._export()

    def test_wizard_filters_by_distributor(self):
        wizard, _action = self._export(distributor_ids=[(6, 0, self.distributor.ids)])
        self.assertEqual(wizard.export_ids.distributor_id, self.distributor)
        self.assertEqual(self.message_0031.state, "to_send")

    def test_download_of_several_exports_bundles_them(self):
        wizard, _action = self._export()
        action = wizard.export_ids.with_user(self.backoffice).action_download()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        raw = self.env["ir.attachment"].browse(attachment_id).raw
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            self.assertEqual(
                sorted(archive.namelist()), sorted(wizard.export_ids.mapped("name"))
            )

    def test_folder_transport_writes_the_files(self):
        with tempfile.TemporaryDirectory() as folder:
            self.Transport.create(
                {
                    "distributor_id": self.distributor.id,
                    "method": "folder",
                    "folder_out": folder,
                }
            )
            wizard, _action = self._export()
            written = sorted(os.listdir(folder))
            self.assertEqual(written, sorted(self.messages_0021.mapped("file_name")))
            for message in self.messages_0021:
                with open(os.path.join(folder, message.file_name), "rb") as handle:
                    self.assertEqual(handle.read(), message.attachment_id.raw)
        folder_export = wizard.export_ids.filtered(lambda e: e.method == "folder")
        self.assertEqual(folder_export.distributor_id, self.distributor)
        self.assertEqual(set(self.messages_0021.mapped("state")), {"exported"})
        self.assertEqual(
            wizard.export_ids.filtered(lambda e: e.method == "file").distributor_id,
            self.other_distributor,
        )

    def test_missing_folder_is_refused(self):
        self.Transport.create(
            {
                "distributor_id": self.distributor.id,
                "method": "folder",
                "folder_out": "/nonexistent/atr/out",
            }
        )
        with self.assertRaises(UserError) as caught:
            self._export()
        self.assertIn("/nonexistent/atr/out", str(caught.exception))
        self.assertEqual(set(self.messages_0021.mapped("state")), {"to_send"})

    def test_sftp_and_webservice_are_not_available_here(self):
        for method in ("sftp", "webservice"):
            with self.subTest(method=method):
                transport = self.Transport.create(
                    {"distributor_id": self.distributor.id, "method": method}
                )
                with self.assertRaises(UserError) as caught:
                    self._export()
                self.assertIn(
                    "not available in this installation", str(caught.exception)
                )
                messages = self.messages_0021 | self.message_0031
                self.assertEqual(set(messages.mapped("state")), {"to_send"})
                self.assertEqual(self.Export.search([]), self.exports_before)
                transport.unlink()

    def test_plain_energy_user_cannot_export(self):
        with self.assertRaises(AccessError):
            self._export(user=self.reader)
        self.assertEqual(set(self.messages_0021.mapped("state")), {"to_send"})
