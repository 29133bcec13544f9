# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .atr_lifecycle import CURRENT_STATES

HOLDER_CHANGE_TYPES = ("holder_change", "holder_change_switch")
# CNMC switching process each request type opens with the distributor: a
# withdrawal within 14 days is the E1 (desistimiento), not a B1. Request types
# without one (a renewal) are submitted without any message.
ATR_PROCESS = {
    "new_supply": "A3",
    "switch": "C1",
    "switch_changes": "C2",
    "modification": "M1",
    "holder_change": "M1",
    "holder_change_switch": "C2",
    "termination": "B1",
    "withdrawal": "E1",
}


class EnergyContract(models.Model):
    _inherit = "energy.contract"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    atr_process = fields.Char(
        string="ATR Process",
        compute="_compute_atr_process",
        store=True,
        help="CNMC switching process the request opens with the distributor.",
    )
    atr_case_ids = fields.One2many("energy.atr.case", "contract_id", string="ATR Cases")
    atr_case_id = fields.Many2one(
        "energy.atr.case",
        string="Current ATR Case",
        compute="_compute_atr_case_id",
        store=True,
        index="btree_not_null",
        help="The latest case with the distributor that is not finished.",
    )
    atr_case_count = fields.Integer(
        string="ATR Case Count", compute="_compute_atr_case_count"
    )
    access_contract_code = fields.Char(
        copy=False,
        index="btree_not_null",
        help="Code of the access (ATR) contract with the distributor, given by "
        "the activation message (CodContrato): the reference of the distributor's "
        "invoices and claims for this supply.",
    )
    atr_holder_change_type = fields.Selection(
        [("T", "Transfer (traspaso)"), ("S", "Subrogation (subrogación)")],
        string="Holder Change Type",
        compute="_compute_atr_holder_change_type",
        store=True,
        readonly=False,
        precompute=True,
        help="How the holder changes in the ATR message (CNMC table 53): a "
        "transfer to a new holder, or a subrogation (e.g. inheritance) that "
        "keeps the contract.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("request_type")
    def _compute_atr_process(self):
        for contract in self:
            contract.atr_process = ATR_PROCESS.get(contract.request_type, False)

    @api.depends("atr_case_ids.state")
    def _compute_atr_case_id(self):
        for contract in self:
            current = contract.atr_case_ids.filtered(
                lambda case: case.state in CURRENT_STATES
            )
            contract.atr_case_id = max(current, key=lambda case: case.id, default=False)

    def _compute_atr_case_count(self):
        counts = dict(
            self.env["energy.atr.case"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.atr_case_count = counts.get(contract, 0)

    @api.depends("request_type")
    def _compute_atr_holder_change_type(self):
        for contract in self:
            if contract.request_type in HOLDER_CHANGE_TYPES:
                contract.atr_holder_change_type = contract.atr_holder_change_type or "T"
            else:
                contract.atr_holder_change_type = False

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_view_atr_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_atr.energy_atr_case_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        if len(self.atr_case_ids) == 1:
            action.update(
                views=[(False, "form")], view_mode="form", res_id=self.atr_case_ids.id
            )
        return action
