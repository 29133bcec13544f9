from . import test_contract_lifecycle
from . import test_contract_reporting
from . import test_contract_batch
from . import test_contract_history
from . import test_contract_guards
from . import test_contract_customer
from . import test_contract_renewal
from . import test_contract_withdrawal
