# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared world of the version and holder change tests (no test methods here:
pytest collects every TestCase class a test module imports)."""

from odoo.addons.energy_contract.tests.contract_common import ContractCase, make_cups

__all__ = ["ContractVersionCase", "make_cups"]


class ContractVersionCase(ContractCase):
    """The core's contract world, with the versions of a contract at hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Version = cls.env["energy.contract.version"]

    def _versions(self, contract):
        return contract.version_ids.sorted("date_from")
