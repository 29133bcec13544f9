# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the SIPS import (energy_sips) on generated CNMC files.

    scripts/bench-sips [N]                    throwaway database, then dropped
    .venv/bin/python scripts/bench_sips.py [N] --database DB

DB must have energy_sips installed (without demo data is best). Generates N
supply points (default 500 000) and twelve months of consumption for each as
SIPS2026 CSV files, imports them through the same path as production (the
queued import processed batch after batch by the scheduled action's method,
committing after each batch), and times a CUPS-prefix search and a grouped
count by access tariff and province. Prints the figures.
"""

import argparse
import calendar
import csv
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_common import cups_code, odoo_env  # noqa: E402

# Distributor prefixes with their share of supply points and their provinces
# (INE codes), roughly as the big groups split Spain.
DISTRIBUTORS = [
    ("0021", 0.34, ["28", "48", "46", "03", "45", "37", "47", "20", "01", "26", "02"]),
    ("0031", 0.20, ["08", "41", "29", "11", "14", "18", "21", "23", "04"]),
    ("00314", 0.06, ["08", "17", "25", "43"]),
    ("00315", 0.03, ["07"]),
    ("00316", 0.03, ["35", "38"]),
    ("0022", 0.16, ["28", "15", "27", "32", "36", "19", "16", "13"]),
    ("03900", 0.03, ["28", "15"]),
    ("0026", 0.05, ["33", "39"]),
    ("0027", 0.03, ["39", "09", "24"]),
    ("0029", 0.02, ["50", "22", "44"]),
    ("0396", 0.05, ["17", "08"]),
]
HOUSEHOLD_POWERS_W = [2300, 3450, 4600, 5750, 6928, 9200, 10392]
CNAE_BUSINESS = ["4711", "5610", "5630", "4520", "6201", "8621", "9602", "1071"]
RETAILERS = ["0762", "0631", "0811", "1002", "1120", "0639", "0823"]
PS_HEADER = [
    "codigoEmpresaDistribuidora",
    "cups",
    "codigoProvinciaPS",
    "desMunicipioPS",
    "codigoPostalPS",
    "fechaAltaSuministro",
    "codigoTarifaATREnVigor",
    "codigoTensionV",
    "potenciaMaximaBIEW",
    "codigoClasificacionPS",
    "codigoPropiedadEquipoMedida",
    *(f"potenciasContratadasEnWP{p}" for p in range(1, 7)),
    "fechaUltimoCambioComercializador",
    "cambioComercializadorEnCurso",
    "codigoComercializadorVigente",
    "fechaUltimaLectura",
    "esViviendaHabitual",
    "aplicacionBonoSocial",
    "suministroEsencial",
    "cnae",
    "codigoModoControlPotencia",
    "codigoPSContratable",
    "codigoTipoSuministro",
]
CONSUMPTION_HEADER = [
    "cups",
    "fechaInicioMesConsumo",
    "fechaFinMesConsumo",
    "codigoTarifaATR",
    *(f"consumoEnergiaActivaEnWhP{p}" for p in range(1, 7)),
    *(f"potenciaDemandadaEnWP{p}" for p in range(1, 7)),
]
MONTHS = []
for _index in range(12):
    _year, _month = divmod(10 + _index, 12)  # November 2025 to October 2026
    _year, _month = 2025 + _year, _month + 1
    MONTHS.append(
        (
            date(_year, _month, 1),
            date(_year, _month, calendar.monthrange(_year, _month)[1]),
        )
    )
# Heating and air conditioning: more consumption in winter and summer.
SEASON = [1.15, 1.3, 1.35, 1.2, 1.0, 0.85, 0.85, 1.0, 1.25, 1.2, 0.95, 0.9]


def generate(count, folder, seed=2026):
    """Write the PS and consumption files; return their paths."""
    rng = random.Random(seed)
    weights = [share for __, share, __ in DISTRIBUTORS]
    ps_path = folder / "000000_SIPS2026_PS_ELECTRICIDAD_bench.csv"
    consumption_path = folder / "000000_SIPS2026_CONSUMOS_ELECTRICIDAD_bench.csv"
    with (
        ps_path.open("w", encoding="utf-8", newline="") as ps_file,
        consumption_path.open("w", encoding="utf-8", newline="") as cons_file,
    ):
        ps = csv.writer(ps_file, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        consumption = csv.writer(
            cons_file, quoting=csv.QUOTE_ALL, lineterminator="\r\n"
        )
        ps.writerow(PS_HEADER)
        consumption.writerow(CONSUMPTION_HEADER)
        for number in range(1, count + 1):
            prefix, __, provinces = rng.choices(DISTRIBUTORS, weights)[0]
            cups = cups_code(prefix, number) + "0F"
            province = rng.choice(provinces)
            draw = rng.random()
            if draw < 0.93:
                tariff, voltage, periods = "018", "02", 3
                power = rng.choice(HOUSEHOLD_POWERS_W)
                powers = [power, power, 0, 0, 0, 0]
                use, cnae, control, point_type = "VI", "9820", "1", "05"
                yearly_kwh = rng.uniform(1200, 5500)
            elif draw < 0.99:
                tariff, voltage, periods = "019", "06", 6
                start = rng.randint(15001, 40000)
                powers = sorted(start + rng.randint(0, 20000) for __ in range(6))
                use, cnae, control, point_type = (
                    "LC",
                    rng.choice(CNAE_BUSINESS),
                    "2",
                    "04",
                )
                yearly_kwh = rng.uniform(25000, 150000)
            else:
                tariff, voltage, periods = "020", "27", 6
                start = rng.randint(100000, 300000)
                powers = sorted(start + rng.randint(0, 200000) for __ in range(6))
                use, cnae, control, point_type = "IN", "2511", "2", "03"
                yearly_kwh = rng.uniform(400000, 2500000)
            household = use == "VI"
            ps.writerow(
                [
                    prefix[:4],
                    cups,
                    province,
                    "",
                    f"{province}{rng.randint(1, 999):03d}",
                    f"{rng.randint(1980, 2024)}-{rng.randint(1, 12):02d}-01",
                    tariff,
                    voltage,
                    str(max(powers) + 1150),
                    point_type,
                    "1" if household else rng.choice("12"),
                    *(str(power) for power in powers),
                    f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-01",
                    "S" if rng.random() < 0.01 else "N",
                    rng.choice(RETAILERS),
                    "2026-10-31",
                    "S" if household and rng.random() < 0.8 else "N",
                    "S" if household and rng.random() < 0.06 else "N",
                    "S" if rng.random() < 0.0005 else "N",
                    cnae,
                    control,
                    "N" if rng.random() < 0.002 else "S",
                    use,
                ]
            )
            shares = (
                [0.3, 0.25, 0.45]
                if periods == 3
                else [0.12, 0.14, 0.16, 0.18, 0.18, 0.22]
            )
            for (first, last), season in zip(MONTHS, SEASON, strict=True):
                monthly_wh = yearly_kwh * 1000 / 12 * season * rng.uniform(0.9, 1.1)
                energy = [round(monthly_wh * share) for share in shares]
                energy += [0] * (6 - len(energy))
                demand = [
                    round(power * rng.uniform(0.4, 0.9)) if power else 0
                    for power in powers
                ]
                consumption.writerow(
                    [
                        cups,
                        first.isoformat(),
                        last.isoformat(),
                        tariff,
                        *(str(value) for value in energy),
                        *(str(value) for value in demand),
                    ]
                )
    return ps_path, consumption_path


def run_import(registry, path, batch_size):
    """Queue the file and run the scheduled action's method until it is done,
    committing after each call as the scheduler does."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        sips_import = env["energy.sips.import"].import_file(
            str(path), in_background=True
        )
        import_id = sips_import.id
        cr.commit()
    started = time.perf_counter()
    while True:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["energy.sips.import"]._cron_process_queue(batch_size=batch_size)
            sips_import = env["energy.sips.import"].browse(import_id)
            state = sips_import.state
            cr.commit()
            if state not in ("queued", "running"):
                elapsed = time.perf_counter() - started
                counts = sips_import.read(
                    [
                        "state",
                        "row_count",
                        "created_count",
                        "updated_count",
                        "unchanged_count",
                        "rejected_count",
                        "error_message",
                    ]
                )[0]
                return elapsed, counts


def timed(function, repeat=3):
    """Best of `repeat` runs, in milliseconds, with the last result."""
    best = None
    for __ in range(repeat):
        started = time.perf_counter()
        result = function()
        elapsed = (time.perf_counter() - started) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=500_000)
    parser.add_argument(
        "--database",
        default=os.environ.get("ENERGY_BENCH_DB"),
        help="database with energy_sips installed (scripts/bench-sips makes one)",
    )
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    if not options.database:
        sys.exit(
            "No database: run scripts/bench-sips [N], or pass --database DB "
            "(with energy_sips installed)."
        )

    with tempfile.TemporaryDirectory(prefix="bench_sips_") as folder:
        started = time.perf_counter()
        ps_path, consumption_path = generate(options.count, Path(folder), options.seed)
        print(
            f"Generated {options.count} supply points and {12 * options.count} "
            f"consumption rows in {time.perf_counter() - started:.1f} s "
            f"({ps_path.stat().st_size / 1e6:.1f} MB + "
            f"{consumption_path.stat().st_size / 1e6:.1f} MB)",
            flush=True,
        )
        registry = odoo_env(options.database)
        figures = []
        for label, path in (
            ("supply points", ps_path),
            ("consumption", consumption_path),
            ("supply points again (nothing changes)", ps_path),
        ):
            elapsed, counts = run_import(registry, path, options.batch_size)
            rate = counts["row_count"] / elapsed if elapsed else 0
            figures.append((label, counts["row_count"], elapsed, rate))
            print(
                f"Import {label}: {counts['row_count']} rows in {elapsed:.1f} s = "
                f"{rate:.0f} rows/s (created {counts['created_count']}, updated "
                f"{counts['updated_count']}, unchanged {counts['unchanged_count']}, "
                f"rejected {counts['rejected_count']}, {counts['state']})",
                flush=True,
            )
            if counts["error_message"]:
                print(f"  error: {counts['error_message']}")

    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        cr.execute("ANALYZE energy_supply_point")
        env = api.Environment(cr, SUPERUSER_ID, {})
        Point = env["energy.supply.point"]
        total = Point.search_count([])
        print(f"Supply points in the database: {total}")
        sample = Point.search_fetch(
            [("cups", "=like", "ES0021%")], ["cups_full"], limit=1, order="id desc"
        )
        from stdnum.es import cups as stdnum_cups

        typed = stdnum_cups.format(sample.cups_full) if sample else "ES0021"
        queries = [
            (
                "search_count cups =like 'ES0021%'",
                lambda: Point.search_count([("cups", "=like", "ES0021%")]),
            ),
            (
                "search_count cups_search ilike 'es 0021 0000 0000 01'",
                lambda: Point.search_count(
                    [("cups_search", "ilike", "es 0021 0000 0000 01")]
                ),
            ),
            (
                f"search (limit 80) cups_search ilike '{typed.lower()}'",
                lambda: len(
                    Point.search([("cups_search", "ilike", typed.lower())], limit=80)
                ),
            ),
            (
                "_read_group by access tariff and province",
                lambda: len(
                    Point._read_group([], ["access_tariff_id", "state_id"], ["__count"])
                ),
            ),
        ]
        for label, query in queries:
            env.invalidate_all()
            milliseconds, result = timed(query)
            print(f"{label}: {milliseconds:.1f} ms (result {result})")


if __name__ == "__main__":
    main()
