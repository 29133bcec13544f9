from . import portal_mixin
from . import supply
from . import bank
from . import requests
from . import profile
from . import profile_sign_mail
from . import bank_account_move
from . import preferences_honoured
