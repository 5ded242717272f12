"""The web face: the read-side repository the API and dashboard use, and the dashboard pages."""

from __future__ import annotations

from brinkwatch.model import EventRecord
from brinkwatch.web.memory import MemoryRepository
from brinkwatch.web.repository import EventQuery, Repository

__all__ = ["EventQuery", "EventRecord", "MemoryRepository", "Repository"]
