# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""World shared by the reporting and batch tests (no test in here)."""

from stdnum.es import cups as stdnum_cups

from odoo.tests import TransactionCase, new_test_user


def make_cups(number):
    base = f"ES0031{number:012d}"
    return base + stdnum_cups.calc_check_digits(base)


class ReportingCase(TransactionCase):
    """Users per role, a customer, two channels and a factory of supply points
    and requests moved along the lifecycle by their actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["energy.contract"]
        cls.backoffice = new_test_user(
            cls.env, "rep_backoffice", groups="energy_base.group_energy_backoffice"
        )
        cls.validator = new_test_user(
            cls.env,
            "rep_validator",
            groups="energy_base.group_energy_backoffice,"
            "energy_base.group_energy_validation",
        )
        cls.reader = new_test_user(
            cls.env, "rep_reader", groups="energy_base.group_energy_user"
        )
        cls.employee = new_test_user(cls.env, "rep_employee", groups="base.group_user")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Lorena Prieto Cano", "vat": "ES12345678Z"}
        )
        cls.channel_a, cls.channel_b = cls.env["res.partner"].create(
            [
                {
                    "name": "Agencia Meseta Energía, S.L.",
                    "is_company": True,
                    "is_energy_channel": True,
                },
                {
                    "name": "Canal Atlántico Ahorro, S.L.",
                    "is_company": True,
                    "is_energy_channel": True,
                },
            ]
        )
        cls.tariff = cls.env.ref("energy_base.access_tariff_20td")
        cls._next_cups = 777000000

    @classmethod
    def _points(cls, count):
        first = cls._next_cups
        cls._next_cups += count
        return cls.env["energy.supply.point"].create(
            [
                {
                    "cups": make_cups(first + n),
                    "access_tariff_id": cls.tariff.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    "holder_id": cls.customer.id,
                }
                for n in range(count)
            ]
        )

    def _requests(self, count, **vals):
        """`count` draft requests created by the back-office in one batch."""
        return self.Contract.with_user(self.backoffice).create(
            [
                {
                    "partner_id": self.customer.id,
                    "supply_point_id": point.id,
                    "request_type": "switch",
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    **vals,
                }
                for point in self._points(count)
            ]
        )

    def _to_validation(self, contracts):
        """Through documentation. The document and scoring checks of other
        parts of the addon are not what these tests are about."""
        with contracts._exit_checks_waived():
            contracts.action_request_documents()
            contracts.action_to_validation()

    def _to_signature(self, contracts):
        self._to_validation(contracts)
        with contracts._exit_checks_waived():
            contracts.with_user(self.validator).action_to_signature()

    def _sign(self, contracts, when):
        """The customers signed on paper at `when`; recorded as the Record
        Signature wizard does (the only way a request gets signed)."""
        for contract in contracts:
            contract._record_signature(
                {
                    "signed_by": contract.partner_id.name,
                    "date_signed": when,
                    "signature_method": "recorded",
                },
                document=f"signed {contract.name}".encode(),
                filename="signed.txt",
                reason="Signed on paper",
            )

    def _activate(self, contracts, date_activated):
        """All the way to active on `date_activated`."""
        self._to_signature(contracts)
        self._sign(contracts, contracts[:1].state_date)
        with contracts._exit_checks_waived():
            contracts.action_submit()
            contracts.action_accept()
            contracts.action_activate(date_activated=date_activated)
