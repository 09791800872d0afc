"""Product specs: versioned data files, validated on load, looked up by name.

    spec = load_spec("specs/general-purpose.yaml")   # SpecError names file, line, field
    spec.sequence("eol").steps                       # StepSpec, in order
    spec.limits("high.fundamental")                  # rig.model.Limits
"""

from rig.specs.errors import SpecError, UnknownName
from rig.specs.loader import load_spec, load_spec_text
from rig.specs.model import Retest, Safety, SequenceSpec, Spec, StepSpec

__all__ = ["Retest", "Safety", "SequenceSpec", "Spec", "SpecError", "StepSpec",
           "UnknownName", "load_spec", "load_spec_text"]
