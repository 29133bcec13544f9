# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CUPS_A

FORM = "/energy/contact"
SUBMIT = "/energy/contact/submit"


@tagged("post_install", "-at_install")
class TestLeadWebForm(HttpCase):
    """The public form: a lead with the consent's evidence, deduplicated,
    protected by CSRF, a honeypot and a rate limit; errors change nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Lead = cls.env["crm.lead"].with_context(active_test=False)
        cls.Submission = cls.env["energy.sales.lead.submission"]

    def _post(self, csrf=True, **values):
        data = {
            "customer_type": "individual",
            "contact_name": "Elena Marín Soto",
            "vat": "12345678Z",
            "phone": "611 22 33 44",
            "email": "elena.marin@example.es",
            "zip": "46004",
            "cups": CUPS_A,
            "contact_request": "on",
            "privacy_accepted": "on",
            **values,
        }
        if csrf:
            # the token of the visitor's session, as the form page gives it
            form = self.url_open(FORM).text
            data["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', form)[
                1
            ]
        return self.url_open(
            SUBMIT, data={k: v for k, v in data.items() if v is not None}
        )

    def _counts(self):
        return self.Lead.search_count([]), self.Submission.search_count([])

    def test_the_form_is_public_with_its_boxes_and_privacy_notice(self):
        response = self.url_open(FORM)
        self.assertEqual(response.status_code, 200)
        for needle in (
            'name="csrf_token"',
            'name="website_url"',  # honeypot
            'name="contact_request"',
            'name="marketing_consent"',
            'name="privacy_accepted"',
            'href="/energy/contact/privacy"',
        ):
            self.assertIn(needle, response.text)
        self.assertEqual(self.url_open("/energy/contact/privacy").status_code, 200)

    def test_a_submission_creates_a_lead_with_the_consent_evidence(self):
        self.url_open(f"{FORM}?utm_campaign=Primavera%20web&utm_source=Google")
        response = self._post(
            marketing_consent="on",
            utm_campaign="Primavera web",
            utm_source="Google",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_energy_lead_form_thanks", response.text)
        lead = self.Lead.search([("email_from", "=", "elena.marin@example.es")])
        self.assertEqual(len(lead), 1)
        submission = lead.submission_ids
        self.assertEqual(submission.origin, "web")
        self.assertEqual(submission.ip_address, "127.0.0.1")
        self.assertTrue(submission.user_agent)
        self.assertTrue(submission.reference.startswith("WEB-"))
        self.assertEqual(lead.consent_basis, "request")
        self.assertEqual(lead.consent_origin, "web_form")
        self.assertEqual(lead.consent_reference, submission.reference)
        self.assertTrue(lead.can_call)
        self.assertTrue(lead.marketing_consent and lead.marketing_consent_date)
        self.assertEqual(lead.cups, CUPS_A)
        self.assertEqual((lead.vat, lead.zip), ("12345678Z", "46004"))
        self.assertEqual(lead.campaign_id.name, "Primavera web")
        self.assertEqual(lead.source_id.name, "Google")
        self.assertFalse(lead.user_id, "unassigned, not the public user's")
        self.assertEqual(lead.lang_id.code, "en_US", "the visitor's language")

    def test_utm_of_a_tagged_link_comes_back_from_the_cookie(self):
        self.url_open(f"{FORM}?utm_medium=Banner")  # the utm module sets the cookie
        page = self.url_open(FORM).text
        self.assertIn('value="Banner"', page)

    def test_without_call_request_the_lead_may_not_be_called(self):
        self._post(contact_request=None, phone="622 33 44 55", cups=None)
        lead = self.Lead.search([("email_from", "=", "elena.marin@example.es")])
        self.assertFalse(lead.consent_basis)
        self.assertFalse(lead.can_call)
        self.assertFalse(lead.submission_ids.contact_request)

    def test_bad_values_show_the_form_again_and_create_nothing(self):
        before = self._counts()
        cases = {
            "vat": "12345678A",
            "cups": "ES0021000000000001XX",
            "phone": "12345",
            "email": "elena@",
            "zip": "99999",
            "contact_name": "",
        }
        for fname, value in cases.items():
            response = self._post(**{fname: value})
            self.assertEqual(response.status_code, 400, fname)
            self.assertIn(f'data-field="{fname}"', response.text, fname)
        response = self._post(privacy_accepted=None)
        self.assertIn('data-field="privacy_accepted"', response.text)
        response = self._post(customer_type="company", vat="12345678Z")
        self.assertIn("not a valid CIF", response.text)
        self.assertEqual(self._counts(), before)

    def test_errors_are_in_spanish_for_a_spanish_visitor(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["energy_sales"], ["es_ES"])
        self.opener.cookies.set("frontend_lang", "es_ES")
        response = self._post(phone="12345", privacy_accepted=None)
        self.assertIn("Introduzca un teléfono español de nueve cifras.", response.text)
        self.assertIn("Lea y acepte el aviso de privacidad", response.text)

    def test_an_open_lead_is_completed_never_duplicated_nor_revealed(self):
        existing = self.env["crm.lead"].create(
            {
                "name": "Hogar Marín (telemarketing)",
                "phone": "+34 611 223 344",
                "user_id": False,
            }
        )
        new_page = self._post(phone="699 88 77 66", vat="87654321X", cups=None).text
        before = self._counts()
        response = self._post()  # same phone (and CUPS/NIF) as the open lead
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(existing.name, response.text)
        self.assertEqual(
            response.text.split("o_energy_lead_form_thanks")[1],
            new_page.split("o_energy_lead_form_thanks")[1],
            "the visitor cannot tell a known person from a new one",
        )
        self.assertEqual(self._counts(), (before[0], before[1] + 1))
        submission = self.Submission.search([], limit=1)
        self.assertEqual(
            (submission.lead_id, submission.is_duplicate), (existing, True)
        )
        self.assertEqual(
            existing.consent_basis, "request", "the missing consent is kept"
        )
        self.assertEqual(existing.consent_reference, submission.reference)
        self.assertEqual(existing.name, "Hogar Marín (telemarketing)")
        self.assertTrue(
            existing.message_ids.filtered(lambda m: submission.reference in m.body)
        )

    def test_the_honeypot_answers_thanks_and_creates_nothing(self):
        before = self._counts()
        response = self._post(website_url="http://spam.example.com")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_energy_lead_form_thanks", response.text)
        self.assertEqual(self._counts(), before)

    def test_a_post_without_the_csrf_token_is_refused(self):
        before = self._counts()
        response = self._post(csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)

    def test_an_address_is_limited_per_hour(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "energy_sales.web_form_rate_limit", "2"
        )
        self._post(phone="600 00 00 01", vat="00000001R", cups=None)
        self._post(phone="600 00 00 02", vat="00000002W", cups=None)
        before = self._counts()
        response = self._post(phone="600 00 00 03", vat="00000003A", cups=None)
        self.assertEqual(response.status_code, 429)
        self.assertIn('data-field="form"', response.text)
        self.assertEqual(self._counts(), before)

    def test_submissions_are_read_by_the_back_office_and_written_by_nobody(self):
        self._post()
        submission = self.Submission.search([], limit=1)
        backoffice = self.env["res.users"].search([("login", "=", "backoffice")])
        self.assertEqual(
            submission.with_user(backoffice).reference, submission.reference
        )
        with self.assertRaises(AccessError):
            submission.with_user(backoffice).write({"ip_address": "1.2.3.4"})
        agent = new_test_user(
            self.env, login="form_agent", groups="energy_sales.group_energy_sales_agent"
        )
        with self.assertRaises(AccessError):
            submission.with_user(agent).read(["ip_address"])
