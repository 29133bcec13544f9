# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""World shared by the claim tests (no test in here): energy_atr's switching
world (company with REE code, distributor 0021, a customer, two channels)
plus a customer-service agent, a supervisor and claim factories."""

from odoo.tests import Form, new_test_user

from odoo.addons.energy_atr.tests.atr_common import AtrCase


class ClaimCase(AtrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.Subtype = cls.env["energy.claim.subtype"]
        cls.agent = new_test_user(
            cls.env,
            "claim_agent",
            groups="energy_base.group_energy_customer_service",
        )
        cls.supervisor = new_test_user(
            cls.env, "claim_supervisor", groups="energy_base.group_energy_manager"
        )
        cls.customer.email = "lorena.prieto@example.es"
        cls.point = cls._points(1)

    @classmethod
    def _subtype(cls, code):
        return cls.Subtype.search([("code", "=", code)])

    def _claim_form(self, subtype="009", user=None, **values):
        """A claim filed by customer service through the form."""
        with Form(self.Ticket.with_user(user or self.agent)) as form:
            form.name = values.pop("name", "Lectura facturada excesiva")
            form.description = "<p>La lectura no coincide con el contador.</p>"
            form.partner_id = self.customer
            form.claim_subtype_id = self._subtype(subtype)
            form.supply_point_ids.add(self.point)
            if "disputed_invoice_ref" in (form.required_claim_fields or ""):
                form.disputed_invoice_ref = values.pop(
                    "disputed_invoice_ref", "FE26-000123"
                )
            for fname, value in values.items():
                setattr(form, fname, value)
        return form.record

    def _resolution_values(self):
        return {
            "result_id": self.env["energy.claim.result"]
            .search([("code", "=", "01")])
            .id,
            "root_cause": "metering",
            "resolved_because": "Se corrigió la lectura y se refacturó.",
            "recurrence_text": "La lectura se valida antes de facturar.",
            "answer_text": "<p>Le damos la razón y emitimos una rectificativa.</p>",
        }
