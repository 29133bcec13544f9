# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from . import common


@tagged("post_install", "-at_install")
class TestSupplyPointPowers(common.EnergyCase):
    def _form(self, tariff, powers, voltage=0):
        form = Form(self.SupplyPoint.with_user(self.backoffice))
        form.cups = common.make_cups(f"0021{len(self.SupplyPoint.search([])):012d}")
        form.access_tariff_id = tariff
        form.voltage_v = voltage
        for period, power in enumerate(powers, start=1):
            setattr(form, f"power_p{period}_kw", power)
        return form

    def test_home_on_20td_within_15kw(self):
        point = self._form(self.tariff_20, [4.6, 4.6], voltage=230).save()
        self.assertEqual(point._get_powers_kw(), [4.6, 4.6, 0, 0, 0, 0])
        self.assertEqual(point.power_max_kw, 4.6)

    def test_20td_refuses_more_than_15kw(self):
        with self.assertRaisesRegex(ValidationError, "at most 15"):
            self._form(self.tariff_20, [15.5, 10]).save()

    def test_20td_refuses_a_third_power_period(self):
        # the form offers only the periods of the tariff: P1 and P2 on 2.0TD
        with self.assertRaisesRegex(AssertionError, "invisible field 'power_p3_kw'"):
            self._form(self.tariff_20, [5.75, 5.75, 5.75])
        # P3 to P6 left over from a 3.0TD when the tariff changes are refused
        form = self._form(self.tariff_30, [20, 20, 20, 20, 20, 20], voltage=400)
        form.access_tariff_id = self.tariff_20
        with self.assertRaisesRegex(ValidationError, "P3 to P6 must be empty"):
            form.save()

    def test_20td_needs_both_periods(self):
        with self.assertRaisesRegex(ValidationError, "in each of its"):
            self._form(self.tariff_20, [5.75]).save()

    def test_30td_needs_more_than_15kw_somewhere(self):
        with self.assertRaisesRegex(ValidationError, "more than 15"):
            self._form(self.tariff_30, [10, 10, 10, 10, 10, 15]).save()

    def test_30td_with_ascending_powers_is_accepted(self):
        point = self._form(self.tariff_30, [15, 20, 20, 20, 20, 25], voltage=400).save()
        self.assertEqual(point.power_max_kw, 25)

    def test_30td_refuses_descending_powers(self):
        with self.assertRaisesRegex(ValidationError, "ascending"):
            self._form(self.tariff_30, [30, 20, 20, 20, 20, 20]).save()

    def test_61td_refuses_low_voltage_and_takes_20kv(self):
        with self.assertRaisesRegex(ValidationError, "400 V"):
            self._form(self.tariff_61, [200] * 6, voltage=400).save()
        point = self._form(self.tariff_61, [200] * 6, voltage=20000).save()
        self.assertEqual(point.access_tariff_id, self.tariff_61)

    def test_no_powers_yet_is_accepted_and_flagged(self):
        point = self._form(self.tariff_20, []).save()
        self.assertTrue(point.is_data_missing)

    def test_changing_tariff_later_checks_the_powers_again(self):
        point = self._form(self.tariff_20, [9.2, 9.2], voltage=400).save()
        with self.assertRaisesRegex(ValidationError, "each of its 6 periods") as caught:
            point.with_user(self.backoffice).access_tariff_id = self.tariff_30
        # incomplete powers are not also reported as out of order
        self.assertNotIn("ascending", str(caught.exception))
