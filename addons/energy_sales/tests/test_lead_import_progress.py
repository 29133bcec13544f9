# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError

from ..wizards import energy_sales_lead_import as lead_import
from .common import SalesCase
from .test_call_guard import BYPASS_KEYS
from .test_lead_import import CSV, HEADER


def _rows(start, count):
    """`count` good rows of new leads, numbered from `start`."""
    return "".join(
        f"Lead {n};6111{n:05d};;;individual;request;2026-01-10;web_form;WEB-{n}\n"
        for n in range(start, start + count)
    )


class TestLeadImportProgress(SalesCase):
    """Long lists are imported in the background chunk by chunk, the wizard
    showing the progress; the result is the same as an import at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backoffice = cls.env["res.users"].search([("login", "=", "backoffice")])
        cls.campaign = cls.env["utm.campaign"].create({"name": "Long list"})
        cls.Lead.create({"name": "Existing", "cups": "ES0021000000000002RE"})

    def _wizard(self, data, user=None):
        return (
            self.env["energy.sales.lead.import"]
            .with_user(user or self.backoffice)
            .create(
                {
                    "file": base64.b64encode(data.encode()),
                    "filename": "list.csv",
                    "campaign_id": self.campaign.id,
                }
            )
        )

    def _campaign_leads(self):
        return self.Lead.search([("campaign_id", "=", self.campaign.id)])

    @patch.object(lead_import, "INLINE_ROWS", 2)
    @patch.object(lead_import, "CHUNK", 3)
    def test_long_list_is_imported_in_chunks_with_progress(self):
        wizard = self._wizard(CSV)
        last_message = self.env["bus.bus"].search([], order="id desc", limit=1).id
        wizard.action_import()
        self.assertEqual(
            (wizard.state, wizard.row_count, wizard.rows_done), ("running", 7, 0)
        )
        self.assertFalse(self._campaign_leads())
        Cron = self.env["energy.sales.lead.import"]
        progress = []
        while wizard.state == "running":
            Cron._cron_import()
            progress.append(round(wizard.progress))
        self.assertEqual(progress, [43, 86, 100])
        self.assertEqual(
            (wizard.created_count, wizard.duplicate_count, wizard.error_count),
            (2, 2, 3),
        )
        self.assertEqual(
            sorted(self._campaign_leads().mapped("name")), ["Bar Sol", "Casa Ruiz"]
        )
        self.assertEqual(self._campaign_leads().create_uid, self.backoffice)
        self.assertIn("Line 6: already a lead (Casa Ruiz)", wizard.report)
        self.assertIn("Line 8: already a lead (Existing)", wizard.report)
        self.env.cr.precommit.run()
        notification = self.env["bus.bus"].search(
            [("id", ">", last_message), ("message", "like", "Leads imported")]
        )
        self.assertIn("2 leads created", notification.message)
        with self.assertRaisesRegex(UserError, "imported already"):
            wizard.action_import()

    def test_chunk_queries_do_not_grow_with_rows(self):
        counts = []
        # The first chunk also fills the caches (stage, groups, fields).
        for start, count in ((0, 5), (100, 10), (200, 40)):
            wizard = self._wizard(HEADER + _rows(start, count))
            with patch.object(lead_import, "INLINE_ROWS", 0):
                wizard.action_import()
            self.env.invalidate_all()
            with patch.object(lead_import, "CHUNK", count):
                before = self.cr.sql_log_count
                with self.assertQueryCount(45 if start == 0 else 30):
                    wizard._import_chunk()
                counts.append(self.cr.sql_log_count - before)
            self.assertEqual(wizard.created_count, count)
        self.assertEqual(counts[1], counts[2])

    @patch.object(lead_import, "INLINE_ROWS", 2)
    @patch.object(lead_import, "CHUNK", 3)
    def test_a_chunk_that_fails_stops_the_import_and_says_where(self):
        wizard = self._wizard(HEADER + _rows(0, 7))
        wizard.action_import()
        Cron = self.env["energy.sales.lead.import"]
        Cron._cron_import()
        self.assertEqual(wizard.rows_done, 3)
        # A lead of the next chunk is refused by a check of the leads.
        with patch.object(
            type(self.Lead), "create", side_effect=ValidationError("Refused lead")
        ):
            Cron._cron_import()
        self.assertEqual(wizard.state, "done")
        self.assertIn("Import stopped after 3 of 7 rows: Refused lead", wizard.report)
        self.assertEqual(len(self._campaign_leads()), 3)

    def test_only_the_back_office_imports(self):
        with self.assertRaises(AccessError):
            self._wizard(CSV, user=self.agent)
        wizard = self._wizard(CSV).sudo()
        with self.assertRaises(AccessError):
            wizard.with_user(self.agent).with_context(**BYPASS_KEYS).action_import()
        self.assertFalse(self._campaign_leads())
