from . import test_bill_engine
