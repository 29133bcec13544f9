# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import json

from psycopg2 import sql as pgsql

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class EnergyContractEvent(models.Model):
    """Append-only history of a request: every phase change, exception,
    document decision, signature, distributor message and key-field edit.

    Rows can be neither written nor deleted through the ORM, by anyone. Each
    row carries the SHA-256 of its content chained to the previous row of the
    same request, so that an edit made behind the ORM's back is detected."""

    _name = "energy.contract.event"
    _description = "Contract Request Event"
    _order = "contract_id, sequence"
    _log_access = True

    contract_id = fields.Many2one(
        "energy.contract", required=True, ondelete="restrict", index=True, readonly=True
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(readonly=True, required=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda self: self.env.uid
    )
    event_type = fields.Selection(
        [
            ("state_change", "Phase change"),
            ("blocking_change", "Ball changed hands"),
            ("field_change", "Data change"),
            ("document", "Document decision"),
            ("exception", "Exception"),
            ("scoring", "Scoring"),
            ("signature", "Signature"),
            ("atr_message", "Distributor message"),
            ("reminder", "Reminder"),
            ("note", "Note"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    field_name = fields.Char(readonly=True)
    old_value = fields.Char(readonly=True)
    new_value = fields.Char(readonly=True)
    reason = fields.Text(readonly=True)
    attachment_ids = fields.Many2many(
        "ir.attachment", string="Evidence", readonly=True, copy=False
    )
    previous_hash = fields.Char(readonly=True)
    hash = fields.Char(string="SHA-256", readonly=True)

    # ------------------------------------------------------------------
    # CRUD: append only
    # ------------------------------------------------------------------

    def write(self, vals):
        if vals:
            raise UserError(self.env._("The history of a request cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The history of a request cannot be deleted."))

    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        """Chain each new event to the last one of its request. Batch: one
        query for the chain heads and companies, one insert of the events, one
        of their evidence links. The ORM's create is not called on purpose:
        events are plain append-only rows written by the thousand by every
        transition."""
        if not vals_list:
            return self.browse()
        contract_ids = list({vals["contract_id"] for vals in vals_list})
        heads = {}
        companies = {}
        for contract_id, company_id, sequence, previous in self.env.execute_query(
            SQL(
                "SELECT c.id, c.company_id, e.sequence, e.hash "
                "FROM energy_contract c LEFT JOIN LATERAL ("
                "  SELECT sequence, hash FROM energy_contract_event "
                "  WHERE contract_id = c.id ORDER BY sequence DESC LIMIT 1"
                ") e ON TRUE WHERE c.id = ANY(%s)",
                contract_ids,
            )
        ):
            heads[contract_id] = (sequence or 0, previous or "")
            companies[contract_id] = company_id
        now = fields.Datetime.now()
        rows = []
        links = []
        for vals in vals_list:
            sequence, previous = heads[vals["contract_id"]]
            row = {
                "contract_id": vals["contract_id"],
                "company_id": companies[vals["contract_id"]],
                "sequence": sequence + 1,
                "date": fields.Datetime.to_datetime(vals.get("date")) or now,
                "user_id": vals.get("user_id") or self.env.uid,
                "event_type": vals["event_type"],
                "field_name": vals.get("field_name") or False,
                "old_value": vals.get("old_value") or False,
                "new_value": vals.get("new_value") or False,
                "reason": vals.get("reason") or False,
                "previous_hash": previous,
            }
            attachment_ids = sorted(vals.get("attachment_ids") or [])
            row["hash"] = self._compute_hash(dict(row, attachment_ids=attachment_ids))
            heads[vals["contract_id"]] = (row["sequence"], row["hash"])
            rows.append(row)
            links.append(attachment_ids)
        ids = self._insert_rows(rows)
        pairs = [
            (event_id, attachment_id)
            for event_id, attachment_ids in zip(ids, links, strict=True)
            for attachment_id in attachment_ids
        ]
        if pairs:
            field = self._fields["attachment_ids"]
            self.env.cr.execute_values(
                pgsql.SQL("INSERT INTO {} ({}, {}) VALUES %s").format(
                    pgsql.Identifier(field.relation),
                    pgsql.Identifier(field.column1),
                    pgsql.Identifier(field.column2),
                ),
                pairs,
                page_size=len(pairs),
            )
        self.env["energy.contract"].browse(contract_ids).invalidate_recordset(
            ["event_ids"]
        )
        return self.browse(ids)

    @api.model
    def _insert_rows(self, rows):
        """Insert event rows (dicts with the same keys, False for empty) in
        one statement; return their ids in order."""
        columns = list(rows[0])
        now = self.env.cr.now()
        audit = [self.env.uid, now, self.env.uid, now]
        result = self.env.cr.execute_values(
            pgsql.SQL(
                "INSERT INTO {table} ({columns}, create_uid, create_date, "
                "write_uid, write_date) VALUES %s RETURNING id"
            ).format(
                table=pgsql.Identifier(self._table),
                columns=pgsql.SQL(", ").join(map(pgsql.Identifier, columns)),
            ),
            [
                [None if row[column] is False else row[column] for column in columns]
                + audit
                for row in rows
            ],
            page_size=len(rows),
            fetch=True,
        )
        self.invalidate_model()
        return [row[0] for row in result]

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _log(self, vals_list):
        """Append events: dicts with contract_id, the event fields and
        attachment_ids as a plain list of ids. Any user who may act on a
        request leaves its trace; nobody may create events directly."""
        if not vals_list:
            return self.browse()
        return self.sudo().create(vals_list)

    @api.model
    def _hash_payload(self, vals):
        ids = sorted(vals.get("attachment_ids") or [])
        date = vals["date"]
        return json.dumps(
            [
                vals.get("previous_hash") or "",
                vals["contract_id"],
                vals["sequence"],
                fields.Datetime.to_string(date) if not isinstance(date, str) else date,
                vals["user_id"],
                vals["event_type"],
                vals.get("field_name") or "",
                vals.get("old_value") or "",
                vals.get("new_value") or "",
                vals.get("reason") or "",
                ids,
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @api.model
    def _compute_hash(self, vals):
        return hashlib.sha256(self._hash_payload(vals).encode()).hexdigest()

    def _payload_of_record(self):
        self.ensure_one()
        return {
            "previous_hash": self.previous_hash,
            "contract_id": self.contract_id.id,
            "sequence": self.sequence,
            "date": self.date,
            "user_id": self.user_id.id,
            "event_type": self.event_type,
            "field_name": self.field_name,
            "old_value": self.old_value,
            "new_value": self.new_value,
            "reason": self.reason,
            "attachment_ids": self.attachment_ids.ids,
        }

    def _verify_chain(self):
        """First broken link of these events (one request, in order), or False."""
        previous = ""
        for event in self.sorted("sequence"):
            if (event.previous_hash or "") != previous:
                return event
            if self._compute_hash(event._payload_of_record()) != event.hash:
                return event
            previous = event.hash
        return False
