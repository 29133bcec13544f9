from . import atr_builder
