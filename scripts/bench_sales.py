# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the sales comparator and of the telemarketing list import
(energy_sales).

    scripts/bench-sales [N]                     throwaway database, then dropped
    .venv/bin/python scripts/bench_sales.py [N] --database DB

DB must have energy_sales installed (without demo data is best).

(a) The comparator for one CUPS (3.0TD, six periods) with twelve months of
    SIPS consumption and maximum demand: each run empties the ORM cache, so
    the supply point and its consumption are read from the database, then
    proposes the optimal power and prices every product with the bill engine
    at the current and at the optimal power. Prints p50/p95 over --runs runs
    (goal: < 200 ms), then the same preceded by Fill from SIPS.
(b) A telemarketing list of N rows (default 100 000; 5 % already leads, 2 %
    repeated in the file, 1 % bad CUPS) imported through the wizard and the
    scheduled action's method, committing after each chunk as the scheduler
    does, printing the progress the wizard shows (goal: < 2 minutes).
"""

import argparse
import base64
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_common import cups_code, odoo_env  # noqa: E402

HEADER = (
    "name;contact_name;phone;vat;cups;customer_type;zip;city;"
    "consent_basis;consent_date;consent_origin;consent_reference\n"
)
NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
CITIES = [
    ("28001", "Madrid"),
    ("08001", "Barcelona"),
    ("46001", "València"),
    ("41001", "Sevilla"),
    ("48001", "Bilbao"),
    ("50001", "Zaragoza"),
    ("29001", "Málaga"),
    ("15001", "A Coruña"),
]
SURNAMES = ["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Ruiz"]


def nif(number):
    return f"{number:08d}{NIF_LETTERS[number % 23]}"


def telemarketing_csv(count, existing, seed=2026, base=20_000_000):
    """A list of `count` rows numbered from `base`; some repeat one of the
    `existing` rows of the warm-up list (numbered from 10 000 000)."""
    rng = random.Random(seed)
    lines = [HEADER]
    for index in range(count):
        if rng.random() < 0.05 and existing:
            number = 10_000_000 + rng.randrange(existing)  # already a lead
        elif index and rng.random() < 0.02:
            number = base + rng.randrange(index)  # repeated in the file
        else:
            number = base + index
        zip_code, city = rng.choice(CITIES)
        cups = cups_code("0021", number)
        if rng.random() < 0.01:
            cups = cups[:-2] + "AA"  # wrong check letters
        consent = rng.random() < 0.6
        lines.append(
            ";".join(
                [
                    f"{rng.choice(SURNAMES)} {number}",
                    f"Cliente {number}",
                    f"6{number % 100_000_000:08d}",
                    nif(number),
                    cups,
                    "individual",
                    zip_code,
                    city,
                    "consent" if consent else "",
                    "2026-01-15" if consent else "",
                    "phone" if consent else "",
                    f"REC-{number}" if consent else "",
                ]
            )
            + "\n"
        )
    return "".join(lines)


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def setup_comparator(env):
    """A 3.0TD supply point with twelve months of SIPS data, five products,
    an agent and their lead with the prices of the customer's bill."""
    from odoo import Command

    tariff = env.ref("energy_base.access_tariff_30td")
    today = date.today()
    point = env["energy.supply.point"].create(
        {
            "cups": cups_code("0021", 99_000_001),
            "access_tariff_id": tariff.id,
            **{f"power_p{p}_kw": 20.0 + 2 * p for p in range(1, 7)},
            "zip": "28001",
            "meter_owner": "distributor",
            "sips_date": today,
        }
    )
    rows = []
    for month in range(12):
        end = today - timedelta(days=1 + 30 * month)
        rows.append(
            {
                "supply_point_id": point.id,
                "source": "sips",
                "date_start": end - timedelta(days=29),
                "date_end": end,
                **{f"kwh_p{p}": 400.0 + 50 * p + month for p in range(1, 7)},
                **{f"max_demand_p{p}_kw": 14.0 + p + (month % 4) for p in range(1, 7)},
            }
        )
    env["energy.supply.point.consumption"].create(rows)
    for number in range(5):
        env["energy.product"].create(
            {
                "name": f"Bench 3.0TD {number}",
                "code": f"BENCH30-{number}",
                "access_tariff_id": tariff.id,
                "price_ids": [
                    Command.create(
                        {
                            "date_from": today - timedelta(days=30),
                            **{
                                f"power_price_p{p}": 0.05 + 0.01 * number - 0.005 * p
                                for p in range(1, 7)
                            },
                            **{
                                f"energy_price_p{p}": 0.20 + 0.01 * number - 0.02 * p
                                for p in range(1, 7)
                            },
                        }
                    )
                ],
            }
        )
    agent = env["res.users"].create(
        {
            "name": "Bench Agent",
            "login": "bench_agent",
            "groups_id": [
                Command.set([env.ref("energy_sales.group_energy_sales_agent").id])
            ],
        }
    )
    lead = env["crm.lead"].create(
        {
            "name": "Bench comparator",
            "user_id": agent.id,
            "cups": point.cups,
            "supply_point_id": point.id,
            "access_tariff_id": tariff.id,
            **{f"power_p{p}_kw": point[f"power_p{p}_kw"] for p in range(1, 7)},
            **{f"annual_kwh_p{p}": point[f"annual_kwh_p{p}"] for p in range(1, 7)},
            **{f"bill_energy_price_p{p}": 0.21 - 0.02 * p for p in range(1, 7)},
            **{f"bill_power_price_p{p}": 0.06 - 0.005 * p for p in range(1, 7)},
        }
    )
    return lead.with_user(agent)


def bench_comparator(registry, runs):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        lead = setup_comparator(env)
        lead.action_compare()  # warm-up: registry, templates, prepared plans
        timings = []
        for __ in range(runs):
            env.invalidate_all()
            started = time.perf_counter()
            lead.action_compare()
            env.flush_all()
            timings.append((time.perf_counter() - started) * 1000)
        with_fill = []
        for __ in range(max(runs // 4, 1)):
            env.invalidate_all()
            started = time.perf_counter()
            lead.action_fill_from_sips()
            lead.action_compare()
            env.flush_all()
            with_fill.append((time.perf_counter() - started) * 1000)
        lines = lead.comparison_line_ids
        print(
            f"Comparator, one 3.0TD CUPS, 12 months of SIPS data, "
            f"{len(lines)} products at current and optimal power, {runs} runs: "
            f"p50 {statistics.median(timings):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms "
            f"(goal < 200 ms)"
        )
        print(
            f"  with Fill from SIPS first (the provider's look-up in the imported "
            f"SIPS data, written back through a SIPS import record), "
            f"{len(with_fill)} runs: p50 {statistics.median(with_fill):.1f} ms, "
            f"p95 {percentile(with_fill, 0.95):.1f} ms"
        )
        print(
            "  optimal power: "
            + ", ".join(f"{lead[f'optimal_power_p{p}_kw']:g}" for p in range(1, 7))
            + f" kW; best saving {max(lines.mapped('savings_amount')):.2f} €"
        )
        cr.rollback()


def bench_import(registry, count, seed):
    from odoo import SUPERUSER_ID, api

    warm_up = max(count // 20, 1)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        backoffice = env.ref("base.user_admin")
        campaign = env["utm.campaign"].create({"name": "Bench list"})
        Wizard = env["energy.sales.lead.import"].with_user(backoffice)
        started = time.perf_counter()
        first = Wizard.create(
            {
                "file": base64.b64encode(
                    telemarketing_csv(warm_up, 0, seed + 1, base=10_000_000).encode()
                ),
                "filename": "warm-up.csv",
                "campaign_id": campaign.id,
            }
        )
        first.action_import()
        while first.state == "running":
            first._cron_import()
        cr.commit()
        print(
            f"Warm-up list: {first.created_count} leads in "
            f"{time.perf_counter() - started:.1f} s"
        )
        text = telemarketing_csv(count, warm_up, seed)
        wizard = Wizard.create(
            {
                "file": base64.b64encode(text.encode()),
                "filename": "bench.csv",
                "campaign_id": campaign.id,
            }
        )
        wizard_id = wizard.id
        cr.commit()
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        wizard = env["energy.sales.lead.import"].browse(wizard_id)
        wizard.with_user(wizard.create_uid).action_import()
        cr.commit()
    while True:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["energy.sales.lead.import"]._cron_import()
            wizard = env["energy.sales.lead.import"].browse(wizard_id)
            state, done, total = wizard.state, wizard.rows_done, wizard.row_count
            progress = wizard.progress
            cr.commit()
        print(
            f"  {time.perf_counter() - started:6.1f} s: {done}/{total} rows "
            f"({progress:.0f} %)",
            flush=True,
        )
        if state != "running":
            break
    elapsed = time.perf_counter() - started
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        wizard = env["energy.sales.lead.import"].browse(wizard_id)
        print(
            f"Import of {count} rows: {elapsed:.1f} s = {count / elapsed:.0f} rows/s "
            f"(created {wizard.created_count}, already leads "
            f"{wizard.duplicate_count}, rejected {wizard.error_count}; goal < 120 s)"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=100_000)
    parser.add_argument(
        "--database",
        default=os.environ.get("ENERGY_BENCH_DB"),
        help="database with energy_sales installed (scripts/bench-sales makes one)",
    )
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    if not options.database:
        sys.exit(
            "No database: run scripts/bench-sales [N], or pass --database DB "
            "(with energy_sales installed)."
        )
    registry = odoo_env(options.database)
    bench_comparator(registry, options.runs)
    bench_import(registry, options.count, options.seed)


if __name__ == "__main__":
    main()
