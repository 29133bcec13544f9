# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import fields

from .claim_common import ClaimCase

# What the claims list reads per row (helpdesk_mgmt's list and ours).
LIST_SPEC = {
    "number": {},
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "stage_id": {"fields": {"display_name": {}}},
    "claim_subtype_id": {"fields": {"display_name": {}}},
    "state": {},
    "held_by": {},
    "date_deadline": {},
    "sales_channel_id": {"fields": {"display_name": {}}},
    "cups_count": {},
}
OVERDUE = [("is_overdue", "=", True)]
# a page of the list (fewer rows than the page size: no count query)
PAGE = 80


class TestClaimPerformance(ClaimCase):
    def _overdue_claims(self, count):
        old = fields.Datetime.now() - datetime.timedelta(days=40)
        return self.Ticket.create(
            [
                {
                    "name": f"Reclamación atrasada {n}",
                    "description": "<p>Sin respuesta.</p>",
                    "partner_id": self.customer.id,
                    "claim_subtype_id": self._subtype("103").id,
                    "supply_point_ids": [(6, 0, self.point.ids)],
                    "date_received": old,
                    "user_id": self.agent.id,
                }
                for n in range(count)
            ]
        )

    def _list_overdue_by_stage(self):
        """The overdue filter of the customer's claims, grouped by stage,
        and a page of the list."""
        Ticket = self.Ticket.with_user(self.agent)
        domain = [*OVERDUE, ("partner_id", "=", self.customer.id)]
        groups = Ticket.web_read_group(domain, ["stage_id"], ["stage_id"])
        rows = Ticket.web_search_read(domain, LIST_SPEC, limit=PAGE)
        return groups, rows

    def test_overdue_list_grouped_by_stage_queries_do_not_grow(self):
        self._overdue_claims(2)
        self._list_overdue_by_stage()  # warm the caches of the views' models
        self.env.invalidate_all()
        with self.assertQueryCount(12):
            __, rows = self._list_overdue_by_stage()
        self.assertEqual(rows["length"], 2)
        self._overdue_claims(20)
        self.env.invalidate_all()
        with self.assertQueryCount(12):
            groups, rows = self._list_overdue_by_stage()
        self.assertEqual(rows["length"], 22)
        self.assertEqual(sum(g["stage_id_count"] for g in groups["groups"]), 22)
