from . import test_contract_document_rules
from . import test_contract_document_exit
from . import test_contract_document_reminder
from . import test_contract_document_access
from . import test_contract_exception
from . import test_contract_history_display
