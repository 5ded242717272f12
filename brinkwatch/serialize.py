"""JSON serialisation of the data model that round-trips exactly.

One generic walker over dataclass fields and their type hints, so a field added to `model.py` is
serialised without touching this module.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from brinkwatch.errors import InvalidRecordError

__all__ = ["from_dict", "from_json", "to_dict", "to_json"]

T = TypeVar("T")


def to_dict(record: Any) -> Any:
    """Turn a record (or list/dict of records) into JSON-ready Python values."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, Enum):
        return record.value
    if isinstance(record, datetime | date):
        return record.isoformat()
    if isinstance(record, list | tuple):
        return [to_dict(item) for item in record]
    if isinstance(record, dict):
        return {str(key): to_dict(value) for key, value in record.items()}
    return record


def to_json(record: Any, *, indent: int | None = None) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False, indent=indent)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_dict(cls: type[T], data: Any) -> T:
    """Build a `cls` record from the output of `to_dict`; unknown keys are an error, not ignored."""
    return typing.cast(T, _build(cls, data, cls.__name__))


def from_json(cls: type[T], text: str) -> T:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecordError(f"{cls.__name__}: not valid JSON ({exc}); pass the output of to_json") from exc
    return from_dict(cls, data)


def _build(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if value is None:
            return None
        return _build(options[0], value, where)
    if origin is list:
        (item_hint,) = typing.get_args(hint)
        return [_build(item_hint, item, f"{where}[{i}]") for i, item in enumerate(value)]
    if origin is dict:
        key_hint, value_hint = typing.get_args(hint)
        return {_build(key_hint, k, where): _build(value_hint, v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build_record(hint, value, where)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError as exc:
            allowed = ", ".join(str(member.value) for member in hint)
            raise InvalidRecordError(f"{where}: {value!r} is not one of: {allowed}") from exc
    if hint is float and isinstance(value, int):
        return float(value)
    return value


def _build_record(cls: type, value: Any, where: str) -> Any:
    if not isinstance(value, dict):
        raise InvalidRecordError(f"{where}: expected an object for {cls.__name__}, got {type(value).__name__}")
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(value) - names)
    if unknown:
        raise InvalidRecordError(
            f"{where}: unknown field(s) {', '.join(unknown)} for {cls.__name__}; known: {', '.join(sorted(names))}"
        )
    kwargs = {name: _build(hints[name], item, f"{where}.{name}") for name, item in value.items()}
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise InvalidRecordError(f"{where}: cannot build {cls.__name__}: {exc}") from exc
