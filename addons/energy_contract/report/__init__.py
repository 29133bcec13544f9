from . import energy_contract_report
