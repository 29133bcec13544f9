# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Give the retailer companies the Spanish chart of accounts when they have
    none yet, and compute VAT on the sum of each rate's lines, as the bill
    shows it (``round_globally``)."""
    companies = env["res.company"].search([])
    for company in companies:
        if not company.country_id:
            company.country_id = env.ref("base.es")
        if company.country_id.code != "ES":
            continue
        if not (company.chart_template or "").startswith("es_"):
            env["account.chart.template"].try_loading("es_pymes", company)
        company.tax_calculation_rounding_method = "round_globally"
