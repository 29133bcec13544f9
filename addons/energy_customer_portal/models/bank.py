# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A customer's change of the bank account their bills are debited from,
asked on the portal and confirmed through a link mailed to them: the new
SEPA mandate, the contracts that use it and the evidence of the customer's
acceptance."""

import hashlib
import secrets
from datetime import timedelta

from stdnum import iban as stdnum_iban

from odoo import Command, api, fields, models
from odoo.tools import SQL, consteq

from odoo.addons.energy_base.tools.demo import demo_env
from odoo.addons.energy_contract.models.lifecycle import ENDED_STATES

# How long the confirmation link mailed to the customer works.
TOKEN_VALIDITY = timedelta(hours=48)
# At most this many change requests per customer in REQUEST_WINDOW.
MAX_REQUESTS = 3
REQUEST_WINDOW = timedelta(hours=24)
# Countries of the SEPA scheme (EPC list of countries and territories, v6.0).
SEPA_COUNTRIES = frozenset(
    "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV "
    "MC MT NL NO PL PT RO SE SI SK SM VA".split()
)


def mask_iban(iban):
    """`ES12 **** **** **** **** 1234`: only the country, the check digits
    and the last four digits of an account are ever shown or logged."""
    iban = stdnum_iban.compact(iban or "")
    if len(iban) < 8:
        return ""
    return f"{iban[:4]} **** **** **** **** {iban[-4:]}"


def hash_token(token):
    return hashlib.sha256((token or "").encode()).hexdigest()


class EnergyPortalBankChange(models.Model):
    _name = "energy.portal.bank.change"
    _description = "Bank Account Change Requested on the Portal"
    _order = "id desc"
    _rec_name = "iban_masked"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        help="The commercial partner whose bills are debited.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        index=True,
        help="The portal user who asked for the change; only they can confirm it.",
    )
    iban = fields.Char(string="IBAN", required=True, readonly=True)
    iban_masked = fields.Char(
        string="Account", compute="_compute_iban_masked", store=True
    )
    holder_name = fields.Char(string="Account Holder", required=True, readonly=True)
    scheme = fields.Selection(
        [("CORE", "Basic (CORE)"), ("B2B", "Enterprise (B2B)")],
        required=True,
        readonly=True,
    )
    mandate_text = fields.Text(
        readonly=True, help="The SEPA mandate text the customer accepted."
    )
    state = fields.Selection(
        [
            ("pending", "Waiting for confirmation"),
            ("confirmed", "Confirmed"),
            ("expired", "Expired"),
        ],
        required=True,
        default="pending",
        readonly=True,
        index=True,
    )
    token_hash = fields.Char(readonly=True, copy=False, groups="base.group_system")
    date_expiry = fields.Datetime(string="Link Expires", required=True, readonly=True)
    request_ip = fields.Char(string="Requested From (IP)", readonly=True)
    request_user_agent = fields.Char(string="Requested With", readonly=True)
    date_confirmed = fields.Datetime(readonly=True)
    confirm_ip = fields.Char(string="Confirmed From (IP)", readonly=True)
    confirm_user_agent = fields.Char(string="Confirmed With", readonly=True)
    old_iban_masked = fields.Char(string="Previous Account", readonly=True)
    partner_bank_id = fields.Many2one(
        "res.partner.bank", string="Bank Account", readonly=True
    )
    mandate_ids = fields.Many2many(
        "account.banking.mandate",
        "energy_portal_bank_change_mandate_rel",
        string="New Mandates",
        readonly=True,
    )
    previous_mandate_ids = fields.Many2many(
        "account.banking.mandate",
        "energy_portal_bank_change_previous_mandate_rel",
        string="Ended Mandates",
        readonly=True,
    )
    contract_ids = fields.Many2many(
        "energy.contract", string="Contracts", readonly=True
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("iban")
    def _compute_iban_masked(self):
        for change in self:
            change.iban_masked = mask_iban(change.iban)

    # ------------------------------------------------------------------
    # Business methods: the request
    # ------------------------------------------------------------------

    @api.model
    def _portal_request_error(self, customer, iban, holder_name, accepted):
        """Why this change cannot be requested (translated), or False."""
        if not accepted:
            return self.env._(
                "Tick the box to accept the SEPA direct debit mandate: without it "
                "we cannot debit your bills from this account."
            )
        if not (holder_name or "").strip():
            return self.env._("Enter the name of the account holder.")
        compact = stdnum_iban.compact(iban or "")
        if not stdnum_iban.is_valid(compact):
            return self.env._(
                "%(iban)s is not a valid IBAN: check the digits you typed.",
                iban=iban or "",
            )
        if compact[:2] not in SEPA_COUNTRIES:
            return self.env._(
                "The account must be in a country of the SEPA area (%(country)s "
                "is not one).",
                country=compact[:2],
            )
        contracts = self._portal_contracts(customer)
        if not contracts:
            return self.env._(
                "You have no contract in force whose bills we could debit."
            )
        if all(
            stdnum_iban.compact(contract.bank_iban or "") == compact
            for contract in contracts
        ):
            return self.env._("Your bills are already debited from this account.")
        since = fields.Datetime.now() - REQUEST_WINDOW
        recent = self.sudo().search_count(
            [("partner_id", "=", customer.id), ("create_date", ">=", since)]
        )
        if recent >= MAX_REQUESTS:
            return self.env._(
                "You have already asked to change your bank account %(count)s "
                "times in the last 24 hours. For your security, try again "
                "tomorrow or contact us.",
                count=recent,
            )
        return False

    @api.model
    def _portal_request(self, user, iban, holder_name, mandate_text, ip, user_agent):
        """Record a pending change for the customer of `user` and mail them
        the confirmation link. Trusted server code: the caller has checked
        `_portal_request_error`. Returns (change, token)."""
        customer = user.partner_id.commercial_partner_id
        token = secrets.token_urlsafe(32)
        change = self.sudo().create(
            {
                "partner_id": customer.id,
                "user_id": user.id,
                "iban": stdnum_iban.compact(iban),
                "holder_name": holder_name.strip()[:140],
                "scheme": self._portal_scheme(customer),
                "mandate_text": mandate_text,
                "token_hash": hash_token(token),
                "date_expiry": fields.Datetime.now() + TOKEN_VALIDITY,
                "request_ip": ip,
                "request_user_agent": (user_agent or "")[:500],
            }
        )
        # An older request still waiting can no longer be confirmed.
        self.sudo().search(
            [
                ("partner_id", "=", customer.id),
                ("state", "=", "pending"),
                ("id", "!=", change.id),
            ]
        ).write({"state": "expired"})
        template = self.env.ref("energy_customer_portal.mail_template_bank_change")
        template.sudo().with_context(
            bank_change_url=change._portal_confirm_url(token)
        ).send_mail(change.id, email_layout_xmlid="mail.mail_notification_light")
        return change, token

    @api.model
    def _portal_scheme(self, customer):
        """A business is debited under the B2B scheme, a household under CORE."""
        return "B2B" if customer.is_company else "CORE"

    @api.model
    def _portal_contracts(self, customer):
        """The customer's contracts not ended whose bills they pay (the
        payer may be another customer): those a new account applies to."""
        contracts = (
            self.env["energy.contract"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", customer.ids),
                    ("state", "not in", ENDED_STATES),
                ],
                order="id",
            )
        )
        return contracts.filtered(
            lambda c: c._energy_invoice_partner().commercial_partner_id == customer
        )

    def _portal_confirm_url(self, token):
        self.ensure_one()
        base = self.get_base_url()
        return f"{base}/my/bank/confirm/{self.id}?token={token}"

    def _portal_token_matches(self, token):
        self.ensure_one()
        stored = self.sudo().token_hash or ""
        return bool(token and stored) and consteq(stored, hash_token(token))

    def _portal_lock(self):
        """Wait for any other transaction confirming this request, then read
        its state afresh."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["state"])

    def _portal_confirm_error(self):
        """Why this request can no longer be confirmed (translated), or False."""
        self.ensure_one()
        if self.state == "confirmed":
            return self.env._(
                "This link has already been used: your bank account was changed "
                "then. If you did not do it, contact us."
            )
        if self.state == "expired" or self.date_expiry < fields.Datetime.now():
            return self.env._(
                "This link has expired or was replaced by a newer request. Ask for "
                "the change again from your bank details page."
            )
        if not self._portal_contracts(self.sudo().partner_id):
            return self.env._(
                "You have no contract in force whose bills we could debit."
            )
        return False

    # ------------------------------------------------------------------
    # Business methods: the confirmation
    # ------------------------------------------------------------------

    def _portal_confirm(self, ip, user_agent):
        """Apply the change: the customer's bank account, a new valid mandate
        per company signed today with the portal acceptance as evidence, the
        contracts debited to it, the previous mandates cancelled (the customer
        revoked them) and one event in each contract's history. Trusted
        server code: the caller checked the user, the token and
        `_portal_confirm_error`."""
        self.ensure_one()
        change = self.sudo()
        customer = change.partner_id
        now = fields.Datetime.now()
        today = fields.Date.context_today(change)
        contracts = self._portal_contracts(customer)
        contracts._lock_for_update()
        old_ibans = {
            stdnum_iban.compact(iban)
            for iban in contracts.mapped("bank_iban")
            if iban and stdnum_iban.compact(iban) != change.iban
        }
        bank = change._portal_bank_account()
        Mandate = self.env["account.banking.mandate"].sudo()
        previous = Mandate.search(
            [
                ("partner_id", "=", customer.id),
                ("state", "=", "valid"),
                ("partner_bank_id", "!=", bank.id),
            ]
        ).filtered(
            lambda m: m.partner_bank_id.sanitized_acc_number in old_ibans
            and m.company_id in contracts.company_id
        )
        mandates = Mandate.create(
            [
                {
                    "partner_bank_id": bank.id,
                    "company_id": company.id,
                    "format": "sepa",
                    "type": "recurrent",
                    "recurrent_sequence_type": "first",
                    "scheme": change.scheme,
                    "signature_date": today,
                }
                for company in contracts.company_id
            ]
        )
        mandates.validate()
        evidence = change._portal_evidence_attachment(mandates, ip, user_agent, now)
        for mandate in mandates:
            mandate.message_post(
                body=change._portal_evidence_text(ip, user_agent, now),
                attachment_ids=evidence.ids,
            )
        change._portal_move_open_invoices(contracts, previous, mandates)
        previous.cancel()
        by_company = {mandate.company_id: mandate for mandate in mandates}
        old_masked = {
            contract.id: mask_iban(contract.bank_iban) for contract in contracts
        }
        for company, mandate in by_company.items():
            contracts.filtered(
                lambda c, company=company: c.company_id == company
            ).write(
                {
                    "bank_iban": stdnum_iban.format(change.iban),
                    "sepa_mandate_ref": mandate.unique_mandate_reference,
                    "sepa_mandate_date": today,
                }
            )
        english = self.with_context(lang="en_US")
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": contract.id,
                    "event_type": "bank_change",
                    "field_name": "bank_iban",
                    "old_value": old_masked[contract.id],
                    "new_value": change.iban_masked,
                    # stored as the English source, shown translated
                    "reason": english.env._(
                        "Bank account changed by the customer on the portal; new "
                        "SEPA mandate %(mandate)s.",
                        mandate=by_company[
                            contract.company_id
                        ].unique_mandate_reference,
                    ),
                    "attachment_ids": evidence.ids,
                }
                for contract in contracts
            ]
        )
        change.write(
            {
                "state": "confirmed",
                "date_confirmed": now,
                "confirm_ip": ip,
                "confirm_user_agent": (user_agent or "")[:500],
                "old_iban_masked": ", ".join(sorted(set(old_masked.values()) - {""})),
                "partner_bank_id": bank.id,
                "mandate_ids": [Command.set(mandates.ids)],
                "previous_mandate_ids": [Command.set(previous.ids)],
                "contract_ids": [Command.set(contracts.ids)],
            }
        )
        change._portal_notify_confirmed()
        return True

    def _portal_move_open_invoices(self, contracts, previous, mandates):
        """Bills of these contracts still to be collected from a mandate that
        ends are collected from the new one of their company instead (not
        those already in a debit order)."""
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("energy_contract_id", "in", contracts.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("mandate_id", "in", previous.ids),
                ]
            )
            .filtered(lambda move: not move.line_ids.payment_line_ids)
        )
        for mandate in mandates:
            moves.filtered(
                lambda m, mandate=mandate: m.company_id == mandate.company_id
            ).write({"mandate_id": mandate.id})

    def _portal_bank_account(self):
        """The customer's bank account of the new IBAN, reused (and restored
        if archived) when they already had it."""
        self.ensure_one()
        Bank = self.env["res.partner.bank"].sudo().with_context(active_test=False)
        bank = Bank.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("sanitized_acc_number", "=", self.iban),
            ],
            limit=1,
        )
        if bank:
            if not bank.active:
                bank.active = True
            return bank
        return Bank.create(
            {
                "partner_id": self.partner_id.id,
                "acc_number": self.iban,
                "acc_holder_name": self.holder_name,
            }
        )

    def _portal_evidence_text(self, ip, user_agent, now):
        self.ensure_one()
        return self.env._(
            "SEPA mandate accepted by %(user)s on the customer portal: requested "
            "on %(requested)s from %(request_ip)s (%(request_agent)s), confirmed "
            "through the link mailed to them on %(confirmed)s from %(ip)s "
            "(%(agent)s).",
            user=self.user_id.name,
            requested=fields.Datetime.to_string(self.create_date),
            request_ip=self.request_ip or "-",
            request_agent=self.request_user_agent or "-",
            confirmed=fields.Datetime.to_string(now),
            ip=ip or "-",
            agent=user_agent or "-",
        )

    def _portal_evidence_attachment(self, mandates, ip, user_agent, now):
        """The accepted mandate text and how it was accepted, as a text file
        kept with the request (and linked to the mandates' messages and the
        contracts' history events)."""
        self.ensure_one()
        content = "\n".join(
            [
                self._portal_evidence_text(ip, user_agent, now),
                "",
                f"IBAN: {self.iban_masked}",
                f"{self._fields['holder_name'].string}: {self.holder_name}",
                f"{self._fields['scheme'].string}: {self.scheme}",
                "Mandates: " + ", ".join(mandates.mapped("unique_mandate_reference")),
                "",
                self.mandate_text or "",
            ]
        )
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"sepa_mandate_acceptance_{self.id}.txt",
                    "raw": content.encode(),
                    "mimetype": "text/plain",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )

    def _portal_notify_confirmed(self):
        """Tell the customer their bills are now debited from the new
        account, in their language."""
        self.ensure_one()
        template = self.env.ref(
            "energy_customer_portal.mail_template_bank_change_confirmed"
        )
        template.sudo().send_mail(
            self.id, email_layout_xmlid="mail.mail_notification_light"
        )

    @api.model
    def _demo_customer_mandates(self):
        """Demo: the SEPA mandates the demo `customer` signed with their
        contracts, created the way billing creates them at the first bill
        (their contract is indexed, which the demo does not bill)."""
        self = self.with_env(demo_env(self.env))
        user = self.env.ref("energy_atr.user_demo_portal_customer", False)
        if user:
            customer = user.partner_id.commercial_partner_id
            self._portal_contracts(customer)._energy_sepa_mandates()

    @api.model
    def _cron_expire(self):
        """Requests whose link expired can no longer be confirmed."""
        self.sudo().search(
            [
                ("state", "=", "pending"),
                ("date_expiry", "<", fields.Datetime.now()),
            ]
        ).write({"state": "expired"})


def _keep_events(events):
    """Uninstalling the addon keeps its events: the history is append-only."""


class EnergyContractEvent(models.Model):
    _inherit = "energy.contract.event"

    event_type = fields.Selection(
        selection_add=[("bank_change", "Bank account change")],
        ondelete={"bank_change": _keep_events},
    )

    def _history_field_labels(self):
        labels = super()._history_field_labels()
        labels[("bank_change", "bank_iban")] = (
            self.env["energy.contract"]
            ._fields["bank_iban"]
            ._description_string(self.env)
        )
        return labels
