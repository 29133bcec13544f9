# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Client of the CNMC SIPS API ("API de consulta individualizada").

OAuth2 client credentials (the company's key and secret) give a bearer token;
each query returns the SIPS CSV layout for at most ten CUPS. Endpoints as
cnmcclient 0.5.0 uses them (that package is Python 2 only, hence this small
re-implementation with requests)."""

import requests

TOKEN_PATH = "/oauth2/token"
CONSULT_PATH = "/api-oauth2/verticales/v1/SIPS/consulta/v1/{file_type}.csv"
PS_FILE = "SIPS2026_PS_ELECTRICIDAD"
CONSUMPTION_FILE = "SIPS2026_CONSUMOS_ELECTRICIDAD"
MAX_CUPS_PER_REQUEST = 10


class CnmcSipsClient:
    def __init__(self, base_url, client_key, client_secret, timeout=20, session=None):
        self.base_url = (base_url or "").rstrip("/")
        self.client_key = client_key
        self.client_secret = client_secret
        # (connect, read) seconds: never wait forever on the CNMC.
        self.timeout = (min(timeout, 10), timeout)
        self.session = session or requests.Session()
        self._token = None

    def token(self):
        """A bearer token for this client, asked once."""
        if not self._token:
            response = self.session.request(
                "POST",
                self.base_url + TOKEN_PATH,
                data={"grant_type": "client_credentials"},
                auth=(self.client_key, self.client_secret),
                headers={"Accept": "application/json"},
                timeout=self.timeout,
            )
            response.raise_for_status()
            self._token = response.json()["access_token"]
        return self._token

    def fetch_csv(self, file_type, cups_list):
        """The SIPS CSV of `file_type` for up to ten CUPS, as text."""
        if not 0 < len(cups_list) <= MAX_CUPS_PER_REQUEST:
            raise ValueError(f"1 to {MAX_CUPS_PER_REQUEST} CUPS per request")
        response = self.session.request(
            "GET",
            self.base_url + CONSULT_PATH.format(file_type=file_type),
            params={"cups": ",".join(cups_list)},
            headers={
                "Authorization": f"Bearer {self.token()}",
                "Accept": "text/csv",
            },
            timeout=self.timeout,
        )
        response.raise_for_status()
        return response.content.decode("utf-8-sig")

    def close(self):
        self.session.close()
