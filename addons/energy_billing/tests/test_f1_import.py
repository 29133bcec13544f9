# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from ..tools.f1_file import build_f1
from .common import BillingCase, make_cups


class TestF1Import(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.our_code = cls.company.energy_ree_code
        if not cls.our_code:
            cls.company.energy_ree_code = cls.our_code = "1234"
        cls.Import = cls.env["energy.atr.import"]

    def _f1(self, cups, kwh, number=1, receiver=None, start=date(2026, 1, 1)):
        return build_f1(
            sender="0021",
            receiver=receiver or self.our_code,
            request_code=f"2026{number:08d}",
            cups=cups,
            tariff="2.0TD",
            holder_nif="12345678Z",
            date_start=start,
            date_end=date(2026, 1, 31),
            kwh=kwh,
            invoice_code=f"FE26{number:08d}",
        )

    def _import(self, name, raw):
        return self.Import.with_user(self.backoffice).import_file(name, raw)

    def test_f1_becomes_a_reading_with_its_raw_file(self):
        raw = self._f1(self.home.cups + "0F", [60, 70, 120.5])
        record = self._import("F1_0021_000001.xml", raw)
        message = record.atr_message_ids
        self.assertEqual(message.state, "applied")
        reading = self.Reading.search([("supply_point_id", "=", self.home.id)])
        self.assertEqual(reading.source, "f1")
        self.assertEqual(reading._kwh(), [60, 70, 120.5, 0, 0, 0])
        self.assertEqual(
            (reading.date_start, reading.date_end),
            (date(2026, 1, 1), date(2026, 1, 31)),
        )
        self.assertEqual(reading.attachment_id, message.attachment_id)
        self.assertEqual(message.attachment_id.raw, raw)

    def test_same_f1_twice_is_a_duplicate_and_changes_nothing(self):
        raw = self._f1(self.home.cups, [60, 70, 120])
        self._import("F1_a.xml", raw)
        again = self._import("F1_b.xml", raw)
        self.assertEqual(again.atr_message_ids.state, "duplicate")
        self.assertEqual(
            self.Reading.search_count([("supply_point_id", "=", self.home.id)]), 1
        )

    def test_bad_f1_files_are_reported_and_kept(self):
        unknown = self._import("F1_unknown.xml", self._f1(make_cups(999), [1, 1, 1], 2))
        self.assertEqual(unknown.atr_message_ids.state, "error")
        self.assertIn(make_cups(999), unknown.atr_message_ids.error)
        broken = self._f1(self.home.cups, [1, 1, 1], 3).replace(
            b"<TipoPM>05</TipoPM>", b""
        )
        invalid = self._import("F1_broken.xml", broken)
        self.assertEqual(invalid.atr_message_ids.state, "invalid")
        self.assertEqual(invalid.atr_message_ids.attachment_id.raw, broken)
        # overlapping a valid reading: refused, the reading kept
        self._reading(self.shop_point, date(2026, 1, 10), date(2026, 2, 9), [1] * 6)
        overlap = self._import(
            "F1_overlap.xml", self._f1(self.shop_point.cups, [5] * 6, 4)
        )
        self.assertEqual(overlap.atr_message_ids.state, "error")
        self.assertIn("overlaps", overlap.atr_message_ids.error)
        self.assertFalse(
            self.Reading.search(
                [
                    ("source", "=", "f1"),
                    ("supply_point_id", "in", (self.home | self.shop_point).ids),
                ]
            )
        )

    def test_a_later_f1_for_the_same_window_corrects_the_reading(self):
        self._import("F1_1.xml", self._f1(self.home.cups, [60, 70, 120], 5))
        self._import("F1_2.xml", self._f1(self.home.cups, [60, 70, 100], 6))
        readings = self.Reading.search([("supply_point_id", "=", self.home.id)])
        self.assertEqual(sorted(readings.mapped("state")), ["superseded", "valid"])
        self.assertEqual(readings.filtered(lambda r: r.state == "valid").kwh_p3, 100)
