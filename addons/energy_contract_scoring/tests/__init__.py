from . import test_contract_scoring
