# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.energy_contract_signature.tests import signature_common

OWN_IP = "127.0.0.1"


def _blacklisted(env, email):
    return bool(env["mail.blacklist"].search([("email", "=", email)]))


@tagged("post_install", "-at_install")
class TestPortalPreferences(HttpCase):
    """The demo `customer` login (password = login) on /my/account: the
    communication preferences, the consent history with its evidence and the
    mailing blacklist; another customer's data stays out of reach."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls.env.ref("energy_atr.user_demo_portal_customer")
        cls.partner = cls.user.partner_id
        cls.partner.write(
            {
                "lang": "en_US",
                "email": "asesoria.hernandez@example.es",
                "street": "Calle de Alcalá, 120",
                "zip": "28009",
                "city": "Madrid",
                "mobile": False,
                "phone": False,
                "energy_notice_channel": "email",
                "energy_electronic_invoice": True,
            }
        )
        if not cls.partner.marketing_consent:
            cls.partner._energy_record_consent(True, "web_form")
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Remedios Quintana Lara",
                "email": "remedios.quintana@example.es",
                "street": "Avenida de la Constitución, 3",
                "zip": "41001",
                "city": "Sevilla",
            }
        )
        cls.other_user = new_test_user(
            cls.env,
            "profile_other",
            groups="base.group_portal",
            partner_id=cls.other.id,
            name=cls.other.name,
        )
        # the other customer consented on the portal from their own device
        cls.other.with_user(cls.other_user).sudo()._energy_update_preferences(
            {"marketing_consent": True},
            "portal",
            ip_address="203.0.113.77",
            ua="Mozilla/5.0 (Remedios)",
        )
        cls.Consent = cls.env["energy.marketing.consent"]

    def _post(self, **data):
        return self.url_open(
            "/my/account/preferences",
            data={"csrf_token": http.Request.csrf_token(self), **data},
        )

    def _history(self, partner):
        return self.Consent.search([("partner_id", "=", partner.id)])

    def test_preferences_saved_with_consent_evidence_and_blacklist(self):
        self.authenticate("customer", "customer")
        before = self._history(self.partner)
        # the consent switch left off: withdrawn; notices by post, paper bill
        response = self._post(energy_notice_channel="post")
        self.assertEqual(response.status_code, 200)
        self.assertIn("preferences=saved", response.url)
        self.assertIn("Your preferences have been saved.", response.text)
        self.assertEqual(self.partner.energy_notice_channel, "post")
        self.assertFalse(self.partner.energy_electronic_invoice)
        self.assertFalse(self.partner.marketing_consent)
        withdrawal = self._history(self.partner) - before
        self.assertEqual(len(withdrawal), 1)
        self.assertEqual(
            (withdrawal.consent, withdrawal.origin, withdrawal.email),
            ("withdrawn", "portal", self.partner.email),
        )
        self.assertEqual(withdrawal.ip_address, OWN_IP)
        self.assertTrue(withdrawal.user_agent)
        self.assertEqual(withdrawal.user_id, self.user)
        self.assertEqual(self.partner.marketing_consent_date, withdrawal.date)
        self.assertTrue(_blacklisted(self.env, self.partner.email))
        self.assertTrue(self.partner.is_blacklisted)

        # given back: the e-mail leaves the blacklist
        self._post(
            energy_notice_channel="email",
            energy_electronic_invoice="1",
            marketing_consent="1",
        )
        self.assertTrue(self.partner.marketing_consent)
        self.assertTrue(self.partner.energy_electronic_invoice)
        given = self._history(self.partner) - before - withdrawal
        self.assertEqual(given.consent, "given")
        self.assertFalse(_blacklisted(self.env, self.partner.email))
        page = self.url_open("/my/account").text
        self.assertIn(OWN_IP, page)

    def test_saving_the_same_consent_adds_no_history(self):
        self.authenticate("customer", "customer")
        before = self._history(self.partner)
        self._post(energy_notice_channel="email", marketing_consent="1")
        self.assertEqual(self._history(self.partner), before)
        self.assertTrue(self.partner.marketing_consent)

    def test_unsubscribing_from_a_mailing_withdraws_the_consent(self):
        """A mailing's unsubscribe link puts the address on the blacklist
        (mass_mailing calls `mail.blacklist._add`): the consent is withdrawn
        and the history says so; once is enough."""
        before = self._history(self.partner)
        self.env["mail.blacklist"].sudo()._add(
            self.partner.email.upper(), message="Unsubscribed from a mailing."
        )
        self.assertFalse(self.partner.marketing_consent)
        withdrawal = self._history(self.partner) - before
        self.assertEqual(len(withdrawal), 1)
        self.assertEqual(
            (withdrawal.consent, withdrawal.origin, withdrawal.email),
            ("withdrawn", "blacklist", self.partner.email),
        )
        self.assertEqual(self.partner.marketing_consent_date, withdrawal.date)
        # the other customer's consent is untouched
        self.assertTrue(self.other.marketing_consent)
        # the same link clicked again: nothing more to record
        self.env["mail.blacklist"].sudo()._add(self.partner.email)
        self.assertEqual(self._history(self.partner), before | withdrawal)
        # taken off the blacklist by the back office: that is no consent
        self.env["mail.blacklist"].sudo()._remove(self.partner.email)
        self.assertFalse(self.partner.marketing_consent)
        self.assertEqual(self._history(self.partner), before | withdrawal)
        # the page shows the withdrawal and its origin
        self.authenticate("customer", "customer")
        self.assertIn("E-mail blacklist", self.url_open("/my/account").text)

    def test_blacklisting_in_the_back_office_withdraws_the_consent(self):
        """An address blacklisted from the back office's list (a new entry,
        or an archived one restored) withdraws the consent too."""
        blacklist = self.env["mail.blacklist"]
        entry = blacklist.create({"email": self.other.email, "active": False})
        self.assertTrue(
            self.other.marketing_consent, "an archived entry blocks nothing"
        )
        before = self._history(self.other)
        entry.action_unarchive()
        self.assertFalse(self.other.marketing_consent)
        withdrawal = self._history(self.other) - before
        self.assertEqual(
            (withdrawal.consent, withdrawal.origin), ("withdrawn", "blacklist")
        )
        self.assertEqual(withdrawal.user_id, self.env.user)
        self.assertTrue(self.partner.marketing_consent)

    def test_tampered_partner_ids_are_ignored(self):
        self.authenticate("customer", "customer")
        other_before = self.other.read(
            ["energy_notice_channel", "marketing_consent", "energy_electronic_invoice"]
        )
        other_history = self._history(self.other)
        response = self._post(
            energy_notice_channel="post",
            partner_id=str(self.other.id),
            commercial_partner_id=str(self.other.id),
            id=str(self.other.id),
            email="hijack@example.es",
            marketing_consent_date="2001-01-01 00:00:00",
        )
        self.assertEqual(response.status_code, 200)
        # the user's own partner changed, with nothing else of the form
        self.assertEqual(self.partner.energy_notice_channel, "post")
        self.assertEqual(self.partner.email, "asesoria.hernandez@example.es")
        self.assertNotEqual(str(self.partner.marketing_consent_date)[:4], "2001")
        # the other customer did not change at all
        self.assertEqual(
            self.other.read(
                [
                    "energy_notice_channel",
                    "marketing_consent",
                    "energy_electronic_invoice",
                ]
            ),
            other_before,
        )
        self.assertEqual(self._history(self.other), other_history)
        self.assertFalse(_blacklisted(self.env, self.other.email))

    def test_invalid_values_are_refused_with_a_message(self):
        self.authenticate("customer", "customer")
        history = self._history(self.partner)
        for channel, message in (
            ("fax", "Choose how you want to receive notices."),
            ("sms", "Add a phone number to your contact details"),
        ):
            response = self._post(energy_notice_channel=channel)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("preferences=saved", response.url)
            self.assertIn(message, response.text)
            self.assertEqual(self.partner.energy_notice_channel, "email")
        # nothing of a refused form is saved, not even the consent
        self.assertTrue(self.partner.marketing_consent)
        self.assertEqual(self._history(self.partner), history)

    def test_consent_changes_are_rate_limited(self):
        self.authenticate("customer", "customer")
        limit = 5
        hour_ago = fields.Datetime.subtract(fields.Datetime.now(), hours=1)
        recent = [("partner_id", "=", self.partner.id), ("date", ">=", hour_ago)]
        for n in range(limit + 2):
            # alternately withdrawn (switch off) and given back
            consent = {"marketing_consent": "1"} if n % 2 else {}
            self._post(energy_notice_channel="email", **consent)
        self.assertEqual(self.Consent.search_count(recent), limit)
        consent_now = self.partner.marketing_consent
        response = self._post(
            energy_notice_channel="email",
            **({} if consent_now else {"marketing_consent": "1"}),
        )
        self.assertIn("too many times", response.text)
        self.assertEqual(self.Consent.search_count(recent), limit)
        self.assertEqual(self.partner.marketing_consent, consent_now)

    def test_post_without_csrf_token_changes_nothing(self):
        self.authenticate("customer", "customer")
        response = self.url_open(
            "/my/account/preferences", data={"energy_notice_channel": "post"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.partner.energy_notice_channel, "email")

    def test_another_customers_history_is_never_shown(self):
        self.authenticate("customer", "customer")
        page = self.url_open("/my/account").text
        self.assertIn('id="energy_preferences"', page)
        self.assertNotIn("203.0.113.77", page)
        self.authenticate("profile_other", "profile_other")
        page = self.url_open("/my/account").text
        self.assertIn("203.0.113.77", page)

    def test_account_page_costs_the_same_queries_with_a_long_history(self):
        self.authenticate("customer", "customer")

        def queries():
            self.url_open("/my/account")  # warm the caches
            before = self.cr.sql_log_count
            response = self.url_open("/my/account")
            self.assertEqual(response.status_code, 200)
            return self.cr.sql_log_count - before, response.text

        few, _page = queries()
        self.assertGreater(few, 0)
        self.Consent.create(
            [
                {
                    "partner_id": self.partner.id,
                    "consent": "given" if n % 2 else "withdrawn",
                    "date": fields.Datetime.subtract(fields.Datetime.now(), days=n + 2),
                    "origin": "back_office",
                }
                for n in range(30)
            ]
        )
        many, page = queries()
        self.assertLessEqual(many, few)
        # the page shows the latest changes only
        self.assertEqual(page.count("o_energy_consent_row"), 10)

    def test_consent_history_is_read_only(self):
        row = self._history(self.other)[:1]
        with self.assertRaises(AccessError):
            row.with_user(self.other_user).read(["ip_address"])
        with self.assertRaises(AccessError):
            self.Consent.with_user(self.other_user).create(
                {
                    "partner_id": self.other.id,
                    "consent": "withdrawn",
                    "date": "2026-01-01 00:00:00",
                    "origin": "portal",
                }
            )
        backoffice = new_test_user(
            self.env, "profile_bo", groups="energy_base.group_energy_backoffice"
        )
        self.assertEqual(row.with_user(backoffice).ip_address, "203.0.113.77")
        with self.assertRaises(AccessError):
            row.with_user(backoffice).write({"ip_address": "10.0.0.1"})
        with self.assertRaises(UserError):
            row.sudo().write({"ip_address": "10.0.0.1"})

    def test_preferences_flow_in_a_real_browser(self):
        self.start_tour(
            "/my/account", "energy_customer_portal_preferences", login="customer"
        )
        self.assertEqual(self.partner.energy_notice_channel, "post")
        self.assertFalse(self.partner.energy_electronic_invoice)
        self.assertFalse(self.partner.marketing_consent)
        self.assertEqual(self._history(self.partner)[:1].consent, "withdrawn")
        self.assertTrue(_blacklisted(self.env, self.partner.email))


@tagged("post_install", "-at_install")
class TestPortalSurveys(HttpCase):
    """/my/surveys: the surveys sent to the customer (and their contacts),
    pending with the link to answer, answered with the date; never another
    customer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls.env.ref("energy_atr.user_demo_portal_customer")
        cls.customer = cls.user.partner_id.commercial_partner_id
        cls.survey = cls.env.ref("energy_claim.survey_claim_satisfaction")
        cls.other = cls.env["res.partner"].create(
            {"name": "Remedios Quintana Lara", "email": "remedios.q@example.es"}
        )
        cls.other_answer = cls._invite(cls.other)
        cls.Answer = cls.env["survey.user_input"]

    @classmethod
    def _invite(cls, partner):
        return cls.survey._create_answer(partner=partner, check_attempts=False)

    def _own(self):
        return self.Answer.search(
            [
                ("partner_id", "child_of", self.customer.id),
                ("test_entry", "=", False),
            ]
        )

    def _queries(self, url):
        self.url_open(url)  # warm the caches
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response.text

    def test_only_own_surveys_are_listed_with_their_status(self):
        pending = self._invite(self.customer)
        self.authenticate("customer", "customer")
        page = self.url_open("/my/surveys").text
        own = self._own()
        self.assertEqual(page.count("o_energy_survey_row"), len(own))
        self.assertIn(pending.access_token, page)
        self.assertNotIn(self.other_answer.access_token, page)
        for answer in own.filtered(lambda a: a.state != "done"):
            self.assertIn(answer.access_token, page)
        done = own.filtered(lambda a: a.state == "done")
        self.assertEqual(page.count('data-status="done"'), len(done))
        for answer in done:
            self.assertNotIn(answer.access_token, page)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["energy_survey_count"]}
        )
        self.assertEqual(counters["energy_survey_count"], len(own))

    def test_another_customer_sees_none_of_them(self):
        other_user = new_test_user(
            self.env,
            "survey_other",
            groups="base.group_portal",
            partner_id=self.other.id,
            name=self.other.name,
        )
        self.authenticate(other_user.login, other_user.login)
        page = self.url_open("/my/surveys").text
        self.assertEqual(page.count("o_energy_survey_row"), 1)
        self.assertIn(self.other_answer.access_token, page)
        for answer in self._own():
            self.assertNotIn(answer.access_token, page)
        with self.assertRaises(AccessError):
            self.other_answer.with_user(other_user).read(["state"])

    def test_the_page_costs_the_same_queries_with_more_surveys(self):
        self.authenticate("customer", "customer")
        few, _page = self._queries("/my/surveys")
        self.assertGreater(few, 0)
        for _n in range(12):
            self._invite(self.customer)
        many, page = self._queries("/my/surveys")
        self.assertEqual(page.count("o_energy_survey_row"), len(self._own()))
        self.assertLessEqual(many, few)


@tagged("post_install", "-at_install")
class TestSignMailBatch(signature_common.SignatureWorld, TransactionCase):
    """ "Your contract is ready to sign": requests entering the signature
    phase are marked, the cron mails them in batches, once, and never a
    request that left the phase."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()
        cls.requests = cls.contract | cls.other_contract | cls.channel_contract
        # three more requests of the first customer, on new supply points
        points = cls.env["energy.supply.point"].create(
            [
                {
                    "cups": signature_common.make_cups(f"0021{9300 + n:012d}"),
                    "access_tariff_id": cls.env.ref(
                        "energy_base.access_tariff_20td"
                    ).id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                }
                for n in range(3)
            ]
        )
        cls.more = cls.Contract
        for point in points:
            cls.more |= cls._request(cls.customer, point)
        cls._to_signature(cls.more)
        cls.requests |= cls.more

    def _mails(self, contracts):
        return self.env["mail.mail"].search(
            [("model", "=", "energy.contract"), ("res_id", "in", contracts.ids)]
        )

    def _send(self, batch_size):
        return self.Contract._cron_send_sign_mails(batch_size=batch_size)

    def test_entering_the_phase_marks_the_request_without_mailing_it(self):
        self.assertEqual(set(self.requests.mapped("sign_mail_state")), {"pending"})
        self.assertFalse(self._mails(self.requests))

    def test_cron_sends_in_batches_and_never_twice(self):
        pending = self.Contract.search(self.Contract._sign_mail_pending_domain())
        self.assertEqual(pending & self.requests, self.requests)
        sent = self.Contract
        while True:
            batch = self._send(batch_size=4)
            if not batch:
                break
            self.assertLessEqual(len(batch), 4)
            self.assertFalse(batch & sent)
            sent |= batch
        self.assertEqual(sent & self.requests, self.requests)
        mails = self._mails(self.requests)
        self.assertEqual(len(mails), len(self.requests))
        self.assertEqual(set(self.requests.mapped("sign_mail_state")), {"sent"})
        mail = mails.filtered(lambda m: m.res_id == self.contract.id)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(self.contract.name, mail.subject)
        self.assertTrue(self.contract.access_token)
        self.assertIn(
            f"{self.contract.access_url}?access_token={self.contract.access_token}",
            str(mail.body_html),
        )
        # nothing left: a new run sends nothing more
        self.assertFalse(self._send(batch_size=4))
        self.assertEqual(len(self._mails(self.requests)), len(self.requests))

    def test_batch_costs_the_same_queries_whatever_its_size(self):
        def cost(size):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            batch = self._send(batch_size=size)
            self.env.flush_all()
            return self.cr.sql_log_count - before, len(batch)

        small, small_count = cost(1)
        self.assertGreater(small, 0)
        large, large_count = cost(5)
        self.assertEqual((small_count, large_count), (1, 5))
        self.assertLessEqual(large, small + 2)

    def test_a_request_that_left_the_phase_is_not_mailed(self):
        with self.contract._exit_checks_waived():
            self.contract.with_user(self.backoffice).action_to_validation()
        self.other_contract.with_user(self.backoffice).action_cancel("Desiste")
        self.assertFalse(self.contract.sign_mail_state)
        self.assertFalse(self.other_contract.sign_mail_state)
        self._send(batch_size=100)
        left = self.contract | self.other_contract
        self.assertFalse(self._mails(left))
        self.assertEqual(
            len(self._mails(self.requests - left)), len(self.requests - left)
        )

    def test_the_configured_phase_email_goes_through_the_batch_once(self):
        template = self.env.ref(
            "energy_customer_portal.mail_template_contract_ready_to_sign"
        ).copy({"name": "Firma (configurada)", "subject": "Firme {{ object.name }}"})
        phase = self.env.ref("energy_contract.phase_signature")
        phase.customer_template_id = template
        point = self.env["energy.supply.point"].create(
            {
                "cups": signature_common.make_cups(f"0021{9400:012d}"),
                "access_tariff_id": self.env.ref("energy_base.access_tariff_20td").id,
                "power_p1_kw": 4.6,
                "power_p2_kw": 4.6,
            }
        )
        request = self._request(self.customer, point)
        messages = request.message_ids
        self._to_signature(request)
        # no per-request post when entering: the batch sends it
        self.assertFalse(
            (request.message_ids - messages).filtered(
                lambda m: m.subject and "Firme" in m.subject
            )
        )
        self._send(batch_size=100)
        mails = self._mails(request)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.subject, f"Firme {request.name}")

    def test_customer_without_email_is_marked_not_mailed(self):
        self.other_customer.email = False
        self._send(batch_size=100)
        no_email = self.other_contract | self.channel_contract
        self.assertEqual(set(no_email.mapped("sign_mail_state")), {"no_email"})
        self.assertFalse(self._mails(no_email))
