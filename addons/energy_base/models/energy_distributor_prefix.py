# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EnergyDistributorPrefix(models.Model):
    """Routes a CUPS to the distributor that must receive its switching messages.

    The first digits of a CUPS name the company that created the supply point,
    which is not always today's addressee: companies absorbed into groups keep
    their historical prefixes, and some groups require the legacy code as
    destination (GISCE's "Traducció de codi REE", gestionatr.defs.conv_dict_5/6).
    A CUPS is resolved by the rows whose prefix it starts with, preferring a row
    whose province filter includes the supply point's province (the Aragón rule),
    then the longest prefix.
    """

    _name = "energy.distributor.prefix"
    _description = "CUPS Prefix of a Distributor"
    _order = "prefix, id"
    _rec_name = "prefix"

    prefix = fields.Char(
        required=True,
        index=True,
        help="Four to six digits that follow 'ES' in the CUPS, e.g. 0021 or 00314.",
    )
    distributor_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_energy_distributor", "=", True)],
    )
    distributor_ree_code = fields.Char(
        related="distributor_id.energy_ree_code", string="Send To (REE Code)"
    )
    state_ids = fields.Many2many(
        "res.country.state",
        string="Only in Provinces",
        help="When set, the row applies only to supply points in these provinces "
        "and takes precedence over rows without provinces.",
    )
    note = fields.Char(help="Why this prefix goes to this distributor.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "prefix_format",
            "CHECK (prefix ~ '^[0-9]{4,6}$')",
            "A CUPS prefix is four to six digits (the part after 'ES').",
        ),
    ]

    @api.constrains("prefix", "state_ids", "active")
    def _check_unique_route(self):
        for row in self:
            clashes = self.search(
                [("prefix", "=", row.prefix), ("id", "!=", row.id)]
            ).filtered(
                lambda other, row=row: set(other.state_ids.ids)
                == set(row.state_ids.ids)
            )
            if clashes:
                raise ValidationError(
                    self.env._(
                        "The CUPS prefix %(prefix)s is already routed to "
                        "%(distributor)s for the same provinces.",
                        prefix=row.prefix,
                        distributor=clashes[0].distributor_id.display_name,
                    )
                )

    @api.model
    def _get_routing_table(self):
        """All active rows as plain tuples, longest and province-filtered first:
        (prefix, frozenset of province ids, distributor id)."""
        rows = self.search_fetch([], ["prefix", "state_ids", "distributor_id"])
        table = [
            (row.prefix, frozenset(row.state_ids.ids), row.distributor_id.id)
            for row in rows
        ]
        table.sort(key=lambda r: (bool(r[1]), len(r[0])), reverse=True)
        return table

    @api.model
    def _resolve_distributors(self, keys, table=None):
        """Resolve many (cups, province id) pairs at once, without a query per pair.

        :param keys: iterable of (cups, state_id or False)
        :return: dict {(cups, state_id): distributor partner id or False}
        """
        table = table if table is not None else self._get_routing_table()
        result = {}
        for cups, state_id in keys:
            digits = (cups or "")[2:8]
            result[(cups, state_id)] = next(
                (
                    distributor_id
                    for prefix, states, distributor_id in table
                    if digits.startswith(prefix) and (not states or state_id in states)
                ),
                False,
            )
        return result

    @api.model
    def resolve_distributor(self, cups, state=None):
        """The distributor partner for a CUPS (any form) and an optional province."""
        cups = re.sub(r"[\s-]", "", cups or "").upper()
        state_id = state.id if state else False
        partner_id = self._resolve_distributors([(cups, state_id)])[(cups, state_id)]
        return self.env["res.partner"].browse(partner_id)
