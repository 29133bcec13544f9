# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import hashlib
import io
import json
import zipfile

from odoo_test_helper import FakeModelLoader

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestHistoryMixin(TransactionCase):
    """The hash-chained history adopted by a model other than the contract
    request: a test dossier and its events (tests/history_fake_models.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        cls.addClassCleanup(cls.loader.restore_registry)
        from .history_fake_models import EnergyTestDossier, EnergyTestDossierEvent

        cls.loader.update_registry((EnergyTestDossier, EnergyTestDossierEvent))
        cls.Dossier = cls.env["energy.test.dossier"]
        cls.Event = cls.env["energy.test.dossier.event"]
        cls._grant(cls.Dossier, "energy_base.group_energy_user", "1,0,0,0")
        cls._grant(cls.Dossier, "energy_base.group_energy_backoffice", "1,1,1,0")
        cls._grant(cls.Event, "energy_base.group_energy_user", "1,0,0,0")
        cls.reader = new_test_user(
            cls.env, "history_reader", groups="energy_base.group_energy_user"
        )
        cls.backoffice = new_test_user(
            cls.env, "history_backoffice", groups="energy_base.group_energy_backoffice"
        )
        cls.validator = new_test_user(
            cls.env, "history_validator", groups="energy_base.group_energy_validation"
        )
        cls.dossier, cls.other = cls.Dossier.create(
            [{"name": "EXP/2026/0001"}, {"name": "EXP/2026/0002"}]
        )

    @classmethod
    def _grant(cls, model, group, perms):
        read, write, create, unlink = (bool(int(p)) for p in perms.split(","))
        cls.env["ir.model.access"].create(
            {
                "name": f"{model._name} {group}",
                "model_id": cls.env["ir.model"]._get_id(model._name),
                "group_id": cls.env.ref(group).id,
                "perm_read": read,
                "perm_write": write,
                "perm_create": create,
                "perm_unlink": unlink,
            }
        )

    def _log(self, *dossiers, count=1):
        return self.Event._log(
            [
                {
                    "dossier_id": dossier.id,
                    "event_type": "opened",
                    "reason": f"Paso {i + 1}",
                }
                for dossier in dossiers
                for i in range(count)
            ]
        )

    def _alter_by_sql(self, event):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE energy_test_dossier_event SET reason = %s WHERE id = %s",
                "retocado",
                event.id,
            )
        )
        self.env.invalidate_all()

    # ------------------------------------------------------------------
    # The event side
    # ------------------------------------------------------------------

    def test_events_chain_per_subject_with_its_company(self):
        events = self._log(self.dossier, self.other, count=3)
        for dossier in self.dossier | self.other:
            chain = dossier.event_ids.sorted("sequence")
            self.assertEqual(chain.mapped("sequence"), [1, 2, 3])
            self.assertEqual(
                chain.mapped("previous_hash"), ["", *chain[:-1].mapped("hash")]
            )
            self.assertEqual(chain.company_id, dossier.company_id)
            self.assertFalse(chain._verify_chain())
        self.assertEqual(events.user_id, self.env.user)
        more = self._log(self.dossier)
        self.assertEqual(more.sequence, 4)
        self.assertEqual(more.previous_hash, events[2].hash)

    def test_a_batch_takes_the_same_queries_whatever_its_size(self):
        attachment = self.env["ir.attachment"].create({"name": "a.txt", "raw": b"a"})
        self._log(self.dossier, self.other)
        self.env.flush_all()

        def log(count):
            self.Event._log(
                [
                    {
                        "dossier_id": dossier.id,
                        "event_type": "note",
                        "attachment_ids": [attachment.id],
                    }
                    for dossier in self.dossier | self.other
                    for __ in range(count)
                ]
            )

        with self.assertQueryCount(3):
            log(1)
        with self.assertQueryCount(3):
            log(50)
        self.assertEqual(len(self.dossier.event_ids), 52)
        self.assertEqual(self.dossier.event_ids[-1].attachment_ids, attachment)

    def test_events_cannot_be_written_or_deleted_by_anyone_in_any_context(self):
        events = self._log(self.dossier, count=2)
        for superuser_events in (
            events.sudo(),
            events.sudo().with_context(install_mode=True, force_write=True),
        ):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                superuser_events.write({"reason": "retocado"})
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                superuser_events.unlink()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            events.with_user(self.validator).write({"reason": "retocado"})
        self.assertEqual(events.mapped("reason"), ["Paso 1", "Paso 2"])
        self.assertFalse(events._verify_chain())

    def test_each_event_model_links_evidence_in_its_own_table(self):
        field = self.Event._fields["attachment_ids"]
        self.assertEqual(
            (field.relation, field.column1, field.column2),
            (
                "energy_test_dossier_event_ir_attachment_rel",
                "energy_test_dossier_event_id",
                "ir_attachment_id",
            ),
        )
        mixin = self.env["energy.history.event.mixin"]._fields["attachment_ids"]
        self.assertNotEqual(mixin.relation, field.relation)
        attachment = self.env["ir.attachment"].create({"name": "b.txt", "raw": b"b"})
        event = self.Event._log(
            [
                {
                    "dossier_id": self.dossier.id,
                    "event_type": "note",
                    "attachment_ids": [attachment.id],
                }
            ]
        )
        self.assertEqual(event.attachment_ids, attachment)
        self.assertFalse(event._verify_chain())

    # ------------------------------------------------------------------
    # The subject side
    # ------------------------------------------------------------------

    def test_a_story_replayed_by_server_code_keeps_its_own_times(self):
        """The demo replays months of a story in one transaction: within the
        history clock its events carry the story's times (and the chain
        covers them); outside it, and for other subjects, they are dated now;
        no client context reaches the clock."""
        opened = fields.Datetime.to_datetime("2026-03-02 09:15:00")
        signed = fields.Datetime.to_datetime("2026-03-09 17:40:00")
        with self.Event._history_clock({self.dossier.id: opened}):
            first = self._log(self.dossier, self.other)
            with self.Event._history_clock({self.dossier.id: signed}):
                second = self._log(self.dossier)
            third = self._log(self.dossier)
        after = self._log(self.dossier)
        self.assertEqual(first[0].date, opened)
        self.assertEqual(second.date, signed)
        self.assertEqual(third.date, opened, "the outer clock comes back")
        self.assertNotIn(first[1].date, (opened, signed), "another subject: now")
        self.assertGreater(after.date, signed, "outside the clock: now")
        self.assertFalse(self.dossier.event_ids._verify_chain())
        with self.Event._history_clock({None: opened}):
            created = self.Dossier.create({"name": "EXP/2026/0003"})
            self._log(created)
        self.assertEqual(created.event_ids.date, opened)
        self.assertEqual(
            self.Event.browse(self._history_clock_via_context().ids).date.date(),
            fields.Date.today(),
        )

    def _history_clock_via_context(self):
        return self.Event.with_context(
            history_clock={self.dossier.id: "2020-01-01 00:00:00"},
            energy_history_clock="2020-01-01 00:00:00",
            date="2020-01-01",
        )._log([{"dossier_id": self.dossier.id, "event_type": "note"}])

    def test_history_log_appends_one_event_per_record_in_order(self):
        events = (self.dossier | self.other)._history_log(
            [
                {"event_type": "opened", "reason": "Primero"},
                {"event_type": "note", "reason": "Segundo"},
            ]
        )
        self.assertEqual(events.dossier_id, self.dossier | self.other)
        self.assertEqual(
            [(e.dossier_id, e.event_type) for e in events],
            [(self.dossier, "opened"), (self.other, "note")],
        )
        with self.assertRaises(ValueError):
            self.dossier._history_log([{"event_type": "note"}] * 2)

    def test_verify_reports_an_intact_chain_and_logs_a_note(self):
        self._log(self.dossier, count=2)
        action = self.dossier.with_user(self.validator).action_verify_history()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(
            "The history of EXP/2026/0001 is intact", action["params"]["message"]
        )
        note = self.dossier.event_ids.sorted("sequence")[-1]
        self.assertEqual(
            (note.event_type, note.new_value, note.user_id),
            ("note", "intact", self.validator),
        )
        self.assertFalse(self.dossier.event_ids._verify_chain())

    def test_verify_names_only_the_record_altered_by_sql(self):
        self._log(self.dossier, self.other, count=2)
        altered = self.other.event_ids.sorted("sequence")[1]
        self._alter_by_sql(altered)
        action = (
            (self.dossier | self.other)
            .with_user(self.validator)
            .action_verify_history()
        )
        params = action["params"]
        self.assertEqual((params["type"], params["sticky"]), ("danger", True))
        self.assertIn(
            "The history of EXP/2026/0002 was altered: event 2 of", params["message"]
        )
        self.assertNotIn("EXP/2026/0001", params["message"])
        self.assertEqual(self.dossier.event_ids[-1].new_value, "intact")
        self.assertEqual(self.other.event_ids[-1].new_value, "altered")

    def test_only_the_verifying_role_may_verify(self):
        self._log(self.dossier)
        with self.assertRaises(AccessError):
            self.dossier.with_user(self.backoffice).action_verify_history()
        self.assertEqual(len(self.dossier.event_ids), 1)

    def test_evidence_zip_holds_documents_and_the_verified_events(self):
        Attachment = self.env["ir.attachment"]
        own_pdf = Attachment.create(
            {
                "name": "Resolución.pdf",
                "raw": b"%PDF-1.4 resolucion",
                "mimetype": "application/pdf",
                "res_model": "energy.test.dossier",
                "res_id": self.dossier.id,
            }
        )
        photo = Attachment.with_user(self.backoffice).create(
            {
                "name": "Foto/contador.jpg",
                "raw": b"\xff\xd8 foto",
                "mimetype": "image/jpeg",
            }
        )
        self._log(self.dossier)
        self.Event._log(
            [
                {
                    "dossier_id": self.dossier.id,
                    "event_type": "note",
                    "reason": "Foto del contador",
                    "attachment_ids": [photo.id],
                }
            ]
        )
        events = self.dossier.event_ids.sorted("sequence")
        self._alter_by_sql(events[0])
        action = self.dossier.with_user(self.backoffice).action_export_evidence()
        attachment = Attachment.browse(
            int(action["url"].split("/web/content/")[1].split("?")[0])
        )
        self.assertEqual(
            (attachment.res_model, attachment.res_id),
            ("energy.test.dossier", self.dossier.id),
        )
        self.assertRegex(attachment.name, r"^evidence_EXP_2026_0001_\d{14}\.zip$")
        archive = zipfile.ZipFile(io.BytesIO(attachment.raw))
        self.assertEqual(
            set(archive.namelist()),
            {
                f"record/{own_pdf.id}_Resolución.pdf",
                f"documents/{photo.id}_Foto_contador.jpg",
                "history/events.csv",
                "history/events.json",
                "SHA256SUMS",
            },
        )
        rows = list(
            csv.DictReader(io.StringIO(archive.read("history/events.csv").decode()))
        )
        self.assertEqual(
            [(r["hash"], r["hash_valid"], r["link_valid"]) for r in rows],
            [(events[0].hash, "False", "True"), (events[1].hash, "True", "True")],
        )
        self.assertEqual(rows[1]["attachments"], "Foto/contador.jpg")
        dossier = json.loads(archive.read("history/events.json"))
        self.assertEqual(
            (dossier["model"], dossier["record"], dossier["record_id"]),
            ("energy.test.dossier", "EXP/2026/0001", self.dossier.id),
        )
        self.assertEqual(
            (dossier["chain_intact"], dossier["first_broken_sequence"]), (False, 1)
        )
        for line in archive.read("SHA256SUMS").decode().splitlines():
            digest, path = line.split("  ", 1)
            self.assertEqual(hashlib.sha256(archive.read(path)).hexdigest(), digest)
        note = self.dossier.event_ids.sorted("sequence")[-1]
        self.assertEqual((note.event_type, note.new_value), ("note", attachment.name))
        self.assertIn(hashlib.sha256(attachment.raw).hexdigest(), note.reason)

    def test_a_reader_cannot_export_evidence(self):
        with self.assertRaises(AccessError):
            self.dossier.with_user(self.reader).action_export_evidence()
