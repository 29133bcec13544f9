# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import timedelta
from urllib.parse import urlparse

from dateutil.relativedelta import relativedelta
from lxml import html

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import format_date, formatLang

from odoo.addons.energy_base.tests.common import make_cups
from odoo.addons.energy_contract.models.lifecycle import IN_PROGRESS_STATES

PAGE_SIZE = 20
# Queries of one portal page (session, user, layout, the page's own reads):
# a fixed number whatever the records behind it.
PAGE_QUERY_BOUND = 40


def kwh_number(text):
    """The integer a kWh cell shows, whatever the thousands separator."""
    return int(re.sub(r"\D", "", text))


@tagged("post_install", "-at_install")
class TestPortalSupply(HttpCase):
    """The demo `customer` login (password = login) on /my/supplies: their
    supply points, one supply point's contract, requests, invoices and
    consumption; another customer's points stay out of reach, a channel and
    a portal user without supplies see none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.Supply = env["energy.supply.point"]
        cls.Contract = env["energy.contract"]
        cls.Reading = env["energy.billing.reading"]
        cls.tariff = env.ref("energy_base.access_tariff_20td")
        cls.user = env.ref("energy_atr.user_demo_portal_customer")
        cls.customer = cls.user.partner_id.commercial_partner_id
        cls.today = fields.Date.context_today(cls.Supply)
        cls.this_month = cls.today.replace(day=1)

        # a supply point of the customer with two years of readings, the
        # latest one corrected (the superseded reading must not count)
        cls.point = cls._point("0021999900000001", cls.customer, city="Valencia")
        cls._readings(cls.point, 24)
        last = cls.this_month - relativedelta(months=1)
        cls.Reading.create(
            {
                "supply_point_id": cls.point.id,
                "date_start": last,
                "date_end": last + relativedelta(months=1, days=-1),
                "kwh_p1": 1234,
                "kwh_p2": 456,
                "kwh_p3": 789,
            }
        )
        # a supply point without readings: SIPS consumption shows instead
        cls.sips_point = cls._point("0021999900000002", cls.customer, city="Gandía")
        env["energy.supply.point.consumption"].create(
            [
                {
                    "supply_point_id": cls.sips_point.id,
                    "date_start": month,
                    "date_end": month + relativedelta(months=1, days=-1),
                    "source": "sips",
                    "kwh_p1": 90 + 5 * n,
                    "kwh_p2": 70 + 3 * n,
                    "kwh_p3": 120 + 2 * n,
                }
                for n, month in enumerate(cls._months_back(15, start=2))
            ]
        )

        # another customer and their supply point
        cls.other_customer = env["res.partner"].create(
            {"name": "Tomás Navarro Gil", "email": "tomas.navarro@example.es"}
        )
        cls.other_point = cls._point("0021999900000003", cls.other_customer)
        cls._readings(cls.other_point, 3)

        # a business customer with many supply points, one of its contacts
        # has the portal login
        cls.business = env["res.partner"].create(
            {"name": "Talleres Ebro, S.L.", "is_company": True}
        )
        contact = env["res.partner"].create(
            {"name": "Pilar Ruiz Lozano", "parent_id": cls.business.id}
        )
        cls.business_user = new_test_user(
            env, "ecp_business", groups="base.group_portal", partner_id=contact.id
        )
        cls.business_points = cls.Supply.create(
            [
                {
                    "cups": make_cups(f"0021998800{n:06d}"),
                    "holder_id": cls.business.id,
                    "access_tariff_id": cls.tariff.id,
                    "street": f"Polígono Malpica, nave {n}",
                    "zip": "50016",
                    "city": "Zaragoza",
                }
                for n in range(PAGE_SIZE + 3)
            ]
        )
        cls.nobody = new_test_user(env, "ecp_nobody", groups="base.group_portal")
        cls.channel_user = env.ref("energy_contract.user_demo_portal_channel")

    @classmethod
    def _point(cls, digits, holder, city="Zaragoza"):
        return cls.Supply.create(
            {
                "cups": make_cups(digits),
                "holder_id": holder.id,
                "access_tariff_id": cls.tariff.id,
                "street": "Calle de Colón, 12",
                "zip": "46004",
                "city": city,
                "power_p1_kw": 4.6,
                "power_p2_kw": 4.6,
            }
        )

    @classmethod
    def _months_back(cls, count, start=1):
        return [
            cls.this_month - relativedelta(months=n)
            for n in range(start, start + count)
        ]

    @classmethod
    def _readings(cls, point, count, start=1):
        return cls.Reading.create(
            [
                {
                    "supply_point_id": point.id,
                    "date_start": month,
                    "date_end": month + relativedelta(months=1, days=-1),
                    "kwh_p1": 100 + 7 * n,
                    "kwh_p2": 80 + 3 * n,
                    "kwh_p3": 150 + 11 * n,
                }
                for n, month in enumerate(cls._months_back(count, start))
            ]
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _get(self, url, status=200):
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, url)
        return response

    def _tree(self, url):
        return html.fromstring(self._get(url).text)

    def _own_points(self, partner):
        """What the customer holds or has a request on (in progress or in
        force), found from the records, not from the portal's domain."""
        commercial = partner.commercial_partner_id
        held = self.Supply.search([("holder_id", "child_of", commercial.id)])
        requested = self.Contract.search(
            [
                ("partner_id", "child_of", commercial.id),
                ("state", "not in", ("terminated", "rejected", "cancelled")),
            ]
        ).supply_point_id
        return held | requested

    def _expected_consumption(self, records):
        """Per month (12, ending with the latest month with data) and per
        period, this year and the year before, summed from `records`."""
        by_month = {}
        for record in records:
            month = record.date_end.replace(day=1)
            sums = by_month.setdefault(month, [0.0] * 6)
            for period in range(6):
                sums[period] += record[f"kwh_p{period + 1}"]
        last = max(by_month)
        months = [last - relativedelta(months=n) for n in range(11, -1, -1)]
        zero = [0.0] * 6
        current = [sum(by_month.get(m, zero)) for m in months]
        previous = [sum(by_month.get(m - relativedelta(years=1), zero)) for m in months]
        periods = [
            (
                sum(by_month.get(m, zero)[p] for m in months),
                sum(by_month.get(m - relativedelta(years=1), zero)[p] for m in months),
            )
            for p in range(self.tariff.energy_period_count)
        ]
        return current, previous, periods

    def _page_consumption(self, tree):
        """(kWh, kWh a year before) per row of the month and period tables,
        0 where the page says there is no data."""

        def cell(row, css_class):
            td = row.xpath(f"td[contains(concat(' ', @class, ' '), ' {css_class} ')]")[
                0
            ]
            return 0 if td.xpath("span") else kwh_number(td.text_content())

        return [
            [
                (cell(row, "o_energy_kwh"), cell(row, "o_energy_kwh_previous"))
                for row in tree.xpath(f"//tr[contains(@class, '{row_class}')]")
            ]
            for row_class in (
                "o_energy_consumption_month",
                "o_energy_consumption_period",
            )
        ]

    # ------------------------------------------------------------------
    # List and home
    # ------------------------------------------------------------------

    def test_list_shows_the_customers_supplies_only(self):
        self.authenticate("customer", "customer")
        tree = self._tree("/my/supplies")
        shown = tree.xpath("//a[contains(@class, 'o_energy_supply_link')]/text()")
        own = self._own_points(self.user.partner_id)
        self.assertEqual(len(shown), min(len(own), PAGE_SIZE))
        page = html.tostring(tree, encoding="unicode")
        self.assertIn(self.point.cups_formatted, page)
        self.assertNotIn(self.other_point.cups_formatted, page)
        self.assertNotIn(self.business_points[0].cups_formatted, page)

    def test_home_counts_the_customers_supplies(self):
        self.authenticate("customer", "customer")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["energy_supply_count"]}
        )
        self.assertEqual(
            counters["energy_supply_count"], len(self._own_points(self.user.partner_id))
        )
        home = html.fromstring(self._get("/my").text)
        section = home.xpath("//section[@id='portal_energy_category']")[0]
        self.assertTrue(section.xpath(".//h2"))
        hrefs = section.xpath(".//a/@href")
        self.assertIn("/my/supplies", hrefs)
        self.assertIn("/my/contracts", hrefs)

    def test_business_contact_pages_through_the_companys_supplies(self):
        self.authenticate("ecp_business", "ecp_business")
        first = self._tree("/my/supplies")
        second = self._tree("/my/supplies/page/2")
        cups = [
            set(tree.xpath("//a[contains(@class, 'o_energy_supply_link')]/text()"))
            for tree in (first, second)
        ]
        self.assertEqual(len(cups[0]), PAGE_SIZE)
        self.assertEqual(len(cups[1]), len(self.business_points) - PAGE_SIZE)
        self.assertEqual(
            cups[0] | cups[1], set(self.business_points.mapped("cups_formatted"))
        )
        self.assertFalse(cups[0] & cups[1])

    def test_search_by_cups_typed_loosely_and_by_address(self):
        self.authenticate("customer", "customer")
        typed = " ".join(re.findall(".{1,4}", self.point.cups.lower()))
        tree = self._tree(f"/my/supplies?search={typed}&search_in=cups")
        self.assertEqual(
            tree.xpath("//a[contains(@class, 'o_energy_supply_link')]/text()"),
            [self.point.cups_formatted],
        )
        tree = self._tree("/my/supplies?search=Gandía&search_in=address")
        self.assertEqual(
            tree.xpath("//a[contains(@class, 'o_energy_supply_link')]/text()"),
            [self.sips_point.cups_formatted],
        )
        page = self._get(
            f"/my/supplies?search={self.other_point.cups}&search_in=cups"
        ).text
        self.assertNotIn(self.other_point.cups_formatted, page)
        self.assertIn("No supply point matches your search", page)

    def test_portal_user_without_supplies_sees_an_empty_state(self):
        self.authenticate("ecp_nobody", "ecp_nobody")
        tree = self._tree("/my/supplies")
        self.assertTrue(tree.xpath("//*[contains(@class, 'o_energy_supply_empty')]"))
        self.assertFalse(tree.xpath("//tr[contains(@class, 'o_energy_supply_row')]"))
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["energy_supply_count"]}
        )
        self.assertEqual(counters["energy_supply_count"], 0)

    def test_channel_user_sees_no_customer_supply(self):
        channel_points = self.Contract.search(
            [("channel_id", "child_of", self.channel_user.commercial_partner_id.id)]
        ).supply_point_id
        self.assertTrue(channel_points, "the demo channel sold contracts")
        self.authenticate("channel", "channel")
        home = html.fromstring(self._get("/my").text)
        self.assertFalse(home.xpath("//section[@id='portal_energy_category']//h2"))
        tree = self._tree("/my/supplies")
        self.assertFalse(tree.xpath("//tr[contains(@class, 'o_energy_supply_row')]"))
        response = self.url_open(f"/my/supplies/{channel_points[0].id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(channel_points[0].cups_formatted, response.text)

    def test_a_cancelled_request_gives_no_access_to_another_holders_supply(self):
        # the other customer's request on their point is in progress; ours on
        # the same point was cancelled: the point stays theirs
        self.Contract.create(
            {
                "partner_id": self.other_customer.id,
                "supply_point_id": self.other_point.id,
            }
        )
        cancelled = self.Contract.create(
            {"partner_id": self.customer.id, "supply_point_id": self.other_point.id}
        )
        cancelled.action_cancel("El cliente desiste antes de firmar")
        self.assertEqual(cancelled.state, "cancelled")
        self.authenticate("customer", "customer")
        self.assertEqual(
            self.url_open(f"/my/supplies/{self.other_point.id}").status_code, 404
        )
        self.assertNotIn(
            self.other_point.cups_formatted, self._get("/my/supplies").text
        )

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.url_open(f"/my/supplies/{self.point.id}")
        self.assertEqual(urlparse(response.url).path, "/web/login")
        self.assertNotIn(self.point.cups_formatted, response.text)

    # ------------------------------------------------------------------
    # Detail
    # ------------------------------------------------------------------

    def test_another_customers_supply_is_not_found(self):
        self.authenticate("customer", "customer")
        readings_before = self.Reading.search_count(
            [("supply_point_id", "=", self.other_point.id)]
        )
        for url in (
            f"/my/supplies/{self.other_point.id}",
            f"/my/supplies/{self.Supply.search([], order='id desc', limit=1).id + 1}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(self.other_point.cups_formatted, response.text)
            self.assertNotIn(self.other_customer.name, response.text)
        self.assertEqual(
            self.Reading.search_count([("supply_point_id", "=", self.other_point.id)]),
            readings_before,
        )

    def test_supply_page_shows_the_contract_in_force(self):
        contract = self.Contract.search(
            [
                ("partner_id", "child_of", self.customer.id),
                ("state", "=", "active"),
                ("parent_contract_id", "=", False),
            ],
            limit=1,
        )
        self.assertTrue(contract, "the demo customer has a contract in force")
        self.authenticate("customer", "customer")
        tree = self._tree(f"/my/supplies/{contract.supply_point_id.id}")
        section = tree.xpath("//section[@id='energy_supply_contract']")[0]
        text = section.text_content()
        self.assertIn(contract.name, text)
        if contract.product_id:
            self.assertIn(contract.product_id.name, text)
        tariff = contract.access_tariff_id
        powers = section.xpath(
            ".//table[contains(@class, 'o_energy_supply_powers')]//th"
        )
        self.assertEqual(
            [th.text_content().strip() for th in powers],
            [f"P{n}" for n in range(1, tariff.power_period_count + 1)],
        )
        price = contract.product_id._get_price_at(self.today)[contract.product_id]
        prices = section.xpath(".//table[contains(@class, 'o_energy_supply_prices')]")
        self.assertEqual(bool(prices), bool(price))
        if price:
            rows = prices[0].xpath(".//tbody/tr")
            self.assertEqual(len(rows), tariff.energy_period_count)
        # the actions block the other parts of the portal fill
        self.assertTrue(tree.xpath("//div[@id='energy_supply_actions']"))

    def test_consumer_sees_the_last_day_to_withdraw_while_it_runs(self):
        consumer = self.env["res.partner"].create(
            {"name": "Lucía Sanz Ortega", "vat": "ES12345678Z"}
        )
        # a Spanish customer's day starts an hour or two before UTC's: the
        # limit shown must be the day in the customer's time zone
        user = new_test_user(
            self.env,
            "ecp_consumer",
            groups="base.group_portal",
            partner_id=consumer.id,
            tz="Europe/Madrid",
        )
        point = self._point("0021999900000005", consumer)
        contract = self.Contract.create(
            {
                "partner_id": consumer.id,
                "supply_point_id": point.id,
                "power_p1_kw": 4.6,
                "power_p2_kw": 4.6,
            }
        )
        with contract._exit_checks_waived():
            contract.action_to_validation()
            contract.action_to_signature()
            contract._write_guarded(
                {"date_signed": fields.Datetime.now() - timedelta(days=3)}
            )
            contract.action_submit()
            contract.action_accept()
        contract.action_activate(date_activated=self.today)
        limit = contract.with_context(tz=user.tz).date_withdrawal_limit
        self.assertGreaterEqual(limit, self.today)
        self.authenticate("ecp_consumer", "ecp_consumer")
        tree = self._tree(f"/my/supplies/{point.id}")
        alert = tree.xpath(
            "string(//section[@id='energy_supply_contract']//div[@role='status'])"
        )
        self.assertIn("withdraw", alert)
        self.assertIn(format_date(self.env(context={"lang": user.lang}), limit), alert)
        # once the period is over, the page no longer offers it
        contract._write_guarded(
            {"date_signed": fields.Datetime.now() - timedelta(days=20)}
        )
        tree = self._tree(f"/my/supplies/{point.id}")
        self.assertNotIn(
            "withdraw",
            tree.xpath("string(//section[@id='energy_supply_contract'])"),
        )

    def test_open_request_says_its_phase_and_links_to_it(self):
        request = self.Contract.search(
            [
                ("partner_id", "child_of", self.customer.id),
                ("state", "in", IN_PROGRESS_STATES),
            ],
            limit=1,
        )
        self.assertTrue(request, "the demo customer has a request in progress")
        self.authenticate("customer", "customer")
        tree = self._tree(f"/my/supplies/{request.supply_point_id.id}")
        links = tree.xpath("//a[contains(@class, 'o_energy_supply_request_link')]")
        self.assertIn(request.access_url, [link.get("href") for link in links])
        item = next(
            link.getparent() for link in links if link.get("href") == request.access_url
        )
        text = item.text_content()
        self.assertIn(
            dict(self.Contract._fields["state"]._description_selection(self.env))[
                request.state
            ],
            text,
        )
        self.assertEqual(
            "Your signature is pending" in text, request._has_to_be_signed()
        )
        for document in request._get_missing_documents():
            self.assertIn(document.document_type_id.name, text)

    def test_latest_invoices_link_to_the_invoice_page(self):
        contracts = self.Contract.search([("partner_id", "child_of", self.customer.id)])
        invoices = self.env["account.move"].search(
            [
                ("partner_id", "child_of", self.customer.id),
                ("energy_contract_id", "in", contracts.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        self.assertTrue(invoices, "the demo customer has been billed")
        point = invoices[0].energy_contract_id.supply_point_id
        own = invoices.filtered(
            lambda move: move.energy_contract_id.supply_point_id == point
        )
        # another customer's invoice billed on the same supply point (a
        # previous holder) never shows
        other = own[0].copy({"partner_id": self.other_customer.id})
        other.write({"energy_supply_point_id": point.id})
        other.action_post()
        self.authenticate("customer", "customer")
        tree = self._tree(f"/my/supplies/{point.id}")
        hrefs = tree.xpath(
            "//table[contains(@class, 'o_energy_supply_invoices')]//a/@href"
        )
        self.assertEqual(len(hrefs), min(len(own), 6))
        self.assertTrue(set(hrefs) <= {f"/my/invoices/{move.id}" for move in own})
        newest = max(own, key=lambda move: (move.invoice_date, move.id))
        self.assertEqual(hrefs[0], f"/my/invoices/{newest.id}")
        self.assertNotIn(f"/my/invoices/{other.id}", hrefs)

    # ------------------------------------------------------------------
    # Consumption
    # ------------------------------------------------------------------

    def test_consumption_from_readings_per_month_and_per_period(self):
        readings = self.Reading.search(
            [("supply_point_id", "=", self.point.id), ("state", "=", "valid")]
        )
        self.assertEqual(
            self.Reading.search_count(
                [("supply_point_id", "=", self.point.id), ("state", "=", "superseded")]
            ),
            1,
        )
        current, previous, periods = self._expected_consumption(readings)
        self.authenticate("customer", "customer")
        tree = self._tree(f"/my/supplies/{self.point.id}")
        source = tree.xpath(
            "string(//p[contains(@class, 'o_energy_consumption_source')])"
        )
        self.assertIn("meter readings", source)
        months, page_periods = self._page_consumption(tree)
        self.assertEqual(
            months,
            [(round(c), round(p)) for c, p in zip(current, previous, strict=True)],
        )
        self.assertEqual(page_periods, [(round(c), round(p)) for c, p in periods])
        self.assertEqual(len(page_periods), self.tariff.energy_period_count)
        # the chart tells its totals to screen readers
        chart = tree.xpath("//div[contains(@class, 'o_energy_chart')]")[0]
        self.assertEqual(chart.get("role"), "img")
        self.assertIn(str(round(sum(current)))[-3:], chart.get("aria-label"))

    def test_consumption_falls_back_to_sips(self):
        rows = self.env["energy.supply.point.consumption"].search(
            [("supply_point_id", "=", self.sips_point.id)]
        )
        current, previous, periods = self._expected_consumption(rows)
        self.authenticate("customer", "customer")
        tree = self._tree(f"/my/supplies/{self.sips_point.id}")
        source = tree.xpath(
            "string(//p[contains(@class, 'o_energy_consumption_source')])"
        )
        self.assertIn("SIPS", source)
        months, page_periods = self._page_consumption(tree)
        self.assertEqual(
            months,
            [(round(c), round(p)) for c, p in zip(current, previous, strict=True)],
        )
        self.assertEqual(page_periods, [(round(c), round(p)) for c, p in periods])

    def test_kwh_are_written_the_spanish_way(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.user.lang = "es_ES"
        readings = self.Reading.search(
            [("supply_point_id", "=", self.point.id), ("state", "=", "valid")]
        )
        total = sum(self._expected_consumption(readings)[0])
        self.assertGreater(total, 1000)
        self.authenticate("customer", "customer")
        tree = self._tree(f"/my/supplies/{self.point.id}")
        cell = tree.xpath(
            "string(//td[contains(@class, 'o_energy_kwh_total')])"
        ).strip()
        spanish = self.env(context={"lang": "es_ES"})
        self.assertEqual(cell, formatLang(spanish, total, digits=0))
        self.assertIn(".", cell)

    def test_supply_page_queries_do_not_grow_with_readings(self):
        point = self._point("0021999900000004", self.customer)
        self._readings(point, 2)
        url = f"/my/supplies/{point.id}"
        self.authenticate("customer", "customer")
        self._get(url)  # warm the caches (assets, views, session)
        start = self.cr.sql_log_count
        self._get(url)
        few = self.cr.sql_log_count - start
        self._readings(point, 30, start=3)
        self._get(url)  # flush what the new readings left pending
        start = self.cr.sql_log_count
        tree = html.fromstring(self._get(url).text)
        many = self.cr.sql_log_count - start
        self.assertEqual(
            len(tree.xpath("//tr[contains(@class, 'o_energy_consumption_month')]")), 12
        )
        self.assertEqual(many, few)
        self.assertLessEqual(many, PAGE_QUERY_BOUND)

    def test_supply_page_with_its_contract_stays_within_its_query_bound(self):
        contract = self.Contract.search(
            [
                ("partner_id", "child_of", self.customer.id),
                ("state", "=", "active"),
                ("parent_contract_id", "=", False),
            ],
            limit=1,
        )
        url = f"/my/supplies/{contract.supply_point_id.id}"
        self.authenticate("customer", "customer")
        self._get(url)
        start = self.cr.sql_log_count
        self._get(url)
        self.assertLessEqual(self.cr.sql_log_count - start, PAGE_QUERY_BOUND)

    def test_list_queries_do_not_grow_with_its_rows(self):
        self.authenticate("ecp_business", "ecp_business")
        counts = []
        for url in ("/my/supplies/page/2", "/my/supplies"):
            self._get(url)
            start = self.cr.sql_log_count
            tree = self._tree(url)
            counts.append(
                (
                    len(tree.xpath("//tr[contains(@class, 'o_energy_supply_row')]")),
                    self.cr.sql_log_count - start,
                )
            )
        (few_rows, few), (many_rows, many) = counts
        self.assertLess(few_rows, many_rows)
        self.assertEqual(many, few)
        self.assertLessEqual(many, PAGE_QUERY_BOUND)

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------

    def _received_document(self, contract, name):
        types = self.env["energy.contract.document.type"].search(
            [("id", "not in", contract.document_ids.document_type_id.ids)], limit=1
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": b"%PDF-1.4 " + name.encode(),
                "mimetype": "application/pdf",
                "res_model": "energy.contract",
                "res_id": contract.id,
            }
        )
        document = self.env["energy.contract.document"].create(
            {
                "contract_id": contract.id,
                "document_type_id": types.id,
                "attachment_ids": [Command.set(attachment.ids)],
            }
        )
        document.action_receive()
        return document, attachment

    def test_customer_downloads_their_documents_only(self):
        contract = self.Contract.search(
            [
                ("partner_id", "child_of", self.customer.id),
                ("state", "=", "active"),
                ("parent_contract_id", "=", False),
            ],
            limit=1,
        )
        other = self.Contract.search(
            [
                ("partner_id.commercial_partner_id", "!=", self.customer.id),
                ("state", "=", "active"),
            ],
            limit=1,
        )
        document, attachment = self._received_document(contract, "dni-cliente.pdf")
        other_document, other_attachment = self._received_document(
            other, "escritura-ajena.pdf"
        )
        point = contract.supply_point_id
        self.authenticate("customer", "customer")
        page = self._get(f"/my/supplies/{point.id}").text
        url = f"/my/supplies/{point.id}/documents/{document.id}/{attachment.id}"
        self.assertIn(url, page)
        response = self._get(url)
        self.assertEqual(response.content, attachment.raw)
        for tampered in (
            f"/my/supplies/{point.id}/documents/{other_document.id}/{other_attachment.id}",
            f"/my/supplies/{point.id}/documents/{document.id}/{other_attachment.id}",
            f"/my/supplies/{other.supply_point_id.id}/documents/"
            f"{other_document.id}/{other_attachment.id}",
        ):
            response = self.url_open(tampered)
            self.assertEqual(response.status_code, 404, tampered)
            self.assertNotIn(other_attachment.raw, response.content)

    # ------------------------------------------------------------------
    # Tour
    # ------------------------------------------------------------------

    def test_tour_home_to_supply_consumption_and_request(self):
        # the first supply of the list (CUPS order) has readings and a
        # request in progress
        point = self._point("0000000000000001", self.customer)
        self._readings(point, 14)
        self.Contract.create(
            {
                "partner_id": self.customer.id,
                "supply_point_id": point.id,
                "request_type": "switch",
                "date_requested": fields.Datetime.now() - timedelta(days=1),
            }
        )
        self.start_tour("/my", "energy_customer_portal_supply", login="customer")
