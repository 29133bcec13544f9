# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of commissions (energy_commission).

    scripts/bench-commission [N]                    throwaway database, then dropped
    .venv/bin/python scripts/bench_commission.py [N] --database DB

DB must have energy_commission installed (without demo data is best). Creates
200 channels (40 agencies with four sub-channels each), one plan whose rules
combine (fixed per tariff, per kW, per MWh, override), N supply points and N
switching requests sold by those channels (default 100 000), and marks them
activated in March 2026 (the state values the ATR 05 writes; the lifecycle
itself is measured by scripts/bench-contract). Then it times, batch by batch
as one ATR import does, the generation of the commission lines (the hook the
activation calls) and counts its queries per batch: the count must not grow
with the batch (the ORM's INSERT statements aside: one per 100 lines
created). Last, the earning cron and the monthly settlement of the 200
channels, which must take less than 60 s.
"""

import argparse
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_common import cups_code, odoo_env  # noqa: E402

PREFIXES = ["0021", "0031", "0022", "0026", "0027", "0029", "0396"]
NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
ACTIVATED = date(2026, 3, 10)
INSERT_BATCH_SIZE = 100  # odoo.models.INSERT_BATCH_SIZE
SIGNED = datetime(2026, 3, 1, 10, 0)


def batches(ids, size):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class Bench:
    def __init__(self, registry, count, batch_size):
        self.registry = registry
        self.count = count
        self.batch_size = batch_size

    def env(self, cr):
        from odoo import SUPERUSER_ID, api

        return api.Environment(cr, SUPERUSER_ID, {})

    def say(self, label, value):
        print(f"{label:<62} {value}", flush=True)

    def setup(self):
        from odoo import Command

        with self.registry.cursor() as cr:
            env = self.env(cr)
            t20 = env.ref("energy_base.access_tariff_20td")
            t30 = env.ref("energy_base.access_tariff_30td")

            def rule(name, amount, basis="fixed", level="direct", tariff=None):
                return Command.create(
                    {
                        "name": name,
                        "amount": amount,
                        "basis": basis,
                        "level": level,
                        "access_tariff_ids": [
                            Command.set(tariff.ids if tariff else [])
                        ],
                    }
                )

            plan = env["energy.commission.plan"].create(
                {
                    "name": "Bench",
                    "holdback_percent": 10.0,
                    "minimum_payout": 50.0,
                    "version_ids": [
                        Command.create(
                            {
                                "date_from": date(2026, 1, 1),
                                "rule_ids": [
                                    rule("2.0TD", 40.0, tariff=t20),
                                    rule("3.0TD", 120.0, tariff=t30),
                                    rule("kW", 3.0, basis="per_kw"),
                                    rule("MWh", 2.0, basis="per_mwh"),
                                    rule("Override", 10.0, level="parent"),
                                ],
                            }
                        )
                    ],
                }
            )
            Partner = env["res.partner"]
            agencies = Partner.create(
                [
                    {
                        "name": f"Agencia {n:03d}, S.L.",
                        "is_company": True,
                        "is_energy_channel": True,
                        "energy_commission_plan_id": plan.id,
                    }
                    for n in range(40)
                ]
            )
            subs = Partner.create(
                [
                    {
                        "name": f"Subagencia {n:03d}, S.L.",
                        "is_company": True,
                        "is_energy_channel": True,
                        "type": "other",
                        "parent_id": agencies[n % 40].id,
                        "energy_commission_plan_id": plan.id,
                    }
                    for n in range(160)
                ]
            )
            customers = Partner.create(
                [
                    {
                        "name": f"Cliente {n:05d}",
                        "vat": f"ES{n + 10_000_000:08d}"
                        f"{NIF_LETTERS[(n + 10_000_000) % 23]}",
                    }
                    for n in range(min(self.count, 2000))
                ]
            )
            self.channel_ids = (agencies | subs).ids
            self.customer_ids = customers.ids
            self.tariff_id = t20.id

    def create_activations(self):
        started = time.perf_counter()
        self.contract_ids = []
        for first in range(0, self.count, 2000):
            with self.registry.cursor() as cr:
                env = self.env(cr)
                numbers = range(first, min(first + 2000, self.count))
                points = env["energy.supply.point"].create(
                    [
                        {
                            "cups": cups_code(PREFIXES[n % len(PREFIXES)], n + 1),
                            "access_tariff_id": self.tariff_id,
                            "power_p1_kw": 4.6,
                            "power_p2_kw": 4.6,
                            "holder_id": self.customer_ids[n % len(self.customer_ids)],
                        }
                        for n in numbers
                    ]
                )
                contracts = env["energy.contract"].create(
                    [
                        {
                            "partner_id": point.holder_id.id,
                            "supply_point_id": point.id,
                            "request_type": "switch",
                            "channel_id": self.channel_ids[n % len(self.channel_ids)],
                            "power_p1_kw": 4.6,
                            "power_p2_kw": 4.6,
                        }
                        for n, point in zip(numbers, points, strict=True)
                    ]
                )
                contracts._write_guarded(
                    {
                        "state": "active",
                        "date_signed": SIGNED,
                        "date_activated": ACTIVATED,
                    }
                )
                self.contract_ids += contracts.ids
        elapsed = time.perf_counter() - started
        self.say("activated requests created (s)", f"{elapsed:.1f}")

    def generate(self):
        """A fifth of the activations in batches ten times smaller: the
        queries of a batch must not grow with its size."""
        started = time.perf_counter()
        queries = []
        split = len(self.contract_ids) // 5
        small = max(self.batch_size // 10, 1)
        chunks = [
            *batches(self.contract_ids[:split], small),
            *batches(self.contract_ids[split:], self.batch_size),
        ]
        for chunk in chunks:
            with self.registry.cursor() as cr:
                env = self.env(cr)
                before = cr.sql_log_count
                lines = env["energy.commission.line"]._generate_for_contracts(
                    env["energy.contract"].browse(chunk)
                )
                env.flush_all()
                # the ORM inserts 100 rows per INSERT statement: those aside
                inserts = -(-len(lines) // INSERT_BATCH_SIZE)
                queries.append((len(chunk), cr.sql_log_count - before - inserts))
        elapsed = time.perf_counter() - started
        self.say(
            "lines generated (s, activations/s)",
            f"{elapsed:.1f}  {self.count / elapsed:.0f}/s",
        )
        per_size = {}
        for size, count in queries:
            if size in (small, self.batch_size):
                per_size.setdefault(size, []).append(count)
        for size, counts in sorted(per_size.items()):
            self.say(
                f"queries per batch of {size}, INSERTs aside (min, max)",
                f"{min(counts)}, {max(counts)}",
            )
        # a query or two may vary with what a batch meets (a cache), none
        # with its size
        return max(per_size[self.batch_size]) <= max(per_size[small]) + 2

    def settle(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            started = time.perf_counter()
            env["energy.commission.line"]._cron_earn(date(2026, 4, 1))
            env.flush_all()
            self.say("earning cron (s)", f"{time.perf_counter() - started:.1f}")
            channels = env["res.partner"].browse(self.channel_ids)
            settlements = env["energy.commission.settlement"]._settle(
                channels, date(2026, 3, 31)
            )
            env.flush_all()
            elapsed = time.perf_counter() - started
            lines = env["energy.commission.line"].search_count(
                [("settlement_id", "in", settlements.ids)]
            )
        self.say(
            "earned and settled (s, settlements, lines)",
            f"{elapsed:.1f}  {len(settlements)}  {lines}",
        )
        return elapsed < 60


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=100_000)
    parser.add_argument("--database", required=True)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args()
    bench = Bench(odoo_env(args.database), args.count, args.batch_size)
    bench.setup()
    bench.create_activations()
    constant = bench.generate()
    fast = bench.settle()
    if not constant:
        print("FAIL: the queries per batch grow with the batch")
    if not fast and args.count >= 100_000:
        print("FAIL: settling took 60 s or more")
    return 0 if constant and (fast or args.count < 100_000) else 1


if __name__ == "__main__":
    sys.exit(main())
