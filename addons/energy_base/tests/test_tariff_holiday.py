# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

# The national tariff holidays of 2026 (Circular 3/2020, docs section 2.2):
# 1 Nov and 6 Dec fall on a Sunday and stay; Good Friday (3 Apr) is not one.
HOLIDAYS_2026 = {
    date(2026, 1, 1),
    date(2026, 1, 6),
    date(2026, 5, 1),
    date(2026, 8, 15),
    date(2026, 10, 12),
    date(2026, 11, 1),
    date(2026, 12, 6),
    date(2026, 12, 8),
    date(2026, 12, 25),
}


@tagged("post_install", "-at_install")
class TestTariffHoliday(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Holiday = cls.env["energy.tariff.holiday"]
        cls.energy_user = new_test_user(
            cls.env, login="holiday_reader", groups="energy_base.group_energy_user"
        )
        cls.backoffice = new_test_user(
            cls.env,
            login="holiday_backoffice",
            groups="energy_base.group_energy_backoffice",
        )
        cls.manager = new_test_user(
            cls.env,
            login="holiday_manager",
            groups="energy_base.group_energy_manager",
        )

    def national_days(self, year):
        holidays = self.Holiday.with_context(active_test=False).search(
            [("year", "=", year), ("zone", "=", False)]
        )
        return set(holidays.mapped("date"))

    def fill(self, year, user=None):
        """Run the wizard the way the list's button does."""
        form = Form(
            self.env["energy.tariff.holiday.fill"].with_user(user or self.manager)
        )
        form.year = year
        return form.save().action_fill()

    # Shipped data

    def test_shipped_2026_holidays(self):
        self.assertEqual(self.national_days(2026), HOLIDAYS_2026)

    def test_shipped_years_2024_to_2027(self):
        for year in (2024, 2025, 2026, 2027):
            self.assertEqual(len(self.national_days(year)), 9, year)

    # Fill from the holidays package

    def test_fill_2026_from_holidays_package(self):
        self.Holiday.search([("year", "=", 2026)]).unlink()
        action = self.fill(2026)
        self.assertEqual(self.national_days(2026), HOLIDAYS_2026)
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("9", action["params"]["message"])
        all_saints = self.Holiday.search([("date", "=", date(2026, 11, 1))])
        self.assertEqual(all_saints.with_context(lang="en_US").name, "All Saints' Day")

    def test_fill_twice_creates_nothing_new(self):
        self.Holiday.search([("year", "=", 2026)]).unlink()
        self.fill(2026)
        count = self.Holiday.search_count([])
        action = self.fill(2026)
        self.assertEqual(self.Holiday.search_count([]), count)
        self.assertEqual(action["params"]["type"], "info")

    def test_fill_completes_a_partial_year(self):
        self.Holiday.search(
            [("date", "in", [date(2026, 11, 1), date(2026, 12, 6)])]
        ).unlink()
        self.fill(2026)
        self.assertEqual(self.national_days(2026), HOLIDAYS_2026)

    def test_fill_keeps_an_archived_holiday_archived(self):
        immaculate = self.env.ref("energy_base.tariff_holiday_2026_12_08")
        immaculate.active = False
        self.fill(2026)
        self.assertFalse(self.Holiday.search([("date", "=", date(2026, 12, 8))]))
        self.assertFalse(immaculate.active)

    def test_fill_names_holidays_in_spanish_when_spanish_is_active(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.fill(2030)
        all_saints = self.Holiday.search([("date", "=", date(2030, 11, 1))])
        self.assertEqual(all_saints.with_context(lang="es_ES").name, "Todos los Santos")
        self.assertEqual(all_saints.with_context(lang="en_US").name, "All Saints' Day")

    def test_fill_refuses_a_year_before_the_2021_tolls(self):
        count = self.Holiday.search_count([])
        with self.assertRaisesRegex(UserError, "2021"):
            self.fill(1999)
        self.assertEqual(self.Holiday.search_count([]), count)

    # Editing the table

    def test_year_is_stored_from_the_date(self):
        holiday = self.Holiday.with_user(self.manager).create(
            {"date": date(2031, 3, 19), "name": "Regional day", "zone": "balearic"}
        )
        self.assertEqual(holiday.year, 2031)
        self.assertEqual(self.Holiday.search([("year", "=", 2031)]), holiday)

    def test_same_day_twice_nationally_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self.Holiday.with_user(self.manager).create(
                    {"date": date(2026, 12, 25), "name": "Christmas again"}
                )

    def test_same_day_twice_in_a_zone_is_refused(self):
        self.Holiday.with_user(self.manager).create(
            {"date": date(2026, 9, 2), "name": "Ceuta day", "zone": "ceuta"}
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self.Holiday.with_user(self.manager).create(
                    {"date": date(2026, 9, 2), "name": "Ceuta again", "zone": "ceuta"}
                )

    def test_zone_row_on_another_zone_day_is_accepted(self):
        vals = {"date": date(2026, 9, 2), "name": "Local day"}
        ceuta = self.Holiday.with_user(self.manager).create({**vals, "zone": "ceuta"})
        melilla = self.Holiday.with_user(self.manager).create(
            {**vals, "zone": "melilla"}
        )
        self.assertEqual(len(ceuta | melilla), 2)

    # Access rights

    def test_energy_user_reads_but_cannot_create(self):
        as_user = self.Holiday.with_user(self.energy_user)
        self.assertEqual(
            set(as_user.search([("year", "=", 2026)]).mapped("date")), HOLIDAYS_2026
        )
        with self.assertRaises(AccessError):
            as_user.create({"date": date(2026, 3, 19), "name": "Not allowed"})

    def test_backoffice_cannot_edit_a_holiday(self):
        christmas = self.env.ref("energy_base.tariff_holiday_2026_12_25")
        with self.assertRaises(AccessError):
            christmas.with_user(self.backoffice).write({"active": False})
        self.assertTrue(christmas.active)

    def test_energy_user_cannot_run_the_fill_wizard(self):
        with self.assertRaises(AccessError):
            self.fill(2030, user=self.energy_user)
        self.assertFalse(self.national_days(2030))

    def test_manager_creates_edits_and_archives(self):
        holiday = self.Holiday.with_user(self.manager).create(
            {"date": date(2026, 3, 19), "name": "San José", "zone": "peninsula"}
        )
        holiday.write({"name": "Saint Joseph"})
        holiday.active = False
        self.assertEqual(holiday.name, "Saint Joseph")
        self.assertFalse(holiday.active)
