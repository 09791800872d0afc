"""Diagnosis of every FAIL: a motor model fitted to each unit, and each defect's signature.

    diagnosis = diagnose(verdict, observations, measurements, spec.diagnosis.model,
                         motors=spec.motors, current_limit_a=spec.supply_current_limit_a)
    describe(diagnosis)   # "weak magnet, motor B (92 %)"
"""

from rig.diagnosis.engine import Assessment, assess, diagnose
from rig.diagnosis.model import (
           CAUSES,
           NO_CAUSE,
           Described,
           Diagnosis,
           cause_words,
           describe,
           described,
)

__all__ = ["CAUSES", "Assessment", "assess", "NO_CAUSE", "Described", "Diagnosis", "cause_words", "describe",
           "described", "diagnose"]
