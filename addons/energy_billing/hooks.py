# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Spanish electricity bills compute VAT on the sum of each rate's lines,
    as the bill shows it: the companies with a Spanish chart of accounts round
    taxes globally."""
    companies = env["res.company"].search([("chart_template", "=like", "es_%")])
    companies.write({"tax_calculation_rounding_method": "round_globally"})
