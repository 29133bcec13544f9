# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from gestionatr import defs as atr_defs

from odoo.exceptions import ValidationError
from odoo.tests import Form

from .claim_common import ClaimCase


class TestClaimTypology(ClaimCase):
    def test_typology_matches_gestionatr_tables(self):
        """Every code of tables 81, 82 (with its type), 83, 80 and 73 is
        loaded, with gestionatr's label."""
        Type = self.env["energy.claim.type"]
        types = {t.code: t for t in Type.search([])}
        for code, label in atr_defs.TABLA_81:
            self.assertEqual(types[code].with_context(lang="en_US").name, label.strip())
        subtypes = {s.code: s for s in self.Subtype.search([])}
        self.assertEqual(set(subtypes), {code for code, _l in atr_defs.TABLA_82})
        for row in atr_defs.SUBTYPES_R101:
            self.assertEqual(subtypes[row["code"]].type_id.code, row["type"])
            self.assertEqual(
                subtypes[row["code"]].required_data, ",".join(row["min_fields"])
            )
        for model, table in (
            ("energy.claim.claimant.type", atr_defs.TABLA_83),
            ("energy.claim.result", atr_defs.TABLA_80),
            ("energy.claim.detail", atr_defs.TABLA_73),
        ):
            self.assertEqual(
                set(self.env[model].search([]).mapped("code")),
                {code for code, _l in table},
                model,
            )
        detail = self.env["energy.claim.detail"].search([("code", "=", "0010101")])
        self.assertEqual(detail.subtype_id.code, "001")
        self.assertEqual(detail.result_id.code, "01")

    def test_reload_keeps_configuration(self):
        """Loading the tables again creates nothing and keeps a configured
        deadline."""
        subtype = self._subtype("009")
        subtype.answer_days = 10
        count = self.Subtype.search_count([])
        self.env["energy.claim.type"]._load_cnmc_typology()
        self.assertEqual(self.Subtype.search_count([]), count)
        self.assertEqual(subtype.answer_days, 10)

    def test_distributor_subtypes_are_sendable(self):
        """Retailer-side subtypes (100-114) never concern the distributor."""
        self.assertTrue(self._subtype("009").concerns_distributor)
        self.assertFalse(self._subtype("103").concerns_distributor)
        self.assertFalse(self._subtype("103").in_cnmc_xsd)

    def test_subtype_of_another_type_refused(self):
        """The form offers the subtypes of the chosen type; a subtype of
        another type is refused with a clear message."""
        claim = self._claim_form("009")
        self.assertEqual(claim.claim_type_id.code, "02")
        with self.assertRaises(ValidationError) as caught:
            claim.with_user(self.agent).write(
                {
                    "claim_type_id": self.env["energy.claim.type"]
                    .search([("code", "=", "01")])
                    .id
                }
            )
        self.assertIn("does not belong to claim type", str(caught.exception))
        claim.invalidate_recordset()
        self.assertEqual(claim.claim_type_id.code, "02")

    def test_subtype_data_required_in_form(self):
        """Subtype 009 (billed reading) needs the disputed invoice."""
        form = Form(self.Ticket.with_user(self.agent))
        form.name = "Lectura"
        form.description = "<p>Lectura</p>"
        form.partner_id = self.customer
        form.claim_subtype_id = self._subtype("009")
        self.assertIn("disputed_invoice_ref", form.required_claim_fields)
        with self.assertRaises(AssertionError):
            form.save()

    def test_supply_point_of_another_customer_refused(self):
        other = self.env["res.partner"].create({"name": "Otro Cliente"})
        point = self._points(1)
        point.holder_id = other
        with self.assertRaisesRegex(ValidationError, "of its customer"):
            self._claim_form("103").with_user(self.agent).write(
                {"supply_point_ids": [(4, point.id)]}
            )
