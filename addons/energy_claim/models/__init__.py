# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import energy_claim_type
from . import energy_claim_subtype
from . import energy_claim_claimant_type
from . import energy_claim_result
from . import energy_claim_detail
from . import energy_claim_event
from . import energy_claim_hold
from . import helpdesk_ticket
from . import helpdesk_ticket_clock
from . import helpdesk_ticket_r1
from . import helpdesk_ticket_survey
from . import survey_user_input
from . import energy_atr_case
from . import energy_atr_message
from . import helpdesk_ticket_demo
