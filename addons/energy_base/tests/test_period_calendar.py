# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter
from datetime import date, datetime, timedelta, timezone

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPeriodCalendar(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["energy.period.calendar"]
        cls.t20 = cls.env.ref("energy_base.access_tariff_20td")
        cls.t30 = cls.env.ref("energy_base.access_tariff_30td")
        cls.t61 = cls.env.ref("energy_base.access_tariff_61td")
        cls.t64 = cls.env.ref("energy_base.access_tariff_64td")
        cls.t30ve = cls.env.ref("energy_base.access_tariff_30tdve")
        cls.manager = new_test_user(
            cls.env,
            login="calendar_manager",
            groups="energy_base.group_energy_manager",
        )

    def period(self, tariff, zone, moment):
        return self.calendar.get_period(tariff, zone, moment)

    # 2.0TD on the peninsula (Tuesday 2026-03-10 is a working day)

    def test_20td_weekday_peak(self):
        self.assertEqual(
            self.period(self.t20, "peninsula", datetime(2026, 3, 10, 11)), (1, 1)
        )
        self.assertEqual(
            self.period(self.t20, "peninsula", datetime(2026, 3, 10, 21, 59)), (1, 1)
        )

    def test_20td_weekday_shoulder(self):
        for hour in (8, 9, 14, 17, 22, 23):
            self.assertEqual(
                self.period(self.t20, "peninsula", datetime(2026, 3, 10, hour)),
                (2, 1),
                hour,
            )

    def test_20td_valley_at_night(self):
        self.assertEqual(
            self.period(self.t20, "peninsula", datetime(2026, 3, 10, 3)), (3, 2)
        )
        self.assertEqual(
            self.period(self.t20, "peninsula", datetime(2026, 3, 10, 7, 59)), (3, 2)
        )

    def test_20td_saturday_and_sunday_are_valley_all_day(self):
        saturday, sunday = datetime(2026, 3, 7, 11), datetime(2026, 3, 8, 19)
        self.assertEqual(self.period(self.t20, "peninsula", saturday), (3, 2))
        self.assertEqual(self.period(self.t20, "peninsula", sunday), (3, 2))
        self.assertEqual(self.period(self.t30, "peninsula", saturday), (6, 6))

    def test_empty_zone_is_the_peninsula(self):
        moment = datetime(2026, 3, 10, 11)
        self.assertEqual(
            self.period(self.t20, False, moment),
            self.period(self.t20, "peninsula", moment),
        )

    # Holidays

    def test_national_holiday_on_a_weekday_is_the_cheapest_period(self):
        holiday = datetime(2026, 10, 12, 11)  # Monday, Fiesta Nacional
        self.assertEqual(self.period(self.t20, "peninsula", holiday), (3, 2))
        self.assertEqual(self.period(self.t30, "peninsula", holiday), (6, 6))
        self.assertEqual(self.period(self.t30, "canary", holiday), (6, 6))
        next_day = holiday + timedelta(days=1)
        self.assertEqual(self.period(self.t20, "peninsula", next_day), (1, 1))
        self.assertEqual(self.period(self.t30, "peninsula", next_day), (4, 4))

    def test_sunday_holiday_kept_for_2026(self):
        # 1 Nov and 6 Dec 2026 fall on a Sunday: cheapest period either way,
        # and the table still holds them as tariff holidays.
        days = (
            self.env["energy.tariff.holiday"]
            .search([("year", "=", 2026), ("zone", "=", False)])
            .mapped("date")
        )
        self.assertIn(date(2026, 11, 1), days)
        self.assertIn(date(2026, 12, 6), days)

    def test_good_friday_is_a_working_day(self):
        good_friday = datetime(2026, 4, 3, 11)
        self.assertEqual(self.period(self.t20, "peninsula", good_friday), (1, 1))
        self.assertEqual(self.period(self.t30, "peninsula", good_friday), (4, 4))

    def test_zone_holiday_only_affects_its_zone(self):
        self.env["energy.tariff.holiday"].with_user(self.manager).create(
            {"date": date(2026, 5, 29), "name": "Regional test day", "zone": "canary"}
        )
        moment = datetime(2026, 5, 29, 11)  # Friday
        self.assertEqual(self.period(self.t20, "canary", moment), (3, 2))
        self.assertEqual(self.period(self.t30, "canary", moment), (6, 6))
        self.assertEqual(self.period(self.t20, "peninsula", moment), (1, 1))
        self.assertEqual(self.period(self.t20, "balearic", moment), (1, 1))

    def test_archived_holiday_no_longer_counts(self):
        self.env.ref("energy_base.tariff_holiday_2026_10_12").with_user(
            self.manager
        ).active = False
        self.assertEqual(
            self.period(self.t20, "peninsula", datetime(2026, 10, 12, 11)), (1, 1)
        )

    # Six-period tolls on the peninsula

    def test_30td_season_boundary_february_to_march(self):
        friday, monday = datetime(2026, 2, 27, 10), datetime(2026, 3, 2, 10)
        self.assertEqual(self.period(self.t30, "peninsula", friday), (1, 1))
        self.assertEqual(self.period(self.t30, "peninsula", monday), (2, 2))
        saturday = datetime(2026, 2, 28, 10)
        self.assertEqual(self.period(self.t30, "peninsula", saturday), (6, 6))

    def test_30td_june_is_medium_and_april_low_season(self):
        june, april = datetime(2026, 6, 10, 10), datetime(2026, 4, 14, 10)
        self.assertEqual(self.period(self.t30, "peninsula", june), (3, 3))
        self.assertEqual(self.period(self.t30, "peninsula", april), (4, 4))
        self.assertEqual(
            self.period(self.t30, "peninsula", april.replace(hour=8)), (5, 5)
        )
        self.assertEqual(
            self.period(self.t30, "peninsula", april.replace(hour=3)), (6, 6)
        )

    def test_30td_high_season_peak_starts_at_nine(self):
        self.assertEqual(
            self.period(self.t30, "peninsula", datetime(2026, 1, 13, 8)), (2, 2)
        )
        self.assertEqual(
            self.period(self.t30, "peninsula", datetime(2026, 1, 13, 9)), (1, 1)
        )

    def test_6x_and_ve_tolls_follow_the_30td_calendar(self):
        moments = [datetime(2026, 1, 1) + timedelta(hours=7 * n) for n in range(1300)]
        for zone in ("peninsula", "balearic", "canary", "ceuta", "melilla"):
            expected = self.calendar.get_periods(self.t30, zone, moments)
            for tariff in (self.t61, self.t64, self.t30ve):
                self.assertEqual(
                    self.calendar.get_periods(tariff, zone, moments), expected
                )

    # Islands, Ceuta and Melilla

    def test_balearic_july_peak_runs_from_10_to_15(self):
        morning, afternoon = datetime(2026, 7, 14, 9), datetime(2026, 7, 14, 14)
        self.assertEqual(self.period(self.t30, "peninsula", morning), (1, 1))
        self.assertEqual(self.period(self.t30, "balearic", morning), (2, 2))
        self.assertEqual(self.period(self.t30, "peninsula", afternoon), (2, 2))
        self.assertEqual(self.period(self.t30, "balearic", afternoon), (1, 1))

    def test_balearic_seasons_differ_from_the_peninsula(self):
        january = datetime(2026, 1, 13, 11)
        self.assertEqual(self.period(self.t30, "peninsula", january), (1, 1))
        self.assertEqual(self.period(self.t30, "balearic", january), (3, 3))

    def test_canary_seasons_and_skipped_periods(self):
        # High season July-October: peak P1, shoulder P3 (no P2).
        self.assertEqual(
            self.period(self.t30, "canary", datetime(2026, 7, 14, 12)), (1, 1)
        )
        self.assertEqual(
            self.period(self.t30, "canary", datetime(2026, 7, 14, 9)), (3, 3)
        )
        # Medium season January-March: peak P2, shoulder P4 (no P3).
        self.assertEqual(
            self.period(self.t30, "canary", datetime(2026, 1, 13, 11)), (2, 2)
        )
        self.assertEqual(
            self.period(self.t30, "canary", datetime(2026, 1, 13, 8)), (4, 4)
        )
        # 2.0TD keeps the peninsular hours in the Canary Islands.
        self.assertEqual(
            self.period(self.t20, "canary", datetime(2026, 7, 14, 14)), (2, 1)
        )

    def test_ceuta_and_melilla_20td_peak_shifted_in_high_season(self):
        # Ceuta in January and Melilla in July are in their high season.
        for zone, month in (("ceuta", 1), ("melilla", 7)):
            day = datetime(2026, month, 13 if month == 1 else 14)  # Tuesdays
            for hour, expected in ((10, (2, 1)), (14, (1, 1)), (22, (1, 1))):
                self.assertEqual(
                    self.period(self.t20, zone, day.replace(hour=hour)),
                    expected,
                    (zone, hour),
                )
            self.assertEqual(
                self.period(self.t20, "peninsula", day.replace(hour=22)), (2, 1)
            )
        # Outside their high season they keep the peninsular hours (section 2.2).
        march = datetime(2026, 3, 10, 10)
        self.assertEqual(self.period(self.t20, "ceuta", march), (1, 1))

    def test_ceuta_six_period_high_season(self):
        # Ceuta high season: peak 10-15 and 19-23 in P1, shoulder in P4.
        self.assertEqual(
            self.period(self.t30, "ceuta", datetime(2026, 8, 12, 22)), (1, 1)
        )
        self.assertEqual(
            self.period(self.t30, "ceuta", datetime(2026, 8, 12, 9)), (4, 4)
        )

    # Inputs

    def test_aware_datetimes_are_read_on_the_zone_clock(self):
        moment = datetime(2026, 3, 10, 9, 30, tzinfo=timezone.utc)
        # 10:30 in Madrid (UTC+1), 09:30 in the Canary Islands (UTC+0).
        self.assertEqual(self.period(self.t20, "peninsula", moment), (1, 1))
        self.assertEqual(self.period(self.t20, "canary", moment), (2, 1))

    def test_unknown_zone_is_refused(self):
        with self.assertRaisesRegex(UserError, "Unknown electric zone"):
            self.period(self.t20, "azores", datetime(2026, 3, 10, 11))

    def test_date_without_time_is_refused(self):
        with self.assertRaises(UserError):
            self.calendar.get_periods(self.t20, "peninsula", [date(2026, 3, 10)])

    def test_toll_without_calendar_is_refused(self):
        single = self.env["energy.access.tariff"].create(
            {
                "name": "1P test toll",
                "code": "T99",
                "power_period_count": 1,
                "energy_period_count": 1,
            }
        )
        with self.assertRaisesRegex(UserError, "1P test toll"):
            self.period(single, "peninsula", datetime(2026, 3, 10, 11))

    def test_empty_batch_gives_no_periods(self):
        self.assertEqual(self.calendar.get_periods(self.t30, "peninsula", []), [])

    # Batch API

    def test_batch_of_a_month_costs_one_query(self):
        moments = [datetime(2026, 1, 1) + timedelta(hours=h) for h in range(31 * 24)]
        self.calendar.get_periods(self.t30, "peninsula", moments[:1])  # warm tariff
        with self.assertQueryCount(1):
            periods = self.calendar.get_periods(self.t30, "peninsula", moments)
        # January 2026: 9 weekend days, holidays on Thu 1 and Tue 6, so 20
        # working days of 9 peak (P1), 7 shoulder (P2) and 8 valley (P6) hours.
        self.assertEqual(
            Counter(energy for energy, _power in periods),
            {1: 20 * 9, 2: 20 * 7, 6: 20 * 8 + 11 * 24},
        )
        self.assertEqual([power for _e, power in periods], [e for e, _p in periods])
