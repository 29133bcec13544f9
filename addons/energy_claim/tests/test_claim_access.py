# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .claim_common import ClaimCase


class TestClaimAccess(ClaimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_customer = new_test_user(
            cls.env,
            "claim_portal_customer",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        other = cls.env["res.partner"].create({"name": "Andrés Gil Ortega"})
        cls.portal_other = new_test_user(
            cls.env,
            "claim_portal_other",
            groups="base.group_portal",
            partner_id=other.id,
        )
        channel_user = new_test_user(
            cls.env, "claim_channel", groups="base.group_portal"
        )
        channel_user.partner_id.parent_id = cls.channel_a
        cls.portal_channel = channel_user

    def test_customer_reads_own_claim_only(self):
        claim = self._claim_form("103")
        claim.with_user(self.portal_customer).check_access("read")
        with self.assertRaises(AccessError):
            claim.with_user(self.portal_other).check_access("read")
        self.assertFalse(
            self.Ticket.with_user(self.portal_other).search([("id", "=", claim.id)])
        )

    def test_channel_reads_claims_about_its_sales_read_only(self):
        claim = self._claim_form("113", sales_channel_id=self.channel_a)
        claim.with_user(self.portal_channel).check_access("read")
        with self.assertRaises(AccessError):
            claim.with_user(self.portal_channel).check_access("write")
        other = self._claim_form("113", sales_channel_id=self.channel_b)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_channel).check_access("read")
