# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextvars
import hashlib
import json
from contextlib import contextmanager

from psycopg2 import sql as pgsql

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date, format_datetime, formatLang

from ..tools.history_text import catalogue

# The times at which server code replaying a past story (the demo) says its
# events happened, per (event model, subject id). Set only by
# `_history_clock`: no RPC caller can reach it.
_CLOCK = contextvars.ContextVar("energy_history_clock", default=None)


class EnergyHistoryEventMixin(models.AbstractModel):
    """One event of an append-only, hash-chained history (a request's, a
    claim's, a commission's...).

    Rows can be neither written nor deleted through the ORM, by anyone, in any
    context. Each row carries the SHA-256 of its content chained to the
    previous row of the same subject, so that an edit made behind the ORM's
    back is detected by `_verify_chain`.

    A concrete event model names the Many2one to its subject in
    `_history_subject_field` (the subject must have a `company_id`), declares
    that Many2one, and adds its own event types to `event_type` with
    `selection_add` (``"note"`` is shipped: verification and evidence exports
    log one)."""

    _name = "energy.history.event.mixin"
    _description = "Append-only Hash-chained History Event"

    # Name of the Many2one to the record whose history the event belongs to.
    _history_subject_field = None

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, index=True
    )
    sequence = fields.Integer(readonly=True, required=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda self: self.env.uid
    )
    event_type = fields.Selection(
        [("note", "Note")], required=True, readonly=True, index=True
    )
    field_name = fields.Char(readonly=True)
    old_value = fields.Char(readonly=True)
    new_value = fields.Char(readonly=True)
    reason = fields.Text(readonly=True)
    # No explicit relation: each concrete model gets its own table,
    # <its table>_ir_attachment_rel, named after its own table.
    attachment_ids = fields.Many2many(
        "ir.attachment", string="Evidence", readonly=True, copy=False
    )
    previous_hash = fields.Char(readonly=True)
    hash = fields.Char(string="SHA-256", readonly=True)
    # What the reader sees: the stored values above stay as written (they are
    # hashed); these show them in the reader's language and formats.
    field_label = fields.Char(string="Concerning", compute="_compute_display")
    old_display = fields.Char(string="Before", compute="_compute_display")
    new_display = fields.Char(string="After", compute="_compute_display")
    reason_display = fields.Text(string="Detail", compute="_compute_display")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends_context("lang", "tz")
    def _compute_display(self):
        labels = self._history_field_labels()
        formatters = self._history_value_formatters()
        terms = self._history_terms()
        texts = catalogue(self._history_text_modules(), self.env.lang)
        for event in self:
            key = (event.event_type, event.field_name or False)
            event.field_label = labels.get(key, event.field_name or False)
            fmt = formatters.get(key) or formatters.get(event.event_type)
            event.old_display = fmt(event.old_value) if fmt else event.old_value
            event.new_display = fmt(event.new_value) if fmt else event.new_value
            event.reason_display = texts.translate(event.reason, terms)

    def _history_subject_model(self):
        comodel = self._fields[self._history_subject_field].comodel_name
        return self.env[comodel]

    def _history_text_modules(self):
        """The addons whose Python translations a stored text may come from."""
        return tuple(
            name
            for name in self.env.registry._init_modules
            if name.startswith("energy_")
        )

    def _history_field_labels(self):
        """{(event_type, field_name): label}: what an event concerns, in the
        reader's language. Field changes name the subject's field."""
        subject = self._history_subject_model()
        return {
            ("field_change", fname): subject._fields[fname]._description_string(
                self.env
            )
            for fname in set(self.mapped("field_name"))
            if fname and fname in subject._fields
        }

    def _history_value_formatters(self):
        """{event_type or (event_type, field_name): raw value -> shown value}."""
        subject = self._history_subject_model()
        formatters = {}
        for event_type, fname in (
            ("state_change", "state"),
            ("blocking_change", "blocking_party"),
        ):
            if fname in subject._fields:
                formatters[event_type] = self._history_field_formatter(
                    subject._fields[fname]
                )
        changes = self.filtered(lambda e: e.event_type == "field_change")
        for fname in set(changes.mapped("field_name")):
            if fname in subject._fields:
                formatters[("field_change", fname)] = self._history_field_formatter(
                    subject._fields[fname]
                )
        return formatters

    def _history_field_formatter(self, field):
        """raw stored string -> shown value, for a value of `field`."""
        env = self.env
        if field.type == "selection":
            labels = dict(field._description_selection(env))
            return lambda raw: labels.get(raw, raw) if raw else raw
        if field.type == "date":
            return lambda raw: format_date(env, raw) if raw else raw
        if field.type == "datetime":
            tz = env.context.get("tz") or env.user.tz or "Europe/Madrid"

            def moment(raw):
                return (
                    format_datetime(env, raw, tz=tz, dt_format="short") if raw else raw
                )

            return moment
        if field.type == "float":
            digits = field.get_digits(env)
            precision = digits[1] if digits else 2

            def number(raw):
                try:
                    return formatLang(env, float(raw), digits=precision)
                except ValueError:
                    return raw

            return number
        if field.type == "boolean":
            yes, no = env._("Yes"), env._("No")
            return lambda raw: {"True": yes, "False": no}.get(raw, raw)
        return None

    def _history_terms(self):
        """{stored text: shown text} for texts that are not the code's (names
        of master data at the time of the event, English -> reader's)."""
        return {}

    @api.depends(
        lambda self: [f"{self._history_subject_field}.company_id"]
        if self._history_subject_field
        else []
    )
    def _compute_company_id(self):
        for event in self:
            event.company_id = event[self._history_subject_field].company_id

    # ------------------------------------------------------------------
    # CRUD methods: append only
    # ------------------------------------------------------------------

    def write(self, vals):
        if vals:
            raise UserError(self.env._("The history cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The history cannot be deleted."))

    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        """Chain each new event to the last one of its subject. Batch: one
        query for the chain heads and companies, one insert of the events, one
        of their evidence links. The ORM's create is not called on purpose:
        events are plain append-only rows written by the thousand by every
        transition, and nothing may set their sequence or hashes."""
        if not vals_list:
            return self.browse()
        subject_field = self._history_subject_field
        subject_ids = list({vals[subject_field] for vals in vals_list})
        heads = self._history_heads(subject_ids)
        now = fields.Datetime.now()
        clock = _CLOCK.get() or {}
        rows = []
        links = []
        for vals in vals_list:
            subject_id = vals[subject_field]
            company_id, sequence, previous = heads[subject_id]
            row = {
                subject_field: subject_id,
                "company_id": company_id,
                "sequence": sequence + 1,
                "date": fields.Datetime.to_datetime(vals.get("date"))
                or clock.get((self._name, subject_id))
                or clock.get((self._name, None))
                or now,
                "user_id": vals.get("user_id") or self.env.uid,
                "event_type": vals["event_type"],
                "field_name": vals.get("field_name") or False,
                "old_value": vals.get("old_value") or False,
                "new_value": vals.get("new_value") or False,
                "reason": vals.get("reason") or False,
                "previous_hash": previous,
            }
            attachment_ids = sorted(vals.get("attachment_ids") or [])
            row["hash"] = self._history_hash(dict(row, attachment_ids=attachment_ids))
            heads[subject_id] = (company_id, row["sequence"], row["hash"])
            rows.append(row)
            links.append(attachment_ids)
        ids = self._insert_rows(rows)
        self._insert_attachment_links(ids, links)
        subject = self._fields[subject_field]
        inverses = [
            field.name
            for field in self.pool.field_inverses[subject]
            if field.model_name == subject.comodel_name
        ]
        if inverses:
            self.env[subject.comodel_name].browse(subject_ids).invalidate_recordset(
                inverses
            )
        return self.browse(ids)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _log(self, vals_list):
        """Append events: dicts with the subject field, the event fields and
        attachment_ids as a plain list of ids. Any user who may act on the
        subject leaves its trace; nobody may create events directly."""
        if not vals_list:
            return self.browse()
        return self.sudo().create(vals_list)

    @contextmanager
    def _history_clock(self, dates):
        """Within this block, the events appended to the subjects of
        `dates` ({subject id: datetime}; the None key: any other subject, for
        records being created) are dated at that time instead of now: server
        code replaying a story that happened in the past (the
        demo), so that the history tells it with its own times. Never reached
        by a client; the hash chain covers the date like any other value."""
        token = _CLOCK.set(
            {
                **(_CLOCK.get() or {}),
                **{
                    (self._name, subject_id): fields.Datetime.to_datetime(date)
                    for subject_id, date in dates.items()
                },
            }
        )
        try:
            yield
        finally:
            _CLOCK.reset(token)

    def _verify_chain(self):
        """First broken link of these events (one subject, in order), or False."""
        previous = ""
        for event in self.sorted("sequence"):
            if (event.previous_hash or "") != previous:
                return event
            if self._history_hash(event._history_hash_values()) != event.hash:
                return event
            previous = event.hash
        return False

    def _evidence_rows(self):
        """One dict per event (one subject, in order), with its hashes and
        whether each still holds: what an auditor reads in the evidence."""
        rows = []
        previous = ""
        for event in self.sorted("sequence"):
            computed = self._history_hash(event._history_hash_values())
            rows.append(
                {
                    "sequence": event.sequence,
                    "date": fields.Datetime.to_string(event.date),
                    "user": event.user_id.name,
                    "event_type": event.event_type,
                    "field_name": event.field_name or "",
                    "old_value": event.old_value or "",
                    "new_value": event.new_value or "",
                    "reason": event.reason or "",
                    "attachments": [
                        {"id": a.id, "name": a.name} for a in event.attachment_ids
                    ],
                    "previous_hash": event.previous_hash or "",
                    "hash": event.hash or "",
                    "computed_hash": computed,
                    "hash_valid": computed == event.hash,
                    "link_valid": (event.previous_hash or "") == previous,
                }
            )
            previous = event.hash or ""
        return rows

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------

    @api.model
    def _history_heads(self, subject_ids):
        """{subject id: (company id, last sequence or 0, last hash or "")},
        the subjects' rows locked until the end of the transaction."""
        subject = self._fields[self._history_subject_field]
        Subject = self.env[subject.comodel_name]
        heads = {}
        for subject_id, company_id, sequence, previous in self.env.execute_query(
            SQL(
                "SELECT s.id, %(company)s, e.sequence, e.hash "
                "FROM %(subjects)s s LEFT JOIN LATERAL ("
                "  SELECT sequence, hash FROM %(events)s "
                "  WHERE %(subject)s = s.id ORDER BY sequence DESC LIMIT 1"
                ") e ON TRUE WHERE s.id = ANY(%(ids)s) "
                # two transactions appending to one subject take turns: each
                # chains to the other's last event, never to the same one
                "ORDER BY s.id FOR NO KEY UPDATE OF s",
                company=SQL.identifier(
                    "s", "company_id", to_flush=Subject._fields["company_id"]
                ),
                subjects=SQL.identifier(Subject._table),
                events=SQL.identifier(self._table),
                subject=SQL.identifier(subject.name),
                ids=subject_ids,
            )
        ):
            heads[subject_id] = (company_id, sequence or 0, previous or "")
        return heads

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

    @api.model
    def _insert_attachment_links(self, ids, links):
        """Link each new event (`ids`) to its evidence (`links`, lists of
        attachment ids in the same order) in one statement."""
        pairs = [
            (event_id, attachment_id)
            for event_id, attachment_ids in zip(ids, links, strict=True)
            for attachment_id in attachment_ids
        ]
        if not pairs:
            return
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

    @api.model
    def _history_payload(self, vals):
        """The text an event's SHA-256 is taken of: its previous hash, subject,
        place in the chain, author, content and evidence. The order is part
        of every stored hash: never change it."""
        ids = sorted(vals.get("attachment_ids") or [])
        date = vals["date"]
        return json.dumps(
            [
                vals.get("previous_hash") or "",
                vals[self._history_subject_field],
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
    def _history_hash(self, vals):
        return hashlib.sha256(self._history_payload(vals).encode()).hexdigest()

    def _history_hash_values(self):
        """The stored values of this event, in the form `_history_hash` reads."""
        self.ensure_one()
        return {
            "previous_hash": self.previous_hash,
            self._history_subject_field: self[self._history_subject_field].id,
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
