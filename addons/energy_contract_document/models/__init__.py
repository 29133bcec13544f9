# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import energy_contract_document_type
from . import energy_contract_document_request_type
from . import energy_contract_document_rule
from . import energy_contract_document
from . import energy_contract_document_checklist
from . import energy_contract_document_phase
from . import energy_contract_report_document
from . import energy_contract_exception
from . import energy_contract_event
