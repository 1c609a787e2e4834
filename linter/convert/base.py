"""What every part of the service conversion shares: where notes go, and how a key is
replaced or removed without losing the comments around it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cslint.convert.comments import take_trailing
from cslint.convert.interpolate import Lookup
from cslint.convert.notes import Notes
from cslint.convert.project import Service
from cslint.convert.volumes import VolumePlan


class ConverterBase:
    def __init__(
        self,
        notes: Notes,
        services: Mapping[str, Service],
        plan: VolumePlan,
        folder: str,
        lookup: Lookup | None = None,
    ) -> None:
        self.notes = notes
        self.lookup = lookup  # --interpolate's values, for variables passed from the host
        self.services = services
        self.plan = plan
        self.folder = folder  # the compose file's folder, for env files
        # (key, comment lines) taken from keys dropped or replaced in the current service
        self._pending: list[tuple[str, list[str]]] = []

    def _set(self, service: Service, key: str, value: Any) -> None:
        """Replace a key's value, keeping the comment lines that followed the old one."""
        if key in service.body:
            self._pending.append((key, take_trailing(service.body, key)))
            if isinstance(value, str):
                self._realign_comment(service, key, value)
        replace_value(service.body, key, value)

    def _realign_comment(self, service: Service, key: str, value: str) -> None:
        """An end-of-line comment keeps its distance from a new, shorter or longer value
        (ruamel would keep its old column)."""
        entry = service.body.ca.items.get(key)
        token = entry[2] if entry and len(entry) > 2 else None
        if token is None or not str(token.value).startswith("#"):
            return
        where = service.at(key)
        located = where.source.doc.get(where.path)
        if located is None or located.key is None or located.via_merge is not None:
            token.start_mark.column = 0
            return
        gap = max(token.start_mark.column - (located.value.end_col - 1), 2)
        token.start_mark.column = located.key.col - 1 + len(key) + 2 + len(value) + gap

    def _del(self, service: Service, key: str) -> None:
        self._pending.append((key, take_trailing(service.body, key)))
        del service.body[key]

    # -- generic --------------------------------------------------------------------------


def replace_value(body: Any, key: str, value: Any) -> None:
    """Set `body[key]`, forgetting comments ruamel kept for the old value's position: a
    comment placed before a block collection would be emitted inside the new value."""
    entry = getattr(body, "ca", None) and body.ca.items.get(key)
    if entry and len(entry) > 3:
        entry[3] = None
    body[key] = value
