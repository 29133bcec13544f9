# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of a dunning run (energy_dunning on OCA account_credit_control).

    scripts/bench-dunning [N]                 throwaway database, then dropped
    .venv/bin/python scripts/bench_dunning.py [N] --database DB

DB must have energy_dunning installed (without demo data is best). Creates
--contracts supply contracts (default N / 5) across the three dunning
segments (protected homes, social-bonus homes, businesses), one posted
invoice each through the ORM, then grows the invoices by SQL copies (new
numbers, due dates a month earlier per copy: a fixture, as `odoo populate`
does) to N overdue invoices (default 50 000). Then, each on the same data
and rolled back:

- the bare OCA run: a policy without segments (the same levels), the
  company's default, and the run's line generation with our overrides
  (segment sync, pauses for plans, claims and promises, the batched
  search of earlier drafts, the ANALYZE between policies) switched off;
- our run over the segment policies (goal < 120 s at 50 000, and at most
  1.5 times the bare run);
- the history of the issued notices that our channel action appends (one
  hash-chained event per line), reported on its own;
- the refresh of the collections workspace over every contract in debt.
"""

import argparse
import os
import sys
import time
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_billing import Bench as BillingBench  # noqa: E402
from bench_common import cups_code, odoo_env  # noqa: E402

TODAY = date.today()


def batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Bench:
    def __init__(self, registry, count, contracts, batch_size):
        self.registry = registry
        self.count = count
        self.contracts = contracts
        self.batch_size = batch_size
        self.company_id = None
        self.profile = False
        self.profile_bare = False

    env = BillingBench.env
    spanish_company = BillingBench.spanish_company
    say = BillingBench.say

    # ------------------------------------------------------------------
    # The world
    # ------------------------------------------------------------------

    def setup(self):
        from odoo import Command, models

        started = time.perf_counter()
        with self.registry.cursor() as cr:
            env = self.env(cr)
            company = self.spanish_company(env)
            self.tariff_id = env.ref("energy_base.access_tariff_20td").id
            self.state_id = env.ref("base.state_es_v").id
            product = env["product.product"].create(
                {"name": "Electricidad", "type": "service"}
            )
            self.product_id = product.id
            self.tax_id = (
                env["account.tax"]
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("type_tax_use", "=", "sale"),
                        ("amount", "=", 21.0),
                    ],
                    limit=1,
                )
                .id
            )
        self.contract_ids = []
        for first in range(0, self.contracts, self.batch_size):
            size = min(self.batch_size, self.contracts - first)
            with self.registry.cursor() as cr:
                env = self.env(cr)
                partners = env["res.partner"].create(
                    [
                        {
                            "name": f"Cliente Bench {first + n}",
                            "is_company": (first + n) % 3 == 2,
                        }
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
                            "is_habitual_dwelling": (first + n) % 3 != 2,
                            "has_bono_social": (first + n) % 3 == 1,
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
                            "customer_type": "company" if n % 3 == 2 else "individual",
                            "company_id": self.company_id,
                            "power_p1_kw": 4.6,
                            "power_p2_kw": 4.6,
                        }
                        for n, point in enumerate(points)
                    ]
                )
                # a fixture: contracts in force without the switching steps
                with contracts._guard_released():
                    models.BaseModel.write(
                        contracts,
                        {"state": "active", "date_activated": TODAY - timedelta(400)},
                    )
                moves = env["account.move"].create(
                    [
                        {
                            "move_type": "out_invoice",
                            "partner_id": contract.partner_id.id,
                            "energy_contract_id": contract.id,
                            "company_id": self.company_id,
                            "invoice_date": TODAY - timedelta(days=40 + n % 30),
                            "invoice_date_due": TODAY - timedelta(days=20 + n % 30),
                            "invoice_line_ids": [
                                Command.create(
                                    {
                                        "product_id": self.product_id,
                                        "name": "Electricidad",
                                        "quantity": 1,
                                        "price_unit": 40 + n % 60,
                                        "tax_ids": [Command.set([self.tax_id])],
                                    }
                                )
                            ],
                        }
                        for n, contract in enumerate(contracts)
                    ]
                )
                moves.action_post()
                self.contract_ids += contracts.ids
        self.say(
            f"{self.contracts} contracts with one invoice each (s)",
            f"{time.perf_counter() - started:.1f}",
        )

    def reuse(self):
        """The world of an earlier run on the same database (--reuse)."""
        from odoo.tools import SQL

        with self.registry.cursor() as cr:
            env = self.env(cr)
            company = env["res.company"].search(
                [("name", "=", "Comercializadora Bench, S.L.")], limit=1
            )
            if not company:
                sys.exit("--reuse: no earlier benchmark world in this database")
            self.company_id = company.id
            cr.execute(
                SQL(
                    "SELECT count(*) FROM account_move WHERE move_type = "
                    "'out_invoice' AND state = 'posted' AND company_id = %s "
                    "AND invoice_date_due < %s",
                    self.company_id,
                    TODAY,
                )
            )
            self.overdue = cr.fetchone()[0]
        self.say("reused world: overdue invoices", self.overdue)

    def grow(self):
        """SQL copies of the invoices (and their lines), each copy a month
        older, until there are N."""
        from odoo.tools import SQL

        started = time.perf_counter()
        with self.registry.cursor() as cr:

            def columns(table):
                cr.execute(
                    SQL(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = %s AND column_name != 'id' "
                        "ORDER BY ordinal_position",
                        table,
                    )
                )
                return [row[0] for row in cr.fetchall()]

            move_columns, line_columns = (
                columns("account_move"),
                columns("account_move_line"),
            )
            cr.execute(
                SQL(
                    "SELECT min(id), max(id), count(*) FROM account_move "
                    "WHERE move_type = 'out_invoice' AND company_id = %s",
                    self.company_id,
                )
            )
            low, high, seed = cr.fetchone()
            cr.execute(SQL("SELECT max(id) FROM account_move"))
            top = cr.fetchone()[0]
            copy, total = 0, seed
            while total < self.count:
                copy += 1
                offset = top * copy
                limit = min(seed, self.count - total)
                shift = SQL("interval '1 day' * %s", 30 * copy)
                move_values = [
                    SQL("name || %s", f"-{copy}")
                    if column == "name"
                    else SQL("(%s - %s)::date", SQL.identifier(column), shift)
                    if column in ("invoice_date", "invoice_date_due", "date")
                    else SQL.identifier(column)
                    for column in move_columns
                ]
                cr.execute(
                    SQL(
                        "INSERT INTO account_move (id, %s) SELECT id + %s, %s "
                        "FROM account_move WHERE id BETWEEN %s AND %s "
                        "AND move_type = 'out_invoice' AND company_id = %s "
                        "ORDER BY id LIMIT %s",
                        SQL(", ").join(map(SQL.identifier, move_columns)),
                        offset,
                        SQL(", ").join(move_values),
                        low,
                        high,
                        self.company_id,
                        limit,
                    )
                )
                line_values = [
                    SQL("move_id + %s", offset)
                    if column == "move_id"
                    else SQL("move_name || %s", f"-{copy}")
                    if column == "move_name"
                    else SQL("(%s - %s)::date", SQL.identifier(column), shift)
                    if column in ("date", "date_maturity", "invoice_date")
                    else SQL.identifier(column)
                    for column in line_columns
                ]
                cr.execute(
                    SQL(
                        "INSERT INTO account_move_line (%s) SELECT %s "
                        "FROM account_move_line WHERE move_id + %s IN "
                        "(SELECT id FROM account_move WHERE id > %s)",
                        SQL(", ").join(map(SQL.identifier, line_columns)),
                        SQL(", ").join(line_values),
                        offset,
                        offset,
                    )
                )
                total += limit
            cr.execute(
                SQL(
                    "SELECT setval('account_move_id_seq', (SELECT max(id) "
                    "FROM account_move))"
                )
            )
            cr.execute(SQL("ANALYZE account_move"))
            cr.execute(SQL("ANALYZE account_move_line"))
            cr.execute(
                SQL(
                    "SELECT count(*) FROM account_move WHERE move_type = "
                    "'out_invoice' AND state = 'posted' AND company_id = %s "
                    "AND invoice_date_due < %s",
                    self.company_id,
                    TODAY,
                )
            )
            self.overdue = cr.fetchone()[0]
        self.say(
            f"grown by SQL copies to {self.overdue} overdue invoices (s)",
            f"{time.perf_counter() - started:.1f}",
        )

    # ------------------------------------------------------------------
    # Measures
    # ------------------------------------------------------------------

    def _policies(self, env):
        return env["credit.control.policy"]._energy_policies_by_segment(
            env["res.company"].browse(self.company_id)
        )

    def vacuum(self):
        """Each measure starts from a clean credit_control_line table: the
        lines of a measure rolled back stay as dead rows that the next
        measure's index scans would wade through, and each measure would be
        slower than the one before it for that reason alone."""
        with self.registry.cursor() as cr:
            cr.commit()
            cr._cnx.autocommit = True
            try:
                cr.execute("VACUUM ANALYZE credit_control_line")
            finally:
                cr._cnx.autocommit = False

    @staticmethod
    def _start_profile(wanted):
        if not wanted:
            return None
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        return profiler

    @staticmethod
    def _stop_profile(profiler):
        if profiler:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)

    def bare(self):
        """OCA's run alone: a policy without segment, the company's default,
        our overrides of the run and the policy switched off."""
        from odoo.addons.energy_dunning.models import (
            credit_control_line,
            credit_control_policy,
            credit_control_policy_promise,
            credit_control_run,
        )

        def passthrough(cls, name):
            def method(self, *args, **kwargs):
                return getattr(super(cls, self), name)(*args, **kwargs)

            return method

        patches = [
            (credit_control_run.CreditControlRun, "_generate_credit_lines"),
            (credit_control_line.CreditControlLine, "create_or_update_from_mv_lines"),
            (credit_control_policy.CreditControlPolicy, "_get_move_lines_to_process"),
            (credit_control_policy.CreditControlPolicy, "_generate_credit_lines"),
            (
                credit_control_policy_promise.CreditControlPolicy,
                "_get_move_lines_to_process",
            ),
        ]
        self.vacuum()
        with self.registry.cursor() as cr, ExitStack() as stack:
            for cls, name in patches:
                stack.enter_context(patch.object(cls, name, passthrough(cls, name)))
            env = self.env(cr)
            company = env["res.company"].browse(self.company_id)
            business = self._policies(env)["business"]
            bare = business.copy({"name": "OCA sin segmentos", "energy_segment": False})
            receivable = (
                env["account.move.line"]
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("account_id.account_type", "=", "asset_receivable"),
                    ],
                    limit=1,
                )
                .account_id
            )
            bare.account_ids = receivable
            company.credit_policy_id = bare
            run = env["credit.control.run"].create(
                {"date": TODAY, "policy_ids": [(6, 0, bare.ids)]}
            )
            env.flush_all()
            before = cr.sql_log_count
            profiler = self._start_profile(self.profile_bare)
            started = time.perf_counter()
            run.generate_credit_lines()
            env.flush_all()
            elapsed = time.perf_counter() - started
            self._stop_profile(profiler)
            queries = cr.sql_log_count - before
            lines = len(run.line_ids)
            cr.rollback()
        self.say(
            "bare OCA run: lines (s, queries)", f"{lines}  {elapsed:.1f}  {queries}"
        )
        return elapsed

    def ours(self):
        self.vacuum()
        with self.registry.cursor() as cr:
            env = self.env(cr)
            policies = self._policies(env)
            run = env["credit.control.run"].create(
                {
                    "date": TODAY,
                    "policy_ids": [(6, 0, [p.id for p in policies.values()])],
                }
            )
            env.flush_all()
            before = cr.sql_log_count
            profiler = self._start_profile(self.profile)
            started = time.perf_counter()
            run.generate_credit_lines()
            env.flush_all()
            elapsed = time.perf_counter() - started
            self._stop_profile(profiler)
            queries = cr.sql_log_count - before
            lines = run.line_ids
            self.say(
                "our run (segments, pauses): lines (s, queries)",
                f"{len(lines)}  {elapsed:.1f}  {queries}",
            )
            run.set_to_ready_lines()
            started = time.perf_counter()
            lines._energy_log("issued", lambda line: f"{line.invoice_id.name}")
            env.flush_all()
            self.say(
                "  history of the issued notices (events, s)",
                f"{len(lines)}  {time.perf_counter() - started:.1f}",
            )
            cr.rollback()
        return elapsed

    def workspace(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            Case = env["energy.dunning.case"]
            started = time.perf_counter()
            count = Case._refresh()
            first = time.perf_counter() - started
            started = time.perf_counter()
            Case._refresh()
            again = time.perf_counter() - started
            cr.rollback()
        self.say(
            "workspace refresh: contracts (s first, s again)",
            f"{count}  {first:.1f}  {again:.1f}",
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=50_000)
    parser.add_argument("--contracts", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument(
        "--profile", action="store_true", help="cProfile of our run, top 45"
    )
    parser.add_argument(
        "--profile-bare", action="store_true", help="cProfile of the bare run, top 45"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure on the world an earlier run left in --database",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("ENERGY_BENCH_DB"),
        help="database with energy_dunning installed (scripts/bench-dunning makes one)",
    )
    args = parser.parse_args()
    if not args.database:
        parser.error("--database is required (or run scripts/bench-dunning)")
    contracts = args.contracts or max(args.count // 5, 1)
    bench = Bench(odoo_env(args.database), args.count, contracts, args.batch_size)
    bench.profile = args.profile
    bench.profile_bare = args.profile_bare
    if args.reuse:
        bench.reuse()
    else:
        bench.setup()
        bench.grow()
    bare = bench.bare()
    ours = bench.ours()
    verdict = "OK" if ours < 120 and ours <= 1.5 * bare else "OVER a goal"
    bench.say(
        "our run / bare OCA run (goals: < 120 s, ratio <= 1.5)",
        f"{ours / bare:.2f}x  {verdict}",
    )
    bench.workspace()


if __name__ == "__main__":
    main()
