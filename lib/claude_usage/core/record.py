"""Frozen value classes declared like dataclasses, for a fraction of the start-up cost.

`import dataclasses` pulls in inspect, ast, re and enum: about 14 ms, more than a
whole cached run may cost (it runs 1,440 times a day). A Record takes its fields
from the class annotations, in order; a class attribute gives a field's default.

    class Limit(Record):
        key: str
        resets_at: float | None = None
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself costs ~10 ms to import; annotations stay strings
if TYPE_CHECKING:
    from typing import Any, ClassVar, TypeVar

    from typing_extensions import dataclass_transform

    R = TypeVar("R", bound="Record")
else:

    def dataclass_transform(**_: object) -> object:
        """At run time a no-op; for the type checker, Records are frozen dataclasses."""
        return lambda cls: cls


@dataclass_transform(frozen_default=True)
class _RecordType(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _RecordType:
        inherited = [f for base in bases for f in getattr(base, "_fields", ())]
        own = [f for f in namespace.get("__annotations__", {}) if not f.startswith("_")]
        defaults = {f: namespace.pop(f) for f in own if f in namespace}
        namespace["__slots__"] = tuple(own)
        namespace["_fields"] = tuple(inherited + own)
        namespace["_defaults"] = (
            {**getattr(bases[0], "_defaults", {}), **defaults} if bases else defaults
        )
        return super().__new__(mcs, name, bases, namespace)


class Record(metaclass=_RecordType):
    """Base of our immutable values: keyword or positional construction, ==, hash, repr."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _hidden: ClassVar[tuple[str, ...]] = ()  # fields repr must not show, such as a token

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A cached menu run builds a few hundred Records: no dict of what was given, one pass.
        fields, defaults, put = self._fields, self._defaults, object.__setattr__
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes {len(fields)} fields")
        for field, value in zip(fields, args):
            put(self, field, value)
        rest = fields[len(args) :]
        for key in kwargs:
            if key not in rest:
                raise TypeError(f"{type(self).__name__}: unexpected or repeated field {key!r}")
        for field in rest:
            if field in kwargs:
                put(self, field, kwargs[field])
            elif field in defaults:
                put(self, field, defaults[field])
            else:
                raise TypeError(f"{type(self).__name__} needs {field!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in self._fields)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Record)
            and type(other) is type(self)
            and other._values() == self._values()
        )

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f}=<hidden>" if f in self._hidden else f"{f}={getattr(self, f)!r}"
            for f in self._fields
        )
        return f"{type(self).__name__}({shown})"


def replace(record: R, **changes: Any) -> R:
    """A copy of `record` with some fields changed, like dataclasses.replace."""
    values = {f: getattr(record, f) for f in record._fields}
    values.update(changes)
    return type(record)(**values)
