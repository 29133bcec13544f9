# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the claims (energy_claim).

    scripts/bench-claim [N]                    throwaway database, then dropped
    .venv/bin/python scripts/bench_claim.py [N] --database DB

DB must have energy_claim installed (without demo data is best). Creates
--seed-claims claims through the ORM (received over the last 40 days, across
subtypes, taken in hand, waiting for the customer, resolved with their
answer), then grows them by SQL copies to N (default 200 000, as `odoo
populate` does: a fixture for timing reads at a volume the actions would take
hours to reach). One claim in four keeps its dates; the others are moved
back by one, two or three quarters, so the last quarter holds about a
quarter of the claims (50 000 of 200 000). Copies keep their status, stage,
deadline and subtype; their holding periods and supply points are not copied.

Then times, as a customer-service user, best of 5:

- the claims list with the *Overdue* filter grouped by stage (the groups
  and their counts, as the web client asks for them): goal < 300 ms; and
  ungrouped (a page of 80 rows with the count capped at 10 000 as the web
  client does);
- the CNMC claims report (XLSX with the indicators) of the last quarter:
  goal < 30 s.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_common import cups_code, odoo_env  # noqa: E402

SUBTYPES = ["009", "008", "103", "110", "113", "107", "102", "003", "028", "001"]
LIST_SPEC = {
    "number": {},
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "stage_id": {"fields": {"display_name": {}}},
    "claim_subtype_id": {"fields": {"display_name": {}}},
    "state": {},
    "held_by": {},
    "date_deadline": {},
    "sales_channel_id": {"fields": {"display_name": {}}},
}


class Bench:
    def __init__(self, registry, count, seed_claims):
        self.registry = registry
        self.count = count
        self.seed_claims = seed_claims
        self.uid = None

    def env(self, cr):
        from odoo import SUPERUSER_ID, api

        return api.Environment(cr, self.uid or SUPERUSER_ID, {})

    @staticmethod
    def say(label, value):
        print(f"{label:<62} {value}", flush=True)

    def setup(self):
        """A customer-service user, customers and their supply points, and
        the seed claims moved through the real actions."""
        from odoo import Command, fields

        started = time.perf_counter()
        with self.registry.cursor() as cr:
            env = self.env(cr)
            self.uid = (
                env["res.users"]
                .create(
                    {
                        "name": "Bench Atención al Cliente",
                        "login": "bench_service",
                        "email": "bench_service@example.com",
                        "groups_id": [
                            Command.set(
                                [
                                    env.ref("base.group_user").id,
                                    env.ref(
                                        "energy_base.group_energy_customer_service"
                                    ).id,
                                ]
                            )
                        ],
                    }
                )
                .id
            )
            customers = env["res.partner"].create(
                [{"name": f"Cliente {n:04d}"} for n in range(200)]
            )
            tariff = env.ref("energy_base.access_tariff_20td")
            points = env["energy.supply.point"].create(
                [
                    {
                        "cups": cups_code("0021", 770_000_000 + n),
                        "access_tariff_id": tariff.id,
                        "power_p1_kw": 4.6,
                        "power_p2_kw": 4.6,
                        "holder_id": customer.id,
                    }
                    for n, customer in enumerate(customers)
                ]
            )
            subtypes = {
                s.code: s
                for s in env["energy.claim.subtype"].search([("code", "in", SUBTYPES)])
            }
            now = fields.Datetime.now()
            claims = (
                self.env(cr)["helpdesk.ticket"]
                .with_context(mail_notrack=True)
                .create(
                    [
                        {
                            "name": f"Reclamación {n}",
                            "description": "<p>Reclamación de prueba.</p>",
                            "partner_id": customers[n % 200].id,
                            "supply_point_ids": [Command.set(points[n % 200].ids)],
                            "claim_subtype_id": subtypes[SUBTYPES[n % 10]].id,
                            "date_received": now
                            - datetime.timedelta(days=n % 40, hours=n % 9),
                            "disputed_invoice_ref": f"FE26-{n:06d}",
                        }
                        for n in range(self.seed_claims)
                    ]
                )
            )
            self._move(env, claims)
        self.say(
            f"{self.seed_claims} claims created and moved (s)",
            f"{time.perf_counter() - started:.1f}",
        )

    @staticmethod
    def _move(env, claims):
        started = claims.filtered(lambda c: c.id % 5)
        started.action_claim_start()
        started.filtered(lambda c: c.id % 5 == 1).action_claim_wait_customer()
        resolved = started.filtered(lambda c: c.id % 5 == 2)[:50]
        resolved.write(
            {
                "result_id": env["energy.claim.result"]
                .search([("code", "=", "01")])
                .id,
                "root_cause": "billing",
                "resolved_because": "Se emite factura rectificativa.",
                "recurrence_text": "La lectura se valida antes de facturar.",
                "answer_text": "<p>Le damos la razón.</p>",
            }
        )
        # no partner e-mail: no answer letter PDF nor survey in the loop
        resolved.action_claim_resolve()

    def grow(self):
        from odoo.tools import SQL

        started = time.perf_counter()
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = 'helpdesk_ticket' AND column_name != 'id' "
                    "ORDER BY ordinal_position"
                )
            )
            columns = [row[0] for row in cr.fetchall()]
            cr.execute(SQL("SELECT count(*) FROM helpdesk_ticket"))
            rows = cr.fetchone()[0]
            copy = 0
            while rows < self.count:
                copy += 1
                values = [
                    SQL("%s || %s", SQL.identifier(column), f"-{copy}")
                    if column in ("number", "tracking_code")
                    else SQL.identifier(column)
                    for column in columns
                ]
                cr.execute(
                    SQL(
                        "INSERT INTO helpdesk_ticket (%s) "
                        "SELECT %s FROM helpdesk_ticket ORDER BY id LIMIT %s",
                        SQL(", ").join(map(SQL.identifier, columns)),
                        SQL(", ").join(values),
                        min(rows, self.count - rows),
                    )
                )
                rows += cr.rowcount
            # three claims in four move back by one, two or three quarters
            cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET "
                    "date_received = date_received - interval '91 days' * mod(id, 4), "
                    "date_answered = date_answered - interval '91 days' * mod(id, 4), "
                    "date_deadline = date_deadline - 91 * mod(id, 4) "
                    "WHERE mod(id, 4) > 0"
                )
            )
            cr.execute(SQL("ANALYZE helpdesk_ticket"))
        self.say(
            f"grown by SQL copies to {self.count} claims (s)",
            f"{time.perf_counter() - started:.1f}",
        )

    def timed(self, label, function, goal_ms, repeat=5):
        best, result = None, None
        for __ in range(repeat):
            with self.registry.cursor() as cr:
                env = self.env(cr)
                started = time.perf_counter()
                result = function(env)
                elapsed = (time.perf_counter() - started) * 1000
            best = elapsed if best is None else min(best, elapsed)
        verdict = "OK" if best < goal_ms else f"OVER the goal of {goal_ms} ms"
        self.say(f"{label} (ms, best of {repeat})", f"{best:.0f} {verdict} -> {result}")

    def queries(self):
        overdue = [("is_overdue", "=", True)]

        def overdue_by_stage(env):
            """What the web client asks for the grouped list: the groups
            (folded) with their counts."""
            groups = env["helpdesk.ticket"].web_read_group(
                overdue, ["stage_id"], ["stage_id"]
            )
            return (
                f"{len(groups['groups'])} stages, "
                f"{sum(g['stage_id_count'] for g in groups['groups'])} overdue"
            )

        def overdue_first_page(env):
            """The ungrouped list: a page of 80 rows and the count, capped as
            the web client caps it (10 000)."""
            page = env["helpdesk.ticket"].web_search_read(
                overdue, LIST_SPEC, limit=80, count_limit=10_001
            )
            return f"{len(page['records'])} rows of {page['length']}"

        def cnmc_report(env):
            today = datetime.date.today()
            report = env["energy.claim.cnmc.report"].create(
                {
                    "date_from": today - datetime.timedelta(days=90),
                    "date_to": today,
                    "file_format": "xlsx",
                }
            )
            rows = report._report_rows()
            content = report._render_xlsx(rows, report._kpi_rows(rows))
            return f"{len(rows)} claims, {len(content) // 1024} KiB"

        self.timed("list: Overdue, grouped by stage", overdue_by_stage, 300)
        self.timed("list: Overdue, first page of 80 rows", overdue_first_page, 300)
        self.timed("CNMC claims report, last quarter (XLSX)", cnmc_report, 30_000, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=200_000)
    parser.add_argument(
        "--database",
        default=os.environ.get("ENERGY_BENCH_DB"),
        help="database with energy_claim installed (scripts/bench-claim makes one)",
    )
    parser.add_argument("--seed-claims", type=int, default=500)
    args = parser.parse_args()
    if not args.database:
        parser.error("--database is required (or run scripts/bench-claim)")
    bench = Bench(odoo_env(args.database), args.count, args.seed_claims)
    bench.setup()
    bench.grow()
    bench.queries()


if __name__ == "__main__":
    main()
