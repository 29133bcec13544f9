# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class EnergyContractEvent(models.Model):
    """Document decisions read in the reader's language: the document's name,
    its states, and the reasons of a rejection."""

    _inherit = "energy.contract.event"

    def _history_document_types(self):
        codes = {
            event.field_name
            for event in self
            if event.event_type == "document" and event.field_name
        }
        if not codes:
            return self.env["energy.contract.document.type"]
        return (
            self.env["energy.contract.document.type"]
            .sudo()
            .with_context(active_test=False)
            .search([("code", "in", list(codes))])
        )

    def _history_field_labels(self):
        labels = super()._history_field_labels()
        types = self._history_document_types().with_context(lang=self.env.lang)
        labels.update({("document", kind.code): kind.name for kind in types})
        return labels

    def _history_value_formatters(self):
        formatters = super()._history_value_formatters()
        documents = self.env["energy.contract.document"]
        formatters["document"] = self._history_field_formatter(
            documents._fields["state"]
        )
        return formatters

    def _history_terms(self):
        terms = super()._history_terms()
        types = self._history_document_types()
        if types:
            english = types.with_context(lang="en_US")
            terms.update(
                zip(
                    english.mapped("name"),
                    types.with_context(lang=self.env.lang).mapped("name"),
                    strict=True,
                )
            )
        reasons = self.env["energy.contract.document"]._fields["rejection_reason"]
        terms.update(
            zip(
                dict(reasons.selection).values(),
                dict(reasons._description_selection(self.env)).values(),
                strict=True,
            )
        )
        return terms
