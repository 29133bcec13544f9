# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from odoo.addons.energy_base.tools.demo import demo_env

from .document_common import DocumentCase

MODULES = ["energy_base", "energy_contract", "energy_contract_document"]


@tagged("post_install", "-at_install")
class TestContractHistoryDisplay(DocumentCase):
    """The history tab reads as a story in the reader's language, while the
    stored, hash-chained values stay as they were written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"].search(
            [("name", "in", MODULES)]
        )._update_translations("es_ES")

    def setUp(self):
        super().setUp()
        self.contract = self._in_documentation()
        line = self._line(self.contract, self.doc_holder_id)
        line.with_user(self.backoffice).action_receive(self._file(self.contract))
        line.with_user(self.validator).action_reject("expired")

    def _events(self, lang, event_type):
        contract = self.contract.with_user(self.backoffice).with_context(
            lang=lang, tz="Europe/Madrid"
        )
        return contract.event_ids.filtered(lambda e: e.event_type == event_type).sorted(
            "sequence"
        )

    def test_phase_change_reads_in_spanish(self):
        created, entered = self._events("es_ES", "state_change")
        self.assertEqual(created.reason, "Request created")  # stored as written
        self.assertEqual(created.reason_display, "Solicitud creada")
        self.assertEqual(created.new_display, "Borrador")
        self.assertEqual(
            (entered.old_display, entered.new_display), ("Borrador", "Documentación")
        )
        self.assertEqual(
            (entered.old_value, entered.new_value), ("draft", "documentation")
        )

    def test_document_decision_names_the_document_and_reason_in_spanish(self):
        received, rejected = self._events("es_ES", "document")
        spanish_name = self.doc_holder_id.with_context(lang="es_ES").name
        english_name = self.doc_holder_id.with_context(lang="en_US").name
        self.assertNotEqual(spanish_name, english_name)
        self.assertEqual(rejected.field_name, "holder_id")
        self.assertEqual(rejected.field_label, spanish_name)
        self.assertEqual(
            (rejected.old_display, rejected.new_display), ("Recibido", "Rechazado")
        )
        self.assertEqual(rejected.reason, f"{english_name}: Expired")
        self.assertEqual(rejected.reason_display, f"{spanish_name}: Caducado")
        self.assertEqual(received.reason_display, spanish_name)

    def test_english_reader_sees_the_english_labels(self):
        rejected = self._events("en_US", "document")[-1]
        self.assertEqual(rejected.new_display, "Rejected")
        self.assertEqual(rejected.reason_display, rejected.reason)

    def test_field_change_shows_the_field_label_and_a_formatted_value(self):
        with Form(self.contract.with_user(self.backoffice)) as form:
            form.power_p1_kw = 5.75
        change = self._events("es_ES", "field_change").filtered(
            lambda e: e.field_name == "power_p1_kw"
        )
        self.assertEqual(len(change), 1)
        self.assertEqual(change.field_label, "Potencia P1 (kW)")
        self.assertEqual(change.new_value, "5.75")  # stored as written
        self.assertEqual(change.new_display, "5,750")

    def test_display_does_not_touch_the_chain(self):
        events = self._events("es_ES", "document")
        events.mapped("reason_display")
        self.assertFalse(self.contract.event_ids._verify_chain())

    def test_unknown_text_comes_back_unchanged(self):
        note = "El cliente llamó para confirmar la cita del lunes."
        self.env["energy.contract.event"]._log(
            [{"contract_id": self.contract.id, "event_type": "note", "reason": note}]
        )
        event = self._events("es_ES", "note")[-1]
        self.assertEqual(event.reason_display, note)

    def test_demo_story_is_written_in_spanish_when_installed(self):
        """The demo generators run in demo_env: with Spanish installed (as
        scripts/run installs it) the story's texts are stored in Spanish."""
        env = demo_env(self.env)
        self.assertEqual(env.lang, "es_ES")
        point = self.points[1]
        request = (
            env["energy.contract"]
            .with_user(self.backoffice)
            .create(
                {
                    "partner_id": point.holder_id.id,
                    "supply_point_id": point.id,
                    "request_type": "switch",
                    "power_p1_kw": point.power_p1_kw,
                    "power_p2_kw": point.power_p2_kw,
                }
            )
        )
        self.assertEqual(request.event_ids.reason, "Solicitud creada")
        creation = request.message_ids.filtered(
            lambda m: m.message_type == "notification"
        )
        self.assertNotIn(" created", "".join(creation.mapped("body")))
