# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo readings and invoices, generated when the demo data is loaded.

Not imported with the addon: ``energy.billing.run._demo_generate`` imports it.
Contracts are found by search (the active contracts of the main company), never
through another addon's demo XML ids."""

import base64
import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields

from ..tools.f1_file import build_f1

DEMO_SEED = 2026
COMPANY_IBAN = "ES7620770024003102575766"
# Monthly kWh of a typical supply per access tariff and its share per period.
PROFILES = {
    "2.0TD": (270, (0.26, 0.30, 0.44)),
    "3.0TD": (3200, (0.14, 0.18, 0.12, 0.14, 0.12, 0.30)),
    "6.1TD": (42000, (0.12, 0.16, 0.12, 0.14, 0.12, 0.34)),
}
# Homes use more in winter and summer.
SEASON = (1.25, 1.15, 1.0, 0.85, 0.8, 0.95, 1.15, 1.2, 0.95, 0.85, 1.0, 1.2)


def generate(env):
    rng = random.Random(DEMO_SEED)
    company = env.ref("base.main_company")
    contracts = env["energy.contract"].search(
        [
            ("company_id", "=", company.id),
            ("state", "=", "active"),
            ("parent_contract_id", "=", False),
            ("supply_point_id", "!=", False),
            ("product_id", "!=", False),
        ],
        order="id",
    )
    if not contracts:
        return
    _ensure_spanish_chart(env, company)
    # the retailer collects by SEPA direct debit into its bank account
    company._energy_configure_direct_debit(COMPANY_IBAN)
    first = fields.Date.context_today(env["energy.billing.run"]).replace(day=1)
    months = [first - relativedelta(months=n) for n in range(12, 0, -1)]
    _create_readings(env, rng, contracts, company, months)
    for month in months:
        date_to = month + relativedelta(months=1, days=-1)
        run = env["energy.billing.run"].create(
            {
                "company_id": company.id,
                "date_from": month,
                "date_to": date_to,
                "invoice_date": date_to + timedelta(days=3),
                "send_by_email": False,
            }
        )
        run.action_start()
    _pay_some(env, rng, contracts)


def _ensure_spanish_chart(env, company):
    """On a fresh database Odoo loads the company's chart of accounts (here
    l10n_es) once every addon is installed, replacing the accounting records
    made before. The demo invoices need it now: run that pending load first."""
    if not (company.chart_template or "").startswith("es_"):
        pending = getattr(env.registry, "_auto_install_template", None)
        if pending:
            pending(env)
            del env.registry._auto_install_template
        else:
            env["account.chart.template"].try_loading("es_pymes", company)
    company._energy_round_taxes_globally()


def _create_readings(env, rng, contracts, company, months):
    """Readings as they arrive: most months in the CSV files of a metering
    provider, the last month of each supply in the distributor's F1 files
    (through the switching inbox). One supply misses its last month."""
    rows, f1_rows, seen = [], [], set()
    last_month = months[-1]
    for contract in contracts:
        point = contract.supply_point_id
        if point in seen:
            continue
        seen.add(point)
        profile = PROFILES.get(contract.access_tariff_id.name, PROFILES["2.0TD"])
        size = rng.uniform(0.6, 1.6)
        for month in months:
            end = month + relativedelta(months=1, days=-1)
            start = max(month, contract.date_activated or month)
            if start > end:
                continue
            days = (end - start).days + 1
            total = profile[0] * size * SEASON[month.month - 1] * days / 30
            kwh = [round(total * share * rng.uniform(0.9, 1.1)) for share in profile[1]]
            row = (contract, start, end, kwh + [0] * (6 - len(kwh)))
            (f1_rows if month == last_month else rows).append(row)
    if f1_rows:
        f1_rows.pop()  # its run lists it as not billed: missing reading
    _import_csv(env, rows)
    _import_f1(env, company, f1_rows)


def _import_csv(env, rows):
    lines = ["cups;date_start;date_end;kwh_p1;kwh_p2;kwh_p3;kwh_p4;kwh_p5;kwh_p6"]
    for contract, start, end, kwh in rows:
        values = ";".join(str(value) for value in kwh)
        lines.append(f"{contract.cups};{start};{end};{values}")
    record = env["energy.billing.reading.import"].create(
        {
            "name": "lecturas_telemedida.csv",
            "file": base64.b64encode("\n".join(lines).encode()),
        }
    )
    record.action_import()


def _import_f1(env, company, rows):
    """One F1 per supply, built by tools/f1_file and validated by gestionatr
    on import, from the distributor of the supply point."""
    files = []
    for number, (contract, start, end, kwh) in enumerate(rows, start=1):
        point = contract.supply_point_id
        distributor = point.distributor_id.energy_ree_code or contract.cups[2:6]
        raw = build_f1(
            sender=distributor,
            receiver=company.energy_ree_code,
            request_code=f"{end:%Y%m}{number:06d}",
            cups=point.cups_full or point.cups,
            tariff=contract.access_tariff_id.name,
            holder_nif=(contract.partner_id.vat or "")[-9:],
            date_start=start,
            date_end=end,
            kwh=kwh,
            invoice_code=f"F1{end:%y%m}{number:08d}",
        )
        files.append((f"F1_{distributor}_{end:%Y%m}_{number:04d}.xml", raw))
    if files and company.energy_ree_code:
        env["energy.atr.import"].with_company(company).import_files(files)


def _pay_some(env, rng, contracts):
    """Invoices older than a month are collected by a monthly SEPA debit
    order (or paid by transfer when there is no mandate); a few debits come
    back from the bank; the newer invoices stay open, some of them overdue."""
    today = fields.Date.context_today(env["energy.billing.run"])
    moves = env["account.move"].search(
        [
            ("energy_contract_id", "in", contracts.ids),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "=", "not_paid"),
            ("invoice_date", "<", today - timedelta(days=35)),
        ],
        order="invoice_date, id",
    )
    debited = moves.filtered("mandate_id")
    by_month = {}
    for move in debited:
        by_month.setdefault(move.invoice_date.replace(day=1), env["account.move"])
        by_month[move.invoice_date.replace(day=1)] |= move
    for month_moves in by_month.values():
        month_moves.create_account_payment_line()
        order = month_moves.line_ids.payment_line_ids.order_id
        order.draft2open()
        order.open2generated()
        order.generated2uploaded()
    transfers = (moves - debited).filtered(lambda move: rng.random() < 0.85)
    if transfers:
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=transfers.ids
        ).create({"group_payment": False}).action_create_payments()
    _return_some(env, rng, debited)


def _return_some(env, rng, debited):
    """About one debit in ten comes back: mostly insufficient funds, one
    closed account (its mandate is cancelled)."""
    returned = debited.filtered(lambda move: rng.random() < 0.1)
    reasons = ["AC04"] + ["AM04"] * (len(returned) - 1)
    for move, reason in zip(returned, reasons, strict=False):
        record = env["energy.billing.return"].create(
            {
                "move_id": move.id,
                "reason": reason,
                "date": move.invoice_date + timedelta(days=12),
            }
        )
        record.action_confirm()
