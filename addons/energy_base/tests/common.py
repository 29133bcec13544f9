# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from stdnum.es import cups as stdnum_cups

from odoo.tests import TransactionCase, new_test_user


def make_cups(digits, suffix=""):
    """A valid CUPS for 16 digits (check letters computed), with an optional suffix."""
    base = f"ES{digits}"
    return base + stdnum_cups.calc_check_digits(base) + suffix


class EnergyCase(TransactionCase):
    """Users per role, the shipped tariffs and a few provinces."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.SupplyPoint = cls.env["energy.supply.point"]
        cls.tariff_20 = cls.env.ref("energy_base.access_tariff_20td")
        cls.tariff_30 = cls.env.ref("energy_base.access_tariff_30td")
        cls.tariff_61 = cls.env.ref("energy_base.access_tariff_61td")
        cls.madrid = cls.env.ref("base.state_es_m")
        cls.barcelona = cls.env.ref("base.state_es_b")
        cls.zaragoza = cls.env.ref("base.state_es_z")
        cls.huesca = cls.env.ref("base.state_es_hu")
        cls.girona = cls.env.ref("base.state_es_gi")
        cls.user = new_test_user(
            cls.env, "sp_reader", groups="energy_base.group_energy_user"
        )
        cls.backoffice = new_test_user(
            cls.env, "sp_backoffice", groups="energy_base.group_energy_backoffice"
        )
        cls.manager = new_test_user(
            cls.env, "sp_manager", groups="energy_base.group_energy_manager"
        )
        cls.employee = new_test_user(cls.env, "sp_employee", groups="base.group_user")

    @classmethod
    def distributor(cls, ree_code):
        return cls.env["res.partner"].search(
            [("is_energy_distributor", "=", True), ("energy_ree_code", "=", ree_code)]
        )


def call_kw(case, login, model, method, args, context):
    """The JSON-RPC answer of /web/dataset/call_kw to `login` (password =
    login), as a web client or a script gets it, with the client's `context`:
    what the guard tests send to prove no context key relaxes a guard."""
    case.authenticate(login, login)
    response = case.url_open(
        f"/web/dataset/call_kw/{model}/{method}",
        data=json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": {"context": context},
                },
            }
        ),
        headers={"Content-Type": "application/json"},
    )
    response.raise_for_status()
    return response.json()
