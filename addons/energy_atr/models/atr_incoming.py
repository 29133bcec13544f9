# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the incoming side of the switching shares (pure Python, no model):
the order in which messages apply, how each kind of answer moves a request,
which method applies each kind, and the message being applied (`AtrItem`).

The incoming side itself: files received are expanded and stored by
`energy.atr.import` (``energy_atr_import.py``), parsed and validated with
gestionatr (``atr_parse``), kept with their raw file and set aside in the
inbox when they cannot apply (``energy_atr_message_inbox.py``), matched to
their case (``energy_atr_message_match.py``) and applied to the case and its
request (``energy_atr_message_apply.py``, one handler per kind in
``energy_atr_message_handlers.py``).

Applying works in batches: the messages of one kind (acceptances,
activations...) move their requests with one call of the request's action
per distinct set of arguments, inside a savepoint. When a batch fails it is
split in halves until the failing messages are isolated: those stay in the
inbox with the reason, the others are applied. Nothing is applied twice (the
applied key is unique per company) and re-importing a file changes nothing."""

import logging
import os
import shutil

import pytz

from odoo import fields

from . import atr_parse

_logger = logging.getLogger(__name__)

SPAIN_TZ = "Europe/Madrid"
ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_ZIP_DEPTH = 2
PROCESSED_FOLDER = "processed"
# Problems after which the file is not stored as XML.
NOT_XML_ERRORS = (
    atr_parse.ERROR_EMPTY,
    atr_parse.ERROR_NOT_XML,
    "bad_zip",
    "bad_member",
    "too_big",
)
POWER_PERIODS = range(1, 7)
# TABLA_51 power control mode -> supply point selection
POWER_CONTROL_MODES = {"1": "icp", "2": "maximeter"}
# Order in which the messages of one case are applied within one import.
KIND_RANK = {
    atr_parse.KIND_ACCEPTANCE: 1,
    atr_parse.KIND_OUTGOING_ACCEPTANCE: 1,
    atr_parse.KIND_INCIDENCE: 2,
    atr_parse.KIND_REJECTION: 3,
    atr_parse.KIND_OUTGOING_REJECTION: 3,
    atr_parse.KIND_ACTIVATION: 4,
    atr_parse.KIND_OUTGOING_ACTIVATION: 4,
    atr_parse.KIND_CANCEL_ACCEPTANCE: 5,
    atr_parse.KIND_CANCEL_REJECTION: 5,
    atr_parse.KIND_CLAIM_CLOSURE: 6,
    atr_parse.KIND_OTHER: 7,
}
# Request states from which each distributor answer moves the request, and
# the move (None: the request is already there, only the case changes).
CONTRACT_MOVES = {
    atr_parse.KIND_ACCEPTANCE: {
        "submitted": "accept",
        "incident": "accept",
        "accepted": None,
        "active": None,
    },
    atr_parse.KIND_REJECTION: {
        "submitted": "reject",
        "incident": "reject",
        "accepted": "reject",
        "rejected": None,
    },
    atr_parse.KIND_INCIDENCE: {
        "submitted": "incident",
        "accepted": "incident",
        "incident": None,
    },
    atr_parse.KIND_ACTIVATION: {
        "accepted": "activate",
        "submitted": "accept_activate",
        "incident": "accept_activate",
        "active": None,
    },
    atr_parse.KIND_OUTGOING_ACTIVATION: {"active": "terminate", "terminated": None},
    atr_parse.KIND_OUTGOING_ACCEPTANCE: {"active": None},
    atr_parse.KIND_OUTGOING_REJECTION: {"active": None, "terminated": None},
    atr_parse.KIND_CANCEL_ACCEPTANCE: {
        "cancelled": None,
        "submitted": "cancel",
        "incident": "cancel",
        "accepted": "cancel",
    },
}
# Requests that are the supply contract of a point (not a change of it).
SUPPLY_REQUEST_TYPES = (
    "new_supply",
    "switch",
    "switch_changes",
    "holder_change_switch",
)
# The method of energy.atr.message that applies each kind of message. A kind
# without an entry, or an entry naming no method, raises: never a fallback.
KIND_HANDLERS = {
    atr_parse.KIND_ACCEPTANCE: "_atr_apply_acceptance",
    atr_parse.KIND_REJECTION: "_atr_apply_rejection",
    atr_parse.KIND_INCIDENCE: "_atr_apply_incidence",
    atr_parse.KIND_ACTIVATION: "_atr_apply_activation",
    atr_parse.KIND_OUTGOING_ACTIVATION: "_atr_apply_outgoing_activation",
    atr_parse.KIND_OUTGOING_ACCEPTANCE: "_atr_apply_outgoing_acceptance",
    atr_parse.KIND_OUTGOING_REJECTION: "_atr_apply_outgoing_rejection",
    atr_parse.KIND_CANCEL_ACCEPTANCE: "_atr_apply_cancellation_acceptance",
    atr_parse.KIND_CANCEL_REJECTION: "_atr_apply_cancellation_rejection",
    atr_parse.KIND_CLAIM_CLOSURE: "_atr_apply_claim_closure",
    atr_parse.KIND_OTHER: "_atr_apply_other",
}


def to_date(value):
    if not value:
        return False
    try:
        return fields.Date.to_date(value[:10])
    except ValueError:
        return False


def spain_to_utc(value):
    """Naive UTC datetime of a CNMC FechaSolicitud (Spanish local time)."""
    if not value:
        return False
    try:
        local = fields.Datetime.to_datetime(value[:19])
    except ValueError:
        return False
    return (
        pytz.timezone(SPAIN_TZ)
        .localize(local)
        .astimezone(pytz.utc)
        .replace(tzinfo=None)
    )


def move_files(moves):
    """Post-commit: move imported files to the processed folder."""
    for source, target_dir in moves:
        try:
            os.makedirs(target_dir, exist_ok=True)
            name = os.path.basename(source)
            target = os.path.join(target_dir, name)
            stem, ext = os.path.splitext(name)
            counter = 1
            while os.path.exists(target):
                target = os.path.join(target_dir, f"{stem}-{counter}{ext}")
                counter += 1
            shutil.move(source, target)
        except OSError:
            _logger.exception("Could not move the imported ATR file %s", source)


class AtrItem:
    """One incoming message being matched and applied: its message record,
    what gestionatr read, its case and request once matched, the request's
    planned move and what applying it changed beyond the case (`note`, added
    to the message's summary)."""

    __slots__ = ("message", "parsed", "case", "contract", "move", "date", "note")

    def __init__(self, message, parsed):
        self.message = message
        self.parsed = parsed
        self.case = None
        self.contract = None
        self.move = None
        self.note = None
        self.date = spain_to_utc(parsed.date) or fields.Datetime.now()

    @property
    def kind(self):
        return self.parsed.kind

    def rank(self):
        return (
            KIND_RANK.get(self.parsed.kind, 9),
            self.date,
            self.parsed.sequence or "",
            self.message.id,
        )
