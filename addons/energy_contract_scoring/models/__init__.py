# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import energy_contract_scoring_rule
from . import energy_contract_scoring
from . import energy_contract_scoring_line
from . import energy_contract_scoring_request
from . import energy_contract_scoring_company
from . import energy_contract_scoring_provider
from . import energy_contract_phase
from . import energy_contract_exception
