# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Withdrawals existing before the install open an E1 from now on."""
    contracts = env["energy.contract"].search([("request_type", "=", "withdrawal")])
    if contracts:
        env.add_to_compute(contracts._fields["atr_process"], contracts)
        contracts.flush_recordset(["atr_process"])
