"""Jobs for `Coders` in tests: a module a child process can import (test modules import pytest)."""

from __future__ import annotations

import os
import time
from typing import Any

from brinkwatch.errors import InputError


def act(job: tuple[str, Any]) -> Any:
    """("pid", _) -> the child's pid; ("sleep", s) then its pid; ("fail", m) raises; ("die", code) exits."""
    action, value = job
    if action == "sleep":
        time.sleep(value)
    elif action == "fail":
        raise InputError(f"cannot read {value!r}; send text")
    elif action == "die":
        os._exit(value)
    return os.getpid()
