# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError

from .common import CUPS_A, CUPS_B, SalesCase


class TestLeadDedup(SalesCase):
    def test_cups_and_vat_are_normalised(self):
        lead = self._lead(cups="es 0021 0000 0000 0001 rk", vat="ES 12345678-Z")
        self.assertEqual(lead.cups, CUPS_A)
        self.assertEqual(lead.vat, "12345678Z")

    def test_bad_cups_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "check letters"):
            self._lead(cups="ES0021000000000001AA")

    def test_same_cups_is_refused(self):
        self._lead(name="First", cups=CUPS_A)
        with self.assertRaises(ValidationError) as caught:
            self._lead(name="Second", cups=CUPS_A.lower())
        self.assertIn("same CUPS as the open lead First", str(caught.exception))
        self.assertEqual(self.Lead.search_count([("cups", "=", CUPS_A)]), 1)

    def test_same_vat_of_another_agent_is_refused(self):
        self._lead(name="First", vat="12345678Z", user=self.other_agent)
        with self.assertRaisesRegex(ValidationError, "same NIF"):
            self._lead(name="Second", vat="es12345678z")

    def test_same_phone_in_another_format_is_refused(self):
        self._lead(name="First", phone="+34 611 22 33 44")
        with self.assertRaisesRegex(ValidationError, "same phone"):
            self._lead(name="Second", phone="0034611223344")
        with self.assertRaisesRegex(ValidationError, "same phone"):
            self._lead(name="Third", phone="611 223 344")

    def test_same_key_in_one_batch_is_refused(self):
        with self.assertRaises(ValidationError):
            self.Lead.create(
                [{"name": "A", "cups": CUPS_B}, {"name": "B", "cups": CUPS_B}]
            )

    def test_editing_into_a_duplicate_is_refused(self):
        self._lead(name="First", cups=CUPS_A)
        second = self._lead(name="Second", cups=CUPS_B)
        with self.assertRaises(ValidationError):
            second.write({"cups": CUPS_A})
        self.assertEqual(second.cups, CUPS_B)

    def test_a_lost_lead_does_not_block_a_new_one(self):
        first = self._lead(name="First", cups=CUPS_A)
        first.action_set_lost(lost_reason_id=self.lost_reason.id)
        second = self._lead(name="Second", cups=CUPS_A)
        self.assertTrue(second.active)
