# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the contract request lifecycle (energy_contract).

    scripts/bench-contract [N]                    throwaway database, then dropped
    .venv/bin/python scripts/bench_contract.py [N] --database DB

DB must have energy_contract installed (without demo data is best). Creates N
supply points and N requests (default 500 000) in batches, then moves them
through the lifecycle (draft, documentation, validation, signature, submitted,
accepted, active) in batches with the real actions, a transaction per batch as
a scheduled action or a list selection would do, leaving a share behind in
each phase. Reports transitions per second and, in the same run, the ratio to
a bare ORM write of the same state values on the same records in the same
batches. Then times, at that volume, the kanban and list query of Contract
Requests with the Overdue filter, and grouped reports (requests by phase and
type, time to activation with its P90, SLA compliance per phase).

What is timed is the real path, with its checks: every move runs the exit
checks of its phase (required documents validated, a passing scoring, the
customer's signature), nothing is waived. What the teams and the customer do
before each move happens in a preparation outside the timing, batch by batch,
through the same actions as in the web client: the required documents of
each request received with a file and validated (the checklist's actions),
the scoring run where the phase requires it (the internal scoring rules, no
network), the signature recorded with a small signed file (as the Record
Signature wizard does). Its time is reported apart.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_common import cups_code, odoo_env  # noqa: E402

# (phase, share of all requests that reach it, action)
LIFECYCLE = [
    ("documentation", 1.00, "action_request_documents"),
    ("validation", 0.90, "action_to_validation"),
    ("signature", 0.80, "action_to_signature"),
    ("submitted", 0.72, "action_submit"),
    ("accepted", 0.65, "action_accept"),
    ("active", 0.60, "action_activate"),
]
DISTRIBUTOR_PREFIXES = ["0021", "0031", "0022", "0026", "0027", "0029", "0396"]
NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def batches(ids, size):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class Bench:
    def __init__(self, registry, count, batch_size, seed):
        self.registry = registry
        self.count = count
        self.batch_size = batch_size
        self.rng = random.Random(seed)
        self.uid = None
        self.figures = []

    def env(self, cr, context=None):
        from odoo import SUPERUSER_ID, api

        return api.Environment(cr, self.uid or SUPERUSER_ID, context or {})

    def say(self, label, value):
        self.figures.append((label, value))
        print(f"{label:<62} {value}", flush=True)

    # ------------------------------------------------------------------
    # The world: a back-office user, channels, customers, supply points
    # ------------------------------------------------------------------

    def setup(self):
        from odoo import Command

        with self.registry.cursor() as cr:
            env = self.env(cr)
            self.uid = (
                env["res.users"]
                .create(
                    {
                        "name": "Bench Back-office",
                        "login": "bench_backoffice",
                        # the signature is posted to the chatter in their name
                        "email": "bench_backoffice@example.com",
                        "groups_id": [
                            Command.set(
                                [
                                    env.ref("base.group_user").id,
                                    env.ref("energy_base.group_energy_backoffice").id,
                                    env.ref("energy_base.group_energy_validation").id,
                                ]
                            )
                        ],
                    }
                )
                .id
            )
            channels = env["res.partner"].create(
                [
                    {
                        "name": f"Canal de Ventas {n:02d}, S.L.",
                        "is_company": True,
                        "is_energy_channel": True,
                    }
                    for n in range(1, 6)
                ]
            )
            customers = env["res.partner"].create(
                [
                    {
                        "name": f"Cliente {n:05d}",
                        "vat": f"ES{n + 10_000_000:08d}"
                        f"{NIF_LETTERS[(n + 10_000_000) % 23]}",
                    }
                    for n in range(min(self.count, 2000))
                ]
            )
            self.channel_ids = [False, False, *channels.ids]
            self.customer_ids = customers.ids
            self.tariff_id = env.ref("energy_base.access_tariff_20td").id

    def create_points(self):
        started = time.perf_counter()
        self.point_ids = []
        size = max(self.batch_size, 2000)
        for first in range(0, self.count, size):
            with self.registry.cursor() as cr:
                env = self.env(cr)
                points = (
                    env["energy.supply.point"]
                    .sudo()
                    .create(
                        [
                            {
                                "cups": cups_code(
                                    DISTRIBUTOR_PREFIXES[n % len(DISTRIBUTOR_PREFIXES)],
                                    n + 1,
                                ),
                                "access_tariff_id": self.tariff_id,
                                "power_p1_kw": 4.6,
                                "power_p2_kw": 4.6,
                                "holder_id": self.customer_ids[
                                    n % len(self.customer_ids)
                                ],
                            }
                            for n in range(first, min(first + size, self.count))
                        ]
                    )
                )
                self.point_ids += points.ids
        elapsed = time.perf_counter() - started
        self.say("supply points created (s)", f"{elapsed:.1f}")

    def create_requests(self):
        started = time.perf_counter()
        self.request_ids = []
        for chunk in batches(self.point_ids, self.batch_size):
            with self.registry.cursor() as cr:
                env = self.env(cr)
                points = env["energy.supply.point"].browse(chunk)
                contracts = env["energy.contract"].create(
                    [
                        {
                            "partner_id": point.holder_id.id,
                            "supply_point_id": point.id,
                            "request_type": self.rng.choice(
                                ("switch", "switch", "switch_changes", "new_supply")
                            ),
                            "channel_id": self.rng.choice(self.channel_ids),
                            "power_p1_kw": 4.6,
                            "power_p2_kw": 4.6,
                        }
                        for point in points
                    ]
                )
                self.request_ids += contracts.ids
        elapsed = time.perf_counter() - started
        self.say(
            "requests created (s, requests/s)",
            f"{elapsed:.1f}  {self.count / elapsed:.0f}/s",
        )

    # ------------------------------------------------------------------
    # Lifecycle, then the same state values written by the bare ORM
    # ------------------------------------------------------------------

    def plan(self):
        """Which requests take each step (a share stays behind each time)."""
        ids = list(self.request_ids)
        steps = []
        for state, share, action in LIFECYCLE:
            ids = ids[: int(self.count * share)]
            steps.append((state, action, list(ids)))
        return steps

    def prepare(self, action, chunk):
        """What the teams and the customer do before a step, outside the timed
        move and through the real actions: in a phase whose exit requires
        documents, the required ones are received with a file and validated;
        in one that requires a scoring, it is run; a request waiting for the
        customer's signature gets it recorded."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            contracts = env["energy.contract"].browse(chunk)
            for phase, group in contracts.grouped("phase_governance_id").items():
                if phase.check_documents:
                    self.review_documents(group)
                if phase.check_scoring:
                    self.run_scoring(group)
            self.sign(contracts.filtered(lambda c: c._has_to_be_signed()))

    def review_documents(self, contracts):
        """The customer sends a scan of each required document still missing
        (or rejected), the back-office marks it received, validation
        validates it: the checklist's actions, one call per batch."""
        from odoo import Command

        pending = contracts.document_ids.filtered(
            lambda d: d.is_required and d.state in ("required", "rejected")
        )
        if pending:
            files = contracts.env["ir.attachment"].create(
                [
                    {
                        "name": f"{document.document_type_id.code}-"
                        f"{document.contract_id.name.replace('/', '-')}.pdf",
                        "raw": b"%PDF-1.4\n% documento escaneado (bench)\n",
                        "mimetype": "application/pdf",
                        "res_model": "energy.contract",
                        "res_id": document.contract_id.id,
                    }
                    for document in pending
                ]
            )
            for document, attachment in zip(pending, files, strict=True):
                document.write({"attachment_ids": [Command.link(attachment.id)]})
            pending.action_receive()
        contracts.document_ids.filtered(
            lambda d: d.is_required and d.state == "received"
        ).action_validate()

    def run_scoring(self, contracts):
        """Validation runs the scoring (the internal rules of the company:
        offline) on the requests without a passing one."""
        unscored = contracts.filtered(lambda c: c.scoring_outcome != "pass")
        if unscored:
            unscored.action_run_scoring()

    def sign(self, contracts):
        """The customer signed on paper; the back-office records each
        signature with its file, as the Record Signature wizard does."""
        from odoo import fields

        for contract in contracts:
            contract._record_signature(
                {
                    "signed_by": contract.partner_id.name,
                    "date_signed": fields.Datetime.now(),
                    "signature_method": "recorded",
                },
                document=f"%PDF-1.4\n% {contract.name} firmado\n".encode(),
                filename=f"{contract.name.replace('/', '-')}-firmado.pdf",
                reason="Firmado en papel (bench)",
            )

    def move(self, action, chunk):
        """The timed step: the action on the batch, exit checks included."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            getattr(env["energy.contract"].browse(chunk), action)()

    def bare_write(self, state, chunk):
        from odoo import models

        with self.registry.cursor() as cr:
            env = self.env(cr)
            contracts = env["energy.contract"].browse(chunk)
            with contracts._guard_released():
                models.BaseModel.write(contracts, {"state": state})

    def lifecycle(self, steps):
        total_time = 0.0
        transitions = 0
        self.step_times = {}
        preparation = 0.0
        for state, action, ids in steps:
            elapsed = 0.0
            for chunk in batches(ids, self.batch_size):
                started = time.perf_counter()
                self.prepare(action, chunk)
                moving = time.perf_counter()
                self.move(action, chunk)
                elapsed += time.perf_counter() - moving
                preparation += moving - started
            total_time += elapsed
            transitions += len(ids)
            self.step_times[state] = elapsed
            self.say(
                f"  to {state:<14} {len(ids):>8} requests (s, transitions/s)",
                f"{elapsed:.1f}  {len(ids) / elapsed:.0f}/s",
            )
        self.say(
            "lifecycle: transitions (s, transitions/s)",
            f"{transitions}  {total_time:.1f}  {transitions / total_time:.0f}/s",
        )
        self.say(
            "preparation, not timed: documents, scoring, signatures (s)",
            f"{preparation:.1f}",
        )
        return transitions, total_time

    def bare(self, steps):
        """The same state values by a bare ORM write, and the ratio per step
        (entering documentation builds the document checklists and activation
        opens the first dated versions: business records, not clockwork)."""
        total_time = 0.0
        for state, _action, ids in steps:
            started = time.perf_counter()
            for chunk in batches(ids, self.batch_size):
                self.bare_write(state, chunk)
            elapsed = time.perf_counter() - started
            total_time += elapsed
            self.say(
                f"  to {state:<14} bare write (writes/s), ratio",
                f"{len(ids) / elapsed:.0f}/s  {self.step_times[state] / elapsed:.1f}x",
            )
        return total_time

    def profile(self, steps, label, wanted):
        """cProfile of one batch of the `wanted` steps (the batch takes every
        step; the others are not profiled)."""
        for state, action, ids in steps:
            self.prepare(action, ids[: self.batch_size])
            if state not in wanted:
                self.move(action, ids[: self.batch_size])
                continue
            profiler = cProfile.Profile()
            profiler.enable()
            self.move(action, ids[: self.batch_size])
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
            stats.print_stats(
                r"energy_contract|mail_thread|models.py:\d+\((write|create|flush)"
            )
            print(f"---- profile: {label} batch to {state}")
            print("\n".join(out.getvalue().splitlines()[:60]))

    # ------------------------------------------------------------------
    # Queries at volume
    # ------------------------------------------------------------------

    def overdue_share(self):
        """A third of the open requests passed their phase deadline."""
        from odoo import fields

        with self.registry.cursor() as cr:
            env = self.env(cr)
            contracts = (
                env["energy.contract"]
                .sudo()
                .search(
                    [
                        (
                            "state",
                            "not in",
                            ("active", "terminated", "rejected", "cancelled"),
                        )
                    ]
                )
            )
            late = contracts.filtered(lambda c: c.id % 3 == 0)
            # a fixture, not a user's edit: the deadline is a guarded field
            late._write_guarded(
                {"phase_deadline": fields.Datetime.now() - timedelta(days=2)}
            )
            return len(contracts), len(late)

    def filter_domain(self, env, name):
        from lxml import etree

        from odoo.tools.safe_eval import safe_eval

        view = env.ref("energy_contract.energy_contract_view_search").sudo()
        [node] = etree.fromstring(view.arch).xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"), {"uid": env.uid})

    def timed(self, label, function, repeat=5):
        best = None
        result = None
        for __ in range(repeat):
            with self.registry.cursor() as cr:
                env = self.env(cr)
                started = time.perf_counter()
                result = function(env)
                elapsed = (time.perf_counter() - started) * 1000
            best = elapsed if best is None else min(best, elapsed)
        self.say(f"{label} (ms, best of {repeat})", f"{best:.1f}  -> {result}")

    def queries(self):
        def list_page(env):
            domain = self.filter_domain(env, "open") + self.filter_domain(
                env, "overdue"
            )
            Contract = env["energy.contract"]
            rows = Contract.search_fetch(
                domain,
                [
                    "name",
                    "request_type",
                    "partner_id",
                    "cups",
                    "channel_id",
                    "state",
                    "blocking_party",
                    "phase_deadline",
                ],
                limit=80,
            )
            rows.mapped("sla_status")
            return f"{len(rows)} rows of {Contract.search_count(domain)}"

        def kanban_columns(env):
            domain = self.filter_domain(env, "open") + self.filter_domain(
                env, "overdue"
            )
            groups = env["energy.contract"].read_group(
                domain, ["state"], ["state"], lazy=True
            )
            return f"{len(groups)} columns"

        def by_phase_and_type(env):
            groups = env["energy.contract"]._read_group(
                [], ["state", "request_type"], ["__count"]
            )
            return f"{len(groups)} groups"

        def activation(env):
            groups = env["energy.contract.activation.report"]._read_group(
                [],
                ["date_activated:month", "channel_id"],
                [
                    "__count",
                    "days_to_activation:avg",
                    "days_to_activation_p90:p90",
                ],
            )
            return f"{len(groups)} groups, {sum(g[2] for g in groups)} requests"

        def sla(env):
            groups = env["energy.contract.phase.visit"]._read_group(
                [("has_deadline", "=", True)],
                ["state"],
                ["__count", "sla_compliance:avg"],
            )
            return f"{len(groups)} phases, {sum(g[1] for g in groups)} visits"

        self.timed("list: Open + Overdue, first 80 rows and the count", list_page)
        self.timed("kanban: Open + Overdue, columns by phase", kanban_columns)
        self.timed("report: requests by phase and type", by_phase_and_type)
        self.timed(
            "report: time to activation, avg and P90, month x channel", activation
        )
        self.timed("report: SLA compliance per phase", sla)

    def grow(self, target):
        """Copy the requests (and their phase visits) by SQL until there are
        `target` of them: a fixture for timing the queries at a volume the
        lifecycle would take hours to reach, as `odoo populate` does. The
        copies keep the phases, deadlines and dates of their originals."""
        from odoo.tools import SQL

        started = time.perf_counter()
        with self.registry.cursor() as cr:
            for table, target_rows in (
                ("energy_contract", target),
                ("energy_contract_phase_visit", None),
            ):
                cr.execute(
                    SQL(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = %s AND column_name != 'id' "
                        "ORDER BY ordinal_position",
                        table,
                    )
                )
                columns = [row[0] for row in cr.fetchall()]
                cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
                rows = cr.fetchone()[0]
                goal = target_rows or rows * target // self.count
                copy = 0
                while rows < goal:
                    copy += 1
                    values = [
                        SQL("name || %s", f"-{copy}")
                        if column == "name"
                        else SQL.identifier(column)
                        for column in columns
                    ]
                    cr.execute(
                        SQL(
                            "INSERT INTO %s (%s) "
                            "SELECT %s FROM %s ORDER BY id LIMIT %s",
                            SQL.identifier(table),
                            SQL(", ").join(map(SQL.identifier, columns)),
                            SQL(", ").join(values),
                            SQL.identifier(table),
                            min(rows, goal - rows),
                        )
                    )
                    rows += cr.rowcount
                cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        self.say(
            f"grown by SQL copies to {target} requests (s)",
            f"{time.perf_counter() - started:.1f}",
        )

    def volumes(self):
        from odoo.tools import SQL

        with self.registry.cursor() as cr:
            for table in (
                "energy_contract",
                "energy_contract_event",
                "energy_contract_phase_visit",
                "energy_contract_phase_time",
                "mail_message",
            ):
                cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
                self.say(f"rows in {table}", cr.fetchone()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=500_000)
    parser.add_argument(
        "--database",
        default=os.environ.get("ENERGY_BENCH_DB"),
        help="database with energy_contract installed (scripts/bench-contract "
        "makes one)",
    )
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--query-volume",
        type=int,
        default=0,
        help="before timing the queries, copy the requests by SQL up to this "
        "many (e.g. 500000 after a lifecycle of 20000)",
    )
    parser.add_argument(
        "--profile",
        nargs="?",
        const="validation,active",
        help="profile one batch of these steps (comma-separated phases; "
        "validation and active by default)",
    )
    options = parser.parse_args()
    if not options.database:
        sys.exit(
            "No database: run scripts/bench-contract [N], or pass --database DB "
            "(with energy_contract installed)."
        )
    registry = odoo_env(options.database)
    bench = Bench(registry, options.count, options.batch_size, options.seed)
    print(
        f"energy_contract benchmark: {options.count} requests, batches of "
        f"{options.batch_size}",
        flush=True,
    )
    bench.setup()
    bench.create_points()
    bench.create_requests()
    steps = bench.plan()
    if options.profile:
        # the profiled batch is left out of the measured lifecycle
        bench.profile(steps, "machinery", set(options.profile.split(",")))
        profiled = set(steps[0][2][: options.batch_size])
        steps = [
            (state, action, [i for i in ids if i not in profiled])
            for state, action, ids in steps
        ]
    transitions, machinery = bench.lifecycle(steps)
    bare = bench.bare(steps)
    bench.say(
        "bare ORM write of the same states (s, writes/s)",
        f"{bare:.1f}  {transitions / bare:.0f}/s",
    )
    bench.say("ratio machinery / bare write", f"{machinery / bare:.1f}x")
    open_count, late = bench.overdue_share()
    bench.say("open requests, of which overdue", f"{open_count}, {late}")
    bench.queries()
    if options.query_volume > options.count:
        bench.grow(options.query_volume)
        bench.queries()
    bench.volumes()


if __name__ == "__main__":
    main()
