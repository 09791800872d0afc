"""Statistics of stored results: capability, control charts, yield, Pareto."""

from rig.stats.capability import Capability, Histogram, Interval, capability, histogram
from rig.stats.control import RULES, ControlChart, RuleViolation, individuals_chart
from rig.stats.pareto import ParetoRow, pareto
from rig.stats.reports import (
    CapabilityReport,
    ControlReport,
    ParetoReport,
    YieldReport,
    capability_report,
    control_report,
    pareto_report,
    yield_report,
)
from rig.stats.yields import GROUPINGS, YieldRow, first_pass_yield, total_yield

__all__ = [
    "GROUPINGS", "RULES", "Capability", "CapabilityReport", "ControlChart", "ControlReport", "Histogram",
    "Interval", "ParetoReport", "ParetoRow", "RuleViolation", "YieldReport", "YieldRow",
    "capability", "capability_report", "control_report", "first_pass_yield", "histogram",
    "individuals_chart", "pareto", "pareto_report", "total_yield", "yield_report",
]
