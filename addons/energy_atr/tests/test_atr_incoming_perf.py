# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo.tests import tagged

from .atr_incoming_common import IncomingCase

_logger = logging.getLogger(__name__)

# Queries the import of 200 answers may take beyond the import of 10: a small
# constant, whatever the number of messages (the ORM only splits its INSERT and
# UPDATE statements in chunks of 100 rows: about one more query per table
# written per 100 messages).
SLACK = 15


@tagged("post_install", "-at_install")
class TestAtrIncomingQueries(IncomingCase):
    def _zip_of(self, contracts, builder, **kwargs):
        return self._zip(
            [
                (f"{n:04d}.xml", self._answer(builder, contract.atr_case_id, **kwargs))
                for n, contract in enumerate(contracts)
            ]
        )

    def _count(self, raw):
        self.env.flush_all()
        self.env.cr.flush()
        before = self.cr.sql_log_count
        record = self._import(raw, name="answers.zip")
        self.env.flush_all()
        self.env.cr.flush()
        return self.cr.sql_log_count - before, record

    def test_importing_200_answers_takes_a_constant_number_of_queries(self):
        warmup, small, big = (self._submitted(n) for n in (3, 10, 200))
        # warm the caches (schemas, access rules, sequences...) with a first import
        self._import(self._zip_of(warmup, "acceptance"), name="warmup.zip")
        self._import(self._zip_of(warmup, "activation"), name="warmup.zip")

        for builder, state in (("acceptance", "accepted"), ("activation", "active")):
            with self.subTest(builder=builder):
                small_zip = self._zip_of(small, builder, tariff="018")
                big_zip = self._zip_of(big, builder, tariff="018")
                queries_small, record_small = self._count(small_zip)
                self.assertEqual(record_small.applied_count, 10)
                # a few dozen queries for a whole batch (measured: 33 and 41)
                self.assertLess(queries_small, 80)
                with self.assertQueryCount(queries_small + SLACK):
                    record = self._import(big_zip, name="answers.zip")
                _logger.info(
                    "%s: 10 answers imported in %s queries, 200 within %s",
                    builder,
                    queries_small,
                    queries_small + SLACK,
                )
                self.assertEqual(record.applied_count, 200, record.log)
                self.assertEqual(set(big.mapped("state")), {state})
