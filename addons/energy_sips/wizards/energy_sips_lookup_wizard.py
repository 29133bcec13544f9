# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.energy_base.models.energy_supply_point import normalize_cups


class EnergySipsLookupWizard(models.TransientModel):
    """Look CUPS up online and write what the provider says to the supply
    points (new CUPS become prospects)."""

    _name = "energy.sips.lookup.wizard"
    _description = "Look Up CUPS in SIPS"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    provider_id = fields.Many2one(
        "energy.sips.provider",
        domain="[('company_id', '=', company_id)]",
        help="Empty: the company's first provider, or the SIPS data already "
        "imported when there is none.",
    )
    cups_text = fields.Text(
        string="CUPS",
        required=True,
        help="One or more CUPS, separated by new lines, spaces or commas.",
    )
    state = fields.Selection(
        [("draft", "To look up"), ("done", "Done")], default="draft", required=True
    )
    line_ids = fields.One2many(
        "energy.sips.lookup.wizard.line", "wizard_id", string="Results", readonly=True
    )
    import_ids = fields.Many2many("energy.sips.import", string="Imports", readonly=True)

    @api.model
    def _split_cups(self, text):
        """CUPS typed in a text: 'ES 0021 ... 0F' keeps its spaces together."""
        values = []
        for chunk in re.split(r"[\n,;]+", text or ""):
            chunk = chunk.strip()
            if not chunk:
                continue
            compact = normalize_cups(chunk)
            if len(compact) in (20, 22):
                values.append(compact)
            else:
                values.extend(part for part in chunk.split() if part)
        return values

    def action_lookup(self):
        self.ensure_one()
        cups_list = self._split_cups(self.cups_text)
        if not cups_list:
            raise UserError(self.env._("Type at least one CUPS."))
        provider = self.provider_id or self.env["energy.sips.provider"]._get_default(
            self.company_id
        )
        results = provider.lookup(cups_list)
        imports = provider._apply_lookup_results(results)
        points = self.env["energy.supply.point"].search_fetch(
            [
                ("cups", "in", [result["cups"] for result in results]),
                ("company_id", "=", self.company_id.id),
            ],
            ["cups"],
        )
        by_cups = {point.cups: point.id for point in points}
        self.write(
            {
                "state": "done",
                "import_ids": [Command.set(imports.ids)],
                "line_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "cups": result["cups"],
                            "found": result["found"],
                            "message": result["error"]
                            or "\n".join(result["warnings"])
                            or self.env._("Data applied."),
                            "supply_point_id": by_cups.get(result["cups"], False),
                        }
                    )
                    for result in results
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("SIPS Look-up Result"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class EnergySipsLookupWizardLine(models.TransientModel):
    _name = "energy.sips.lookup.wizard.line"
    _description = "SIPS Look-up Result"

    wizard_id = fields.Many2one(
        "energy.sips.lookup.wizard", required=True, ondelete="cascade"
    )
    cups = fields.Char(string="CUPS")
    found = fields.Boolean()
    message = fields.Text()
    supply_point_id = fields.Many2one("energy.supply.point")
