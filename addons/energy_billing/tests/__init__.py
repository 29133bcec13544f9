from . import test_bill_engine
from . import test_billing_run
from . import test_reading_import
from . import test_f1_import
from . import test_billing_access
from . import test_direct_debit
from . import test_bill_report
