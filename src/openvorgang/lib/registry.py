"""One mechanism for every kind of plugin: job handlers, outbox transports and their failure
hooks, delivery channels, DMS connectors. A registry maps names to plugins, refuses a name
registered twice with another plugin (two modules claiming one name is a bug, not an
override), and offers its names as form choices. Plugins register themselves when their
module is imported; each app imports its plugin modules in its ``AppConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def add(self, name: str, item: T) -> T:
        known = self._items.get(name)
        if known is not None and known is not item:
            raise RuntimeError(f"{self.kind} {name!r} registered twice")
        self._items[name] = item
        return item

    def __call__(self, name: str) -> Callable[[T], T]:
        """As a decorator: ``@registry("name")``."""

        def register(item: T) -> T:
            return self.add(name, item)

        return register

    def get(self, name: str) -> T | None:
        return self._items.get(name)

    def __getitem__(self, name: str) -> T:
        return self._items[name]

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

    def names(self) -> list[str]:
        return sorted(self._items)

    def choices(self) -> list[tuple[str, str]]:
        """(name, label) pairs for forms and model fields: a plugin's ``label`` if it has one."""
        return [(name, str(getattr(self._items[name], "label", name))) for name in self]
