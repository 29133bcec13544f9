# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared fixtures of the SIPS tests (no test methods here)."""

import csv
import io
from pathlib import Path

import requests
from stdnum.es import cups as stdnum_cups

from odoo.tests import TransactionCase, new_test_user

DATA = Path(__file__).resolve().parent / "data"

PS_SAMPLE = "SIPS2026_PS_ELECTRICIDAD_sample.csv"
PS_ERRORS = "SIPS2026_PS_ELECTRICIDAD_errors.csv"
CONSUMPTION_SAMPLE = "SIPS2026_CONSUMOS_ELECTRICIDAD_sample.csv"
CONSUMPTION_ERRORS = "SIPS2026_CONSUMOS_ELECTRICIDAD_errors.csv"

HOUSEHOLD = "ES0021000004815162XV"  # 2.0TD, Madrid, i-DE
SHOP = "ES0031405501234567EE"  # 3.0TD, Barcelona, legacy FECSA prefix
CORUNA = "ES0022000008765432AG"  # 2.0TD, bono social, self-consumption
HOSPITAL = "ES0026000011112222PH"  # 6.1TD, essential supply
VALENCIA = "ES0021000055556666AW"  # not contractable, unknown retailer 0999


def make_cups(distributor, number):
    """A valid 20-character CUPS for a four-digit distributor prefix."""
    base = f"ES{distributor}{number:012d}"
    return base + stdnum_cups.calc_check_digits(base)


def ps_csv(rows):
    """A small SIPS PS file with the columns an import needs, as bytes.

    :param rows: dicts with cups, tariff, powers (list of W), province, zip
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(
        [
            "cups",
            "codigoEmpresaDistribuidora",
            "codigoProvinciaPS",
            "codigoPostalPS",
            "desMunicipioPS",
            "codigoTarifaATREnVigor",
            "codigoTensionV",
            *(f"potenciasContratadasEnWP{period}" for period in range(1, 7)),
            "codigoComercializadorVigente",
            "cnae",
            "fechaUltimaLectura",
        ]
    )
    for row in rows:
        powers = list(row.get("powers", [4600, 4600])) + [0] * 6
        writer.writerow(
            [
                row["cups"],
                row["cups"][2:6],
                row.get("province", "28"),
                row.get("zip", "28001"),
                row.get("city", "Madrid"),
                row.get("tariff", "018"),
                row.get("voltage", "02"),
                *(str(power) for power in powers[:6]),
                row.get("retailer", "0762"),
                row.get("cnae", "9820"),
                row.get("last_reading", "2026-10-31"),
            ]
        )
    return buffer.getvalue().encode("utf-8")


def fake_response(status=200, content=b"", url=""):
    """A real requests.Response, as the network would have returned it."""
    response = requests.Response()
    response.status_code = status
    response._content = content
    response.url = url
    response.encoding = "utf-8"
    return response


class SipsCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.energy_ree_code = "1234"
        cls.reader = new_test_user(
            cls.env, login="sips_reader", groups="energy_base.group_energy_user"
        )
        cls.backoffice = new_test_user(
            cls.env,
            login="sips_backoffice",
            groups="energy_base.group_energy_backoffice",
        )
        cls.manager = new_test_user(
            cls.env, login="sips_manager", groups="energy_base.group_energy_manager"
        )
        cls.Import = cls.env["energy.sips.import"].with_user(cls.backoffice)
        cls.Point = cls.env["energy.supply.point"]

    @classmethod
    def read_data(cls, name):
        return (DATA / name).read_bytes()

    @classmethod
    def import_data(cls, name, **kwargs):
        """Import a file of tests/data the way a script does, as back-office."""
        return cls.Import.import_file(str(DATA / name), **kwargs)

    def point(self, cups):
        return self.Point.search([("cups", "=", cups)])
