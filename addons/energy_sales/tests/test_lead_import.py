# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.exceptions import UserError
from odoo.tests import Form

from .common import CUPS_A, CUPS_B, SalesCase

HEADER = (
    "name;phone;vat;cups;customer_type;"
    "consent_basis;consent_date;consent_origin;consent_reference\n"
)
CSV = (
    HEADER
    + f"""Casa Ruiz;+34 655 100 200;;{CUPS_A};individual;consent;2026-01-10;phone;REC-77
Bar Sol;655 100 201;B12345674;;company;;;;
Bad CUPS;655 100 202;;ES0021000000000001AA;individual;;;;
;655 100 203;;;individual;;;;
Repeated;0034655100200;;;individual;;;;
Phone consent;655 100 204;;;individual;consent;2026-01-10;phone;
Known;655 100 299;;{CUPS_B};individual;;;;
"""
)


class TestLeadImport(SalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backoffice = cls.env["res.users"].search([("login", "=", "backoffice")])
        cls.campaign = cls.env["utm.campaign"].create({"name": "List 2026-12"})
        cls.Lead.create({"name": "Existing", "cups": CUPS_B})

    def _import(self, data):
        form = Form(self.env["energy.sales.lead.import"].with_user(self.backoffice))
        form.file = base64.b64encode(data.encode())
        form.campaign_id = self.campaign
        wizard = form.save()
        wizard.action_import()
        return wizard

    def test_good_rows_are_created_and_bad_rows_reported(self):
        wizard = self._import(CSV)
        leads = self.Lead.search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(sorted(leads.mapped("name")), ["Bar Sol", "Casa Ruiz"])
        self.assertEqual(
            (wizard.created_count, wizard.duplicate_count, wizard.error_count),
            (2, 2, 3),
        )
        ruiz = leads.filtered(lambda lead: lead.name == "Casa Ruiz")
        self.assertTrue(ruiz.can_call)
        self.assertEqual(ruiz.consent_reference, "REC-77")
        self.assertEqual(ruiz.cups, CUPS_A)
        report = wizard.report
        self.assertIn("Line 4: The check letters", report)
        self.assertIn("Line 5: a name is needed.", report)
        self.assertIn("Line 6: already a lead (Casa Ruiz)", report)
        self.assertIn("Line 7: a consent given on the phone", report)
        self.assertIn("Line 8: already a lead (Existing)", report)

    def test_importing_the_same_list_twice_creates_nothing_twice(self):
        self._import(CSV)
        again = self._import(CSV)
        self.assertEqual(again.created_count, 0)
        self.assertEqual(again.duplicate_count, 4)
        self.assertEqual(
            self.Lead.search_count([("campaign_id", "=", self.campaign.id)]), 2
        )

    def test_unknown_columns_are_refused(self):
        with self.assertRaisesRegex(UserError, "Unknown: surname"):
            self._import("name;surname;phone\nA;B;600000000\n")
