from . import supply
from . import bank
from . import requests
from . import profile
