# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.energy_base.tools.demo import demo_env

NOTICE_CHANNELS = [
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("post", "Post"),
]
CONSENT_ORIGINS = [
    ("portal", "Customer portal"),
    ("web_form", "Web form"),
    ("back_office", "Back-office"),
    ("blacklist", "E-mail blacklist (unsubscribe)"),
]
# Consent changes a customer may make in an hour on the portal: enough to
# correct a mistake, not enough to flood the blacklist's history.
CONSENT_CHANGES_PER_HOUR = 5
USER_AGENT_MAX_LENGTH = 512


class ResPartner(models.Model):
    """How a customer wants to hear from us: the channel for notices, the
    electronic bill and the consent to commercial communications (GDPR art.
    7: the retailer must be able to prove the consent, so every change keeps
    its evidence in `energy.marketing.consent`)."""

    _inherit = "res.partner"

    energy_notice_channel = fields.Selection(
        NOTICE_CHANNELS,
        string="Notices By",
        default="email",
        help="How the customer prefers to receive notices about their "
        "contracts and bills.",
    )
    energy_electronic_invoice = fields.Boolean(
        string="Electronic Bill",
        default=True,
        help="The customer receives their bills by e-mail and on the portal "
        "instead of on paper.",
    )
    marketing_consent = fields.Boolean(
        tracking=True,
        help="The customer agreed to receive commercial communications. "
        "Withdrawing it puts their e-mail on the mailing blacklist.",
    )
    marketing_consent_date = fields.Datetime(
        tracking=True,
        help="When the consent to commercial communications was last given "
        "or withdrawn.",
    )
    energy_consent_ids = fields.One2many(
        "energy.marketing.consent",
        "partner_id",
        string="Consent History",
    )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _energy_preferences_error(self, values):
        """A translated reason why `values` cannot be saved, or False."""
        self.ensure_one()
        channel = values.get("energy_notice_channel")
        if channel and channel not in dict(NOTICE_CHANNELS):
            return self.env._("Choose how you want to receive notices.")
        if channel == "email" and not self.email:
            return self.env._(
                "Add an e-mail address to your contact details to receive "
                "notices by e-mail."
            )
        if channel == "sms" and not (self.mobile or self.phone):
            return self.env._(
                "Add a phone number to your contact details to receive notices by SMS."
            )
        if channel == "post" and not (self.street and self.zip and self.city):
            return self.env._(
                "Complete your postal address in your contact details to "
                "receive notices by post."
            )
        if values.get("energy_electronic_invoice") and not self.email:
            return self.env._(
                "Add an e-mail address to your contact details to receive "
                "electronic bills."
            )
        if "marketing_consent" in values and (
            bool(values["marketing_consent"]) != self.marketing_consent
        ):
            since = fields.Datetime.now() - timedelta(hours=1)
            recent = self.env["energy.marketing.consent"].search_count(
                [("partner_id", "=", self.id), ("date", ">=", since)]
            )
            if recent >= CONSENT_CHANGES_PER_HOUR:
                return self.env._(
                    "You have changed your consent too many times in the last "
                    "hour; please try again later."
                )
        return False

    def _energy_update_preferences(self, values, origin, ip_address=None, ua=None):
        """Save the communication preferences in `values` (only the keys of
        `_energy_preference_fields`), recording a consent change with its
        evidence and honouring it on the mailing blacklist.

        :raise UserError: when the values cannot be saved (nothing changes)
        """
        self.ensure_one()
        values = {
            key: value
            for key, value in values.items()
            if key in self._energy_preference_fields()
        }
        error = self._energy_preferences_error(values)
        if error:
            raise UserError(error)
        consent = values.pop("marketing_consent", None)
        if values:
            self.write(values)
        if consent is not None and bool(consent) != self.marketing_consent:
            self._energy_record_consent(bool(consent), origin, ip_address, ua)
        return True

    @api.model
    def _energy_preference_fields(self):
        return {
            "energy_notice_channel",
            "energy_electronic_invoice",
            "marketing_consent",
        }

    def _energy_record_consent(self, given, origin, ip_address=None, ua=None):
        """Give or withdraw the marketing consent: the partner's flag, a row
        of the history with its evidence, and the blacklist."""
        self.ensure_one()
        self._energy_log_consent(given, origin, ip_address, ua)
        if self.email:
            blacklist = self.env["mail.blacklist"].sudo()
            message = self._energy_consent_message(given, origin)
            if given:
                blacklist._remove(self.email, message=message)
            else:
                blacklist._add(self.email, message=message)

    def _energy_log_consent(self, given, origin, ip_address=None, ua=None):
        """Set the consent flag of these partners and write one row of their
        consent history each, with its evidence, in one create."""
        now = fields.Datetime.now()
        self.write({"marketing_consent": given, "marketing_consent_date": now})
        self.env["energy.marketing.consent"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "consent": "given" if given else "withdrawn",
                    "date": now,
                    "origin": origin,
                    "email": partner.email or False,
                    "ip_address": ip_address or False,
                    "user_agent": (ua or "")[:USER_AGENT_MAX_LENGTH] or False,
                    "user_id": self.env.uid,
                }
                for partner in self
            ]
        )

    def _energy_consent_message(self, given, origin):
        """The blacklist's note of a consent change, saying where it was made."""
        env = self.env
        messages = {
            (True, "portal"): env._("Marketing consent given on the portal."),
            (False, "portal"): env._("Marketing consent withdrawn on the portal."),
            (True, "web_form"): env._("Marketing consent given on the web form."),
            (False, "web_form"): env._("Marketing consent withdrawn on the web form."),
            (True, "back_office"): env._("Marketing consent given to the back office."),
            (False, "back_office"): env._(
                "Marketing consent withdrawn through the back office."
            ),
        }
        return messages.get((given, origin)) or (
            env._("Marketing consent given.")
            if given
            else env._("Marketing consent withdrawn.")
        )

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------

    @api.model
    def _demo_generate_profile(self):
        """The demo customer gave their marketing consent on the web form a
        year ago, answered the satisfaction survey of a claim and has another
        survey waiting."""
        self = self.with_env(demo_env(self.env))
        user = self.env.ref(
            "energy_atr.user_demo_portal_customer", raise_if_not_found=False
        )
        survey = self.env.ref(
            "energy_claim.survey_claim_satisfaction", raise_if_not_found=False
        )
        if not user or not survey:
            return
        customer = user.partner_id
        if customer.energy_consent_ids:
            return
        customer._energy_record_consent(True, "web_form")
        customer.energy_consent_ids.sudo()._demo_backdate(days=365)
        answered, _waiting = (
            survey.sudo()._create_answer(partner=customer, check_attempts=False),
            survey.sudo()._create_answer(partner=customer, check_attempts=False),
        )
        answered._save_lines(self.env.ref("energy_claim.survey_claim_question_csat"), 4)
        answered._save_lines(
            self.env.ref("energy_claim.survey_claim_question_solved"),
            self.env.ref("energy_claim.survey_claim_answer_solved_yes").id,
        )
        answered._mark_done()


class MailBlacklist(models.Model):
    """An address put on the mailing blacklist, from a mailing's unsubscribe
    link or by the back office, withdraws the marketing consent of the
    customers using it, recorded in their consent history like any other
    withdrawal. Taking an address off the blacklist gives no consent: only
    the customer can give it."""

    _inherit = "mail.blacklist"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered("active")._energy_withdraw_marketing_consents()
        return records

    def write(self, vals):
        newly_active = (
            self.filtered(lambda record: not record.active)
            if vals.get("active")
            else self.browse()
        )
        result = super().write(vals)
        newly_active._energy_withdraw_marketing_consents()
        return result

    def _energy_withdraw_marketing_consents(self):
        """Withdraw, in a few statements, the consent of every customer who
        gave it and whose e-mail is one of these blacklisted addresses."""
        emails = [email for email in self.mapped("email") if email]
        if not emails:
            return
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(
                [("email_normalized", "in", emails), ("marketing_consent", "=", True)]
            )
        )
        if not partners:
            return
        partners._energy_log_consent(False, "blacklist")


class EnergyMarketingConsent(models.Model):
    """One change of a customer's consent to commercial communications, with
    the evidence of who made it, when, where and from which device. Written
    once by the code that records the change; never edited."""

    _name = "energy.marketing.consent"
    _description = "Marketing Consent Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    consent = fields.Selection(
        [("given", "Given"), ("withdrawn", "Withdrawn")],
        required=True,
        readonly=True,
    )
    date = fields.Datetime(required=True, readonly=True, index=True)
    origin = fields.Selection(CONSENT_ORIGINS, required=True, readonly=True)
    email = fields.Char(
        string="E-mail", readonly=True, help="The address the consent is about."
    )
    ip_address = fields.Char(string="IP Address", readonly=True)
    user_agent = fields.Char(readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Recorded By", readonly=True, ondelete="set null"
    )

    def _demo_backdate(self, days):
        """Demo only: the change happened `days` ago."""
        date = fields.Datetime.now() - timedelta(days=days)
        self.env.cr.execute(
            SQL(
                "UPDATE energy_marketing_consent SET date = %s WHERE id IN %s",
                date,
                tuple(self.ids),
            )
        )
        self.partner_id.write({"marketing_consent_date": date})
        self.invalidate_recordset(["date"])

    def write(self, vals):
        if vals:
            self.check_access("write")
            raise UserError(
                self.env._(
                    "The consent history is evidence: its rows are never "
                    "changed. Record a new change instead."
                )
            )
        return super().write(vals)
