from . import energy_contract_reason_wizard
