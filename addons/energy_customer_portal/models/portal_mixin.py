# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL


class PortalMixin(models.AbstractModel):
    _inherit = "portal.mixin"

    def _portal_ensure_tokens(self):
        """`_portal_ensure_token` for a whole recordset in one statement.

        The portal's links (`get_portal_url`) give every record without an
        access token one through a `write` each: on an invoice list that is
        the invoice's whole write machinery (line sync, balance check, the
        "manually modified" flag) once per invoice on the page. Only the
        token is set here, with the same UUID format, on the records that
        still have none (a concurrent request may have set it meanwhile)."""
        missing = self.filtered(lambda record: not record.access_token)
        if not missing:
            return
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET access_token = gen_random_uuid()::text "
                "WHERE id IN %s AND access_token IS NULL",
                SQL.identifier(self._table),
                tuple(missing.ids),
            )
        )
        missing.invalidate_recordset(["access_token"])
