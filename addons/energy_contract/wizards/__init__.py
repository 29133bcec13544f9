from . import energy_contract_reason_wizard
from . import energy_contract_signature_wizard
from . import energy_contract_holder_change
from . import energy_contract_document_wizard
