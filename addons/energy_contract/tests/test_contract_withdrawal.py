# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .term_common import ContractTermCase

SIGNED = datetime(2030, 3, 1, 10, 0)
# Every context key that sounds like it could relax a check.
CLIENT_CONTEXT = {
    "energy_contract_skip_exit_checks": True,
    "energy_contract_transition": True,
    "energy_skip_withdrawal_check": True,
    "install_mode": True,
}


@tagged("post_install", "-at_install")
class TestContractWithdrawal(ContractTermCase):
    """A consumer may withdraw within 14 calendar days of signing; a company
    may not, and no context changes that."""

    def _signed_contract(self, partner=None):
        """A contract signed on SIGNED, active since."""
        contract = self._requests(self._take_points(1), partner=partner)
        self._to_signature(contract)
        self._sign(contract, SIGNED)
        return self._activate(contract, date(2030, 3, 10))

    def _withdrawal(self, parent, requested, context=None):
        return (
            self.Contract.with_user(self.backoffice)
            .with_context(**(context or {}))
            .create(
                {
                    "partner_id": parent.partner_id.id,
                    "supply_point_id": parent.supply_point_id.id,
                    "parent_contract_id": parent.id,
                    "request_type": "withdrawal",
                    "date_requested": requested,
                }
            )
        )

    def _to_submission(self, withdrawal):
        """In signature, signed by the customer: submission comes next."""
        self._to_signature(withdrawal)
        self._sign(withdrawal, withdrawal.date_requested)

    # ------------------------------------------------------------------
    # Deadline
    # ------------------------------------------------------------------

    def test_deadline_shows_on_consumer_contracts_only(self):
        contract = self._signed_contract()
        self.assertEqual(contract.date_withdrawal_limit, date(2030, 3, 15))
        firm_contract = self._signed_contract(partner=self.firm)
        self.assertEqual(firm_contract.customer_type, "company")
        self.assertFalse(firm_contract.date_withdrawal_limit)
        unsigned = self._requests(self._take_points(1))
        self.assertFalse(unsigned.date_withdrawal_limit)

    def test_withdrawal_within_14_days_is_accepted_and_submitted(self):
        parent = self._signed_contract()
        # the 14th calendar day after the signature is the last one
        withdrawal = self._withdrawal(parent, datetime(2030, 3, 15, 12, 0))
        self._to_submission(withdrawal)
        withdrawal.with_user(self.backoffice).action_submit()
        self.assertEqual(withdrawal.state, "submitted")

    def test_withdrawal_on_day_15_is_refused_at_creation(self):
        parent = self._signed_contract()
        with self.assertRaisesRegex(UserError, "withdrawal period .* ended on"):
            self._withdrawal(parent, datetime(2030, 3, 16, 9, 0))
        self.assertFalse(
            self.Contract.search_count([("parent_contract_id", "=", parent.id)])
        )

    def test_company_cannot_withdraw(self):
        parent = self._signed_contract(partner=self.firm)
        with self.assertRaisesRegex(UserError, "businesses have no statutory right"):
            self._withdrawal(parent, datetime(2030, 3, 2, 9, 0))

    def test_submission_checks_the_period_again(self):
        """The request's date was corrected while it waited: the submission
        refuses it."""
        parent = self._signed_contract()
        withdrawal = self._withdrawal(parent, datetime(2030, 3, 10, 9, 0))
        self._to_submission(withdrawal)
        withdrawal.date_requested = datetime(2030, 3, 20, 9, 0)
        with self.assertRaisesRegex(UserError, "cannot go to Submitted.*ended on"):
            withdrawal.with_user(self.backoffice).action_submit()
        self.assertEqual(withdrawal.state, "signature")

    def test_submission_refused_once_the_customer_is_a_company(self):
        parent = self._signed_contract()
        withdrawal = self._withdrawal(parent, datetime(2030, 3, 10, 9, 0))
        self._to_submission(withdrawal)
        parent.customer_type = "company"
        with self.assertRaisesRegex(UserError, "businesses have no statutory right"):
            withdrawal.with_user(self.backoffice).action_submit()

    # ------------------------------------------------------------------
    # No context relaxes the right
    # ------------------------------------------------------------------

    def test_no_context_key_skips_the_check(self):
        parent = self._signed_contract()
        with self.assertRaisesRegex(UserError, "ended on"):
            self._withdrawal(parent, datetime(2030, 3, 16, 9, 0), CLIENT_CONTEXT)
        with self.assertRaisesRegex(UserError, "ended on"):
            self.Contract.with_context(**CLIENT_CONTEXT).sudo().create(
                {
                    "partner_id": parent.partner_id.id,
                    "supply_point_id": parent.supply_point_id.id,
                    "parent_contract_id": parent.id,
                    "request_type": "withdrawal",
                    "date_requested": datetime(2030, 3, 16, 9, 0),
                }
            )
        # a type filled in by a context default is checked all the same
        with self.assertRaisesRegex(UserError, "ended on"):
            self.Contract.with_context(default_request_type="withdrawal").create(
                {
                    "partner_id": parent.partner_id.id,
                    "supply_point_id": parent.supply_point_id.id,
                    "parent_contract_id": parent.id,
                    "date_requested": datetime(2030, 3, 16, 9, 0),
                }
            )
        withdrawal = self._withdrawal(parent, datetime(2030, 3, 12, 9, 0))
        self._to_submission(withdrawal)
        withdrawal.date_requested = datetime(2030, 3, 17, 9, 0)
        with self.assertRaisesRegex(UserError, "ended on"):
            withdrawal.with_user(self.backoffice).with_context(
                **CLIENT_CONTEXT
            ).action_submit()
        self.assertEqual(withdrawal.state, "signature")
