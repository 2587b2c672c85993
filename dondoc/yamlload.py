"""One way to read the reference data files: PyYAML with its C loader when libyaml is present
(five times faster than the pure-Python one, which matters for the CLI's start-up)."""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(stream: IO[str] | str) -> Any:
    return yaml.load(stream, Loader=_LOADER)  # noqa: S506 — a safe loader, C or Python
