"""From reports to situations: fusion, threat follow-through, dyad series and alerts (docs/escalation.md).

Pure functions over the records of `brinkwatch.model`; series and alerts run on numpy columns.
"""

from __future__ import annotations

from brinkwatch.analysis.alerts import AlertConfig, attach_drivers, detect_alerts
from brinkwatch.analysis.columns import EventTable, table_from_fused
from brinkwatch.analysis.escalation import DyadSeries, EscalationWeights, dyad_series
from brinkwatch.analysis.followthrough import FollowThrough, link_threats
from brinkwatch.analysis.fusion import Fuser, FusionConfig, fuse, unfused
from brinkwatch.analysis.sources import EventArraySource, JsonlArticles, ReportSource

__all__ = [
    "AlertConfig",
    "DyadSeries",
    "EscalationWeights",
    "EventArraySource",
    "EventTable",
    "FollowThrough",
    "Fuser",
    "FusionConfig",
    "JsonlArticles",
    "ReportSource",
    "attach_drivers",
    "detect_alerts",
    "dyad_series",
    "fuse",
    "link_threats",
    "table_from_fused",
    "unfused",
]
