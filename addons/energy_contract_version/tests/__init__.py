from . import test_contract_version
from . import test_holder_change
