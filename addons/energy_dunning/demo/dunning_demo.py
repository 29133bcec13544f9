# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo collections, generated when the demo data is loaded.

Not imported with the addon: ``energy.dunning.case._demo_generate`` imports
it. Customers at every level of the ladder, built on the demo invoices of
energy_billing: a direct debit returned by the bank (AM04, insufficient funds)
makes an invoice overdue, then the ladder's steps are written as its lines,
each on the date it would have been sent, the formal notices served by
burofax, a cut requested through the guards, an essential supply the guards
refuse to cut, a promise to pay.

No credit-control *run* is created: OCA refuses a run dated before the last
executed one ("a run has already been executed more recently"), so demo runs
would forbid the tests (and users) any run dated before them. The lines carry
their dates; the next real run, dated today or later, goes on from them."""

import logging
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from odoo.addons.energy_base.tools.demo import demo_env

_logger = logging.getLogger(__name__)

# The last step of every demo ladder is dated this many days back.
LAST_STEP_DAYS = 2
# (scenario, target age in days of the returned invoice's due date)
SCENARIOS = [
    ("reminder", 12),
    ("second_notice", 25),
    ("promise", 28),
    ("nonpayment_notice", 45),
    ("requerimiento", 60),
    ("social_bonus", 75),
    # the requerimiento of these was served over two months ago; the cut is
    # picked first, among the contracts no other guard protects
    ("cut", 100),
    ("essential", 100),
]
# Scenarios of a natural person's home (True) or of a business (False).
HOMES = {"requerimiento": True, "social_bonus": True, "essential": False}
# Scenarios that need a contract no other guard protects: the cut must be
# requested, and the essential supply refused for being essential only.
CLEAN = {"cut", "essential"}
LEVEL_OF = {
    "reminder": 1,
    "second_notice": 2,
    "promise": 2,
    "nonpayment_notice": 3,
    "requerimiento": 4,
    "social_bonus": 4,
    "essential": 4,
    "cut": 4,
}


def generate(env):
    env = demo_env(env)
    company = env.ref("base.main_company")
    today = fields.Date.context_today(env["energy.dunning.case"])
    Move = env["account.move"]
    invoices = Move.search(
        [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("mandate_id", "!=", False),
            ("payment_state", "in", ("paid", "in_payment")),
            ("energy_contract_id.state", "=", "active"),
            ("energy_contract_id.parent_contract_id", "=", False),
            ("invoice_date_due", "<", today - timedelta(days=10)),
        ],
        order="invoice_date_due desc, id",
    )
    if not invoices:
        return
    used = env["energy.contract"]
    collector = env.ref("energy_base.user_demo_collections", raise_if_not_found=False)
    for scenario, age in SCENARIOS:
        invoice = _pick(
            invoices,
            used,
            today - timedelta(days=age),
            HOMES.get(scenario),
            scenario in CLEAN,
        )
        if not invoice:
            continue
        contract = invoice.energy_contract_id
        used |= contract
        _prepare_point(scenario, contract)
        _return(env, invoice)
        lines = _ladder(env, invoice, LEVEL_OF[scenario], today)
        _after(env, scenario, contract, lines, today, collector)
    Case = env["energy.dunning.case"]
    Case._refresh()
    if collector:
        Case.search([("contract_id", "in", used.ids)]).write({"user_id": collector.id})
        Case.search([("user_id", "=", False), ("has_debt", "=", True)]).write(
            {"user_id": env.ref("base.user_admin").id}
        )


def _pick(invoices, excluded, target, home=None, clean=False):
    """The invoice whose due date is nearest to `target` among contracts not
    yet used; of a home of a natural person (``home`` True), of a business
    (False) or of anyone (None) when there is one; with ``clean``, of a
    contract without an open claim or a switch in progress when there is
    one."""
    candidates = invoices.filtered(
        lambda move: move.energy_contract_id not in excluded
        and move.invoice_date_due <= target
    )
    if clean:
        candidates = (
            candidates.filtered(
                lambda move: move.energy_contract_id._dunning_guard_open_claim(None)[0]
                and move.energy_contract_id._dunning_guard_switch(None)[0]
            )
            or candidates
        )
    if home is not None:
        preferred = candidates.filtered(
            lambda move: (move.energy_contract_id.customer_type == "individual") == home
        )
        candidates = preferred or candidates
    return candidates[:1]


def _prepare_point(scenario, contract):
    point = contract.supply_point_id.sudo()
    if scenario == "requerimiento":
        # the customer's habitual dwelling: a protected consumer
        point.write({"is_habitual_dwelling": True})
    elif scenario == "social_bonus":
        point.write({"has_bono_social": True, "is_habitual_dwelling": True})
    elif scenario == "essential":
        point.write(
            {
                "is_essential_supply": True,
                "essential_category": "02",
                "essential_certificate": "AYTO-AGUAS-2025-0147",
            }
        )


def _return(env, invoice):
    """The bank returns the direct debit: insufficient funds."""
    record = env["energy.billing.return"].create(
        {
            "move_id": invoice.id,
            "reason": "AM04",
            "date": invoice.invoice_date_due + timedelta(days=3),
        }
    )
    record.action_confirm()


def _ladder(env, invoice, level_count, today):
    """The ladder's lines of `invoice` up to `level_count`, each dated as the
    run would have dated it (squeezed to end LAST_STEP_DAYS back), sent;
    returns them."""
    contract = invoice.energy_contract_id
    policy = env["credit.control.policy"]._energy_policies_by_segment(
        invoice.company_id
    )[contract.dunning_segment]
    invoice.sudo().credit_policy_id = policy
    move_line = invoice.line_ids.filtered(
        lambda line: line.account_id.account_type == "asset_receivable"
    )
    Line = env["credit.control.line"]
    lines = Line.browse()
    date = invoice.invoice_date_due
    levels = policy.level_ids.sorted("level")[:level_count]
    # the dates of the steps: the ladder's delays, squeezed to end by today
    dates = []
    for level in levels:
        date = date + timedelta(days=level.delay_days)
        dates.append(date)
    last = today - timedelta(days=LAST_STEP_DAYS)
    shift = max((dates[-1] - last).days, 0) if dates else 0
    for level, date in zip(levels, dates, strict=True):
        date = max(date - timedelta(days=shift), invoice.invoice_date_due)
        new = Line.create_or_update_from_mv_lines(
            move_line, level, date, invoice.company_id, check_tolerance=False
        )
        new.write({"state": "sent", "date_sent": date})
        new._energy_log(
            "issued",
            lambda line: env._(
                "%(notice)s of invoice %(invoice)s issued (amount due %(amount).2f).",
                notice=line.policy_level_id.name,
                invoice=line.invoice_id.name,
                amount=line.balance_due,
            ),
        )
        lines |= new
    return lines


def _after(env, scenario, contract, lines, today, collector):
    formal = lines.filtered("energy_is_formal")
    for line in formal:
        served = min(line.date + timedelta(days=3), today)
        line._energy_record_service(
            "burofax", f"BUROFAX-{line.date:%Y}-{line.id:05d}", served
        )
    if scenario in ("cut", "essential"):
        planned = contract._dunning_next_cut_day(today + timedelta(days=1))
        try:
            with env.cr.savepoint():
                contract._dunning_request_cut(planned)
        except (UserError, ValidationError) as error:
            # a demo contract whose switching data the B1 refuses: no cut
            _logger.warning("Demo cut of %s not requested: %s", contract.name, error)
    elif scenario == "promise":
        env["energy.dunning.promise"].with_user(collector or env.user).create(
            {
                "contract_id": contract.id,
                "amount": round(lines[:1].balance_due, 2),
                "date_promised": today + timedelta(days=6),
                "note": env._(
                    "Called the customer: they will pay by transfer when their "
                    "salary comes in."
                ),
            }
        )
