# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Spanish electricity bills compute VAT on the sum of each rate's lines,
    as the bill shows it: Spanish companies round taxes globally."""
    env["res.company"].search([])._energy_round_taxes_globally()
