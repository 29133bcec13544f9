# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from . import common


@tagged("post_install", "-at_install")
class TestEnergyProductPriceConstraints(common.PricingCase):
    """Each rule rejects bad input with a message saying what is wrong, and
    leaves the product's prices as they were."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_product("CHK-T")
        cls.version_2026 = cls._create_price(cls.product, date(2026, 1, 1))

    def _assert_rejected(self, message, vals=None, record=None):
        """Creating a version with `vals` (or writing them on `record`) fails
        with `message`, and the product's versions are unchanged."""
        before = self.product.price_ids.read(self.Price._price_fnames())
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            if record:
                record.write(vals)
            else:
                self.Price.create(
                    {
                        "product_id": self.product.id,
                        "date_from": date(2025, 1, 1),
                        "date_to": date(2025, 12, 31),
                        **self._price_vals(self.tariff_20td),
                        **vals,
                    }
                )
        self.assertIn(message, str(caught.exception))
        self.product.invalidate_recordset()
        self.Price.invalidate_model()
        self.assertEqual(
            self.product.price_ids.read(self.Price._price_fnames()), before
        )

    def test_overlapping_version_is_rejected(self):
        self._assert_rejected(
            "Offer CHK-T, from 06/01/2026 overlaps Offer CHK-T, from 01/01/2026",
            {"date_from": date(2026, 6, 1), "date_to": False},
        )

    def test_version_ending_on_the_first_day_of_the_next_one_is_rejected(self):
        self._assert_rejected("overlaps", {"date_to": date(2026, 1, 1)})

    def test_version_ending_the_day_before_the_next_one_is_accepted(self):
        earlier = self._create_price(self.product, date(2025, 1, 1), date(2025, 12, 31))
        self.assertEqual(self.product.price_ids, earlier | self.version_2026)

    def test_moving_a_version_onto_another_is_rejected(self):
        earlier = self._create_price(self.product, date(2025, 1, 1), date(2025, 12, 31))
        self._assert_rejected(
            "overlaps", {"date_to": date(2026, 2, 28)}, record=earlier
        )

    def test_same_dates_on_another_product_are_accepted(self):
        other = self._create_product("OTHER-T")
        price = self._create_price(other, date(2026, 1, 1))
        self.assertEqual(other.current_price_id.date_from, price.date_from)

    def test_end_before_start_is_rejected(self):
        self._assert_rejected(
            "Offer CHK-T, 01/01/2025 to 12/31/2024: the validity cannot end before it "
            "starts.",
            {"date_to": date(2024, 12, 31)},
        )

    def test_energy_price_beyond_the_tariff_periods_is_rejected(self):
        self._assert_rejected(
            "2.0TD has 3 energy periods, so the energy prices P4 to P6 must be empty",
            {"energy_price_p4": 0.1},
        )

    def test_power_price_beyond_the_tariff_periods_is_rejected(self):
        self._assert_rejected(
            "2.0TD has 2 power periods, so the power prices P3 to P6 must be empty",
            {"power_price_p3": 0.01},
        )

    def test_missing_energy_price_is_rejected(self):
        self._assert_rejected(
            "needs an energy price for each of the 3 energy periods of 2.0TD",
            {"energy_price_p3": 0.0},
        )

    def test_missing_power_price_is_rejected(self):
        self._assert_rejected(
            "needs a power price for each of the 2 power periods of 2.0TD",
            {"power_price_p2": 0.0},
        )

    def test_negative_price_is_rejected(self):
        self._assert_rejected(
            "prices, margin and fees cannot be negative", {"energy_price_p2": -0.01}
        )

    def test_negative_fee_is_rejected(self):
        self._assert_rejected(
            "prices, margin and fees cannot be negative", {"monthly_fee": -1.0}
        )

    def test_editing_a_version_into_a_negative_price_is_rejected(self):
        self._assert_rejected(
            "cannot be negative", {"power_price_p1": -0.05}, record=self.version_2026
        )

    def test_fixed_product_has_no_margin(self):
        self._assert_rejected(
            "Offer CHK-T has fixed prices, so it has no margin",
            {"margin_per_kwh": 0.01},
        )

    def test_indexed_product_has_no_fixed_energy_prices(self):
        indexed = self._create_product("IDX-T", pricing_type="indexed")
        with (
            self.assertRaisesRegex(
                ValidationError, "Offer IDX-T is indexed .* no fixed energy prices"
            ),
            self.cr.savepoint(),
        ):
            self._create_price(indexed, date(2026, 1, 1), energy_price_p1=0.12)
        self.assertFalse(indexed.price_ids)

    def test_changing_the_tariff_of_a_priced_product_is_rejected(self):
        with (
            self.assertRaisesRegex(
                ValidationError, "needs an energy price for each of the 6"
            ),
            self.cr.savepoint(),
        ):
            self.product.access_tariff_id = self.tariff_30td
        self.product.invalidate_recordset()
        self.assertEqual(self.product.access_tariff_id, self.tariff_20td)

    def test_turning_a_priced_fixed_product_into_indexed_is_rejected(self):
        with (
            self.assertRaisesRegex(ValidationError, "no fixed energy prices"),
            self.cr.savepoint(),
        ):
            self.product.pricing_type = "indexed"
        self.product.invalidate_recordset()
        self.assertEqual(self.product.pricing_type, "fixed")

    def test_messages_are_translated(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"].search(
            [("name", "=", "energy_pricing")]
        )._update_translations("es_ES")
        spanish = self.Price.with_context(lang="es_ES")
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            spanish.create(
                {
                    "product_id": self.product.id,
                    "date_from": date(2026, 6, 1),
                    **self._price_vals(self.tariff_20td),
                }
            )
        self.assertIn("se solapa con", str(caught.exception))
