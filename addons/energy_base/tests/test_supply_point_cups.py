# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import psycopg2

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from . import common


@tagged("post_install", "-at_install")
class TestSupplyPointCups(common.EnergyCase):
    def test_cups_typed_with_spaces_lower_case_and_suffix_is_normalised(self):
        code = common.make_cups("0021000012345678", "0F")
        groups = [code[2:6], code[6:10], code[10:14], code[14:18]]
        typed = f"es {' '.join(groups)} {code[18:20].lower()} 0f"
        form = Form(self.SupplyPoint.with_user(self.backoffice))
        form.cups = typed
        point = form.save()
        self.assertEqual(point.cups, code[:20])
        self.assertEqual(point.cups_full, code)
        self.assertEqual(
            point.cups_formatted, f"ES {' '.join(groups)} {code[18:20]} 0F"
        )

    def test_twenty_character_cups_keeps_its_base_as_received(self):
        code = common.make_cups("0031400000012345")
        point = self.SupplyPoint.create({"cups": code})
        self.assertEqual((point.cups, point.cups_full), (code, code))

    def test_wrong_check_letters_are_refused_naming_the_right_ones(self):
        good = common.make_cups("0021000012345678")
        wrong = good[:18] + ("AA" if good[18:] != "AA" else "BB")
        count = self.SupplyPoint.search_count([])
        with self.assertRaisesRegex(ValidationError, good[18:20]):
            self.SupplyPoint.create({"cups": wrong})
        self.assertEqual(self.SupplyPoint.search_count([]), count)

    def test_wrong_length_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "20, or 22"):
            self.SupplyPoint.create({"cups": "ES00210000123456"})

    def test_not_spanish_prefix_is_refused(self):
        code = common.make_cups("0021000012345678")
        with self.assertRaisesRegex(ValidationError, "start with ES"):
            self.SupplyPoint.create({"cups": "PT" + code[2:]})

    def test_bad_suffix_is_refused(self):
        code = common.make_cups("0021000012345678", "0Q")
        with self.assertRaisesRegex(ValidationError, "malformed"):
            self.SupplyPoint.create({"cups": code})

    def test_cups_is_unique_per_company_whatever_its_form(self):
        code = common.make_cups("0021000012345678")
        self.SupplyPoint.create({"cups": code + "0F"})
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.cr.savepoint():
                self.SupplyPoint.create({"cups": code.lower() + "1P"})
        other_company = self.env["res.company"].create(
            {"name": "Otra Comercializadora"}
        )
        point = self.SupplyPoint.create({"cups": code, "company_id": other_company.id})
        self.assertEqual(point.company_id, other_company)

    def test_search_finds_any_form_of_the_cups(self):
        code = common.make_cups("0022000098765432", "0F")
        point = self.SupplyPoint.create({"cups": code})
        spaced = " ".join(code[i : i + 4] for i in range(0, 20, 4)) + " 0F"
        for typed in (code, code[:20], code.lower(), spaced, code[:12], code[6:14]):
            with self.subTest(typed=typed):
                found = self.SupplyPoint.with_user(self.user).search(
                    [("cups_search", "ilike", typed)]
                )
                self.assertEqual(found, point)
                self.assertIn(
                    point.id, [i for i, _n in self.SupplyPoint.name_search(typed)]
                )

    def test_search_by_holder_name_nif_and_address(self):
        holder = self.env["res.partner"].create(
            {"name": "Rosa Navarro Gil", "vat": "ES12345678Z"}
        )
        point = self.SupplyPoint.create(
            {
                "cups": common.make_cups("0021000055554444"),
                "holder_id": holder.id,
                "street": "Calle de la Paz, 12",
                "city": "Valladolid",
                "zip": "47001",
            }
        )
        for typed in ("navarro", "12345678Z", "calle de la paz", "Valladolid", "4700"):
            with self.subTest(typed=typed):
                result = self.SupplyPoint.with_user(self.user).name_search(typed)
                self.assertIn(point.id, [i for i, _n in result])
