# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the import of distributor answers (energy_atr).

    scripts/bench-atr [N]                    throwaway database, then dropped
    .venv/bin/python scripts/bench_atr.py [N] --database DB

DB must have energy_atr installed (without demo data is best). Creates the
requests a distributor answers (submitted with `action_submit`, which sends
step 01 of each and opens its C1 or C2 case),
builds about N answers with gestionatr's own builders (six in ten requests accepted
then activated, two rejected, two with an incidence), then in the same run:

- gestionatr's bare parse and XSD validation of every file (`Message`, the
  process class, `parse_xml`): the reference rate;
- our import of the same files end to end (ZIPs of --zip-size files, a
  transaction each, as the folder cron does): parse, validate, match, apply to
  the cases and requests, history and evidence;

and reports messages per second for both and their ratio (goal: ours at least
half the bare rate). Then imports one ZIP again (everything is a duplicate,
nothing is applied twice) and checks the outcome of every request.
"""

import argparse
import io
import os
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_common import cups_code, odoo_env  # noqa: E402

OUR_CODE = "1234"
DISTRIBUTOR_CODE = "0021"
NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
# Of every ten requests: accepted then activated (two answers each), rejected,
# incidence (C2: C1 has no incidence step).
OUTCOMES = ["activated"] * 6 + ["rejected"] * 2 + ["incident"] * 2
ANSWERS_PER_TEN = 6 * 2 + 2 + 2


def batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def zip_bytes(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in files:
            archive.writestr(name, raw)
    return buffer.getvalue()


class Bench:
    def __init__(self, registry, count, zip_size, batch_size):
        self.registry = registry
        self.count = count
        self.zip_size = zip_size
        self.batch_size = batch_size
        self.uid = None

    def env(self, cr, context=None):
        from odoo import SUPERUSER_ID, api

        return api.Environment(cr, self.uid or SUPERUSER_ID, context or {})

    def say(self, label, value):
        print(f"{label:<58} {value}", flush=True)

    # ------------------------------------------------------------------
    # The requests the distributor answers
    # ------------------------------------------------------------------

    def setup(self):
        requests = -(-self.count * 10 // ANSWERS_PER_TEN)
        started = time.perf_counter()
        self.setup_world(requests)
        self.contract_ids = []
        for chunk in batches(list(range(requests)), self.batch_size):
            self.contract_ids += self.submit_requests(chunk)
        self.say(
            "requests submitted, each with its step 01 and open case (s)",
            f"{requests}  {time.perf_counter() - started:.1f}",
        )

    def setup_world(self, requests):
        """REE codes, a back-office user who also validates (the requests go
        through validation to signature) and the customers."""
        from odoo import Command

        with self.registry.cursor() as cr:
            env = self.env(cr)
            env.company.write({"energy_ree_code": OUR_CODE, "vat": "ESB87654323"})
            distributor = env.ref("energy_base.distributor_0021")
            distributor.energy_ree_code = DISTRIBUTOR_CODE
            groups = ["base.group_user", "energy_base.group_energy_backoffice"]
            groups.append("energy_base.group_energy_validation")
            self.uid = (
                env["res.users"]
                .create(
                    {
                        "name": "Bench Back-office",
                        "login": "bench_atr_backoffice",
                        "groups_id": [Command.set([env.ref(g).id for g in groups])],
                    }
                )
                .id
            )
            customers = env["res.partner"].create(
                [
                    {
                        "name": f"Cliente {n:05d}",
                        "vat": f"ES{n + 10_000_000:08d}"
                        f"{NIF_LETTERS[(n + 10_000_000) % 23]}",
                    }
                    for n in range(min(requests, 2000))
                ]
            )
            self.customer_ids = customers.ids
            self.tariff_id = env.ref("energy_base.access_tariff_20td").id

    def submit_requests(self, chunk):
        """Requests of `chunk` (numbers) moved to signature and submitted, in
        one transaction: `action_submit` builds, validates and queues each
        step 01 and opens its case. The documents, scoring and signature the
        phases would check are not what is measured: their exit checks are
        waived (server code, as a demo replaying a story)."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            points = (
                env["energy.supply.point"]
                .sudo()
                .create(
                    [
                        {
                            "cups": cups_code(DISTRIBUTOR_CODE, n + 1),
                            "access_tariff_id": self.tariff_id,
                            "power_p1_kw": 4.6,
                            "power_p2_kw": 4.6,
                            "holder_id": self.customer_ids[n % len(self.customer_ids)],
                        }
                        for n in chunk
                    ]
                )
            )
            contracts = env["energy.contract"].create(
                [
                    {
                        "partner_id": point.holder_id.id,
                        "supply_point_id": point.id,
                        "request_type": "switch_changes"
                        if OUTCOMES[n % 10] == "incident"
                        else "switch",
                        "power_p1_kw": 4.6,
                        "power_p2_kw": 4.6,
                    }
                    for n, point in zip(chunk, points, strict=True)
                ]
            )
            with contracts._exit_checks_waived():
                contracts.action_request_documents()
                contracts.action_to_validation()
                contracts.action_to_signature()
                contracts.action_submit()
            return contracts.ids

    # ------------------------------------------------------------------
    # The distributor's answers, built with gestionatr
    # ------------------------------------------------------------------

    def build_answers(self):
        from odoo.addons.energy_atr.tools.atr_answers import AtrAnswerFactory

        factory = AtrAnswerFactory(sender=DISTRIBUTOR_CODE, receiver=OUR_CODE)
        with self.registry.cursor() as cr:
            env = self.env(cr)
            cases = (
                env["energy.atr.case"]
                .search([("contract_id", "in", self.contract_ids)])
                .sorted(lambda case: case.contract_id.id)
            )
            rows = [(case.process, case.name, case.cups + "0F") for case in cases]
        started = time.perf_counter()
        first, second = [], []
        for n, (process, code, cups) in enumerate(rows):
            outcome = OUTCOMES[n % 10]
            if outcome == "activated":
                first.append(
                    (f"{code}_02.xml", factory.acceptance(process, code, cups))
                )
                second.append(
                    (
                        f"{code}_05.xml",
                        factory.activation(
                            process, code, cups, contract_code=f"{n + 1:012d}"
                        ),
                    )
                )
            elif outcome == "rejected":
                first.append(
                    (
                        f"{code}_02.xml",
                        factory.rejection(process, code, cups, codes=("03", "36")),
                    )
                )
            else:
                first.append((f"{code}_03.xml", factory.incidence(process, code, cups)))
        answers = first + second
        elapsed = time.perf_counter() - started
        self.say(
            "answers built and validated with gestionatr (s, /s)",
            f"{len(answers)}  {elapsed:.1f}  {len(answers) / elapsed:.0f}/s",
        )
        return first, second

    # ------------------------------------------------------------------
    # Bare gestionatr parse, then our import of the same files
    # ------------------------------------------------------------------

    def bare(self, files):
        from odoo.addons.energy_atr.models.atr_parse import bare_parse

        started = time.perf_counter()
        for _name, raw in files:
            bare_parse(raw)
        elapsed = time.perf_counter() - started
        self.say(
            "gestionatr bare parse + XSD validation (s, messages/s)",
            f"{elapsed:.1f}  {len(files) / elapsed:.0f}/s",
        )
        return len(files) / elapsed

    def import_zips(self, files, label):
        zips = [
            (f"{label}_{n:04d}.zip", zip_bytes(chunk))
            for n, chunk in enumerate(batches(files, self.zip_size))
        ]
        applied = inbox = 0
        started = time.perf_counter()
        for name, raw in zips:
            with self.registry.cursor() as cr:
                record = self.env(cr)["energy.atr.import"].import_file(name, raw)
                applied += record.applied_count
                inbox += record.message_total - record.applied_count
        elapsed = time.perf_counter() - started
        self.say(
            f"  import {label:<12} {len(files):>6} messages (s, /s)",
            f"{elapsed:.1f}  {len(files) / elapsed:.0f}/s",
        )
        return elapsed, applied, inbox, zips

    def run(self):
        first, second = self.build_answers()
        files = first + second
        bare_rate = self.bare(files)
        elapsed_first, applied_first, inbox_first, zips = self.import_zips(
            first, "answers"
        )
        elapsed_second, applied_second, inbox_second, _zips = self.import_zips(
            second, "activations"
        )
        elapsed = elapsed_first + elapsed_second
        rate = len(files) / elapsed
        self.say(
            "our import end to end (s, messages/s)",
            f"{elapsed:.1f}  {rate:.0f}/s",
        )
        self.say("ratio ours / bare gestionatr", f"{rate / bare_rate:.0%}")
        self.say(
            "messages applied, left in the inbox",
            f"{applied_first + applied_second}, {inbox_first + inbox_second}",
        )
        # the same ZIP again: every message a duplicate, nothing applied twice
        name, raw = zips[0]
        started = time.perf_counter()
        with self.registry.cursor() as cr:
            record = self.env(cr)["energy.atr.import"].import_file(name, raw)
            again = (record.applied_count, record.message_total)
        self.say(
            "same ZIP again (applied of messages, s)",
            f"{again[0]} of {again[1]}  {time.perf_counter() - started:.1f}",
        )
        self.outcome()

    def outcome(self):
        with self.registry.cursor() as cr:
            groups = self.env(cr)["energy.contract"]._read_group(
                [("id", "in", self.contract_ids)], ["state"], ["__count"]
            )
            self.say(
                "requests by phase after the import",
                ", ".join(f"{state} {count}" for state, count in sorted(groups)),
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument(
        "--database",
        default=os.environ.get("ENERGY_BENCH_DB"),
        help="database with energy_atr installed (scripts/bench-atr makes one)",
    )
    parser.add_argument("--zip-size", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=1000)
    options = parser.parse_args()
    if not options.database:
        sys.exit(
            "No database: run scripts/bench-atr [N], or pass --database DB "
            "(with energy_atr installed)."
        )
    registry = odoo_env(options.database)
    print(
        f"energy_atr benchmark: {options.count} distributor answers, ZIPs of "
        f"{options.zip_size}",
        flush=True,
    )
    bench = Bench(registry, options.count, options.zip_size, options.batch_size)
    bench.setup()
    bench.run()


if __name__ == "__main__":
    main()
