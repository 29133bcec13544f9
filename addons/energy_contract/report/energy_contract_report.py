# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from stdnum import iban as stdnum_iban

from odoo import api, fields, models

PERIODS = range(1, 7)


class EnergyContractReport(models.AbstractModel):
    """Values of the contract PDF: the price version in force, one row per
    tariff period with requested power and prices, the masked bank account."""

    _name = "report.energy_contract.report_energy_contract"
    _description = "Supply Contract Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["energy.contract"].browse(docids)
        prices = self._get_prices(docs)
        return {
            "doc_ids": docids,
            "doc_model": "energy.contract",
            "docs": docs,
            "prices": prices,
            "period_rows": {
                doc.id: self._get_period_rows(doc, prices[doc.id]) for doc in docs
            },
            "masked_iban": {doc.id: self._mask_iban(doc.bank_iban) for doc in docs},
        }

    @api.model
    def _get_prices(self, docs):
        """Price version of each request's product on the day it was signed, or
        today for a contract not signed yet (one query per distinct day)."""
        today = fields.Date.context_today(self)
        by_date = {}
        for doc in docs.filtered("product_id"):
            day = doc.date_signed.date() if doc.date_signed else today
            by_date.setdefault(day, docs.browse())
            by_date[day] |= doc
        result = dict.fromkeys(docs.ids, self.env["energy.product.price"])
        for day, group in by_date.items():
            versions = group.product_id._get_price_at(day)
            for doc in group:
                result[doc.id] = versions[doc.product_id]
        return result

    @api.model
    def _get_period_rows(self, doc, price):
        """One dict per period of the access tariff: requested power (kW),
        power price (€/kW·day) and fixed energy price (€/kWh)."""
        tariff = doc.access_tariff_id
        power_count = tariff.power_period_count or 0
        energy_count = tariff.energy_period_count or 0
        fixed = doc.product_id.pricing_type == "fixed"
        rows = []
        for period in PERIODS:
            if period > max(power_count, energy_count):
                break
            has_power = period <= power_count
            has_energy = period <= energy_count
            rows.append(
                {
                    "period": f"P{period}",
                    "power_kw": doc[f"power_p{period}_kw"] if has_power else None,
                    "power_price": (
                        price[f"power_price_p{period}"] if price and has_power else None
                    ),
                    "energy_price": (
                        price[f"energy_price_p{period}"]
                        if price and fixed and has_energy
                        else None
                    ),
                }
            )
        return rows

    @api.model
    def _mask_iban(self, iban):
        """The account as printed on documents: country, check digits and the
        last four digits, the rest hidden."""
        if not iban:
            return ""
        compact = stdnum_iban.compact(iban)
        if len(compact) <= 8:
            return compact
        hidden = "*" * (len(compact) - 8)
        masked = compact[:4] + hidden + compact[-4:]
        return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))
