from . import energy_tariff_holiday_fill
