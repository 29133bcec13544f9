# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import psycopg2

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from . import common


@tagged("post_install", "-at_install")
class TestDistributorRouting(common.EnergyCase):
    def _point(self, digits, state=None):
        vals = {"cups": common.make_cups(digits)}
        if state:
            vals["state_id"] = state.id
        return self.SupplyPoint.create(vals)

    def test_plain_prefix_goes_to_the_distributor_that_owns_it(self):
        for digits, code in (
            ("0021000000000001", "0021"),
            ("0022000000000001", "0022"),
            ("0026000000000001", "0026"),
            ("0027000000000001", "0027"),
            ("0031000000000001", "0031"),
        ):
            with self.subTest(code=code):
                self.assertEqual(
                    self._point(digits).distributor_id.energy_ree_code, code
                )

    def test_legacy_prefixes_go_to_the_legacy_ree_code(self):
        for digits, state, code in (
            ("0031100000000001", None, "0023"),
            ("0031310000000001", None, "0120"),
            ("0031400000000001", self.barcelona, "0024"),
            ("0031440000000001", self.girona, "0396"),
            ("0031300000000002", None, "0029"),
            ("0031500000000001", None, "0288"),
            ("0031600000000001", None, "0363"),
            ("0390000000000001", None, "0022"),
        ):
            with self.subTest(digits=digits):
                point = self._point(digits, state)
                self.assertEqual(point.distributor_id.energy_ree_code, code)

    def test_six_digit_legacy_prefix_beats_the_five_digit_one(self):
        # ES00313... goes to Aragonesa (0120) but ES003130... to FECSA Aragón (0029)
        self.assertEqual(
            self._point("0031310000000009").distributor_id.energy_ree_code, "0120"
        )
        self.assertEqual(
            self._point("0031309999999999").distributor_id.energy_ree_code, "0029"
        )

    def test_aragon_rule_sends_fecsa_points_in_aragon_to_0029(self):
        for state in (self.zaragoza, self.huesca, self.env.ref("base.state_es_te")):
            with self.subTest(province=state.name):
                self.assertEqual(
                    self._point(
                        "0031400000000101", state
                    ).distributor_id.energy_ree_code,
                    "0029",
                )
                self.env["energy.supply.point"].search(
                    [("cups", "like", "ES0031400000000101%")]
                ).unlink()
        # the Aragón rule wins over the longer Empordà prefix too
        point = self._point("0031440000000101", self.huesca)
        self.assertEqual(point.distributor_id.energy_ree_code, "0029")

    def test_changing_the_province_routes_again(self):
        point = self._point("0031400000000201", self.barcelona)
        self.assertEqual(point.distributor_id.energy_ree_code, "0024")
        point.state_id = self.zaragoza
        self.assertEqual(point.distributor_id.energy_ree_code, "0029")

    def test_unknown_prefix_leaves_no_distributor_and_flags_missing_data(self):
        point = self._point("0999000000000001")
        self.assertFalse(point.distributor_id)
        self.assertTrue(point.is_data_missing)

    def test_small_distributor_added_by_a_manager_is_used(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Eléctrica de Cuntis, S.L.",
                    "is_company": True,
                    "is_energy_distributor": True,
                    "energy_ree_code": "0106",
                    "energy_distributor_prefix_ids": [(0, 0, {"prefix": "0106"})],
                }
            )
        )
        self.assertEqual(self._point("0106000000000001").distributor_id, partner)

    def test_override_needs_a_reason(self):
        point = self._point("0021000000000301")
        ufd = self.distributor("0022")
        form = Form(point.with_user(self.backoffice))
        form.distributor_id = ufd
        self.assertTrue(
            form.is_distributor_overridden
        )  # the form now asks for a reason
        with (
            self.assertRaisesRegex(ValidationError, "Give a reason"),
            self.cr.savepoint(),
        ):
            point.with_user(self.backoffice).write({"distributor_id": ufd.id})
        point.invalidate_recordset()
        self.assertEqual(point.distributor_id.energy_ree_code, "0021")
        form = Form(point.with_user(self.backoffice))
        form.distributor_id = ufd
        form.distributor_override_reason = "Punto segregado de UFD según carta de 2025"
        form.save()
        self.assertEqual(point.distributor_id, ufd)
        self.assertTrue(point.is_distributor_overridden)

    def test_same_route_twice_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "already routed"):
            self.env["energy.distributor.prefix"].create(
                {"prefix": "0021", "distributor_id": self.distributor("0022").id}
            )

    def test_malformed_prefix_is_refused(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.CheckViolation),
            self.cr.savepoint(),
        ):
            self.env["energy.distributor.prefix"].create(
                {"prefix": "ES21", "distributor_id": self.distributor("0022").id}
            )

    def test_batch_resolution_reads_the_table_once(self):
        Prefix = self.env["energy.distributor.prefix"]
        keys = [
            (common.make_cups(f"{prefix}{n:0{16 - len(prefix)}d}"), self.zaragoza.id)
            for prefix in ("0021", "00314", "003144", "0022")
            for n in range(250)
        ]
        with self.assertQueryCount(2):
            resolved = Prefix._resolve_distributors(keys)
        self.assertEqual(len(resolved), 1000)
        self.assertEqual(
            {
                self.env["res.partner"].browse(v).energy_ree_code
                for v in resolved.values()
            },
            {"0021", "0022", "0029"},
        )
