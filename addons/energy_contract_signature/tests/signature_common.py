# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The world of the portal and signature tests: two customers, a channel with
a sub-channel and a competing channel, their portal users, a priced product
and requests waiting for the customer's signature. No test here."""

import base64
import io

from PIL import Image

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.energy_base.tests.common import make_cups

__all__ = ["SignatureWorld", "make_cups", "signature_png"]


def signature_png():
    """A small drawn signature, base64 PNG, as the portal widget sends it."""
    image = Image.new("RGB", (120, 40), "white")
    for x in range(10, 110):
        image.putpixel((x, 20 + (x % 7) - 3), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


class SignatureWorld:
    """Mixin for TransactionCase/HttpCase: call `_build_world()` from
    setUpClass."""

    @classmethod
    def _build_world(cls):
        env = cls.env
        cls.Contract = env["energy.contract"]
        tariff = env.ref("energy_base.access_tariff_20td")
        cls.company = env.company
        cls.company.write({"energy_ree_code": "4321", "vat": "ESB87654323"})
        cls.backoffice = new_test_user(
            env, "sig_backoffice", groups="energy_base.group_energy_backoffice"
        )
        cls.reader = new_test_user(
            env, "sig_reader", groups="energy_base.group_energy_user"
        )
        cls.validator = new_test_user(
            env, "sig_validator", groups="energy_base.group_energy_validation"
        )

        Partner = env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Inmaculada Ferrer Soler",
                "vat": "ES12345678Z",
                "email": "inma.ferrer@example.es",
                "street": "Calle de Colón, 12",
                "zip": "46004",
                "city": "Valencia",
            }
        )
        cls.other_customer = Partner.create(
            {
                "name": "Tomás Navarro Gil",
                "vat": "ES87654321X",
                "email": "tomas@example.es",
            }
        )
        cls.channel = Partner.create(
            {
                "name": "Agencia Mediterránea, S.L.",
                "is_company": True,
                "is_energy_channel": True,
            }
        )
        cls.subchannel = Partner.create(
            {
                "name": "Punto Energía Gandía, S.L.",
                "is_company": True,
                "is_energy_channel": True,
                "parent_id": cls.channel.id,
            }
        )
        cls.rival_channel = Partner.create(
            {
                "name": "Ahorro Luz Norte, S.L.",
                "is_company": True,
                "is_energy_channel": True,
            }
        )
        cls.customer_user = cls._portal_user("sig_customer", cls.customer)
        cls.other_customer_user = cls._portal_user(
            "sig_other_customer", cls.other_customer
        )
        cls.channel_user = cls._agent("sig_channel_agent", "Rosa Vidal", cls.channel)
        cls.subchannel_user = cls._agent(
            "sig_subchannel_agent", "Pau Climent", cls.subchannel
        )

        cls.product = env["energy.product"].create(
            {
                "name": "Luz Estable Hogar",
                "code": "SIG-ESTABLE",
                "access_tariff_id": tariff.id,
                "pricing_type": "fixed",
            }
        )
        cls.price = env["energy.product.price"].create(
            {
                "product_id": cls.product.id,
                "date_from": fields.Date.add(fields.Date.today(), years=-1),
                "energy_price_p1": 0.187654,
                "energy_price_p2": 0.123456,
                "energy_price_p3": 0.098765,
                "power_price_p1": 0.091234,
                "power_price_p2": 0.012345,
            }
        )
        cls.points = env["energy.supply.point"].create(
            [
                {
                    "cups": make_cups(f"0021{9100 + n:012d}"),
                    "access_tariff_id": tariff.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    "street": "Calle de Colón, 12",
                    "zip": "46004",
                    "city": "Valencia",
                }
                for n in range(4)
            ]
        )
        cls.contract = cls._request(cls.customer, cls.points[0], cls.subchannel)
        cls.other_contract = cls._request(
            cls.other_customer, cls.points[1], cls.rival_channel
        )
        cls.channel_contract = cls._request(
            cls.other_customer, cls.points[2], cls.channel
        )
        cls._to_signature(cls.contract | cls.other_contract | cls.channel_contract)

    @classmethod
    def _agent(cls, login, name, channel):
        contact = cls.env["res.partner"].create({"name": name, "parent_id": channel.id})
        return cls._portal_user(login, contact)

    @classmethod
    def _portal_user(cls, login, partner):
        # new_test_user renames the partner after the login unless told its name
        return new_test_user(
            cls.env,
            login,
            groups="base.group_portal",
            partner_id=partner.id,
            name=partner.name,
        )

    @classmethod
    def _request(cls, customer, point, channel=None, **vals):
        return cls.Contract.with_user(cls.backoffice).create(
            {
                "partner_id": customer.id,
                "supply_point_id": point.id,
                "product_id": cls.product.id,
                "request_type": "switch",
                "power_p1_kw": 4.6,
                "power_p2_kw": 4.6,
                "bank_iban": "ES9121000418450200051332",
                "sepa_mandate_ref": "SIG-MANDATE-1",
                "channel_id": channel.id if channel else False,
                **vals,
            }
        )

    @classmethod
    def _to_signature(cls, contracts):
        """Straight to the signature phase: the document and scoring checks of
        the earlier phases are other tests' business."""
        with contracts._exit_checks_waived():
            contracts.action_to_validation()
            contracts.with_user(cls.validator).action_to_signature()

    def _signature_events(self, contract):
        return contract.event_ids.filtered(lambda e: e.event_type == "signature")
