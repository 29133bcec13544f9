# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from odoo import fields, http
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.energy_commission.models.energy_contract_channel_submission import (
    MAX_FILE_BYTES,
)
from odoo.addons.energy_contract.models.lifecycle import IN_PROGRESS_STATES

from ..models.requests import PORTAL_DAILY_LIMIT

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def make_dni(number):
    return f"{number:08d}{DNI_LETTERS[number % 23]}"


@tagged("post_install", "-at_install")
class TestPortalRequests(HttpCase):
    """The demo `customer` login (password = login) files requests from the
    page of its active contract: power or tariff change, holder change with
    the new holder's documents, termination; a consumer who signed days ago
    withdraws with one click. Whatever is not theirs, not active, duplicated,
    invalid or too much is refused with a message and creates nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["energy.contract"]
        cls.Event = cls.env["energy.contract.event"]
        cls.user = cls.env.ref("energy_atr.user_demo_portal_customer")
        cls.customer = cls.user.partner_id.commercial_partner_id
        cls.contract = cls.Contract.search(
            [
                ("partner_id", "child_of", cls.customer.id),
                ("state", "=", "active"),
                ("parent_contract_id", "=", False),
            ],
            limit=1,
        )
        cls.not_active = cls.Contract.search(
            [("partner_id", "child_of", cls.customer.id), ("state", "!=", "active")],
            limit=1,
        )
        # a consumer (no company) with an active contract signed three days
        # ago, still within the 14 days of the right of withdrawal
        cls.consumer_contract = cls.Contract.search(
            [
                ("state", "=", "active"),
                ("parent_contract_id", "=", False),
                ("partner_id.is_company", "=", False),
                ("partner_id.parent_id", "=", False),
                ("partner_id.user_ids", "=", False),
                ("change_request_ids", "=", False),
            ],
            limit=1,
        )
        cls.consumer_contract._write_guarded(
            {"date_signed": fields.Datetime.now() - timedelta(days=3)}
        )
        cls.consumer_user = new_test_user(
            cls.env,
            login="req_consumer",
            password="req_consumer",
            groups="base.group_portal",
            partner_id=cls.consumer_contract.partner_id.id,
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _post(self, url, files=None, **data):
        return self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), **data}, files=files
        )

    def _changes(self, contract):
        return self.Contract.search(
            [("parent_contract_id", "=", contract.id)], order="id"
        )

    def _filed(self, response, contract):
        """The request the redirection after filing names, checked to be a
        change of `contract`."""
        self.assertEqual(response.status_code, 200)
        url = urlparse(response.url)
        self.assertEqual(url.path, contract.access_url)
        filed = self.Contract.browse(int(parse_qs(url.query)["request_filed"][0]))
        self.assertEqual(filed.parent_contract_id, contract)
        self.assertIn("o_energy_request_filed", response.text)
        self.assertIn(filed.name, response.text)
        return filed

    def _assert_filed_from_portal(self, filed, user, request_type):
        """Type, phase, source, history of both and the confirmation mail."""
        self.assertEqual(filed.request_type, request_type)
        self.assertEqual(filed.state, "documentation")
        self.assertEqual(filed.source, "customer_portal")
        self.assertEqual(filed.portal_user_id, user)
        self.assertEqual(
            filed.portal_customer_id, user.partner_id.commercial_partner_id
        )
        for contract in (filed, filed.parent_contract_id):
            event = self.Event.search(
                [
                    ("contract_id", "=", contract.id),
                    ("field_name", "=", "portal_request"),
                    ("new_value", "=", filed.name),
                ]
            )
            self.assertEqual(len(event), 1)
            self.assertEqual(event.user_id, user)
            self.assertIn(user.login, event.reason)
            self.assertIn("127.0.0.1", event.reason)
        # the phase was entered by the lifecycle's own move, in the history
        self.assertTrue(
            self.Event.search_count(
                [
                    ("contract_id", "=", filed.id),
                    ("event_type", "=", "state_change"),
                    ("new_value", "=", "documentation"),
                ]
            )
        )
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "energy.contract"),
                ("res_id", "=", filed.id),
                ("recipient_ids", "in", user.partner_id.ids),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(filed.name, mail.subject)

    def _assert_refused(self, response, css="o_energy_request_error"):
        self.assertEqual(response.status_code, 200, response.text[-3000:])
        self.assertIn(css, response.text)

    # ------------------------------------------------------------------
    # The contract page
    # ------------------------------------------------------------------

    def test_demo_customer_has_an_active_contract_and_a_consumer_may_withdraw(self):
        self.assertTrue(self.contract)
        self.assertTrue(self.not_active)
        self.assertTrue(self.consumer_contract._portal_withdrawal_open())
        self.assertFalse(self.contract._portal_withdrawal_open())  # a company

    def test_contract_page_offers_the_actions_to_its_customer_only(self):
        self.authenticate("customer", "customer")
        page = self.url_open(self.contract.access_url).text
        for css in (
            "o_energy_request_power",
            "o_energy_request_holder",
            "o_energy_request_termination",
        ):
            self.assertIn(css, page)
        # a company has no right of withdrawal
        self.assertNotIn("o_energy_request_withdrawal", page)
        page = self.url_open(self.not_active.access_url).text
        self.assertNotIn("energy_contract_actions", page)
        self.authenticate("req_consumer", "req_consumer")
        page = self.url_open(self.consumer_contract.access_url).text
        self.assertIn("o_energy_request_withdrawal", page)
        self.assertIn("modal_energy_request_withdrawal", page)

    def test_supply_page_offers_the_requests_of_its_contract_in_force(self):
        """The supply point's page links to the same request pages; a power
        change in progress takes its link away."""
        supply = self.contract.supply_point_id
        self.authenticate("customer", "customer")
        page = self.url_open(f"/my/supplies/{supply.id}").text
        for kind in ("power", "holder", "termination"):
            self.assertIn(f'href="/my/contracts/{self.contract.id}/{kind}"', page)
        self.assertNotIn("o_energy_supply_request_withdrawal", page)  # a company
        tariff = self.contract.access_tariff_id
        response = self._post(
            f"/my/contracts/{self.contract.id}/power",
            tariff_id=tariff.id,
            **{
                f"power_p{period}_kw": str(self.contract[f"power_p{period}_kw"] + 1.15)
                for period in range(1, tariff.power_period_count + 1)
            },
        )
        self.assertTrue(self._filed(response, self.contract))
        page = self.url_open(f"/my/supplies/{supply.id}").text
        self.assertNotIn(f'href="/my/contracts/{self.contract.id}/power"', page)
        self.assertIn(f'href="/my/contracts/{self.contract.id}/holder"', page)
        self.authenticate("req_consumer", "req_consumer")
        page = self.url_open(
            f"/my/supplies/{self.consumer_contract.supply_point_id.id}"
        ).text
        self.assertIn("o_energy_supply_request_withdrawal", page)

    def test_contract_page_queries_do_not_grow_with_its_requests(self):
        self.authenticate("customer", "customer")
        url = self.contract.access_url
        self.url_open(url)  # warm the caches (assets, views, session)
        start = self.cr.sql_log_count
        page = self.url_open(url).text
        few = self.cr.sql_log_count - start
        known = page.count("o_energy_pending_request")
        self.Contract.create(
            [self.contract._prepare_change_request_values("renewal") for _n in range(4)]
        )
        self.url_open(url)
        start = self.cr.sql_log_count
        page = self.url_open(url).text
        self.assertEqual(page.count("o_energy_pending_request"), known + 4)
        self.assertEqual(self.cr.sql_log_count - start, few)

    # ------------------------------------------------------------------
    # 1. Power or tariff change
    # ------------------------------------------------------------------

    def test_power_change_files_an_m1_request(self):
        self.authenticate("customer", "customer")
        tariff = self.contract.access_tariff_id
        form = self.url_open(f"{self.contract.access_url}/power")
        self.assertEqual(form.status_code, 200)
        self.assertIn('for="energy_request_power_p1_kw"', form.text)
        self.assertIn(tariff.name, form.text)
        # only the periods of the tariff are asked for
        self.assertNotIn(f'name="power_p{tariff.power_period_count + 1}_kw"', form.text)
        powers = {
            f"power_p{period}_kw": str(self.contract[f"power_p{period}_kw"] + 1.15)
            for period in range(1, tariff.power_period_count + 1)
        }
        response = self._post(
            f"{self.contract.access_url}/power",
            tariff_id=tariff.id,
            comment="Instalamos una bomba de calor.",
            **powers,
        )
        filed = self._filed(response, self.contract)
        self._assert_filed_from_portal(filed, self.user, "modification")
        self.assertEqual(filed.access_tariff_id, tariff)
        self.assertEqual(filed.supply_point_id, self.contract.supply_point_id)
        self.assertEqual(filed.partner_id, self.contract.partner_id)
        for fname, value in powers.items():
            self.assertAlmostEqual(filed[fname], float(value), places=3)
        self.assertEqual(filed.portal_comment, "Instalamos una bomba de calor.")

    def test_power_change_refuses_invalid_or_unchanged_powers(self):
        self.authenticate("customer", "customer")
        tariff = self.contract.access_tariff_id
        count = tariff.power_period_count
        current = {
            f"power_p{period}_kw": self.contract[f"power_p{period}_kw"]
            for period in range(1, count + 1)
        }
        too_high = dict.fromkeys(current, (tariff.max_power_kw or 1000) + 50)
        cases = {
            "unchanged": current,
            "above the tariff's maximum": too_high,
            "not a number": dict.fromkeys(current, "mucha"),
            "a period missing": dict(current, power_p1_kw=""),
        }
        before = self._changes(self.contract)
        for name, powers in cases.items():
            with self.subTest(name):
                response = self._post(
                    f"{self.contract.access_url}/power", tariff_id=tariff.id, **powers
                )
                self._assert_refused(response)
        self.assertEqual(self._changes(self.contract), before)

    def test_power_change_with_tampered_fields_refused_or_ignored(self):
        self.authenticate("customer", "customer")
        tariff = self.contract.access_tariff_id
        powers = {
            f"power_p{period}_kw": self.contract[f"power_p{period}_kw"] + 1
            for period in range(1, tariff.power_period_count + 1)
        }
        before = self._changes(self.contract)
        # a tariff that does not exist, or hidden tariff of another voltage
        high_voltage = self.env["energy.access.tariff"].search(
            [("voltage_min_v", ">", 1000)], limit=1
        )
        for tariff_id in (999999999, "x", high_voltage.id):
            with self.subTest(tariff_id=tariff_id):
                response = self._post(
                    f"{self.contract.access_url}/power", tariff_id=tariff_id, **powers
                )
                self._assert_refused(response)
        self.assertEqual(self._changes(self.contract), before)
        # fields the form does not have are ignored: the request is the
        # customer's, on their contract, in Documentation
        other = self.consumer_contract
        response = self._post(
            f"{self.contract.access_url}/power",
            tariff_id=tariff.id,
            partner_id=other.partner_id.id,
            parent_contract_id=other.id,
            supply_point_id=other.supply_point_id.id,
            state="active",
            source="backoffice",
            portal_user_id=self.consumer_user.id,
            **powers,
        )
        filed = self._filed(response, self.contract)
        self._assert_filed_from_portal(filed, self.user, "modification")
        self.assertEqual(filed.partner_id, self.contract.partner_id)
        self.assertEqual(filed.supply_point_id, self.contract.supply_point_id)
        self.assertFalse(self._changes(other))

    # ------------------------------------------------------------------
    # 2. Holder change
    # ------------------------------------------------------------------

    def test_holder_change_keeps_the_new_holders_documents(self):
        self.authenticate("customer", "customer")
        form = self.url_open(f"{self.contract.access_url}/holder")
        self.assertIn('for="energy_request_documents"', form.text)
        self.assertIn('enctype="multipart/form-data"', form.text)
        vat = make_dni(48151623)
        response = self._post(
            f"{self.contract.access_url}/holder",
            files=[
                ("documents", ("dni-anverso.pdf", PDF, "application/pdf")),
                ("documents", ("dni-reverso.png", PNG, "image/png")),
            ],
            holder_name="Lucía Gómez Pardo",
            holder_vat=vat.lower(),
            holder_email="lucia.gomez@example.es",
            holder_phone="+34 612 345 678",
        )
        filed = self._filed(response, self.contract)
        self._assert_filed_from_portal(filed, self.user, "holder_change")
        self.assertEqual(filed.partner_id.name, "Lucía Gómez Pardo")
        self.assertEqual(filed.partner_id.vat, f"ES{vat}")
        self.assertEqual(filed.supply_point_id, self.contract.supply_point_id)
        identity = filed.document_ids.filtered(
            lambda d: d.document_type_id.code == "holder_id"
        )
        self.assertEqual(identity.state, "received")
        self.assertEqual(
            sorted(identity.attachment_ids.mapped("name")),
            ["dni-anverso.pdf", "dni-reverso.png"],
        )
        self.assertEqual(
            sorted(identity.attachment_ids.mapped("raw")), sorted([PDF, PNG])
        )

    def test_holder_change_refuses_bad_nif_and_bad_files(self):
        self.authenticate("customer", "customer")
        holder = {
            "holder_name": "Lucía Gómez Pardo",
            "holder_vat": make_dni(48151624),
            "holder_email": "lucia.gomez@example.es",
        }
        pdf = [("documents", ("dni.pdf", PDF, "application/pdf"))]
        cases = {
            "invalid NIF": (dict(holder, holder_vat="48151624A"), pdf),
            "no e-mail": (dict(holder, holder_email=""), pdf),
            "no document": (holder, None),
            "an executable named .pdf": (
                holder,
                [("documents", ("dni.pdf", b"MZ\x90\x00" * 64, "application/pdf"))],
            ),
            "a text file": (
                holder,
                [("documents", ("dni.png", b"hello " * 20, "image/png"))],
            ),
            "larger than 10 MB": (
                holder,
                [
                    (
                        "documents",
                        (
                            "dni.pdf",
                            PDF + (b"0" * 1023 + b"\n") * (MAX_FILE_BYTES // 1024),
                            "application/pdf",
                        ),
                    )
                ],
            ),
            "too many files": (
                holder,
                [
                    ("documents", (f"dni-{n}.pdf", PDF, "application/pdf"))
                    for n in range(6)
                ],
            ),
            "the current holder": (
                dict(holder, holder_vat=self.customer.vat),
                pdf,
            ),
        }
        before = self._changes(self.contract)
        partners = self.env["res.partner"].search_count([])
        attachments = self.env["ir.attachment"].search_count([])
        for name, (data, files) in cases.items():
            with self.subTest(name):
                response = self._post(
                    f"{self.contract.access_url}/holder", files=files, **data
                )
                self._assert_refused(response)
        self.assertEqual(self._changes(self.contract), before)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    # ------------------------------------------------------------------
    # 3. Termination
    # ------------------------------------------------------------------

    def test_termination_files_a_b1_request_for_the_wanted_date(self):
        self.authenticate("customer", "customer")
        wanted = fields.Date.context_today(self.Contract) + timedelta(days=30)
        response = self._post(
            f"{self.contract.access_url}/termination",
            termination_reason="supply_removed",
            date_wanted=fields.Date.to_string(wanted),
        )
        filed = self._filed(response, self.contract)
        self._assert_filed_from_portal(filed, self.user, "termination")
        self.assertEqual(filed.termination_reason, "supply_removed")
        self.assertEqual(filed.activation_mode, "fixed_date")
        self.assertEqual(filed.date_activation_requested, wanted)
        self.assertEqual(filed.atr_process, "B1")

    def test_termination_refuses_bad_reason_or_date_and_duplicates(self):
        self.authenticate("customer", "customer")
        url = f"{self.contract.access_url}/termination"
        today = fields.Date.context_today(self.Contract)
        before = self._changes(self.contract)
        for name, data in {
            "no reason": {"termination_reason": ""},
            "a reason not offered": {"termination_reason": "non_payment"},
            "a past date": {
                "termination_reason": "other",
                "date_wanted": fields.Date.to_string(today - timedelta(days=2)),
            },
            "not a date": {"termination_reason": "other", "date_wanted": "mañana"},
        }.items():
            with self.subTest(name):
                self._assert_refused(self._post(url, **data))
        self.assertEqual(self._changes(self.contract), before)
        filed = self._filed(
            self._post(url, termination_reason="customer_request"), self.contract
        )
        self.assertEqual(filed.activation_mode, "asap")
        # a second one while the first is open: refused, on the form and posted
        self._assert_refused(self.url_open(url), "o_energy_request_refused")
        self._assert_refused(
            self._post(url, termination_reason="customer_request"),
            "o_energy_request_refused",
        )
        self.assertEqual(self._changes(self.contract), before | filed)

    # ------------------------------------------------------------------
    # 4. Withdrawal
    # ------------------------------------------------------------------

    def test_withdrawal_in_one_click_within_14_days(self):
        self.authenticate("req_consumer", "req_consumer")
        contract = self.consumer_contract
        response = self._post(f"{contract.access_url}/withdrawal")
        filed = self._filed(response, contract)
        self._assert_filed_from_portal(filed, self.consumer_user, "withdrawal")
        self.assertEqual(filed.atr_process, "E1")
        # once filed the button is gone and a second click is refused
        self.assertNotIn("o_energy_request_withdrawal_confirm", response.text)
        again = self._post(f"{contract.access_url}/withdrawal")
        self._assert_refused(again)
        self.assertEqual(self._changes(contract), filed)

    def test_withdrawal_after_14_days_is_refused(self):
        contract = self.consumer_contract
        contract._write_guarded(
            {"date_signed": fields.Datetime.now() - timedelta(days=20)}
        )
        self.authenticate("req_consumer", "req_consumer")
        page = self.url_open(contract.access_url).text
        self.assertIn("energy_contract_actions", page)
        self.assertNotIn("o_energy_request_withdrawal", page)
        response = self._post(f"{contract.access_url}/withdrawal")
        self._assert_refused(response)
        self.assertIn("14", response.text)
        self.assertFalse(self._changes(contract))

    def test_company_cannot_withdraw(self):
        self.authenticate("customer", "customer")
        response = self._post(f"{self.contract.access_url}/withdrawal")
        self._assert_refused(response)
        self.assertFalse(
            self._changes(self.contract).filtered(
                lambda r: r.request_type == "withdrawal"
            )
        )

    # ------------------------------------------------------------------
    # What is not the customer's, not active, or too much
    # ------------------------------------------------------------------

    def test_another_customers_contract_is_not_found_and_unchanged(self):
        self.authenticate("customer", "customer")
        other = self.consumer_contract
        for suffix in ("power", "holder", "termination", "withdrawal"):
            for contract_id in (other.id, 999999999):
                with self.subTest(suffix=suffix, contract_id=contract_id):
                    url = f"/my/contracts/{contract_id}/{suffix}"
                    self.assertEqual(self.url_open(url).status_code, 404)
                    response = self._post(
                        url,
                        termination_reason="customer_request",
                        tariff_id=other.access_tariff_id.id,
                        power_p1_kw=5,
                        power_p2_kw=5,
                    )
                    self.assertEqual(response.status_code, 404)
        self.assertFalse(self._changes(other))

    def test_a_contract_not_active_is_refused(self):
        self.authenticate("customer", "customer")
        contract = self.not_active
        before = self._changes(contract)
        for suffix in ("power", "holder", "termination"):
            with self.subTest(suffix):
                url = f"{contract.access_url}/{suffix}"
                page = self.url_open(url)
                self._assert_refused(page, "o_energy_request_refused")
                self.assertNotIn('type="submit" class="btn btn-primary', page.text)
                self._assert_refused(
                    self._post(url, termination_reason="customer_request"),
                    "o_energy_request_refused",
                )
        self._assert_refused(self._post(f"{contract.access_url}/withdrawal"))
        self.assertEqual(self._changes(contract), before)

    def test_too_many_requests_a_day_are_refused(self):
        values = self.contract._prepare_change_request_values("modification")
        values.update(portal_customer_id=self.customer.id, power_p1_kw=9.9)
        earlier = self.Contract._create_guarded(
            [dict(values) for _n in range(PORTAL_DAILY_LIMIT)]
        )
        earlier.action_cancel("Prueba")
        self.authenticate("customer", "customer")
        before = self._changes(self.contract)
        response = self._post(
            f"{self.contract.access_url}/termination",
            termination_reason="customer_request",
        )
        self._assert_refused(response)
        self.assertIn(str(PORTAL_DAILY_LIMIT), response.text)
        self.assertEqual(self._changes(self.contract), before)
        self.assertFalse(
            self._changes(self.contract).filtered(
                lambda r: r.state in IN_PROGRESS_STATES
                and r.request_type == "termination"
            )
        )

    def test_get_or_post_without_csrf_token_changes_nothing(self):
        self.authenticate("customer", "customer")
        before = self._changes(self.contract)
        response = self.url_open(
            f"{self.contract.access_url}/termination",
            data={"termination_reason": "customer_request"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._changes(self.contract), before)

    # ------------------------------------------------------------------
    # Tours: each flow as the customer clicks it
    # ------------------------------------------------------------------

    def test_tour_power_change(self):
        self.start_tour(
            self.contract.access_url,
            "energy_customer_portal_request_power",
            login="customer",
        )
        filed = self._changes(self.contract).filtered(
            lambda r: r.request_type == "modification" and r.source == "customer_portal"
        )
        self.assertEqual(len(filed), 1)
        self.assertAlmostEqual(filed.power_p1_kw, 10.392, places=3)

    def test_tour_holder_change_with_upload(self):
        self.start_tour(
            self.contract.access_url,
            "energy_customer_portal_request_holder",
            login="customer",
        )
        filed = self._changes(self.contract).filtered(
            lambda r: r.request_type == "holder_change"
        )
        self.assertEqual(filed.partner_id.vat, "ES48151623L")
        self.assertEqual(
            filed.document_ids.filtered(
                lambda d: d.state == "received"
            ).attachment_ids.mapped("name"),
            ["dni-lucia.pdf"],
        )

    def test_tour_termination(self):
        self.start_tour(
            self.contract.access_url,
            "energy_customer_portal_request_termination",
            login="customer",
        )
        filed = self._changes(self.contract).filtered(
            lambda r: r.request_type == "termination"
        )
        self.assertEqual(filed.termination_reason, "customer_request")
        self.assertEqual(filed.state, "documentation")

    def test_tour_withdrawal_one_click(self):
        self.start_tour(
            self.consumer_contract.access_url,
            "energy_customer_portal_request_withdrawal",
            login="req_consumer",
        )
        filed = self._changes(self.consumer_contract)
        self.assertEqual(filed.request_type, "withdrawal")
        self.assertEqual(filed.state, "documentation")
