from . import test_contract_signature
