# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from lxml import etree

from odoo.exceptions import UserError

from .claim_common import ClaimCase


class TestClaimR1(ClaimCase):
    def test_open_r1_builds_a_valid_r1_01(self):
        """Open R1 builds the R1-01 (validated against the CNMC XSD) with the
        claim's type, subtype and number as ReferenciaOrigen; the claim waits
        for the distributor."""
        claim = self._claim_form("009")
        claim.with_user(self.agent).action_claim_start()
        claim.with_user(self.agent).action_open_r1()
        case = claim.r1_case_ids
        self.assertEqual(case.process, "R1")
        self.assertEqual(case.state, "open")
        self.assertEqual(claim.state, "waiting_distributor")
        self.assertEqual(claim.held_by, "distributor")
        message = case.atr_message_ids
        self.assertEqual(len(message), 1)
        root = etree.fromstring(base64.b64decode(message.attachment_id.datas))
        texts = {el.tag.split("}")[-1]: el.text for el in root.iter()}
        self.assertEqual(texts["Tipo"], "02")
        self.assertEqual(texts["Subtipo"], "009")
        self.assertEqual(texts["ReferenciaOrigen"], claim.number)
        self.assertIn("r1", claim.event_ids.mapped("event_type"))

    def test_r1_refused_for_retailer_subtype(self):
        claim = self._claim_form("103")
        with self.assertRaisesRegex(UserError, "not a claim for the distributor"):
            claim.with_user(self.agent).action_open_r1()
        self.assertFalse(claim.r1_case_ids)

    def test_distributor_closure_gives_the_claim_back(self):
        """When the distributor closes the R1 (05), the claim is ours again
        with an activity; the time with the distributor is recorded."""
        claim = self._claim_form("009")
        claim.with_user(self.agent).action_open_r1()
        case = claim.r1_case_ids
        # what the import of an R1-05 does to the case
        case.with_user(self.backoffice)._set_state("closed", reason="R1-05")
        self.assertEqual(claim.state, "in_progress")
        self.assertTrue(claim.activity_ids)
        self.assertIn("distributor", claim.hold_ids.mapped("party"))
