# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Demo generators: imported by their entry points on the models when the demo
# data is loaded, never by the addon's __init__.
