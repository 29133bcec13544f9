# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo database a Spanish retailer installs holds no English text.

scripts/run installs the suite with Spanish loaded, and the demo story is
then written as a Spanish retailer's users would have written it: chatter,
activities, tracked values, notes, master data. The test database of
scripts/test is installed in English (the suite's tests read English labels),
so this test installs a second database the way scripts/run does, with the
same Odoo options as the running tests, and reads every stored text of the
suite's records and of the core records the suite writes (messages,
activities, tracking, leads, claims, journals, accounts, payment modes,
contacts). A text fails when it is one of the suite's English source strings
that has a Spanish translation. The history's events keep their raw values
on purpose (hash-chained; the History tab translates them when it shows
them), so they are left out. The database is dropped afterwards."""

import os
import re
import shutil
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from test_spanish_screens import english_terms
from test_suite_install import SUITE, SuiteCaseMixin

import odoo
from odoo.tests import TransactionCase
from odoo.tools import SQL, config

from odoo.addons.energy_base.tools.demo import DEMO_LANG

# Core models the suite writes user-facing text into, with the fields read.
CORE_TEXTS = {
    "mail.message": ["body", "subject"],
    "mail.activity": ["summary", "note"],
    "mail.tracking.value": ["old_value_char", "new_value_char"],
    "crm.lead": ["name", "description", "function"],
    "helpdesk.ticket": ["name", "description"],
    "account.journal": ["name"],
    "account.account": ["name"],
    "account.payment.mode": ["name"],
    "res.partner": ["function", "comment"],
}
# The hash-chained history: raw values, translated at display.
EVENT_MARKER_FIELD = "previous_hash"
INSTALL_TIMEOUT = 1800


def odoo_command(database):
    """The running tests' Odoo, with their options, on `database`."""
    command = [
        str(Path(sys.executable).parent / "odoo"),
        f"--addons-path={config['addons_path']}",
        f"--data-dir={config['data_dir']}",
        "-d",
        database,
    ]
    if config.rcfile and Path(config.rcfile).is_file():
        command[1:1] = ["-c", config.rcfile]
    for option in ("db_host", "db_port", "db_user", "db_password"):
        if config[option]:
            command.append(f"--{option}={config[option]}")
    return command


def segments(value):
    """The texts a user reads in a stored value (HTML tags split it)."""
    for piece in re.split(r"<[^>]+>|\n", value or ""):
        text = " ".join(piece.split())
        if text:
            yield text
            yield text.rstrip(".:")


class TestSpanishDemoData(SuiteCaseMixin, TransactionCase):
    def setUp(self):
        super().setUp()
        self.database = f"{self.env.cr.dbname}_es"
        self._drop()
        self.addCleanup(self._drop)

    def _drop(self):
        """Drop the Spanish database and its filestore. Not with Odoo's
        exp_drop: under the tests, whose --database is set without a
        --db-filter, Odoo lists that database alone and exp_drop silently
        drops nothing else."""
        odoo.sql_db.close_db(self.database)
        with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
            cr._cnx.autocommit = True
            cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(self.database)))
        shutil.rmtree(config.filestore(self.database), ignore_errors=True)

    def _exists(self):
        with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.database])
            return bool(cr.fetchone())

    def _install_spanish_demo(self):
        command = odoo_command(self.database) + [
            "-i",
            ",".join(SUITE),
            f"--load-language={DEMO_LANG}",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ]
        result = subprocess.run(  # noqa: S603
            command,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
            env=dict(os.environ),
            check=False,
        )
        self.assertEqual(
            result.returncode, 0, f"installing {self.database}: {result.stderr[-3000:]}"
        )

    def _texts(self, cr):
        """{(model, field): values} of the stored texts to read."""
        cr.execute(
            """
            SELECT f.model, f.name, f.translate IS NOT NULL AND f.translate != 'false'
              FROM ir_model_fields f
             WHERE f.store AND f.ttype IN ('char', 'text', 'html')
               AND f.model IN (
                    SELECT m.model FROM ir_model m
                      JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
                     WHERE d.module = ANY(%s)
                    UNION SELECT unnest(%s::varchar[]))
               AND f.model NOT IN (
                    SELECT model FROM ir_model_fields WHERE name = %s)
            """,
            [SUITE, list(CORE_TEXTS), EVENT_MARKER_FIELD],
        )
        texts = {}
        for model, name, translated in cr.fetchall():
            if model in CORE_TEXTS and name not in CORE_TEXTS[model]:
                continue
            table = model.replace(".", "_")
            cr.execute(
                "SELECT 1 FROM information_schema.columns"
                " WHERE table_name = %s AND column_name = %s",
                [table, name],
            )
            if not cr.fetchone():
                continue  # a column of another model's table (inherits)
            column = SQL.identifier(name)
            value = (
                SQL("COALESCE(%s->>%s, %s->>'en_US')", column, DEMO_LANG, column)
                if translated
                else column
            )
            cr.execute(
                SQL(
                    "SELECT DISTINCT %s FROM %s WHERE %s IS NOT NULL",
                    value,
                    SQL.identifier(table),
                    column,
                )
            )
            texts[(model, name)] = [row[0] for row in cr.fetchall()]
        return texts

    def test_the_demo_database_speaks_spanish(self):
        self._install_spanish_demo()
        english = english_terms()
        with odoo.sql_db.db_connect(self.database).cursor() as cr:
            texts = self._texts(cr)
        self.assertIn(("mail.message", "body"), texts, "the texts are read")
        self.assertTrue(texts[("mail.message", "body")], "the demo wrote messages")
        leaks = {}
        for (model, name), values in texts.items():
            for value in values:
                found = {text for text in segments(value) if text in english}
                if found:
                    leaks.setdefault(f"{model}.{name}", set()).update(found)
        self.assertFalse(
            {field: sorted(found)[:10] for field, found in sorted(leaks.items())},
            "English stored in the Spanish demo database",
        )
        self._drop()
        self.assertFalse(self._exists(), "the Spanish database is dropped")
