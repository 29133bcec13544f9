# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import tagged

from . import common


@tagged("post_install", "-at_install")
class TestSipsImportPoints(common.SipsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sips_import = cls.import_data(common.PS_SAMPLE)

    def test_file_creates_every_supply_point_as_prospect(self):
        self.assertEqual(self.sips_import.state, "done")
        self.assertEqual(self.sips_import.file_type, "ps")
        self.assertEqual(
            (self.sips_import.row_count, self.sips_import.created_count), (5, 5)
        )
        self.assertFalse(self.sips_import.line_ids)
        points = self.Point.search([("sips_import_id", "=", self.sips_import.id)])
        self.assertEqual(len(points), 5)
        self.assertEqual(set(points.mapped("status")), {"prospect"})
        self.assertEqual(points.company_id, self.company)
        self.assertEqual(set(points.mapped("sips_date")), {date.today()})

    def test_tariff_and_powers_in_kw(self):
        household = self.point(common.HOUSEHOLD)
        self.assertEqual(household.access_tariff_id.code, "018")
        self.assertEqual(household.cups_full, common.HOUSEHOLD + "0F")
        self.assertEqual(household._get_powers_kw(), [4.6, 4.6, 0.0, 0.0, 0.0, 0.0])
        self.assertEqual(household.voltage_v, 230)
        shop = self.point(common.SHOP)
        self.assertEqual(shop.access_tariff_id.name, "3.0TD")
        self.assertEqual(shop._get_powers_kw(), [15.001, 15.001, 20, 20, 20, 25])
        self.assertEqual(shop.voltage_v, 400)
        self.assertEqual(shop.power_control_mode, "maximeter")
        hospital = self.point(common.HOSPITAL)
        self.assertEqual(hospital.access_tariff_id.name, "6.1TD")
        self.assertEqual(hospital.voltage_v, 20000)
        self.assertEqual(hospital.power_max_kw, 300.0)

    def test_distributor_follows_the_cups_routing_and_keeps_the_sips_code(self):
        household = self.point(common.HOUSEHOLD)
        self.assertEqual(
            household.distributor_id, self.env.ref("energy_base.distributor_0021")
        )
        shop = self.point(common.SHOP)
        # ES00314... CUPS go to the legacy FECSA code outside Aragón.
        self.assertEqual(
            shop.distributor_id, self.env.ref("energy_base.distributor_0024")
        )
        self.assertEqual(shop.sips_distributor_code, "0031")
        self.assertFalse(shop.is_distributor_overridden)

    def test_distributor_comes_from_its_ree_code_when_no_prefix_matches(self):
        small = self.env["res.partner"].create(
            {
                "name": "Eléctrica de Ejemplo, S.L.",
                "is_company": True,
                "is_energy_distributor": True,
                "energy_ree_code": "0121",
            }
        )
        known = common.make_cups("0121", 1)
        unknown = common.make_cups("0999", 1)
        self.Import.import_file(
            common.ps_csv([{"cups": known}, {"cups": unknown}]), filename="small.csv"
        )
        self.assertEqual(self.point(known).distributor_id, small)
        self.assertFalse(self.point(unknown).distributor_id)
        self.assertEqual(self.point(unknown).sips_distributor_code, "0999")
        self.assertTrue(self.point(unknown).is_data_missing)

    def test_address_province_and_codes(self):
        household = self.point(common.HOUSEHOLD)
        self.assertEqual(household.state_id, self.env.ref("base.state_es_m"))
        self.assertEqual(household.zone, "peninsula")
        self.assertEqual(
            (household.zip, household.city, household.street, household.street2),
            ("28013", "Madrid", "CL MAYOR 12", "Piso 3 Pta. B"),
        )
        self.assertEqual(household.sips_municipality_code, "28079")
        self.assertEqual(household.cadastral_reference, "9872023VH5797S0001WX")
        self.assertEqual(household.cnae_id.code, "9820")
        self.assertEqual(household.supply_use_id.code, "VI")
        shop = self.point(common.SHOP)
        self.assertEqual(shop.street2, "LOCAL 2, BAJOS")
        self.assertEqual(shop.state_id, self.env.ref("base.state_es_b"))

    def test_flags_meter_and_market_data(self):
        household = self.point(common.HOUSEHOLD)
        self.assertTrue(household.is_habitual_dwelling)
        self.assertFalse(household.has_bono_social)
        self.assertEqual(household.meter_owner, "distributor")
        self.assertEqual(household.measure_point_type, "5")
        self.assertTrue(household.meter_telemanaged)
        self.assertEqual(household.date_last_retailer_change, date(2024, 2, 15))
        self.assertEqual(household.date_last_reading, date(2026, 10, 31))
        self.assertEqual(household.bie_max_power_kw, 5.75)
        self.assertEqual(household.access_rights_kw, 5.75)
        coruna = self.point(common.CORUNA)
        self.assertTrue(coruna.has_bono_social)
        self.assertEqual(coruna.self_consumption_type, "without_surplus")
        hospital = self.point(common.HOSPITAL)
        self.assertTrue(hospital.is_essential_supply)
        self.assertEqual(hospital.meter_owner, "customer")
        self.assertEqual(hospital.apm_max_power_kw, 500.0)
        valencia = self.point(common.VALENCIA)
        self.assertFalse(valencia.is_contractable)
        self.assertEqual(
            valencia.not_contractable_reason, "Expediente abierto de inspección"
        )

    def test_unknown_retailer_codes_become_one_partner_each(self):
        retailers = self.env["res.partner"].search(
            [
                ("is_energy_retailer", "=", True),
                ("energy_ree_code", "in", ["0762", "0631", "0999"]),
            ]
        )
        self.assertEqual(len(retailers), 3)
        self.assertEqual(
            self.point(common.HOUSEHOLD).current_retailer_id.name, "Retailer 0762"
        )
        self.assertEqual(
            self.point(common.HOUSEHOLD).current_retailer_id,
            self.point(common.CORUNA).current_retailer_id,
        )

    def test_own_retailer_code_is_the_company(self):
        self.company.energy_ree_code = "0555"
        rows = [{"cups": common.make_cups("0021", 7001), "retailer": "0555"}]
        self.Import.import_file(common.ps_csv(rows), filename="own.csv")
        point = self.point(rows[0]["cups"])
        self.assertEqual(point.current_retailer_id, self.company.partner_id)

    def test_existing_point_keeps_its_status_and_gets_the_new_data(self):
        cups = common.make_cups("0021", 7002)
        point = self.Point.create({"cups": cups, "status": "customer", "zip": "28001"})
        sips_import = self.Import.import_file(
            common.ps_csv([{"cups": cups, "powers": [5750, 5750]}]), filename="x.csv"
        )
        self.assertEqual((sips_import.created_count, sips_import.updated_count), (0, 1))
        self.assertEqual(point.status, "customer")
        self.assertEqual(point.power_p1_kw, 5.75)
        self.assertEqual(point.sips_import_id, sips_import)

    def test_point_of_another_company_is_reported_and_not_touched(self):
        other = self.env["res.company"].create({"name": "Otra Comercializadora"})
        cups = common.make_cups("0021", 7003)
        foreign = self.Point.create(
            {
                "cups": cups,
                "company_id": other.id,
                "power_p1_kw": 3.3,
                "power_p2_kw": 3.3,
            }
        )
        sips_import = self.Import.import_file(
            common.ps_csv([{"cups": cups}]), filename="other.csv"
        )
        self.assertEqual(sips_import.rejected_count, 1)
        self.assertIn("Otra Comercializadora", sips_import.line_ids.message)
        self.assertEqual(sips_import.line_ids.line_number, 2)
        self.assertEqual(foreign.power_p1_kw, 3.3)
        self.assertEqual(
            self.Point.search_count(
                [("cups", "=", cups), ("company_id", "=", self.company.id)]
            ),
            0,
        )

    def test_chatter_summarises_the_import(self):
        body = self.sips_import.message_ids[:1].body
        self.assertIn("5 rows read: 5 created", body)
