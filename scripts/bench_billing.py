# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the electricity billing (energy_billing).

    scripts/bench-billing [N]                 throwaway database, then dropped
    .venv/bin/python scripts/bench_billing.py [N] --database DB

DB must have energy_billing installed (without demo data is best). Creates N
active supply contracts (2.0TD homes) with one month of readings, then:

- the bill engine alone on N bills (goal: at least 2 000 bills/s);
- a billing run of the N contracts end to end (engine, invoices created and
  posted, bills, readings marked), in batches of --batch-size, with the
  number of queries of each batch;
- a bare batch ``create`` + ``action_post`` of the same invoices (same lines
  and taxes) without our engine, and the ratio (goal: ours at most 1.5 times
  the bare cost).
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_common import cups_code, odoo_env  # noqa: E402

MONTH = (date(2026, 1, 1), date(2026, 1, 31))


def batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Bench:
    def __init__(self, registry, count, batch_size):
        self.registry = registry
        self.count = count
        self.batch_size = batch_size

    def env(self, cr):
        from odoo import SUPERUSER_ID, api

        context = {"tracking_disable": True}
        if getattr(self, "company_id", None):
            context["allowed_company_ids"] = [self.company_id]
        return api.Environment(cr, SUPERUSER_ID, context)

    def spanish_company(self, env):
        """A retailer with the Spanish chart of accounts (l10n_es) and the
        tax settings of energy_pricing (copied from the main company)."""
        # (chart_template_load: no automatic install of other l10n addons)
        loading = env(context=dict(env.context, chart_template_load=True))
        company = loading["res.company"].create(
            {
                "name": "Comercializadora Bench, S.L.",
                "country_id": env.ref("base.es").id,
                "currency_id": env.ref("base.EUR").id,
                "vat": "ESB87654323",
            }
        )
        env.user.company_ids |= company
        loading["account.chart.template"].try_loading(
            "es_pymes", company, install_demo=False
        )
        company.tax_calculation_rounding_method = "round_globally"
        main = env.ref("base.main_company")
        for model in ("energy.tax.setting", "energy.indirect.tax"):
            for record in env[model].search([("company_id", "=", main.id)]):
                record.copy({"company_id": company.id})
        self.company_id = company.id
        return company

    def say(self, label, value):
        print(f"{label:<62} {value}", flush=True)

    # ------------------------------------------------------------------
    # The world: a product, N homes with an active contract and a reading
    # ------------------------------------------------------------------

    def setup(self):
        from odoo import models

        started = time.perf_counter()
        with self.registry.cursor() as cr:
            env = self.env(cr)
            company = self.spanish_company(env)
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            tariff = env.ref("energy_base.access_tariff_20td")
            product = env["energy.product"].create(
                {
                    "name": "Tarifa Bench",
                    "code": "BENCH",
                    "access_tariff_id": tariff.id,
                    "company_id": company.id,
                }
            )
            env["energy.product.price"].create(
                {
                    "product_id": product.id,
                    "date_from": date(2026, 1, 1),
                    "power_price_p1": 0.089611,
                    "power_price_p2": 0.013483,
                    "energy_price_p1": 0.2195,
                    "energy_price_p2": 0.1423,
                    "energy_price_p3": 0.0987,
                }
            )
            self.product_id = product.id
            self.tariff_id = tariff.id
            self.state_id = env.ref("base.state_es_v").id
        self.contract_ids = []
        for first in range(0, self.count, self.batch_size):
            size = min(self.batch_size, self.count - first)
            with self.registry.cursor() as cr:
                env = self.env(cr)
                partners = env["res.partner"].create(
                    [
                        {"name": f"Cliente Bench {first + n}", "email": False}
                        for n in range(size)
                    ]
                )
                points = env["energy.supply.point"].create(
                    [
                        {
                            "cups": cups_code("0021", 900_000_000 + first + n),
                            "access_tariff_id": self.tariff_id,
                            "state_id": self.state_id,
                            "power_p1_kw": 4.6,
                            "power_p2_kw": 4.6,
                            "meter_owner": "distributor",
                            "holder_id": partner.id,
                            "company_id": self.company_id,
                        }
                        for n, partner in enumerate(partners)
                    ]
                )
                contracts = env["energy.contract"].create(
                    [
                        {
                            "partner_id": point.holder_id.id,
                            "supply_point_id": point.id,
                            "request_type": "switch",
                            "product_id": self.product_id,
                            "company_id": self.company_id,
                            "power_p1_kw": 4.6,
                            "power_p2_kw": 4.6,
                        }
                        for point in points
                    ]
                )
                # a fixture: contracts active since the 1st, without the
                # switching steps (not what is measured here)
                with contracts._guard_released():
                    models.BaseModel.write(
                        contracts, {"state": "active", "date_activated": MONTH[0]}
                    )
                env["energy.billing.reading"].create(
                    [
                        {
                            "supply_point_id": point.id,
                            "date_start": MONTH[0],
                            "date_end": MONTH[1],
                            "source": "csv",
                            "company_id": self.company_id,
                            "kwh_p1": 50 + n % 40,
                            "kwh_p2": 60 + n % 30,
                            "kwh_p3": 110 + n % 50,
                        }
                        for n, point in enumerate(points)
                    ]
                )
                self.contract_ids += contracts.ids
        self.say("world created (s)", f"{time.perf_counter() - started:.1f}")

    # ------------------------------------------------------------------
    # Measures
    # ------------------------------------------------------------------

    def engine(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            engine = env["energy.bill.engine"]
            contracts = env["energy.contract"].browse(self.contract_ids)
            contracts.fetch(["supply_point_id", "product_id", "company_id"])
            readings = env["energy.billing.reading"].search(
                [("supply_point_id", "in", contracts.supply_point_id.ids)]
            )
            kwh = {r.supply_point_id.id: r._kwh() for r in readings}
            requests = [
                engine._request_from_contract(
                    contract, *MONTH, kwh[contract.supply_point_id.id]
                )
                for contract in contracts
            ]
            started = time.perf_counter()
            results = engine._compute_bills(requests)
            elapsed = time.perf_counter() - started
            cr.rollback()
        assert all(isinstance(result, dict) for result in results)
        self.say(
            "engine alone: bills (s, bills/s; goal >= 2000/s)",
            f"{len(results)}  {elapsed:.2f}  {len(results) / elapsed:.0f}/s",
        )
        self.move_lines = [
            [(float(line["amount"]), line["tax_rate"]) for line in result["lines"]]
            for result in results
        ]

    def run(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            run = env["energy.billing.run"].create(
                {
                    "date_from": MONTH[0],
                    "date_to": MONTH[1],
                    "invoice_date": date(2026, 2, 3),
                }
            )
            run_id = run.id
        started = time.perf_counter()
        queries = []
        with self.registry.cursor() as cr:
            env = self.env(cr)
            run = env["energy.billing.run"].browse(run_id)
            run._write_guarded({"state": "running", "contract_count": self.count})
            contracts = env["energy.contract"].browse(self.contract_ids)
            for chunk in batches(contracts, self.batch_size):
                before = cr.sql_log_count
                run._process_batch(chunk)
                env.flush_all()
                queries.append(cr.sql_log_count - before)
                cr.commit()
                env.invalidate_all()
            bills = env["energy.bill"].search_count([("run_id", "=", run_id)])
            issues = env["energy.billing.run.issue"]._read_group(
                [("run_id", "=", run_id)], ["message"], ["__count"]
            )
            for message, count in issues[:5]:
                self.say(f"  not billed ({count}): {message[:40]}", "")
        elapsed = time.perf_counter() - started
        self.say(
            "billing run end to end: invoices (s, invoices/s)",
            f"{bills}  {elapsed:.1f}  {bills / elapsed:.0f}/s",
        )
        self.say(
            f"queries per batch of {self.batch_size} (min, max)",
            f"{min(queries)}  {max(queries)}",
        )
        return elapsed

    def bare(self):
        """The same invoices (lines, amounts, taxes) by create + action_post."""
        from odoo import Command

        started = time.perf_counter()
        with self.registry.cursor() as cr:
            env = self.env(cr)
            contracts = env["energy.contract"].browse(self.contract_ids)
            journal = env["account.journal"].search(
                [("type", "=", "sale"), ("company_id", "=", self.company_id)], limit=1
            )
            taxes = {}
            for rate in {rate for lines in self.move_lines for __, rate in lines}:
                taxes[rate] = env["energy.bill"]._sale_tax(env.company, "vat", rate)
            for chunk, lines_chunk in zip(
                batches(contracts, self.batch_size),
                batches(self.move_lines, self.batch_size),
                strict=True,
            ):
                moves = env["account.move"].create(
                    [
                        {
                            "move_type": "out_invoice",
                            "partner_id": contract.partner_id.id,
                            "journal_id": journal.id,
                            "invoice_date": date(2026, 2, 3),
                            "invoice_line_ids": [
                                Command.create(
                                    {
                                        "name": "Bench",
                                        "quantity": 1,
                                        "price_unit": amount,
                                        "account_id": journal.default_account_id.id,
                                        "tax_ids": [Command.set(taxes[rate].ids)],
                                    }
                                )
                                for amount, rate in lines
                            ],
                        }
                        for contract, lines in zip(chunk, lines_chunk, strict=True)
                    ]
                )
                moves.action_post()
                env.flush_all()
                cr.commit()
                env.invalidate_all()
        elapsed = time.perf_counter() - started
        self.say(
            "bare create + action_post of the same invoices (s, invoices/s)",
            f"{self.count}  {elapsed:.1f}  {self.count / elapsed:.0f}/s",
        )
        return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=20_000)
    parser.add_argument(
        "--database",
        default=os.environ.get("ENERGY_BENCH_DB"),
        help="database with energy_billing installed (scripts/bench-billing makes one)",
    )
    parser.add_argument("--batch-size", type=int, default=500)
    options = parser.parse_args()
    if not options.database:
        sys.exit(
            "No database: run scripts/bench-billing [N], or pass --database DB "
            "(with energy_billing installed)."
        )
    registry = odoo_env(options.database)
    print(f"energy_billing benchmark: {options.count} contracts, one month", flush=True)
    bench = Bench(registry, options.count, options.batch_size)
    bench.setup()
    bench.engine()
    ours = bench.run()
    bare = bench.bare()
    bench.say("ratio ours / bare (goal <= 1.5)", f"{ours / bare:.2f}")


if __name__ == "__main__":
    main()
