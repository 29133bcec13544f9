# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# The demo generator is imported by its entry point when demo data is loaded.
from . import controllers
from . import models
from . import wizards
