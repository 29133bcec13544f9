# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Requests the customer files on the portal for one of their active
contracts: a power or tariff change (M1), a holder change (M1 transfer), a
termination (B1) and the statutory withdrawal within 14 days (E1). Each one is
a change request of the contract, created with the values back-office uses
(`_prepare_change_request_values`, the holder-change wizard's checks), moved
into Documentation by the back-office action, recorded in both histories and
confirmed to the customer by e-mail."""

from datetime import timedelta

from stdnum.es import cif as stdnum_cif
from stdnum.es import nif as stdnum_nif

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.energy_commission.models.energy_contract_channel_submission import (
    MAX_FILE_BYTES,
)
from odoo.addons.energy_contract.models.energy_contract import POWER_FIELDS
from odoo.addons.energy_contract.models.lifecycle import IN_PROGRESS_STATES

PORTAL_REQUEST_TYPES = ("modification", "holder_change", "termination", "withdrawal")
# Requests that end the contract: one of them open is enough.
ENDING_TYPES = ("termination", "withdrawal")
# A customer files at most this many requests a day on the portal (abuse).
PORTAL_DAILY_LIMIT = 5
PORTAL_MAX_FILES = 5
# Checked on the content (magic bytes), not on the name the browser sends.
PORTAL_FILE_MIMETYPES = ("application/pdf", "image/jpeg", "image/png")
# What a customer may give as the reason of a termination (B1 motivo 01/02).
PORTAL_TERMINATION_REASONS = ("customer_request", "supply_removed", "other")
# How far ahead a termination may be asked for.
PORTAL_TERMINATION_MAX_DAYS = 365
PORTAL_COMMENT_MAX_LENGTH = 2000


class EnergyContract(models.Model):
    _inherit = "energy.contract"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    source = fields.Selection(
        selection_add=[("customer_portal", "Customer portal")],
        ondelete={"customer_portal": "set default"},
    )
    portal_customer_id = fields.Many2one(
        "res.partner",
        string="Filed by Customer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer (commercial entity) who filed this request on the portal.",
    )
    portal_user_id = fields.Many2one(
        "res.users",
        string="Filed by User",
        readonly=True,
        copy=False,
        help="The portal login that filed this request.",
    )
    portal_comment = fields.Text(
        string="Customer's Comment",
        readonly=True,
        copy=False,
        help="What the customer wrote when filing the request on the portal.",
    )

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model
    def _get_guarded_fields(self):
        """Who filed a portal request is evidence: written only when it is
        filed."""
        return super()._get_guarded_fields() | {
            "portal_customer_id",
            "portal_user_id",
            "portal_comment",
        }

    # ------------------------------------------------------------------
    # Business methods: what the portal offers on a contract
    # ------------------------------------------------------------------

    def _portal_is_requestable(self):
        """A contract in force of ours, not a change request itself."""
        self.ensure_one()
        return self.state == "active" and not self.parent_contract_id

    def _portal_open_requests(self, request_type):
        """Change requests of this contract still in progress that a new
        request of `request_type` would duplicate."""
        self.ensure_one()
        types = ENDING_TYPES if request_type in ENDING_TYPES else (request_type,)
        return self.change_request_ids.filtered(
            lambda r: r.request_type in types and r.state in IN_PROGRESS_STATES
        )

    def _portal_withdrawal_open(self):
        """The customer may still withdraw today (statutory 14 days)."""
        self.ensure_one()
        limit = self.date_withdrawal_limit
        return bool(limit) and fields.Date.context_today(self) <= limit

    def _portal_request_actions(self, user):
        """{request type: available} of this contract for `user`, empty when
        the user is not the contract's customer or the contract is not in
        force (the portal page then offers nothing)."""
        self.ensure_one()
        if (
            user._is_public()
            or user.partner_id.commercial_partner_id
            != self.partner_id.commercial_partner_id
            or not self._portal_is_requestable()
        ):
            return {}
        actions = {
            request_type: not self._portal_open_requests(request_type)
            for request_type in PORTAL_REQUEST_TYPES
        }
        actions["withdrawal"] = actions["withdrawal"] and self._portal_withdrawal_open()
        return actions

    def _portal_pending_requests(self):
        """The change requests of this contract in progress, newest first."""
        self.ensure_one()
        return self.change_request_ids.filtered(
            lambda r: r.state in IN_PROGRESS_STATES
        ).sorted("id", reverse=True)

    # ------------------------------------------------------------------
    # Business methods: the guards of a portal request
    # ------------------------------------------------------------------

    def _portal_request_errors(self, request_type, customer):
        """Translated reasons why `customer` may not file a request of
        `request_type` on this contract now (besides the request's values)."""
        self.ensure_one()
        env = self.env
        errors = []
        if request_type not in PORTAL_REQUEST_TYPES:
            return [env._("This request cannot be filed on the portal.")]
        if self.partner_id.commercial_partner_id != customer:
            return [env._("This contract is not yours.")]
        if not self._portal_is_requestable():
            return [
                env._(
                    "Contract %(contract)s is not active: only an active contract "
                    "can be changed or ended from the portal.",
                    contract=self.name,
                )
            ]
        pending = self._portal_open_requests(request_type)
        if pending:
            errors.append(
                env._(
                    "Contract %(contract)s already has a request of this kind in "
                    "progress (%(requests)s): we will let you know how it goes.",
                    contract=self.name,
                    requests=", ".join(pending.mapped("name")),
                )
            )
        since = fields.Datetime.now() - timedelta(days=1)
        filed = self.sudo().search_count(
            [("portal_customer_id", "=", customer.id), ("create_date", ">=", since)]
        )
        if filed >= PORTAL_DAILY_LIMIT:
            errors.append(
                env._(
                    "You have filed %(count)s requests in the last 24 hours, the "
                    "most we accept from the portal: please try again tomorrow or "
                    "call us.",
                    count=filed,
                )
            )
        if request_type == "withdrawal" and not self._portal_withdrawal_open():
            reasons = self._get_withdrawal_errors(fields.Datetime.now()) or [
                env._("the statutory 14-day withdrawal period has ended")
            ]
            errors.append(self._withdrawal_refusal(reasons))
        return errors

    @api.model
    def _portal_file_errors(self, files):
        """Translated reasons why the uploaded `files` ([(name, content)])
        are refused: too many, too large, empty, or not a PDF, JPEG or PNG
        (by content, whatever their name says)."""
        env = self.env
        if len(files) > PORTAL_MAX_FILES:
            return [
                env._(
                    "Send at most %(count)s files.",
                    count=PORTAL_MAX_FILES,
                )
            ]
        errors = []
        for name, content in files:
            if not content:
                errors.append(env._("%(file)s is empty.", file=name))
            elif len(content) > MAX_FILE_BYTES:
                errors.append(
                    env._(
                        "%(file)s is larger than %(size)s MB.",
                        file=name,
                        size=MAX_FILE_BYTES // (1024 * 1024),
                    )
                )
            elif guess_mimetype(content) not in PORTAL_FILE_MIMETYPES:
                errors.append(
                    env._(
                        "%(file)s is not a PDF, JPEG or PNG file.",
                        file=name,
                    )
                )
        return errors

    # ------------------------------------------------------------------
    # Business methods: the values of each request, computed server-side
    # ------------------------------------------------------------------

    def _portal_modification_values(self, form):
        """New tariff and powers of a power or tariff change, from the form
        (`tariff_id`, `power_p1_kw`...), checked by the access tariff's power
        rules. Only the periods of the tariff are read."""
        self.ensure_one()
        env = self.env
        tariff = self._portal_tariff(form.get("tariff_id"))
        if not tariff:
            raise UserError(env._("Choose one of the access tariffs offered."))
        powers = []
        for period in range(1, 7):
            if period > tariff.power_period_count:
                powers.append(0.0)
                continue
            raw = (form.get(f"power_p{period}_kw") or "").strip().replace(",", ".")
            try:
                powers.append(round(float(raw), 3))
            except ValueError:
                raise UserError(
                    env._(
                        "Give the power of period P%(period)s in kW, e.g. 4.6.",
                        period=period,
                    )
                ) from None
        errors = tariff._power_errors(powers, self.supply_point_id.voltage_v or 0)
        if errors:
            raise UserError("\n".join(errors))
        if tariff == self.access_tariff_id and powers == [
            round(power, 3) for power in self._get_powers_kw()
        ]:
            raise UserError(
                env._(
                    "These are your current tariff and powers: change at least "
                    "one of them."
                )
            )
        values = self._prepare_change_request_values("modification")
        values.update(
            access_tariff_id=tariff.id,
            activation_mode="asap",
            date_activation_requested=False,
            **dict(zip(POWER_FIELDS, powers, strict=True)),
        )
        return values

    @api.model
    def _portal_tariffs(self):
        """The access tariffs a customer may ask for (a short catalogue)."""
        return (
            self.env["energy.access.tariff"]
            .sudo()
            .search([("active", "=", True)], limit=50)
        )

    def _portal_tariff(self, tariff_id):
        """The active access tariff of id `tariff_id` (a form value), or an
        empty recordset."""
        try:
            tariff_id = int(tariff_id)
        except (TypeError, ValueError):
            return self.env["energy.access.tariff"]
        return self._portal_tariffs().filtered(lambda t: t.id == tariff_id)

    def _portal_holder_change_values(self, form):
        """The holder change, through the back-office wizard's own checks
        and values (transfer, M1): the new holder found by NIF or created."""
        self.ensure_one()
        env = self.env
        vat = (form.get("holder_vat") or "").strip()
        number = stdnum_nif.compact(vat) if vat else ""
        if not (number and stdnum_nif.is_valid(number)):
            raise UserError(
                env._(
                    "%(vat)s is not a valid Spanish NIF, NIE or CIF.",
                    vat=vat or "-",
                )
            )
        email = (form.get("holder_email") or "").strip()
        if not email or "@" not in email:
            raise UserError(env._("Give the new holder's e-mail address."))
        wizard = (
            env["energy.contract.holder.change"]
            .sudo()
            .create(
                {
                    "contract_id": self.id,
                    "mode": "transfer",
                    "holder_vat": number,
                    "holder_type": "company"
                    if stdnum_cif.is_valid(number)
                    else "individual",
                    "holder_name": (form.get("holder_name") or "").strip()[:128],
                    "holder_email": email[:128],
                    "holder_phone": (form.get("holder_phone") or "").strip()[:32],
                }
            )
        )
        errors = wizard._get_errors()
        if errors:
            raise UserError("\n".join(errors))
        holder = wizard.new_holder_id or wizard._create_holder()
        values = wizard._prepare_request_values(holder)
        # the new holder signs their own SEPA mandate: no account is carried
        values.update(bank_iban=False, sepa_mandate_ref=False, sepa_mandate_date=False)
        return values

    def _portal_termination_values(self, form):
        """Termination on the wanted date (from tomorrow, within a year), or
        as soon as possible, for one of the reasons a customer may give."""
        self.ensure_one()
        env = self.env
        reason = form.get("termination_reason")
        if reason not in PORTAL_TERMINATION_REASONS:
            raise UserError(env._("Choose the reason of the termination."))
        values = self._prepare_change_request_values("termination")
        values.update(
            termination_reason=reason,
            activation_mode="asap",
            date_activation_requested=False,
        )
        raw_date = (form.get("date_wanted") or "").strip()
        if raw_date:
            try:
                wanted = fields.Date.to_date(raw_date)
            except ValueError:
                wanted = None
            today = fields.Date.context_today(self)
            if not wanted or not (
                today < wanted <= today + timedelta(days=PORTAL_TERMINATION_MAX_DAYS)
            ):
                raise UserError(
                    env._(
                        "Choose a date between tomorrow and %(limit)s, or leave it "
                        "empty for as soon as possible.",
                        limit=format_date(
                            env, today + timedelta(days=PORTAL_TERMINATION_MAX_DAYS)
                        ),
                    )
                )
            values.update(
                activation_mode="fixed_date", date_activation_requested=wanted
            )
        return values

    def _portal_withdrawal_values(self, form):
        self.ensure_one()
        values = self._prepare_change_request_values("withdrawal")
        values.update(activation_mode="asap", date_activation_requested=False)
        return values

    # ------------------------------------------------------------------
    # Business methods: filing the request
    # ------------------------------------------------------------------

    def _portal_file_request(
        self, request_type, form, user, ip_address=None, files=None
    ):
        """Trusted code (the portal controller, after checking that `user`'s
        customer owns this contract; sudo): check everything, create the
        change request with values computed here, move it into Documentation
        with the back-office action, keep the uploaded files as received
        documents, record who filed it (history of both) and mail the
        customer. Raises UserError with every reason, creating nothing.

        :param form: the posted form (only the fields of `request_type` are
            read)
        :param files: [(filename, content)] of a holder change
        :return: the new request
        """
        self.ensure_one()
        env = self.env
        customer = user.partner_id.commercial_partner_id
        self._lock_rows_nowait(self._lifecycle_busy_message())
        errors = self._portal_request_errors(request_type, customer)
        files = files or []
        if request_type == "holder_change":
            if not files:
                errors.append(
                    env._(
                        "Attach the identity document of the new holder (DNI, NIE "
                        "or the company's CIF card)."
                    )
                )
            errors += self._portal_file_errors(files)
        if errors:
            raise UserError("\n".join(errors))
        values = getattr(self, f"_portal_{request_type}_values")(form)
        comment = (form.get("comment") or "").strip()[:PORTAL_COMMENT_MAX_LENGTH]
        values.update(
            source="customer_portal",
            portal_customer_id=customer.id,
            portal_user_id=user.id,
            portal_comment=comment or False,
        )
        request = self._create_guarded([values])
        request.action_request_documents()
        if files:
            request._portal_receive_identity_files(files)
        request._portal_log_filing(user, ip_address)
        request._portal_send_confirmation()
        return request

    def _portal_receive_identity_files(self, files):
        """The uploaded files become the received identity document of the
        new holder on the request's checklist (DNI/NIE, or the CIF card of a
        company)."""
        self.ensure_one()
        xmlid = (
            "energy_contract_document.document_type_cif_card"
            if self.customer_type == "company"
            else "energy_contract_document.document_type_holder_id"
        )
        doc_type = self.env.ref(xmlid)
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for name, content in files
            ]
        )
        document = self.document_ids.filtered(
            lambda d: d.document_type_id == doc_type
        ) or self.env["energy.contract.document"].create(
            {"contract_id": self.id, "document_type_id": doc_type.id}
        )
        document.write({"attachment_ids": [Command.link(a.id) for a in attachments]})
        document.action_receive()
        return document

    def _portal_log_filing(self, user, ip_address):
        """Who filed the request, when and from where, in the history of the
        request and of the contract it changes."""
        self.ensure_one()
        now = fields.Datetime.now()
        reason = self.env._(
            "%(type)s filed on the customer portal by %(user)s (%(login)s) on "
            "%(date)s UTC from IP address %(ip)s.",
            type=self._portal_type_label(),
            user=user.partner_id.name,
            login=user.login,
            date=fields.Datetime.to_string(now),
            ip=ip_address or "-",
        )
        if self.portal_comment:
            reason = f"{reason}\n{self.portal_comment}"
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": contract.id,
                    "event_type": "note",
                    "field_name": "portal_request",
                    "new_value": self.name,
                    "reason": reason,
                }
                for contract in (self, self.parent_contract_id)
            ]
        )

    def _portal_type_label(self):
        self.ensure_one()
        return dict(self._fields["request_type"]._description_selection(self.env))[
            self.request_type
        ]

    def _portal_send_confirmation(self):
        """Mail the customer who filed the request that we have it (queued,
        in their language, kept in the request's chatter)."""
        template = self.env.ref(
            "energy_customer_portal.mail_template_portal_request_received",
            raise_if_not_found=False,
        )
        if not template:
            return
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                default_composition_mode="comment",
                default_model=self._name,
                default_res_ids=self.ids,
                default_template_id=template.id,
                # the customer filed it themselves: mail them all the same
                mail_notify_author=True,
            )
            .create(
                {
                    "message_type": "comment",
                    "subtype_id": self.env.ref("mail.mt_comment").id,
                }
            )
        )
        composer._action_send_mail()

    def _portal_request_summary(self):
        """Translated lines that describe what the request asks for (for the
        confirmation e-mail and the portal)."""
        self.ensure_one()
        env = self.env
        if self.request_type == "modification":
            count = self.access_tariff_id.power_period_count or 0
            powers = ", ".join(
                f"P{period}: {self[f'power_p{period}_kw']:g} kW"
                for period in range(1, count + 1)
            )
            return [
                env._("Access tariff: %(tariff)s", tariff=self.access_tariff_id.name),
                env._("Powers: %(powers)s", powers=powers),
            ]
        if self.request_type in ("holder_change", "holder_change_switch"):
            return [env._("New holder: %(holder)s", holder=self.partner_id.name)]
        if self.request_type == "termination":
            reasons = dict(
                self._fields["termination_reason"]._description_selection(env)
            )
            lines = [
                env._(
                    "Reason: %(reason)s",
                    reason=reasons.get(self.termination_reason, "-"),
                )
            ]
            lines.append(
                env._(
                    "Wanted date: %(date)s",
                    date=format_date(env, self.date_activation_requested),
                )
                if self.date_activation_requested
                else env._("Wanted date: as soon as possible")
            )
            return lines
        return []
