"""One exception tree. Each message says what went wrong, with which value, and how to fix it.

The CLI and the API catch only `BrinkwatchError`; each subclass carries the exit code the CLI
returns (documented in docs/cli.md):

    0  success
    1  unexpected internal error (a bug: please report it with the traceback from --debug)
    2  usage error (bad option or argument)
    3  input not found (missing path)
    4  unreadable input (empty, binary, undecodable, too large)
    5  network error (unreachable URL, timeout, HTTP error, wrong content type)
    6  pipeline or configuration error (misordered stages, bad record, bad setting)
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "BrinkwatchError",
    "ConfigurationError",
    "EmptyInputError",
    "FetchError",
    "InputError",
    "InputNotFoundError",
    "InputTooLargeError",
    "InvalidRecordError",
    "PipelineError",
    "UnknownEncodingError",
    "exit_code_of",
]


class BrinkwatchError(Exception):
    """Base of every error brinkwatch raises on purpose."""

    exit_code = 1


class InputError(BrinkwatchError):
    """The input cannot be read as a news article."""

    exit_code = 4


class InputNotFoundError(InputError):
    exit_code = 3


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class UnknownEncodingError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class FetchError(BrinkwatchError):
    """A URL could not be fetched: unreachable, too slow, too large, or not an article."""

    exit_code = 5


class PipelineError(BrinkwatchError):
    """A pipeline is built wrongly (a stage's input is never assigned) or a stage failed."""

    exit_code = 6


class ConfigurationError(BrinkwatchError):
    exit_code = 6


class InvalidRecordError(BrinkwatchError):
    """A serialised record does not match the data model."""

    exit_code = 6


def exit_code_of(name: str) -> int:
    """The exit code of the BrinkwatchError class called `name` (a batch keeps only the error's name);
    1, an internal error, for any other name (an exception brinkwatch did not raise on purpose)."""
    pending: list[type[BrinkwatchError]] = [BrinkwatchError]
    while pending:
        kind = pending.pop()
        if kind.__name__ == name:
            return kind.exit_code
        pending += kind.__subclasses__()
    return 1
