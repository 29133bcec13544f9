# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo payment plans of the `customer` login, generated when the demo data
is loaded (``energy.dunning.plan._demo_generate`` imports it).

The demo customer's contract is found through the login's XML id (shipped
by energy_atr's demo); when the billing demo left it no overdue invoice, its
last three monthly bills are posted here, unpaid. Then collections agree a
plan by phone for the two oldest, of which the customer has paid the first
instalment, and propose one for the newest, awaiting acceptance on the
portal."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

# A home on 2.0TD: monthly power term, energy, electricity tax, meter rental.
BILL_LINES = (
    ("Término de potencia (4,6 kW × 30 días)", 17.84),
    ("Término de energía (265 kWh)", 41.35),
    ("Impuesto especial sobre la electricidad (5,11 %)", 3.02),
    ("Alquiler del equipo de medida", 0.81),
)


def generate(env):
    user = env.ref("energy_atr.user_demo_portal_customer", raise_if_not_found=False)
    if not user:
        return
    customer = user.partner_id.commercial_partner_id
    contract = env["energy.contract"].search(
        [
            ("partner_id", "child_of", customer.ids),
            ("state", "=", "active"),
            ("parent_contract_id", "=", False),
        ],
        order="id",
        limit=1,
    )
    if not contract or contract.dunning_plan_ids:
        return
    today = fields.Date.context_today(contract)
    invoices = contract._dunning_plan_invoices()
    if len(invoices) < 3:
        invoices |= _post_bills(env, contract, today)
    invoices = invoices.sorted(lambda move: (move.invoice_date_due, move.id))
    collector = env["res.users"].search(
        [("login", "=", "collections")], limit=1
    ) or env.ref("base.user_admin")
    Plan = env["energy.dunning.plan"].with_user(collector)
    honoured, proposed = Plan.create(
        [
            {
                "contract_id": contract.id,
                "invoice_ids": [Command.set(invoices[:2].ids)],
                "instalment_count": 4,
                "date_start": today + timedelta(days=10),
            },
            {
                "contract_id": contract.id,
                "invoice_ids": [Command.set(invoices[2:3].ids)],
                "instalment_count": 3,
                "date_start": today + timedelta(days=25),
            },
        ]
    )
    honoured._energy_accept("phone")
    # the customer paid the first instalment by transfer on agreeing the plan
    first = honoured.instalment_ids[:1]
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=invoices[:1].ids
    ).create(
        {
            "amount": first.amount,
            "payment_date": today,
            "payment_difference_handling": "open",
        }
    ).action_create_payments()
    return honoured | proposed


def _post_bills(env, contract, today):
    """The contract's last three monthly bills, posted and left unpaid:
    due 20 days after the invoice date, the newest one overdue by a week."""
    company = contract.company_id
    tax = env["account.tax"].search(
        [
            ("company_id", "=", company.id),
            ("type_tax_use", "=", "sale"),
            ("amount_type", "=", "percent"),
            ("amount", "=", 21.0),
        ],
        limit=1,
    )
    vals_list = []
    for months_ago in (3, 2, 1):
        invoice_date = today - relativedelta(months=months_ago) - timedelta(days=13)
        vals_list.append(
            {
                "move_type": "out_invoice",
                "partner_id": contract.partner_id.id,
                "company_id": company.id,
                "energy_contract_id": contract.id,
                "invoice_date": invoice_date,
                "invoice_date_due": invoice_date + timedelta(days=20),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": name,
                            "quantity": 1,
                            "price_unit": price,
                            "tax_ids": [Command.set(tax.ids)],
                        }
                    )
                    for name, price in BILL_LINES
                ],
            }
        )
    moves = env["account.move"].create(vals_list)
    moves.action_post()
    return moves
