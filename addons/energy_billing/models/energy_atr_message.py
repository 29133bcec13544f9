# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from ..tools.f1_file import parse_f1_readings


class EnergyAtrMessage(models.Model):
    """Distributor F1 files arrive through the switching inbox (kept raw,
    XSD-validated with gestionatr, duplicates skipped); the billing turns the
    readings they carry into consumption readings. What cannot be read or
    applied stays in the inbox with the reason, like any ATR message."""

    _inherit = "energy.atr.message"

    @api.model
    def _atr_process(self, items):
        our_code = self.env.company.energy_ree_code
        f1 = [
            item
            for item in items
            if item.parsed.process == "F1"
            and our_code
            and item.parsed.receiver_code == our_code
        ]
        result = super()._atr_process([item for item in items if item not in f1])
        if f1:
            self._energy_apply_f1(f1)
        return result

    @api.model
    def _energy_apply_f1(self, items):
        """One reading per ATR invoice of each F1; each file applies in its
        own savepoint, so a bad one goes to the inbox and the others apply."""
        Reading = self.env["energy.billing.reading"]
        for item in items:
            message = item.message
            try:
                with self.env.cr.savepoint():
                    vals_list = self._energy_f1_reading_vals(message)
                    Reading.create(vals_list)
                    message.write({"state": "applied", "error": False})
            except (UserError, ValidationError) as error:
                self._atr_set_inbox(item, "error", error.args[0])

    def _energy_f1_reading_vals(self, message):
        raw = message.attachment_id.sudo().raw or b""
        rows = parse_f1_readings(raw)
        cups_list = {row["cups"][:20] for row in rows}
        points = self.env["energy.supply.point"].search(
            [("cups", "in", list(cups_list))]
        )
        by_cups = {point.cups: point for point in points}
        vals_list = []
        for row in rows:
            point = by_cups.get(row["cups"][:20])
            if not point:
                raise UserError(
                    self.env._(
                        "The F1 bills the supply point %(cups)s, which is not one of "
                        "ours.",
                        cups=row["cups"],
                    )
                )
            vals = {
                "supply_point_id": point.id,
                "company_id": message.company_id.id,
                "date_start": row["date_start"],
                "date_end": row["date_end"],
                "source": "f1",
                "attachment_id": message.attachment_id.id,
                "note": self.env._("F1 %(file)s", file=message.file_name or ""),
            }
            vals.update(
                {f"kwh_p{period}": kwh for period, kwh in enumerate(row["kwh"], 1)}
            )
            vals_list.append(vals)
        return vals_list
