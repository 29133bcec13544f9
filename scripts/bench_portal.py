# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the customer portal (energy_customer_portal) under load.

    scripts/bench-portal [options]            throwaway database, then dropped
    .venv/bin/python scripts/bench_portal.py [options] --database DB

DB must have energy_customer_portal installed (without demo data is best).
Builds the world, then serves Odoo over HTTP and measures the customer pages:

- --supply-points supply points (default 500 000) generated with set-based
  SQL: valid CUPS (check letters computed in SQL) of the distributors known
  to the database, spread over the access tariffs as in the Spanish market
  (mostly 2.0TD homes), none of them ours: the haystack the portal's
  searches must not scan;
- --customers portal customers (default 40), each with 1 to 3 supply
  points, an active contract per point, --months months (default 24) of
  readings and posted invoices;
- an Odoo server (--workers, default 2: prefork, as in production) and
  --clients threads (default 20), each logged in as its own customer, that
  request the pages of PAGES in turn until --requests requests (default
  2 000) have been made. A page answering 404 (not built yet) is skipped
  with a warning.

It reports per page the p50, p95 and max of the SERVER time, read from the
line Odoo's werkzeug logger writes for every request (SQL time + other
time: what the server spent, queueing excluded), next to the client-side
p95 (with the queueing of 20 clients on --workers workers), and the overall
server p95 against the 200 ms goal. --quick: 20 000 supply points, 10
customers, 6 months, 5 clients, 200 requests.
"""

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_billing import Bench as BillingBench  # noqa: E402
from bench_common import cups_code, odoo_args, odoo_env  # noqa: E402

GOAL_MS = 200
PASSWORD = "bench-portal"
# The customer pages, as (label, path). `{contract}` and `{point}` are one of
# the customer's contracts and supply points. Extend freely: a page that
# answers 404 is reported and skipped.
PAGES = [
    ("/my", "/my"),
    ("/my/counters (JSON)", "/my/counters"),
    ("/my/contracts", "/my/contracts"),
    ("/my/contracts/<id>", "/my/contracts/{contract}"),
    ("/my/invoices", "/my/invoices"),
    ("/my/payment-plans", "/my/payment-plans"),
    ("/my/tickets", "/my/tickets"),
    ("/my/surveys", "/my/surveys"),
    ("/my/account", "/my/account"),
    ("/my/supplies", "/my/supplies"),
    ("/my/supplies/<id>", "/my/supplies/{point}"),
    ("/my/bank", "/my/bank"),
]
# the counters /my asks for by JSON-RPC once the page is loaded
COUNTERS = [
    "energy_contract_count",
    "energy_contract_to_sign_count",
    "invoice_count",
    "energy_plan_count",
    "ticket_count",
    "energy_survey_count",
    "energy_supply_count",
]
# share of the market's supply points per access tariff (CNMC, 2024: homes
# and small businesses on 2.0TD, then 3.0TD, a few high-voltage supplies)
TARIFF_SHARES = [("018", 86), ("019", 11), ("020", 2), ("021", 1)]
CUPS_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
# werkzeug's request line as Odoo logs it: path, status, queries, SQL time,
# other time
LOG_LINE = re.compile(
    r'"(?:GET|POST) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) - '
    r"(?P<queries>\d+) (?P<sql>[\d.]+) (?P<other>[\d.]+)"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


class Bench:
    def __init__(self, registry, args):
        self.registry = registry
        self.args = args
        self.company_id = None
        self.customers = []  # [(login, [contract ids], [point ids])]

    env = BillingBench.env
    spanish_company = BillingBench.spanish_company
    say = BillingBench.say

    # ------------------------------------------------------------------
    # The haystack: supply points of the market, by SQL
    # ------------------------------------------------------------------

    def haystack(self):
        from odoo.tools import SQL

        started = time.perf_counter()
        count = self.args.supply_points
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT prefix, distributor_id FROM energy_distributor_prefix "
                    "WHERE length(prefix) = 4 ORDER BY prefix"
                )
            )
            prefixes = cr.fetchall()
            if not prefixes:
                raise SystemExit("No distributor prefix in the database.")
            cr.execute(SQL("SELECT code, id FROM energy_access_tariff"))
            tariffs = dict(cr.fetchall())
            shares = [(tariffs[code], share) for code, share in TARIFF_SHARES]
            bounds, total = [], 0
            for tariff_id, share in shares:
                total += share
                bounds.append((total, tariff_id))
            tariff_case = SQL(
                "CASE %s END",
                SQL(" ").join(
                    SQL("WHEN mod(g, 100) < %s THEN %s", bound, tariff_id)
                    for bound, tariff_id in bounds
                ),
            )
            cr.execute(
                SQL(
                    """
                    WITH d AS (
                        SELECT row_number() OVER (ORDER BY prefix) - 1 AS k,
                               prefix, distributor_id
                          FROM (VALUES %s) AS v(prefix, distributor_id)
                    ), n AS (
                        SELECT g, d.prefix, d.distributor_id,
                               d.prefix || lpad((700000000000 + g)::text, 12, '0')
                                   AS body
                          FROM generate_series(1, %s) AS g
                          JOIN d ON d.k = mod(g, %s)
                    )
                    INSERT INTO energy_supply_point (
                        cups, cups_full, company_id, distributor_id,
                        access_tariff_id, country_id, status,
                        self_consumption_type, active, power_p1_kw,
                        power_p2_kw, zip, create_uid, write_uid, create_date,
                        write_date)
                    SELECT c.cups, c.cups, %s, n.distributor_id, %s,
                           (SELECT id FROM res_country WHERE code = 'ES'),
                           'prospect', 'none', true,
                           3.3 + mod(g, 4) * 1.1, 3.3 + mod(g, 4) * 1.1,
                           lpad((mod(g, 52) + 1)::text, 2, '0') || '001',
                           1, 1, now() at time zone 'utc',
                           now() at time zone 'utc'
                        FROM n,
                           LATERAL (
                               SELECT mod(n.body::numeric, 529)::int AS r
                           ) AS m,
                           LATERAL (
                               SELECT 'ES' || n.body
                                   || substr(%s, m.r / 23 + 1, 1)
                                   || substr(%s, mod(m.r, 23) + 1, 1) AS cups
                           ) AS c
                    """,
                    SQL(", ").join(SQL("(%s, %s)", p, d) for p, d in prefixes),
                    count,
                    len(prefixes),
                    self.company_id,
                    tariff_case,
                    CUPS_LETTERS,
                    CUPS_LETTERS,
                )
            )
            cr.execute(SQL("ANALYZE energy_supply_point"))
        self.say(
            f"{count} supply points by SQL (s)",
            f"{time.perf_counter() - started:.1f}",
        )

    def check_haystack_cups(self, sample=5):
        """The SQL check letters agree with python-stdnum."""
        from stdnum.es import cups

        from odoo.tools import SQL

        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT cups FROM energy_supply_point WHERE status = 'prospect' "
                    "ORDER BY random() LIMIT %s",
                    sample,
                )
            )
            for (code,) in cr.fetchall():
                if not cups.is_valid(code):
                    raise SystemExit(f"Invalid CUPS generated: {code}")

    # ------------------------------------------------------------------
    # The customers
    # ------------------------------------------------------------------

    def setup(self):
        from odoo.tools import SQL

        started = time.perf_counter()
        with self.registry.cursor() as cr:
            env = self.env(cr)
            company = self.spanish_company(env)
            self.tariff_id = env.ref("energy_base.access_tariff_20td").id
            self.state_id = env.ref("base.state_es_m").id
            self.product_id = (
                env["product.product"]
                .create({"name": "Electricidad", "type": "service"})
                .id
            )
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
            # one password hash for every customer (hashing is slow on purpose)
            first = self._users(env, [0], password=PASSWORD)
            cr.execute(SQL("SELECT password FROM res_users WHERE id = %s", first.id))
            self.password_hash = cr.fetchone()[0]
        self.say(
            "company and chart of accounts (s)", f"{time.perf_counter() - started:.1f}"
        )
        started = time.perf_counter()
        batch = 10
        for start in range(0, self.args.customers, batch):
            size = min(batch, self.args.customers - start)
            with self.registry.cursor() as cr:
                self._customers(self.env(cr), start, size)
        self.say(
            f"{self.args.customers} customers, {self.args.months} months of "
            "readings and invoices (s)",
            f"{time.perf_counter() - started:.1f}",
        )

    def _users(self, env, numbers, password=None):
        from odoo import Command

        portal = env.ref("base.group_portal")
        return (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"Cliente Portal {n:05d}",
                        "login": self.login_of(n),
                        "email": self.login_of(n),
                        "company_id": self.company_id,
                        "company_ids": [Command.set([self.company_id])],
                        "groups_id": [Command.set([portal.id])],
                        **({"password": password} if password else {}),
                    }
                    for n in numbers
                ]
            )
        )

    @staticmethod
    def login_of(n):
        return f"bench{n:05d}@example.es"

    def _customers(self, env, start, size):
        from odoo import Command, models
        from odoo.tools import SQL

        env = env(context=dict(env.context, allowed_company_ids=[self.company_id]))
        numbers = list(range(start, start + size))
        users = env["res.users"].search(
            [("login", "in", [self.login_of(n) for n in numbers])]
        )
        users |= self._users(
            env, [n for n in numbers if self.login_of(n) not in users.mapped("login")]
        )
        env.cr.execute(
            SQL(
                "UPDATE res_users SET password = %s WHERE id IN %s",
                self.password_hash,
                tuple(users.ids),
            )
        )
        number_of = {self.login_of(n): n for n in numbers}
        rng = random.Random(start)
        point_values = []
        for user in users:
            n = number_of[user.login]
            for k in range(1 + n % 3):
                point_values.append(
                    {
                        "cups": cups_code("0021", 880_000_000 + n * 3 + k),
                        "access_tariff_id": self.tariff_id,
                        "state_id": self.state_id,
                        "street": f"Calle Mayor, {n % 90 + 1}",
                        "zip": "28013",
                        "city": "Madrid",
                        "power_p1_kw": 4.6,
                        "power_p2_kw": 4.6,
                        "holder_id": user.partner_id.id,
                        "company_id": self.company_id,
                        "status": "customer",
                    }
                )
        points = env["energy.supply.point"].create(point_values)
        contracts = env["energy.contract"].create(
            [
                {
                    "partner_id": point.holder_id.id,
                    "supply_point_id": point.id,
                    "request_type": "switch",
                    "customer_type": "individual",
                    "company_id": self.company_id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                }
                for point in points
            ]
        )
        today = date.today().replace(day=1)
        months = self.args.months
        # a fixture: contracts in force without the switching steps
        with contracts._guard_released():
            models.BaseModel.write(
                contracts,
                {
                    "state": "active",
                    "date_activated": today - timedelta(days=31 * months + 5),
                },
            )
        periods = []
        end = today - timedelta(days=1)
        for _month in range(months):
            begin = end.replace(day=1)
            periods.append((begin, end))
            end = begin - timedelta(days=1)
        env["energy.billing.reading"].create(
            [
                {
                    "supply_point_id": contract.supply_point_id.id,
                    "date_start": begin,
                    "date_end": end,
                    "source": "csv",
                    "company_id": self.company_id,
                    "kwh_p1": rng.randint(40, 90),
                    "kwh_p2": rng.randint(50, 100),
                    "kwh_p3": rng.randint(90, 170),
                }
                for contract in contracts
                for begin, end in periods
            ]
        )
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": contract.partner_id.id,
                    "energy_contract_id": contract.id,
                    "company_id": self.company_id,
                    "invoice_date": end + timedelta(days=3),
                    "invoice_date_due": end + timedelta(days=23),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_id,
                                "name": f"Electricidad {begin:%m/%Y}",
                                "quantity": 1,
                                "price_unit": rng.randint(35, 110),
                                "tax_ids": [Command.set([self.tax_id])],
                            }
                        )
                    ],
                }
                for contract in contracts
                for begin, end in periods
            ]
        )
        moves.action_post()
        for user in users:
            own = contracts.filtered(lambda c, u=user: c.partner_id == u.partner_id)
            self.customers.append((user.login, own.ids, own.supply_point_id.ids))

    # ------------------------------------------------------------------
    # The load
    # ------------------------------------------------------------------

    def serve(self, log_path):
        port = free_port()
        command = [
            str(Path(sys.executable).parent / "odoo"),
            *odoo_args(),
            "-d",
            self.args.database,
            f"--db-filter=^{self.args.database}$",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            f"--workers={self.args.workers}",
            "--max-cron-threads=0",
            "--limit-time-real=600",
            "--limit-memory-soft=4294967296",
            "--limit-memory-hard=6442450944",
            "--log-level=warn",
            "--log-handler=werkzeug:INFO",
            f"--logfile={log_path}",
        ]
        # the server's own output (tracebacks of a prefork helper process
        # that cannot start...) goes beside its log, not between the figures
        self.server_output = log_path.with_suffix(".out")
        with open(self.server_output, "wb") as output:
            server = subprocess.Popen(  # noqa: S603
                command, stdout=output, stderr=subprocess.STDOUT
            )
        url = f"http://127.0.0.1:{port}"
        import requests

        for _attempt in range(240):
            try:
                if requests.get(f"{url}/web/login", timeout=30).status_code == 200:
                    return server, url
            except requests.RequestException:
                pass
            if server.poll() is not None:
                raise SystemExit("The Odoo server stopped; see its log.")
            time.sleep(0.5)
        server.terminate()
        raise SystemExit("The Odoo server did not answer in 2 minutes.")

    @staticmethod
    def login(url, login):
        import requests

        session = requests.Session()
        page = session.get(f"{url}/web/login", timeout=60).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = session.post(
            f"{url}/web/login",
            data={
                "login": login,
                "password": PASSWORD,
                "csrf_token": token,
                "redirect": "/my",
            },
            timeout=60,
        )
        if "/web/login" in response.url:
            raise SystemExit(f"Login of {login} failed.")
        return session

    @staticmethod
    def fetch(session, url, path):
        if path == "/my/counters":
            return session.post(
                f"{url}{path}",
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"counters": COUNTERS},
                },
                timeout=120,
            )
        return session.get(f"{url}{path}", timeout=120, allow_redirects=False)

    def pages_for(self, customer):
        _login, contracts, points = customer
        return [
            (label, path.format(contract=contracts[0], point=points[0]))
            for label, path in PAGES
        ]

    def available_pages(self, url):
        """The pages of PAGES the server answers (not 404) for a customer."""
        session = self.login(url, self.customers[0][0])
        available = []
        for label, path in self.pages_for(self.customers[0]):
            response = self.fetch(session, url, path)
            if response.status_code == 404:
                print(f"WARNING: {label} answers 404: skipped", flush=True)
                continue
            if response.status_code != 200:
                print(
                    f"WARNING: {label} answers {response.status_code}: measured anyway",
                    flush=True,
                )
            available.append(label)
        return available

    def load(self, url, labels):
        clients = self.args.clients
        per_client = max(1, self.args.requests // clients)
        sessions = [
            (self.login(url, customer[0]), customer)
            for customer in (
                self.customers[n % len(self.customers)] for n in range(clients)
            )
        ]
        label_by_path = {}
        for _session, customer in sessions:
            for label, path in self.pages_for(customer):
                if label in labels:
                    label_by_path[path] = label
        client_ms = {label: [] for label in labels}
        errors = []
        lock = threading.Lock()

        def work(index, session, customer):
            rng = random.Random(index)
            pages = [p for p in self.pages_for(customer) if p[0] in labels]
            for n in range(per_client):
                label, path = pages[(n + rng.randrange(len(pages))) % len(pages)]
                started = time.perf_counter()
                response = self.fetch(session, url, path)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    client_ms[label].append(elapsed)
                    if response.status_code >= 400:
                        errors.append((label, response.status_code))

        threads = [
            threading.Thread(target=work, args=(index, session, customer))
            for index, (session, customer) in enumerate(sessions)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        return client_ms, label_by_path, errors, wall, per_client * clients

    @staticmethod
    def server_times(log_path, offset, label_by_path):
        times = {}
        with open(log_path, encoding="utf-8", errors="replace") as log:
            log.seek(offset)
            for line in log:
                match = LOG_LINE.search(line)
                if not match:
                    continue
                label = label_by_path.get(match["path"])
                if not label:
                    continue
                ms = (float(match["sql"]) + float(match["other"])) * 1000
                times.setdefault(label, []).append((ms, int(match["queries"])))
        return times

    def measure(self):
        log_path = ROOT / ".run" / f"bench-portal-{os.getpid()}.log"
        server, url = self.serve(log_path)
        try:
            labels = self.available_pages(url)
            # warm every worker's caches before measuring
            for _round in range(self.args.workers + 1):
                session = self.login(url, self.customers[0][0])
                for label, path in self.pages_for(self.customers[0]):
                    if label in labels:
                        self.fetch(session, url, path)
            offset = log_path.stat().st_size
            client_ms, label_by_path, errors, wall, total = self.load(url, labels)
            time.sleep(1)  # the last log lines
            server_ms = self.server_times(log_path, offset, label_by_path)
        finally:
            server.terminate()
            server.wait(timeout=60)
        self.report(labels, client_ms, server_ms, errors, wall, total)
        if not self.args.keep_log:
            log_path.unlink(missing_ok=True)
            self.server_output.unlink(missing_ok=True)
        else:
            print(f"server log kept: {log_path}")

    def report(self, labels, client_ms, server_ms, errors, wall, total):
        print()
        print(
            f"{self.args.clients} clients, {total} requests in {wall:.1f} s "
            f"({total / wall:.1f} req/s), {self.args.workers} workers"
        )
        header = (
            f"{'page':<24}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
            f"{'queries':>9}{'client p95':>12}"
        )
        print(
            "server time (Odoo's werkzeug log: SQL + other), client p95 with queueing"
        )
        print(header)
        print("-" * len(header))
        everything = []
        for label in labels:
            rows = server_ms.get(label, [])
            ms = [row[0] for row in rows]
            everything += ms
            queries = max((row[1] for row in rows), default=0)
            print(
                f"{label:<24}{len(ms):>6}{percentile(ms, 0.5):>9.0f}"
                f"{percentile(ms, 0.95):>9.0f}{max(ms, default=float('nan')):>9.0f}"
                f"{queries:>9}{percentile(client_ms[label], 0.95):>12.0f}"
            )
        overall = percentile(everything, 0.95)
        verdict = "OK" if overall < GOAL_MS else "OVER the goal"
        print("-" * len(header))
        print(
            f"overall server p95: {overall:.0f} ms (goal < {GOAL_MS} ms): {verdict}; "
            f"median {statistics.median(everything) if everything else 0:.0f} ms"
        )
        if errors:
            print(f"WARNING: {len(errors)} answers >= 400: {sorted(set(errors))[:10]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--supply-points", type=int, default=500_000)
    parser.add_argument("--customers", type=int, default=40)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="20 000 supply points, 10 customers, 6 months, 5 clients, 200 requests",
    )
    parser.add_argument("--keep-log", action="store_true")
    parser.add_argument(
        "--database",
        default=os.environ.get("ENERGY_BENCH_DB"),
        help="database with energy_customer_portal installed "
        "(scripts/bench-portal makes one)",
    )
    args = parser.parse_args()
    if not args.database:
        parser.error("--database is required (or run scripts/bench-portal)")
    if args.quick:
        args.supply_points = min(args.supply_points, 20_000)
        args.customers = min(args.customers, 10)
        args.months = min(args.months, 6)
        args.clients = min(args.clients, 5)
        args.requests = min(args.requests, 200)
    bench = Bench(odoo_env(args.database), args)
    bench.setup()
    bench.haystack()
    bench.check_haystack_cups()
    bench.measure()


if __name__ == "__main__":
    main()
