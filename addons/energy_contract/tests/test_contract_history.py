# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import hashlib
import io
import json
import zipfile

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from . import contract_common


@tagged("post_install", "-at_install")
class TestContractHistory(contract_common.ContractCase):
    def setUp(self):
        super().setUp()
        self.contract = self._request()
        self.contract.action_request_documents()
        self.contract.action_to_validation()

    def _events(self, contract=None):
        return (contract or self.contract).event_ids.sorted("sequence")

    def _alter_event_by_sql(self, event):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE energy_contract_event SET reason = %s WHERE id = %s",
                "Documentación completa (retocado)",
                event.id,
            )
        )
        self.env.invalidate_all()

    def _export(self, user=None):
        action = self.contract.with_user(
            user or self.backoffice
        ).action_export_evidence()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/web/content/")[1].split("?")[0])
        )
        return action, attachment, zipfile.ZipFile(io.BytesIO(attachment.raw))

    # ------------------------------------------------------------------
    # Immutability
    # ------------------------------------------------------------------

    def test_events_cannot_be_written_or_deleted_even_by_the_superuser(self):
        events = self._events().sudo()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            events[0].write({"reason": "retocado"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            events.unlink()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            self._events().with_user(self.manager).write({"reason": "retocado"})
        self.assertEqual(len(self._events()), 3)
        self.assertFalse(self._events()._verify_chain())

    def test_events_keep_their_table_and_evidence_relation(self):
        """The history moved onto energy_base's mixin without a schema change."""
        Event = self.env["energy.contract.event"]
        field = Event._fields["attachment_ids"]
        self.assertEqual(Event._table, "energy_contract_event")
        self.assertEqual(
            (field.relation, field.column1, field.column2),
            (
                "energy_contract_event_ir_attachment_rel",
                "energy_contract_event_id",
                "ir_attachment_id",
            ),
        )
        self.assertEqual(self._events().company_id, self.contract.company_id)

    def test_an_event_hash_is_the_sha256_of_its_documented_payload(self):
        """Stored hashes stay valid: the payload's fields and order are fixed."""
        event = self._events()[1]
        payload = json.dumps(
            [
                event.previous_hash,
                self.contract.id,
                event.sequence,
                event.date.strftime("%Y-%m-%d %H:%M:%S"),
                event.user_id.id,
                event.event_type,
                event.field_name or "",
                event.old_value or "",
                event.new_value or "",
                event.reason or "",
                event.attachment_ids.ids,
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        self.assertEqual(event.hash, hashlib.sha256(payload.encode()).hexdigest())

    # ------------------------------------------------------------------
    # Verify history
    # ------------------------------------------------------------------

    def test_verify_reports_an_intact_chain_and_logs_a_note(self):
        action = self.contract.with_user(self.validator).action_verify_history()
        params = action["params"]
        self.assertEqual(params["type"], "success")
        self.assertIn(
            f"The history of {self.contract.name} is intact", params["message"]
        )
        self.assertIn("3 events", params["message"])
        note = self._events()[-1]
        self.assertEqual(
            (note.event_type, note.new_value, note.user_id),
            ("note", "intact", self.validator),
        )
        self.assertEqual(note.reason, params["message"])
        self.assertFalse(self._events()._verify_chain(), "the note keeps the chain")

    def test_verify_catches_a_row_altered_by_sql(self):
        altered = self._events()[1]
        self._alter_event_by_sql(altered)
        action = self.contract.with_user(self.manager).action_verify_history()
        params = action["params"]
        self.assertEqual(params["type"], "danger")
        self.assertTrue(params["sticky"])
        self.assertIn(
            f"The history of {self.contract.name} was altered: event "
            f"{altered.sequence} of",
            params["message"],
        )
        note = self._events()[-1]
        self.assertEqual((note.event_type, note.new_value), ("note", "altered"))

    def test_verify_of_several_requests_names_only_the_altered_one(self):
        other = self._request(self.points[1])
        self._alter_event_by_sql(self._events(other)[0])
        action = (
            (self.contract | other).with_user(self.validator).action_verify_history()
        )
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn(other.name, action["params"]["message"])
        self.assertNotIn(self.contract.name, action["params"]["message"])
        self.assertEqual(self._events()[-1].new_value, "intact")
        self.assertEqual(self._events(other)[-1].new_value, "altered")

    def test_backoffice_cannot_verify_history(self):
        count = len(self._events())
        with self.assertRaises(AccessError):
            self.contract.with_user(self.backoffice).action_verify_history()
        self.assertEqual(len(self._events()), count)

    # ------------------------------------------------------------------
    # Export evidence
    # ------------------------------------------------------------------

    def test_evidence_zip_holds_documents_events_and_the_summary(self):
        Attachment = self.env["ir.attachment"]
        contract_pdf = Attachment.create(
            {
                "name": "Contrato firmado.pdf",
                "raw": b"%PDF-1.4 contrato firmado",
                "mimetype": "application/pdf",
                "res_model": "energy.contract",
                "res_id": self.contract.id,
            }
        )
        dni = Attachment.create(
            {
                "name": "DNI titular.jpg",
                "raw": b"\xff\xd8\xff dni",
                "mimetype": "image/jpeg",
            }
        )
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": self.contract.id,
                    "event_type": "document",
                    "new_value": "validated",
                    "reason": "DNI legible",
                    "attachment_ids": [dni.id],
                }
            ]
        )
        events = self._events()
        action, attachment, archive = self._export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(
            (attachment.res_model, attachment.res_id),
            ("energy.contract", self.contract.id),
        )
        self.assertTrue(attachment.name.endswith(".zip"))
        names = set(archive.namelist())
        self.assertEqual(
            names,
            {
                f"contract/{contract_pdf.id}_Contrato firmado.pdf",
                f"documents/{dni.id}_DNI titular.jpg",
                "history/events.csv",
                "history/events.json",
                "summary.pdf",
                "SHA256SUMS",
            },
        )
        self.assertEqual(
            archive.read(f"documents/{dni.id}_DNI titular.jpg"), b"\xff\xd8\xff dni"
        )
        rows = list(
            csv.DictReader(io.StringIO(archive.read("history/events.csv").decode()))
        )
        self.assertEqual([int(r["sequence"]) for r in rows], events.mapped("sequence"))
        self.assertEqual([r["hash"] for r in rows], events.mapped("hash"))
        self.assertEqual({r["hash_valid"] for r in rows}, {"True"})
        dossier = json.loads(archive.read("history/events.json"))
        self.assertTrue(dossier["chain_intact"])
        self.assertEqual(dossier["request"], self.contract.name)
        self.assertEqual(
            [(e["previous_hash"], e["hash"]) for e in dossier["events"]],
            [(e.previous_hash, e.hash) for e in events],
        )
        self.assertTrue(archive.read("summary.pdf").startswith(b"%PDF"))
        for line in archive.read("SHA256SUMS").decode().splitlines():
            digest, path = line.split("  ", 1)
            self.assertEqual(hashlib.sha256(archive.read(path)).hexdigest(), digest)
        note = self._events()[-1]
        self.assertEqual((note.event_type, note.new_value), ("note", attachment.name))
        self.assertIn(hashlib.sha256(attachment.raw).hexdigest(), note.reason)

    def test_evidence_marks_an_altered_event(self):
        altered = self._events()[1]
        self._alter_event_by_sql(altered)
        __, __, archive = self._export(self.validator)
        dossier = json.loads(archive.read("history/events.json"))
        self.assertFalse(dossier["chain_intact"])
        self.assertEqual(dossier["first_broken_sequence"], altered.sequence)
        flags = {e["sequence"]: e["hash_valid"] for e in dossier["events"]}
        self.assertFalse(flags[altered.sequence])
        self.assertTrue(flags[altered.sequence + 1])

    def test_a_second_export_leaves_the_first_zip_out(self):
        __, first, __ = self._export()
        __, second, archive = self._export()
        self.assertNotEqual(first, second)
        self.assertFalse([name for name in archive.namelist() if name.endswith(".zip")])

    def test_reader_cannot_export_evidence(self):
        with self.assertRaises(AccessError):
            self.contract.with_user(self.reader).action_export_evidence()

    def test_summary_shows_phases_time_and_events(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "energy_contract.action_report_energy_contract_summary",
                self.contract.ids,
            )[0]
            .decode()
        )
        self.assertIn(self.contract.name, html)
        self.assertIn("The history is intact", html)
        for event in self._events():
            self.assertIn(event.hash[:16], html)
        self.assertIn("Documentation", html)
