# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import namedtuple

from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.energy_contract_channel_submission import FILE_TYPES, MAX_FILE_BYTES

UploadedFile = namedtuple("UploadedFile", ["filename", "content"])

LINE_MODEL = "energy.commission.line"
SETTLEMENT_MODEL = "energy.commission.settlement"
SCORECARD_MODEL = "energy.commission.scorecard"


class EnergyCommissionPortal(CustomerPortal):
    """/my/commissions and /my/settlements: a channel's commission lines and
    settlements, its own and its sub-channels', read-only. The record rules
    decide what is listed; the domains below only narrow it."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (
            ("energy_commission_count", LINE_MODEL),
            ("energy_settlement_count", SETTLEMENT_MODEL),
            ("energy_scorecard_count", SCORECARD_MODEL),
        ):
            if counter in counters:
                Model = request.env[model]
                values[counter] = (
                    Model.search_count(self._energy_channel_domain())
                    if Model.has_access("read")
                    else 0
                )
        return values

    def _energy_channel_domain(self):
        commercial = request.env.user.partner_id.commercial_partner_id
        return [("channel_id", "child_of", [commercial.id])]

    def _energy_commission_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "pending": {
                "label": request.env._("Pending"),
                "domain": [("state", "=", "pending")],
            },
            "earned": {
                "label": request.env._("Earned"),
                "domain": [("state", "=", "earned"), ("line_type", "=", "commission")],
            },
            "clawback": {
                "label": request.env._("Clawed back"),
                "domain": [("line_type", "=", "clawback")],
            },
            "disputed": {
                "label": request.env._("Disputed"),
                "domain": [("dispute_state", "!=", False)],
            },
        }

    def _energy_list(self, model, url, page, filterby, search, filters, search_domain):
        Model = request.env[model]
        filterby = filterby if filterby in filters else "all"
        domain = expression.AND(
            [self._energy_channel_domain(), filters[filterby]["domain"]]
        )
        if search:
            domain = expression.AND([domain, search_domain(search)])
        pager = portal_pager(
            url=url,
            url_args={"filterby": filterby, "search": search},
            total=Model.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        records = Model.search(
            domain, limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "records": records,
                "pager": pager,
                "default_url": url,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": {
                    "all": {"input": "all", "label": request.env._("Search")}
                },
                "search_in": "all",
                "search": search,
            }
        )
        return values

    @http.route(
        ["/my/commissions", "/my/commissions/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_energy_commissions(self, page=1, filterby=None, search=None, **kw):
        if not request.env[LINE_MODEL].has_access("read"):
            return request.redirect("/my")
        values = self._energy_list(
            LINE_MODEL,
            "/my/commissions",
            page,
            filterby,
            search,
            self._energy_commission_filters(),
            lambda text: [
                "|",
                ("contract_id.name", "ilike", text),
                ("contract_id.cups", "ilike", text.replace(" ", "").upper()),
            ],
        )
        values["page_name"] = "energy_commission"
        return request.render("energy_commission.portal_my_energy_commissions", values)

    @http.route(
        ["/my/settlements", "/my/settlements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_energy_settlements(self, page=1, filterby=None, search=None, **kw):
        if not request.env[SETTLEMENT_MODEL].has_access("read"):
            return request.redirect("/my")
        filters = {"all": {"label": request.env._("All"), "domain": []}}
        values = self._energy_list(
            SETTLEMENT_MODEL,
            "/my/settlements",
            page,
            filterby,
            search,
            filters,
            lambda text: [("name", "ilike", text)],
        )
        values["page_name"] = "energy_settlement"
        return request.render("energy_commission.portal_my_energy_settlements", values)

    @http.route(
        ["/my/settlements/<int:settlement_id>"], type="http", auth="user", website=True
    )
    def portal_energy_settlement_pdf(self, settlement_id, download=False, **kw):
        """The settlement statement (PDF) listing every contract."""
        try:
            settlement_sudo = self._document_check_access(
                SETTLEMENT_MODEL, settlement_id
            )
        except (AccessError, MissingError):
            return request.not_found()
        return self._show_report(
            model=settlement_sudo,
            report_type="pdf",
            report_ref="energy_commission.action_report_settlement",
            download=download,
        )

    # ------------------------------------------------------------------
    # One commission line and its disputes
    # ------------------------------------------------------------------

    def _energy_commission_line(self, line_id):
        """The line if the user's channel may read it (record rules), else an
        empty recordset: another channel's line is simply not found."""
        Line = request.env[LINE_MODEL]
        if not Line.has_access("read"):
            return Line
        return Line.search([("id", "=", int(line_id))], limit=1)

    @http.route(
        ["/my/commissions/<int:line_id>"], type="http", auth="user", website=True
    )
    def portal_energy_commission_page(self, line_id, error=None, **kw):
        line = self._energy_commission_line(line_id)
        if not line:
            return request.not_found()
        line = line.sudo()  # the rule, rule_id, is not the channel's to read
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "line": line,
                "disputes": line.dispute_ids,
                "can_dispute": line.line_type in ("commission", "clawback")
                and line.state != "cancelled"
                and line.dispute_state != "open",
                "error": error,
                "page_name": "energy_commission_line",
            }
        )
        return request.render("energy_commission.portal_energy_commission_page", values)

    @http.route(
        ["/my/commissions/<int:line_id>/dispute"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_energy_commission_dispute(self, line_id, reason=None, **kw):
        """Only the reason is read from the form: the line comes from the URL
        and is checked against the user's channel; the author is the user."""
        line = self._energy_commission_line(line_id)
        if not line:
            return request.not_found()
        url = f"/my/commissions/{line.id}"
        try:
            line.sudo()._open_dispute(reason, request.env.user.partner_id)
        except UserError as error:
            return request.redirect(f"{url}?{url_encode({'error': str(error)})}")
        return request.redirect(url)

    # ------------------------------------------------------------------
    # Quality scorecard
    # ------------------------------------------------------------------

    @http.route(
        ["/my/scorecard", "/my/scorecard/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_energy_scorecard(self, page=1, search=None, **kw):
        """The channel's own quality per month (and its sub-channels')."""
        if not request.env[SCORECARD_MODEL].has_access("read"):
            return request.redirect("/my")
        filters = {"all": {"label": request.env._("All"), "domain": []}}
        values = self._energy_list(
            SCORECARD_MODEL,
            "/my/scorecard",
            page,
            "all",
            search,
            filters,
            lambda text: [("channel_id.name", "ilike", text)],
        )
        values["page_name"] = "energy_scorecard"
        values["rejections"] = self._energy_rejections_by_reason()
        return request.render("energy_commission.portal_my_energy_scorecard", values)

    def _energy_rejections_by_reason(self):
        """(reason, count) of the channel's rejected requests (record rules
        apply: its own and its sub-channels')."""
        Contract = request.env["energy.contract"]
        if not Contract.has_access("read"):
            return []
        groups = Contract._read_group(
            expression.AND(
                [self._energy_channel_domain(), [("state", "=", "rejected")]]
            ),
            ["reject_reason_code"],
            ["__count"],
        )
        return sorted(groups, key=lambda group: -group[1])

    # ------------------------------------------------------------------
    # New contract request from the channel portal
    # ------------------------------------------------------------------

    def _energy_portal_channel(self):
        """The user's active sales channel, or an empty recordset."""
        channel = request.env.user.partner_id.commercial_partner_id.sudo()
        if channel.is_energy_channel and channel.energy_channel_state == "active":
            return channel
        return channel.browse()

    def _energy_request_form_values(self, values=None, error=None):
        Product = request.env["energy.product"].sudo()
        form = self._prepare_portal_layout_values()
        form.update(
            {
                "page_name": "energy_contract_new",
                "products": Product.search(
                    [("company_id", "in", [request.env.company.id, False])]
                ),
                "tariffs": request.env["energy.access.tariff"].sudo().search([]),
                "values": values or {},
                "error": error,
            }
        )
        return form

    @http.route(
        ["/my/contracts/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_energy_contract_new(self, **post):
        """Only the listed fields are read; the channel is the user's, never a
        form field; the request lands in Documentation."""
        channel = self._energy_portal_channel()
        if not channel:
            return request.redirect("/my")
        if request.httprequest.method != "POST":
            return request.render(
                "energy_commission.portal_energy_contract_new",
                self._energy_request_form_values(),
            )
        fields = (
            "customer_name",
            "customer_vat",
            "customer_email",
            "customer_phone",
            "cups",
            "tariff",
            "request_type",
            "product_id",
        )
        values = {fname: (post.get(fname) or "").strip() for fname in fields}
        files = [
            upload
            for upload in request.httprequest.files.getlist("attachments")
            if upload.filename
        ]
        submission = dict(
            values,
            files=[UploadedFile(upload.filename, upload.read()) for upload in files],
        )
        Contract = request.env["energy.contract"].sudo()
        try:
            with request.env.cr.savepoint():
                contract = Contract._create_from_channel_portal(channel, submission)
        except UserError as error:
            return request.render(
                "energy_commission.portal_energy_contract_new",
                self._energy_request_form_values(values, str(error)),
            )
        return request.redirect(contract.get_portal_url())

    # ------------------------------------------------------------------
    # A missing document sent from the request's page
    # ------------------------------------------------------------------

    @http.route(
        ["/my/contracts/<int:contract_id>/documents/<int:document_id>"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_energy_contract_document_upload(self, contract_id, document_id, **kw):
        """The document must be one the user may read (record rules: the
        customer's own requests, the channel's subtree) of that request;
        only the file is read from the form."""
        Document = request.env["energy.contract.document"]
        document = (
            Document.search(
                [("id", "=", document_id), ("contract_id", "=", contract_id)], limit=1
            )
            if Document.has_access("read")
            else Document
        )
        if not document:
            return request.not_found()
        url = f"/my/contracts/{contract_id}"
        upload = request.httprequest.files.get("file")
        content = upload.read() if upload else b""
        name = (upload.filename or "") if upload else ""
        error = None
        if not content or not name.lower().endswith(FILE_TYPES):
            error = request.env._("Send a PDF, JPG or PNG file.")
        elif len(content) > MAX_FILE_BYTES:
            error = request.env._("%(file)s is larger than 10 MB.", file=name)
        else:
            try:
                with request.env.cr.savepoint():
                    attachment = (
                        request.env["ir.attachment"]
                        .sudo()
                        .create(
                            {
                                "name": name,
                                "raw": content,
                                "res_model": Document._name,
                                "res_id": document.id,
                            }
                        )
                    )
                    document.sudo().action_receive(attachment)
            except UserError as exc:
                error = str(exc)
        if error:
            return request.redirect(f"{url}?{url_encode({'doc_error': error})}")
        return request.redirect(url)
