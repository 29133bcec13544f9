# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools import atr_builder
from .atr_common import AtrCase


class OutgoingCase(AtrCase):
    """Requests of every type, signed and ready for the distributor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cnae = cls.env.ref("energy_base.cnae_9820")
        cls.firm = cls.env["res.partner"].create(
            {
                "name": "Talleres Norte, S.L.",
                "is_company": True,
                "vat": "ESB36385870",
                "phone": "985 12 34 56",
                "email": "admin@talleresnorte.example",
            }
        )

    def _submit(self, contracts, user=None):
        return contracts.with_user(user or self.backoffice).action_submit()

    def _parent(self):
        """An active contract of ours, brought by a C1 we sent."""
        parent = self._ready_to_submit(1)
        self._submit(parent)
        parent.action_accept()
        parent.action_activate(
            date_activated=fields.Date.context_today(parent) - timedelta(days=60)
        )
        return parent

    def _change(self, request_type, parent=None, **vals):
        """A signed request of `request_type` (changing `parent` if given)."""
        if parent:
            vals.update(
                parent_contract_id=parent.id,
                supply_point_id=parent.supply_point_id.id,
            )
        return self._ready_to_submit(1, request_type=request_type, **vals)

    def _out_messages(self, contracts):
        return self.Message.search(
            [("case_id.contract_id", "in", contracts.ids), ("direction", "=", "out")]
        )

    def _parsed(self, message):
        raw = message.attachment_id.raw
        self.assertTrue(atr_builder.validate(raw)[0], atr_builder.validate(raw)[1])
        return atr_builder.parse(raw)


@tagged("post_install", "-at_install")
class TestAtrOutgoingStep01(OutgoingCase):
    def test_step01_of_each_request_type_validates_and_carries_the_request(self):
        parents = {key: self._parent() for key in ("mod", "holder", "end", "back")}
        requests = self._requests_of_every_type(parents)
        self._submit(self.Contract.browse([r.id for r in requests.values()]))
        for request_type, request in requests.items():
            with self.subTest(request_type=request_type):
                self._assert_step01(request_type, request, parents)
        self._assert_step01_details(requests)

    def _requests_of_every_type(self, parents):
        """{request type: a signed request of that type}, the changes made on
        `parents` (active contracts)."""
        new_supply = self._change("new_supply")
        new_supply.supply_point_id.cnae_id = self.cnae
        return {
            "new_supply": new_supply,
            "switch": self._change("switch"),
            "switch_changes": self._change(
                "switch_changes", power_p1_kw=5.75, power_p2_kw=5.75
            ),
            "modification": self._change(
                "modification", parents["mod"], power_p1_kw=6.928, power_p2_kw=6.928
            ),
            "holder_change": self._change(
                "holder_change",
                parents["holder"],
                partner_id=self.firm.id,
                atr_holder_change_type="S",
            ),
            "holder_change_switch": self._change(
                "holder_change_switch", partner_id=self.firm.id
            ),
            "termination": self._change(
                "termination", parents["end"], termination_reason="end_of_term"
            ),
            "withdrawal": self._change("withdrawal", parents["back"]),
        }

    def _assert_step01(self, request_type, request, parents):
        """One case, one valid step 01 of the request type's process with its
        header and customer."""
        expected_process = {
            "new_supply": "A3",
            "switch": "C1",
            "switch_changes": "C2",
            "modification": "M1",
            "holder_change": "M1",
            "holder_change_switch": "C2",
            "termination": "B1",
            "withdrawal": "E1",
        }
        case = request.atr_case_ids
        self.assertEqual(len(case), 1)
        message = case.atr_message_ids
        self.assertEqual(len(message), 1)
        parsed = self._parsed(message)
        self.assertEqual(
            (parsed.tipus, parsed.pas, parsed.codi_sollicitud),
            (expected_process[request_type], "01", case.name),
        )
        self.assertEqual(parsed.cups[:20], request.cups)
        self.assertEqual(
            (parsed.get_codi_emisor, parsed.get_codi_destinatari), ("1234", "0021")
        )
        self.assertEqual(parsed.seq_sollicitud, "01")
        if request_type == "withdrawal":
            self.assertEqual(
                parsed.codigo_de_solicitud_ref, parents["back"].atr_case_ids.name
            )
            self.assertEqual(parsed.id_cliente.identificador, "12345678Z")
            return
        client = parsed.cliente
        if request.partner_id == self.firm:
            self.assertEqual(
                (client.tipo_identificador, client.identificador), ("NI", "B36385870")
            )
            self.assertEqual(client.tipo_persona, "J")
        else:
            self.assertEqual(client.identificador, "12345678Z")
            self.assertEqual(client.tipo_persona, "F")
        self.assertEqual(parsed.datos_solicitud.ind_activacion, "A")

    def _assert_step01_details(self, requests):
        """What each process carries beyond the header: conditions, the
        modification and holder change types, the B1 motivo, the names."""

        def parsed(request_type):
            return self._parsed(requests[request_type].atr_case_ids.atr_message_ids)

        a3 = parsed("new_supply")
        self.assertEqual(a3.datos_solicitud.cnae, "9820")
        self.assertEqual(a3.contrato.tarifa_atr, "018")
        self.assertEqual(a3.contrato.potencias_contratadas, [(1, 4600), (2, 4600)])
        c2 = parsed("switch_changes")
        self.assertEqual(c2.datos_solicitud.tipo_modificacion, "N")
        self.assertEqual(c2.contrato.potencias_contratadas, [(1, 5750), (2, 5750)])
        m1 = parsed("modification")
        self.assertEqual(m1.datos_solicitud.tipo_modificacion, "N")
        self.assertEqual(m1.contrato.potencias_contratadas, [(1, 6928), (2, 6928)])
        holder = parsed("holder_change")
        self.assertEqual(
            (
                holder.datos_solicitud.tipo_modificacion,
                holder.datos_solicitud.tipo_solicitud_administrativa,
            ),
            ("S", "S"),
        )
        self.assertEqual(holder.cliente.razon_social, "Talleres Norte, S.L.")
        c2_holder = parsed("holder_change_switch")
        self.assertEqual(
            (
                c2_holder.datos_solicitud.tipo_modificacion,
                c2_holder.datos_solicitud.tipo_solicitud_administrativa,
            ),
            ("S", "T"),
        )
        self.assertEqual(parsed("termination").datos_solicitud.motivo, "02")
        c1 = parsed("switch")
        self.assertEqual(
            (
                c1.cliente.nombre_de_pila,
                c1.cliente.primer_apellido,
                c1.cliente.segundo_apellido,
            ),
            ("Lorena", "Prieto", "Cano"),
        )

    def test_fixed_date_activation_and_holder_change_with_new_powers(self):
        parent = self._parent()
        day = fields.Date.context_today(parent) + timedelta(days=20)
        request = self._change(
            "holder_change",
            parent,
            partner_id=self.firm.id,
            power_p1_kw=5.75,
            power_p2_kw=5.75,
            activation_mode="fixed_date",
            date_activation_requested=day,
        )
        self._submit(request)
        parsed = self._parsed(request.atr_case_ids.atr_message_ids)
        self.assertEqual(
            (
                parsed.datos_solicitud.tipo_modificacion,
                parsed.datos_solicitud.tipo_solicitud_administrativa,
                parsed.datos_solicitud.ind_activacion,
                parsed.datos_solicitud.fecha_prevista_accion,
            ),
            ("A", "T", "F", fields.Date.to_string(day)),
        )
        self.assertEqual(parsed.contrato.potencias_contratadas, [(1, 5750), (2, 5750)])
        self.assertEqual(request.atr_case_ids.deadline_modifier, "A")


@tagged("post_install", "-at_install")
class TestAtrOutgoingSubmit(OutgoingCase):
    def test_submit_moves_the_request_and_opens_the_case_with_its_message(self):
        request = self._ready_to_submit(1)
        self._submit(request)
        self.assertEqual(request.state, "submitted")
        case = request.atr_case_id
        self.assertEqual(
            (case.process, case.role, case.state, case.step),
            ("C1", "requester", "open", "01"),
        )
        self.assertEqual(case.next_step, "02")
        self.assertTrue(case.deadline)
        self.assertGreater(case.deadline, fields.Date.context_today(case))
        self.assertEqual(
            (case.cups, case.distributor_id, case.distributor_code),
            (request.cups, self.distributor, "0021"),
        )
        self.assertRegex(case.name, r"^[0-9]{12}$")
        message = case.atr_message_ids
        self.assertEqual(
            (message.direction, message.state, message.process, message.step),
            ("out", "to_send", "C1", "01"),
        )
        self.assertEqual(
            (message.request_code, message.sequence, message.sender_code),
            (case.name, "01", "1234"),
        )
        self.assertEqual(
            (message.receiver_code, message.distributor_id), ("0021", self.distributor)
        )
        self.assertEqual(message.file_name, f"C101_1234_0021_{case.name}_01.xml")
        self.assertEqual(
            (message.attachment_id.res_model, message.attachment_id.res_id),
            ("energy.atr.message", message.id),
        )
        self.assertEqual(len(message.xml_hash), 64)
        self.assertTrue(message.date)
        event = request.event_ids.filtered(lambda e: e.event_type == "atr_message")
        self.assertEqual(len(event), 1)
        self.assertEqual(event.new_value, "C1-01")
        self.assertEqual(event.attachment_ids, message.attachment_id)

    def test_submit_in_batch_gives_each_request_its_own_code(self):
        requests = self._ready_to_submit(3)
        self._submit(requests)
        self.assertEqual(set(requests.mapped("state")), {"submitted"})
        self.assertEqual(len(set(requests.atr_case_ids.mapped("name"))), 3)
        self.assertEqual(len(self._out_messages(requests)), 3)

    def test_invalid_data_is_reported_field_by_field_and_nothing_is_created(self):
        request = self._change(
            "new_supply", activation_mode="fixed_date", date_activation_requested=False
        )
        self.customer.write({"vat": False, "phone": False, "mobile": False})
        self.distributor.energy_ree_code = False
        self.company.energy_ree_code = False
        cases_before = self.Case.search_count([])
        with self.assertRaises(UserError) as caught:
            self._submit(request)
        text = str(caught.exception)
        for expected in (
            request.name,
            "Our REE code",
            "Distributor REE code",
            "Customer NIF",
            "CNAE",
            "Phone",
            "Requested activation date",
        ):
            self.assertIn(expected, text)
        self.assertEqual(request.state, "signature")
        self.assertEqual(self.Case.search_count([]), cases_before)
        self.assertFalse(self._out_messages(request))

    def test_schema_errors_are_readable(self):
        odd = self.env["energy.cnae"].create({"code": "98A1", "name": "Odd"})
        request = self._change("new_supply")
        request.supply_point_id.cnae_id = odd
        with self.assertRaises(UserError) as caught:
            self._submit(request)
        self.assertIn("CNAE: the value 98A1 is not valid.", str(caught.exception))
        self.assertFalse(request.atr_case_ids)
        self.assertEqual(request.state, "signature")

    def test_missing_powers_are_reported_per_period(self):
        request = self._change("switch_changes", power_p1_kw=0.0, power_p2_kw=0.0)
        with self.assertRaises(UserError) as caught:
            self._submit(request)
        self.assertIn("Power P1", str(caught.exception))
        self.assertIn("Power P2", str(caught.exception))
        self.assertNotIn("Power P3", str(caught.exception))

    def test_a_modification_that_changes_nothing_is_refused(self):
        request = self._change("modification", self._parent())
        with self.assertRaises(UserError) as caught:
            self._submit(request)
        self.assertIn("Tariff and powers", str(caught.exception))

    def test_a_batch_with_one_bad_request_creates_nothing(self):
        nobody = self.env["res.partner"].create({"name": "Sin Nif"})
        good = self._ready_to_submit(2)
        bad = self._ready_to_submit(1, partner_id=nobody.id)
        batch = good | bad
        with self.assertRaises(UserError) as caught:
            self._submit(batch)
        self.assertIn(bad.name, str(caught.exception))
        self.assertNotIn(good[0].name, str(caught.exception))
        self.assertEqual(set(batch.mapped("state")), {"signature"})
        self.assertFalse(batch.atr_case_ids)
        self.assertFalse(self._out_messages(batch))

    def test_a_batch_lists_the_problems_of_every_request(self):
        nobody = self.env["res.partner"].create({"name": "Sin Nif"})
        no_vat = self._ready_to_submit(1, partner_id=nobody.id)
        odd_cnae = self._change("new_supply")
        odd_cnae.supply_point_id.cnae_id = self.env["energy.cnae"].create(
            {"code": "98A1", "name": "Odd"}
        )
        batch = no_vat | odd_cnae
        with self.assertRaises(UserError) as caught:
            self._submit(batch)
        text = str(caught.exception)
        self.assertIn(f"{no_vat.name} (C1):\n- Customer NIF", text)
        self.assertIn(f"{odd_cnae.name} (A3):\n- CNAE: the value 98A1", text)
        self.assertLess(text.index(no_vat.name), text.index(odd_cnae.name))
        self.assertFalse(batch.atr_case_ids)

    def test_unsigned_request_keeps_the_signature_rule(self):
        request = self._requests(1)
        self._to_signature(request)
        with self.assertRaises(UserError) as caught:
            self._submit(request)
        self.assertIn("signed", str(caught.exception))
        self.assertFalse(request.atr_case_ids)

    def test_plain_energy_user_cannot_submit(self):
        request = self._ready_to_submit(1)
        with self.assertRaises(UserError):  # AccessError is a UserError too
            self._submit(request, user=self.reader)
        self.assertEqual(request.state, "signature")
        self.assertFalse(request.atr_case_ids)

    def test_request_without_atr_process_is_submitted_without_message(self):
        request = self._change("renewal", self._parent())
        self._submit(request)
        self.assertEqual(request.state, "submitted")
        self.assertFalse(request.atr_case_ids)


@tagged("post_install", "-at_install")
class TestAtrOutgoingCancel(OutgoingCase):
    def test_cancelling_a_request_sends_the_cancellation_step_of_its_process(self):
        parent = self._parent()
        new_supply = self._change("new_supply")
        new_supply.supply_point_id.cnae_id = self.cnae
        requests = {
            "C1": (self._change("switch"), "08"),
            "A3": (new_supply, "06"),
            "B1": (self._change("termination", parent), "03"),
        }
        for process, (request, step) in requests.items():
            with self.subTest(process=process):
                self._submit(request)
                case = request.atr_case_id
                request.with_user(self.backoffice).action_cancel(
                    "Customer changed mind"
                )
                self.assertEqual(request.state, "cancelled")
                self.assertEqual((case.state, case.step), ("cancel_requested", step))
                cancel = case.atr_message_ids.filtered(lambda m, s=step: m.step == s)
                self.assertEqual(len(cancel), 1)
                self.assertEqual(cancel.state, "to_send")
                parsed = self._parsed(cancel)
                self.assertEqual(
                    (parsed.tipus, parsed.pas, parsed.codi_sollicitud),
                    (process, step, case.name),
                )
                self.assertEqual(
                    parsed.cups,
                    self._parsed(
                        case.atr_message_ids.filtered(lambda m: m.step == "01")
                    ).cups,
                )
                events = request.event_ids.filtered(
                    lambda e: e.event_type == "atr_message"
                )
                self.assertEqual(
                    set(events.mapped("new_value")),
                    {f"{process}-01", f"{process}-{step}"},
                )

    def test_cancelling_a_request_not_yet_sent_sends_nothing(self):
        request = self._ready_to_submit(1)
        request.with_user(self.backoffice).action_cancel("Duplicate")
        self.assertEqual(request.state, "cancelled")
        self.assertFalse(self._out_messages(request))
