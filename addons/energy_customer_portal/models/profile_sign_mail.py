# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

SIGN_MAIL_TEMPLATE = "energy_customer_portal.mail_template_contract_ready_to_sign"
SIGN_MAIL_BATCH_PARAM = "energy_customer_portal.sign_mail_batch_size"
SIGN_MAIL_BATCH_DEFAULT = 200
TEMPLATE_RENDER_FIELDS = (
    "auto_delete",
    "body_html",
    "email_cc",
    "email_from",
    "email_to",
    "mail_server_id",
    "partner_to",
    "reply_to",
    "subject",
)


class EnergyContract(models.Model):
    """ "Your contract is ready to sign": requests entering the signature
    phase are marked, and a cron mails the customers their signing link in
    batches, so that a validation of thousands of requests does not render
    and send thousands of e-mails inside the validator's transaction."""

    _inherit = "energy.contract"

    sign_mail_state = fields.Selection(
        [
            ("pending", "To send"),
            ("sent", "Sent"),
            ("no_email", "No e-mail address"),
        ],
        string="Signing E-mail",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The e-mail with the signing link of a request waiting for the "
        "customer's signature: marked when the request enters the phase, sent "
        "by a scheduled action.",
    )
    sign_mail_date = fields.Datetime(
        string="Signing E-mail Sent On", copy=False, readonly=True
    )

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {"sign_mail_state", "sign_mail_date"}

    # ------------------------------------------------------------------
    # Lifecycle hooks
    # ------------------------------------------------------------------

    def _enter_phase(self, now):
        result = super()._enter_phase(now)
        self.filtered(
            lambda c: c.state == "signature" and not c.date_signed
        )._write_guarded({"sign_mail_state": "pending", "sign_mail_date": False})
        return result

    def _leave_phase(self, now):
        """A request that leaves the signature phase before its e-mail went
        out is not mailed any more."""
        result = super()._leave_phase(now)
        self.filtered(
            lambda c: c.state == "signature" and c.sign_mail_state == "pending"
        )._write_guarded({"sign_mail_state": False})
        return result

    # ------------------------------------------------------------------
    # The cron
    # ------------------------------------------------------------------

    @api.model
    def _sign_mail_pending_domain(self):
        return [
            ("sign_mail_state", "=", "pending"),
            ("state", "=", "signature"),
            ("date_signed", "=", False),
        ]

    @api.model
    def _cron_send_sign_mails(self, batch_size=None):
        """Send one batch of pending "ready to sign" e-mails; the cron runs
        again at once while some remain (ir.cron progress).

        :param batch_size: e-mails per batch; by default the system parameter
            `energy_customer_portal.sign_mail_batch_size` (200)
        :return: the requests mailed in this batch
        """
        size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(SIGN_MAIL_BATCH_PARAM, SIGN_MAIL_BATCH_DEFAULT)
        )
        domain = self._sign_mail_pending_domain()
        contracts = self.search(domain, limit=size, order="id")
        sent = contracts._send_sign_mails()
        remaining = self.search_count(domain) if contracts else 0
        self.env["ir.cron"]._notify_progress(done=len(contracts), remaining=remaining)
        return sent

    def _send_sign_mails(self):
        """Render the template for the whole batch and create its e-mails
        with one `mail.mail` create; mark the requests. Returns the requests
        mailed (those whose customer has an e-mail address)."""
        if not self:
            return self
        with_email = self.filtered(lambda c: c.partner_id.email)
        (self - with_email)._write_guarded({"sign_mail_state": "no_email"})
        if not with_email:
            return with_email
        with_email._portal_ensure_tokens()
        template = self._sign_mail_template()
        values_by_id = template._generate_template(
            with_email.ids, TEMPLATE_RENDER_FIELDS
        )
        vals_list = []
        for contract in with_email:
            values = values_by_id[contract.id]
            partner_ids = values.pop("partner_ids", None) or []
            values.pop("attachments", None)
            if not values.get("email_from"):
                values.pop("email_from", None)
            values.update(
                {
                    "body": values.get("body_html"),
                    "model": contract._name,
                    "res_id": contract.id,
                    "recipient_ids": [(4, pid) for pid in partner_ids],
                    "message_type": "email_outgoing",
                }
            )
            vals_list.append(values)
        self.env["mail.mail"].sudo().create(vals_list)
        with_email._write_guarded(
            {"sign_mail_state": "sent", "sign_mail_date": fields.Datetime.now()}
        )
        _logger.info("Sent %d 'ready to sign' e-mails", len(with_email))
        return with_email

    def _sign_mail_template(self):
        """The phase's customer e-mail when the managers configured one, else
        the shipped "ready to sign" template."""
        phase = self.env["energy.contract.phase"]._get_by_state().get("signature")
        return (phase and phase.customer_template_id) or self.env.ref(
            SIGN_MAIL_TEMPLATE
        )


class EnergyContractPhase(models.Model):
    _inherit = "energy.contract.phase"

    def _notify_customers(self, contracts):
        """The customer e-mail of the signature phase goes through the
        batched "ready to sign" cron, not one e-mail per request here."""
        if self.state == "signature":
            return
        return super()._notify_customers(contracts)
