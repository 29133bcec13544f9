# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""World shared by the switching tests (no test in here): our company with
REE code 1234, distributor 0021, supply points of that distributor, users
per role and contract requests built and moved with energy_contract's test
helpers."""

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.energy_base.tests.common import make_cups
from odoo.addons.energy_contract.tests.reporting_common import ReportingCase

__all__ = ["AtrCase", "make_cups"]

OUR_REE_CODE = "1234"
DISTRIBUTOR_REE_CODE = "0021"


class AtrCase(ReportingCase):
    """ReportingCase (users `backoffice`, `validator`, `reader`, `employee`,
    a customer, two channels, `_requests`, `_to_signature`, `_sign`,
    `_activate`) with the switching world on top:

    - `company`: the current company, REE code 1234 and a VAT number;
    - `distributor`: the shipped distributor 0021, REE code 0021;
    - `manager`: an energy manager;
    - `_points(n)` / `_requests(n, **vals)`: points and requests of 0021;
    - `_ready_to_submit(n, **vals)`: requests signed, ready for `action_submit`;
    - `_new_cases(contracts_or_n, **vals)`: ATR cases in one batch (in the
      `state` given, if any).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Case = cls.env["energy.atr.case"]
        cls.Message = cls.env["energy.atr.message"]
        cls.Deadline = cls.env["energy.atr.deadline"]
        cls.RejectReason = cls.env["energy.atr.reject.reason"]
        cls.company = cls.env.company
        cls.company.write({"energy_ree_code": OUR_REE_CODE, "vat": "ESB87654323"})
        cls.distributor = cls.env.ref("energy_base.distributor_0021")
        cls.distributor.energy_ree_code = DISTRIBUTOR_REE_CODE
        cls.manager = new_test_user(
            cls.env, "atr_manager", groups="energy_base.group_energy_manager"
        )
        cls.customer.write(
            {
                "email": "lorena.prieto@example.es",
                "phone": "+34 600 123 456",
                "street": "Calle Mayor, 7",
                "zip": "28013",
                "city": "Madrid",
                "state_id": cls.env.ref("base.state_es_m").id,
                "country_id": cls.env.ref("base.es").id,
            }
        )
        cls._next_cups = 560000000

    @classmethod
    def _points(cls, count):
        """`count` supply points of distributor 0021, held by the customer."""
        first = cls._next_cups
        cls._next_cups += count
        return cls.env["energy.supply.point"].create(
            [
                {
                    "cups": make_cups(f"{DISTRIBUTOR_REE_CODE}{first + n:012d}"),
                    "access_tariff_id": cls.tariff.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    "holder_id": cls.customer.id,
                }
                for n in range(count)
            ]
        )

    def _ready_to_submit(self, count, **vals):
        """`count` requests in signature, signed: `action_submit()` (which
        sends step 01 of their ATR process) is next."""
        contracts = self._requests(count, **vals)
        self._to_signature(contracts)
        self._sign(contracts, fields.Datetime.now())
        return contracts

    def _new_cases(self, contracts=None, count=1, **vals):
        """Cases created in one batch, one per contract (process from the
        request's ATR process), or `count` C1 cases without a contract."""
        if contracts:
            vals_list = [
                {"contract_id": contract.id, "process": contract.atr_process, **vals}
                for contract in contracts
            ]
        else:
            vals_list = [
                {
                    "process": "C1",
                    "cups": make_cups(f"{DISTRIBUTOR_REE_CODE}{880000000 + n:012d}")[
                        :20
                    ],
                    "distributor_id": self.distributor.id,
                    **vals,
                }
                for n in range(count)
            ]
        if "state" in vals:
            # a case past draft is reached only along its lifecycle: a fixture
            # that starts from one states it as trusted server code
            return self.Case._create_guarded(vals_list)
        return self.Case.create(vals_list)
