# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.energy_commission.models.energy_contract_channel_submission import (
    FILE_TYPES,
    MAX_FILE_BYTES,
)
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.crm_lead_capture import CAPTURE_FIELDS

LEAD_MODEL = "crm.lead"


class EnergySalesLeadPortal(CustomerPortal):
    """/my/leads: a channel's users list the leads of their channel and its
    sub-channels (the record rules decide) and bring new ones, with the
    customer's consent they collected."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "energy_lead_count" in counters:
            Lead = request.env[LEAD_MODEL]
            values["energy_lead_count"] = (
                Lead.search_count(self._energy_lead_domain())
                if self._energy_lead_channels() and Lead.has_access("read")
                else 0
            )
        return values

    def _energy_lead_channels(self):
        """The user's active channel and its active sub-channels (sudo), or
        an empty recordset when the user is not a channel's."""
        channel = request.env.user.partner_id.commercial_partner_id.sudo()
        if not (channel.is_energy_channel and channel.energy_channel_state == "active"):
            return channel.browse()
        return channel.search(
            [
                ("id", "child_of", channel.id),
                ("is_energy_channel", "=", True),
                ("energy_channel_state", "=", "active"),
            ]
        )

    def _energy_lead_domain(self):
        commercial = request.env.user.partner_id.commercial_partner_id
        return [("channel_id", "child_of", [commercial.id])]

    @http.route(
        ["/my/leads", "/my/leads/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_energy_leads(self, page=1, search=None, **kw):
        if not self._energy_lead_channels():
            return request.redirect("/my")
        Lead = request.env[LEAD_MODEL].with_context(active_test=False)
        domain = self._energy_lead_domain()
        if search:
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        "|",
                        ("name", "ilike", search),
                        ("contact_name", "ilike", search),
                        ("cups", "ilike", search.replace(" ", "").upper()),
                    ],
                ]
            )
        pager = portal_pager(
            url="/my/leads",
            url_args={"search": search},
            total=Lead.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        # Searched as the user: the record rules decide what is listed.
        leads = Lead.search(
            domain,
            order="create_date desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "leads": leads.sudo(),
                "pager": pager,
                "page_name": "energy_lead",
                "default_url": "/my/leads",
                "searchbar_inputs": {
                    "all": {"input": "all", "label": request.env._("Search")}
                },
                "search_in": "all",
                "search": search,
                "message": kw.get("message"),
            }
        )
        return request.render("energy_sales.portal_my_energy_leads", values)

    def _energy_lead_new_values(self, channels, values=None, errors=None):
        form = self._prepare_portal_layout_values()
        form.update(
            {
                "page_name": "energy_lead_new",
                "channels": channels,
                "values": values or {"customer_type": "individual"},
                "errors": errors or {},
            }
        )
        return form

    @http.route(
        ["/my/leads/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_energy_lead_new(self, **post):
        """Only the listed fields are read. The channel must be the user's or
        one of its sub-channels: any other id (a tampered form) is refused
        with 403 and nothing is created."""
        channels = self._energy_lead_channels()
        if not channels:
            return request.redirect("/my")
        if request.httprequest.method != "POST":
            return request.render(
                "energy_sales.portal_energy_lead_new",
                self._energy_lead_new_values(channels),
            )
        channel_id = post.get("channel_id") or str(channels[:1].id)
        channel = channels.filtered(lambda c: str(c.id) == channel_id)
        if not channel:
            raise Forbidden()
        values = {fname: (post.get(fname) or "").strip() for fname in CAPTURE_FIELDS}
        basis = post.get("consent_basis")
        evidence_note = (post.get("consent_reference") or "").strip()[:120]
        Lead = request.env[LEAD_MODEL].sudo()
        errors = Lead._capture_errors(values)
        if basis not in ("request", "consent"):
            errors["consent_basis"] = request.env._(
                "Say whether the customer asked to be called or gave their consent."
            )
        if not evidence_note:
            errors["consent_reference"] = request.env._(
                "Give the reference of the customer's consent (signed form, "
                "recording) so that we can prove it."
            )
        files = []
        for upload in request.httprequest.files.getlist("attachments"):
            if not upload.filename:
                continue
            content = upload.read()
            if (
                not upload.filename.lower().endswith(FILE_TYPES)
                or len(content) > MAX_FILE_BYTES
            ):
                errors["attachments"] = request.env._(
                    "%(file)s: only PDF, JPG or PNG files up to 10 MB.",
                    file=upload.filename,
                )
            files.append((upload.filename, content))
        form_values = dict(
            values,
            channel_id=channel.id,
            consent_basis=basis,
            consent_reference=evidence_note,
        )
        if errors:
            return request.render(
                "energy_sales.portal_energy_lead_new",
                self._energy_lead_new_values(channels, form_values, errors),
                status=400,
            )
        httprequest = request.httprequest
        try:
            with request.env.cr.savepoint():
                lead, created = Lead._capture_from_form(
                    values,
                    {
                        "origin": "channel",
                        "user_id": request.env.user.id,
                        "ip_address": httprequest.remote_addr,
                        "user_agent": (httprequest.headers.get("User-Agent") or "")[
                            :512
                        ],
                        "consent_basis": basis,
                        "privacy_accepted": True,
                        "evidence_note": evidence_note,
                    },
                    channel=channel,
                )
                if not created:
                    # An open lead (maybe another channel's) has the same
                    # CUPS, NIF or phone: refused, and the savepoint undoes
                    # everything the submission did.
                    raise UserError(
                        request.env._(
                            "This customer (CUPS, NIF or phone) is already being "
                            "handled; your channel manager will tell you more."
                        )
                    )
                request.env["ir.attachment"].sudo().create(
                    [
                        {
                            "name": name,
                            "raw": content,
                            "res_model": LEAD_MODEL,
                            "res_id": lead.id,
                        }
                        for name, content in files
                    ]
                )
        except UserError as error:
            return request.render(
                "energy_sales.portal_energy_lead_new",
                self._energy_lead_new_values(
                    channels, form_values, {"form": str(error)}
                ),
                status=409,
            )
        return request.redirect("/my/leads?message=lead_ok")
