# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""World of the incoming tests (no test in here): requests submitted to
distributor 0021 through the outgoing side, and the distributor's answers
built with gestionatr (``atr_answers``)."""

import io
import zipfile

from odoo import fields

from ..tools.atr_answers import AtrAnswerFactory
from .atr_common import DISTRIBUTOR_REE_CODE, OUR_REE_CODE, AtrCase


class IncomingCase(AtrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Import = cls.env["energy.atr.import"]
        cls.answers = AtrAnswerFactory(
            sender=DISTRIBUTOR_REE_CODE, receiver=OUR_REE_CODE
        )
        cls.today = fields.Date.context_today(cls.env.user)

    def _submitted(self, count=1, **vals):
        """`count` requests sent to the distributor (step 01 exported or not):
        submitted, each with its open case."""
        contracts = self._ready_to_submit(count, **vals)
        contracts.with_user(self.backoffice).action_submit()
        return contracts

    @staticmethod
    def _cups(case):
        """The CUPS as the distributor writes it (with the border-point suffix)."""
        return case.cups + "0F"

    def _answer(self, builder, case, **kwargs):
        """``builder`` (a method name of AtrAnswerFactory) for ``case``."""
        return getattr(self.answers, builder)(
            case.process, case.name, self._cups(case), **kwargs
        )

    @staticmethod
    def _zip(files):
        """ZIP bytes of ``[(name, bytes), ...]``."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, raw in files:
                archive.writestr(name, raw)
        return buffer.getvalue()

    def _import(self, raw, name="answer.xml", user=None):
        return self.Import.with_user(user or self.backoffice).import_file(name, raw)

    def _events(self, contract, event_type="atr_message"):
        return contract.event_ids.filtered(lambda e: e.event_type == event_type)
