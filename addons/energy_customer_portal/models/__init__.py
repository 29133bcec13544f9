from . import supply
from . import bank
from . import requests
from . import profile
from . import bank_account_move
