# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the payment plans (energy_dunning).

    scripts/bench-plans [N]                   throwaway database, then dropped
    .venv/bin/python scripts/bench_plans.py [N] --database DB

DB must have energy_dunning installed (without demo data is best). Creates N
active supply contracts (2.0TD homes), each with two posted, overdue
invoices, then measures, in batches of --batch-size:

- proposing N plans of 6 instalments (debt, schedule, history event);
- accepting them;
- payments of the first instalment of one plan in ten, reconciled with the
  invoices (instalments and history follow the reconciliation);
- the daily cron over the N plans when nothing is missed, then on the day
  every unpaid instalment is past its grace days (all those plans broken,
  the customer told), with its number of queries: the detection does not
  query per plan.
"""

import argparse
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_billing import Bench as BillingBench  # noqa: E402
from bench_billing import batches  # noqa: E402
from bench_common import cups_code  # noqa: E402

INSTALMENTS = 6


class Bench(BillingBench):
    # ------------------------------------------------------------------
    # The world: N homes with an active contract and two overdue invoices
    # ------------------------------------------------------------------

    def setup(self):
        from odoo import Command, fields, models

        started = time.perf_counter()
        with self.registry.cursor() as cr:
            env = self.env(cr)
            company = self.spanish_company(env)
            self.today = fields.Date.context_today(env.user)
            self.tariff_id = env.ref("energy_base.access_tariff_20td").id
            self.state_id = env.ref("base.state_es_v").id
            self.journal_id = (
                env["account.journal"]
                .search(
                    [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
                )
                .id
            )
            self.tax_ids = env["energy.bill"]._sale_tax(company, "vat", 21.0).ids
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
                            "cups": cups_code("0021", 910_000_000 + first + n),
                            "access_tariff_id": self.tariff_id,
                            "state_id": self.state_id,
                            "power_p1_kw": 4.6,
                            "power_p2_kw": 4.6,
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
                            "company_id": self.company_id,
                            "power_p1_kw": 4.6,
                            "power_p2_kw": 4.6,
                        }
                        for point in points
                    ]
                )
                # a fixture: contracts active, without the switching steps
                with contracts._guard_released():
                    models.BaseModel.write(
                        contracts,
                        {"state": "active", "date_activated": date(2025, 1, 1)},
                    )
                moves = env["account.move"].create(
                    [
                        {
                            "move_type": "out_invoice",
                            "partner_id": contract.partner_id.id,
                            "journal_id": self.journal_id,
                            "energy_contract_id": contract.id,
                            "invoice_date": self.today - timedelta(days=days + 20),
                            "invoice_date_due": self.today - timedelta(days=days),
                            "invoice_line_ids": [
                                Command.create(
                                    {
                                        "name": "Electricidad",
                                        "quantity": 1,
                                        "price_unit": 55.0 + n % 40,
                                        "tax_ids": [Command.set(self.tax_ids)],
                                    }
                                )
                            ],
                        }
                        for n, contract in enumerate(contracts)
                        for days in (45, 15)
                    ]
                )
                moves.action_post()
                self.contract_ids += contracts.ids
        self.say("world created (s)", f"{time.perf_counter() - started:.1f}")

    # ------------------------------------------------------------------
    # Measures
    # ------------------------------------------------------------------

    def timed(self, label, work, chunks):
        """Run `work(env, chunk)` per chunk, committed; print the time and the
        queries per batch."""
        started = time.perf_counter()
        queries = []
        with self.registry.cursor() as cr:
            env = self.env(cr)
            for chunk in chunks:
                before = cr.sql_log_count
                work(env, chunk)
                env.flush_all()
                queries.append(cr.sql_log_count - before)
                cr.commit()
                env.invalidate_all()
        elapsed = time.perf_counter() - started
        count = sum(len(chunk) for chunk in chunks)
        self.say(
            f"{label} (n, s, per s)",
            f"{count}  {elapsed:.1f}  {count / elapsed:.0f}/s",
        )
        self.say(
            f"  queries per batch of {self.batch_size} (min, max)",
            f"{min(queries)}  {max(queries)}",
        )

    def propose(self):
        from odoo import Command

        def work(env, contract_ids):
            contracts = env["energy.contract"].browse(contract_ids)
            invoices = env["account.move"].search(
                [("energy_contract_id", "in", contract_ids)]
            )
            by_contract = invoices.grouped("energy_contract_id")
            env["energy.dunning.plan"].create(
                [
                    {
                        "contract_id": contract.id,
                        "company_id": self.company_id,
                        "invoice_ids": [Command.set(by_contract[contract].ids)],
                        "instalment_count": INSTALMENTS,
                        "date_start": self.today + timedelta(days=5),
                    }
                    for contract in contracts
                ]
            )

        self.timed(
            f"propose plans of {INSTALMENTS} instalments",
            work,
            list(batches(self.contract_ids, self.batch_size)),
        )
        with self.registry.cursor() as cr:
            self.plan_ids = (
                self.env(cr)["energy.dunning.plan"]
                .search([("contract_id", "in", self.contract_ids)], order="id")
                .ids
            )

    def accept(self):
        def work(env, plan_ids):
            env["energy.dunning.plan"].browse(plan_ids)._energy_accept("phone")

        self.timed("accept plans", work, list(batches(self.plan_ids, self.batch_size)))

    def pay(self):
        def work(env, plan_ids):
            plans = env["energy.dunning.plan"].browse(plan_ids)
            for plan in plans:
                invoice = plan.invoice_ids.sorted("invoice_date_due")[:1]
                env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create(
                    {
                        "amount": plan.instalment_ids[:1].amount,
                        "payment_difference_handling": "open",
                    }
                ).action_create_payments()

        paying = self.plan_ids[::10]
        self.timed(
            "pay the first instalment of one plan in ten",
            work,
            list(batches(paying, max(1, self.batch_size // 10))),
        )
        with self.registry.cursor() as cr:
            Instalment = self.env(cr)["energy.dunning.plan.instalment"]
            paid = Instalment.search_count(
                [("plan_id", "in", self.plan_ids), ("state", "=", "paid")]
            )
        self.say("  instalments paid", paid)

    def cron(self):
        from freezegun import freeze_time

        for label, day in (
            ("daily cron, nothing missed", self.today),
            (
                "daily cron, first instalments missed (plans broken)",
                self.today + timedelta(days=5 + 30),
            ),
        ):
            started = time.perf_counter()
            with self.registry.cursor() as cr, freeze_time(day):
                env = self.env(cr)
                before = cr.sql_log_count
                env["energy.dunning.plan"]._cron_check_instalments()
                env.flush_all()
                queries = cr.sql_log_count - before
                broken = env["energy.dunning.plan"].search_count(
                    [("id", "in", self.plan_ids), ("state", "=", "broken")]
                )
                cr.commit()
            elapsed = time.perf_counter() - started
            self.say(f"{label} (s, queries)", f"{elapsed:.1f}  {queries}")
            self.say("  plans broken", broken)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=5_000)
    parser.add_argument(
        "--database",
        default=os.environ.get("ENERGY_BENCH_DB"),
        help="database with energy_dunning installed (scripts/bench-plans makes one)",
    )
    parser.add_argument("--batch-size", type=int, default=500)
    options = parser.parse_args()
    if not options.database:
        sys.exit(
            "No database: run scripts/bench-plans [N], or pass --database DB "
            "(with energy_dunning installed)."
        )
    from bench_common import odoo_env

    registry = odoo_env(options.database)
    print(f"energy_dunning payment plans benchmark: {options.count} contracts")
    bench = Bench(registry, options.count, options.batch_size)
    bench.setup()
    bench.propose()
    bench.accept()
    bench.pay()
    bench.cron()


if __name__ == "__main__":
    main()
