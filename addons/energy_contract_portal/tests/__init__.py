from . import test_contract_portal
