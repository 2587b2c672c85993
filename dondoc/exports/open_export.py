"""Open export of the registry for higher-level systems and the public (docs/open-data.md).

Three shapes of the same data, none of which needs dondoc to be read:

- ``export_json`` / ``write_json``: every registry table as a list of row objects in one JSON
  document (``"format": "dondoc-open-export"``, ``"version": 1``);
- ``write_csv_tables`` / ``write_csv_zip``: the same tables as one UTF-8 CSV each (RFC 4180), with
  a README.txt, in a folder or in one .zip for a single download;
- ``indicator_rows`` / ``write_sdmx_csv``: the reported indicator values as one flat SDMX-CSV
  table (dataflow ``DONDOC:PLAN_INDICATORS(1.0)``), the shape that maps onto the KPI data packets
  of QCVN 125:2021/BTTTT (see the mapping and its uncertainties in docs/open-data.md).

What is left out, on purpose: user accounts (password hashes, e-mail addresses), the audit log,
the notification outbox and attachments (uploaders' login names; the bytes never were in the
database), the bulky raw ``extraction`` and ``source_lines`` of a plan, the derived
``search_text`` columns, and ``report.reviewed_by`` (a login name, i.e. a pointer into the
excluded user accounts).

Read-only: no HTTP, no commit. Everything is read inside the caller's transaction, so the tables
agree with each other only as far as that transaction's isolation guarantees (on PostgreSQL, run
a large export under REPEATABLE READ for one snapshot).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from dondoc.core.db import utcnow
from dondoc.core.models import Base
from dondoc.exports import repository

FORMAT = "dondoc-open-export"
FORMAT_VERSION = 1

# Parents before children, so a consumer loading the tables in this order never meets a foreign
# key that points at a row it has not seen yet (agency.parent_id and plan.replaces_id point back
# into their own table; load those in two passes).
TABLES: tuple[str, ...] = (
    "agency",
    "agency_alias",
    "agency_succession",
    "plan",
    "plan_reference",
    "section",
    "task",
    "indicator",
    "target",
    "assignment",
    "reporting_duty",
    "period",
    "report",
    "report_item",
    "indicator_value",
)

# Tables that never leave the server, whatever is added to TABLES later (checked in _table).
PRIVATE_TABLES: frozenset[str] = frozenset({"user_account", "audit_event", "notification", "attachment"})

OMITTED_COLUMNS: dict[str, frozenset[str]] = {
    "plan": frozenset({"extraction", "source_lines"}),  # megabytes per plan; the source file is public
    "task": frozenset({"search_text"}),  # a normalised copy of the title, for search only
    "indicator": frozenset({"search_text"}),
    "report": frozenset({"reviewed_by"}),  # a login name: would re-identify user accounts
}

# --- the flat indicator format (SDMX-CSV) ---------------------------------------------------------

SDMX_STRUCTURE = "dataflow"
SDMX_STRUCTURE_ID = "DONDOC:PLAN_INDICATORS(1.0)"
SDMX_ACTION = "I"  # Information: a consumer loading it appends (SDMX-CSV field guide)
SDMX_COLUMNS: tuple[str, ...] = (
    "STRUCTURE",
    "STRUCTURE_ID",
    "ACTION",
    # dimensions
    "PLAN",
    "INDICATOR",
    "TARGET_ID",
    "CATALOG_KEY",
    "REF_AREA",
    "REPORTING_AGENCY",
    "FREQ",
    "TIME_PERIOD",
    # the measure
    "OBS_VALUE",
    # attributes
    "UNIT_MEASURE",
    "TARGET_VALUE",
    "TARGET_VALUE_MAX",  # custom column: the upper end of a "16 - 18" range target
    "TARGET_COMPARATOR",
    "TARGET_YEAR",
    "OBS_STATUS",
    "COMMENT",
)
EXPORTED_STATUSES: dict[str, str] = {"accepted": "A", "submitted": "P"}  # SDMX CL_OBS_STATUS codes
FREQ_CODES: dict[str, str] = {"monthly": "M", "quarterly": "Q", "half-yearly": "S", "yearly": "A"}

# Period.key as dondoc writes it (reporting/periods.py) for each frequency.
_PERIOD_KEYS: dict[str, re.Pattern[str]] = {
    "monthly": re.compile(r"(\d{4})-(\d{2})"),
    "quarterly": re.compile(r"(\d{4})-Q([1-4])"),
    "half-yearly": re.compile(r"(\d{4})-H([12])"),
    "yearly": re.compile(r"(\d{4})"),
}


# --- value conversion -------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """A database value as plain JSON: dates and timestamps in ISO 8601 (timestamps in UTC),
    non-finite floats as null (JSON has no NaN), containers converted item by item."""
    if isinstance(value, datetime):  # before date: a datetime is a date too
        if value.tzinfo is None:  # never stored so (core.models.UTCDateTime); say UTC explicitly
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def machine_number(value: float | int | None) -> str:
    """A number as machines read it: dot decimal, no thousands separator, no exponent, no
    trailing ".0" (10.0 → "10", 0.00001 → "0.00001"). None and non-finite values → ""."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return ""
    if value.is_integer():
        return str(int(value))
    # repr gives the shortest text that reads back as the same float; Decimal drops its exponent
    return format(Decimal(repr(value)), "f")


def csv_cell(value: Any) -> str:
    """One JSON-safe value (from ``export_json``) as the text of its CSV cell: null → empty,
    booleans → true/false, numbers as ``machine_number``, lists and objects as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return machine_number(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def sdmx_time_period(frequency: str, key: str) -> str:
    """Period.key in SDMX reporting-period notation: "2025-06" → "2025-M06", "2025-Q2" stays,
    "2025-H1" → "2025-S1", "2025" stays. Anything else is refused rather than mislabelled."""
    pattern = _PERIOD_KEYS.get(frequency)
    match = pattern.fullmatch(key) if pattern else None
    if match is None:
        raise ValueError(f"period key {key!r} does not fit frequency {frequency!r}")
    year = match.group(1)
    if frequency == "monthly":
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"period key {key!r}: no month {month}")
        return f"{year}-M{month:02d}"
    if frequency == "quarterly":
        return f"{year}-Q{match.group(2)}"
    if frequency == "half-yearly":
        return f"{year}-S{match.group(2)}"
    return year


# --- the registry tables ----------------------------------------------------------------------


def _table(name: str) -> Table:
    if name in PRIVATE_TABLES:
        raise ValueError(f"table {name} is private and never exported")
    return Base.metadata.tables[name]


def table_columns(name: str) -> list[str]:
    """The exported columns of a table, in the table's own order."""
    omitted = OMITTED_COLUMNS.get(name, frozenset())
    return [c.name for c in _table(name).columns if c.name not in omitted]


PUBLISHED_STATUSES = ("submitted", "accepted")


def _rows(session: Session, name: str) -> list[dict[str, Any]]:
    # Core, not the ORM: no relationship loading, and only the columns that leave the server.
    # Only what an agency stands by leaves the server: drafts and returned reports stay inside.
    result = repository.table_rows(
        session, _table(name), table_columns(name), _table("report"), PUBLISHED_STATUSES
    )
    return [{k: json_value(v) for k, v in row.items()} for row in result]


def export_json(session: Session, *, now: datetime | None = None) -> dict[str, Any]:
    """The whole registry as one JSON-safe document; ``json.dumps`` needs no custom encoder."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": json_value(now or utcnow()),
        # the column lists let a reader build its tables even when one has no rows yet
        "columns": {name: table_columns(name) for name in TABLES},
        "tables": {name: _rows(session, name) for name in TABLES},
    }


def write_json(session: Session, path: Path) -> Path:
    """``export_json`` into a UTF-8 file (Vietnamese kept readable, not \\u-escaped)."""
    path.write_text(json.dumps(export_json(session), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    # RFC 4180 as SDMX-CSV asks: comma, CRLF, quotes only where a cell needs them
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[c]) for c in columns])
    return buffer.getvalue()


def _csv_files(session: Session) -> dict[str, str]:
    """File name → content of every table's CSV, then the README, in TABLES order."""
    export = export_json(session)
    files = {f"{name}.csv": _csv_text(export["columns"][name], export["tables"][name]) for name in TABLES}
    files["README.txt"] = _readme(export)
    return files


def _readme(export: Mapping[str, Any]) -> str:
    lines = [
        f"{FORMAT} {FORMAT_VERSION} — dondoc open export, CSV edition",
        f"Exported at (UTC): {export['exported_at']}",
        "",
        "One UTF-8 CSV per table (RFC 4180: comma-separated, CRLF, header row = column names).",
        "Empty cell = no value; numbers use a dot decimal; dates are ISO 8601 (yyyy-mm-dd);",
        "timestamps are ISO 8601 in UTC; true/false for yes/no; lists as JSON text.",
        "Column meanings: docs/open-data.md in the dondoc source.",
        "",
        "Files (rows):",
    ]
    lines += [f"  {name}.csv ({len(export['tables'][name])})" for name in TABLES]
    lines += [
        "",
        "Not exported: user accounts, audit log, notifications, attachments;",
        "columns left out: "
        + "; ".join(f"{t}.{c}" for t, cols in sorted(OMITTED_COLUMNS.items()) for c in sorted(cols)),
        "",
    ]
    return "\r\n".join(lines)


def write_csv_tables(session: Session, folder: Path) -> list[Path]:
    """One CSV per table in ``folder`` (created if missing), then README.txt; returns the paths
    written, the CSVs in TABLES order and the README last."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in _csv_files(session).items():
        path = folder / name
        # newline="" keeps the CRLF the csv writer chose on every platform
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        written.append(path)
    return written


def write_csv_zip(session: Session, path: Path) -> Path:
    """The same CSVs and README in one .zip, for a single download."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _csv_files(session).items():
            archive.writestr(name, text.encode("utf-8"))
    return path


# --- the flat indicator values ------------------------------------------------------------------


def indicator_rows(session: Session, plan_id: int | None = None) -> list[dict[str, str]]:
    """One row per indicator value of a submitted or accepted report, in SDMX_COLUMNS.

    Drafts and returned reports are not data yet (the agency may still change them), and a line
    left empty was not reported: neither is exported. All cells are text, as they go into CSV."""
    rows = []
    reported = repository.reported_values(session, tuple(EXPORTED_STATUSES), plan_id)
    for value, report, period, plan, indicator, target, agency in reported:
        time_period = sdmx_time_period(period.frequency, period.key)  # refuses an unknown frequency
        cells: dict[str, str] = {
            "STRUCTURE": SDMX_STRUCTURE,
            "STRUCTURE_ID": SDMX_STRUCTURE_ID,
            "ACTION": SDMX_ACTION,
            "PLAN": plan.number or str(plan.id),
            "INDICATOR": indicator.code,
            "TARGET_ID": str(target.id),
            "CATALOG_KEY": indicator.catalog_key or "",
            # the plan's province is the area its figures describe; the agency's is a fallback
            "REF_AREA": plan.province or agency.province or "",
            "REPORTING_AGENCY": agency.code,
            "FREQ": FREQ_CODES[period.frequency],
            "TIME_PERIOD": time_period,
            "OBS_VALUE": machine_number(value.value),
            "UNIT_MEASURE": target.unit or "",
            "TARGET_VALUE": machine_number(target.value),
            "TARGET_VALUE_MAX": machine_number(target.value_max),
            "TARGET_COMPARATOR": target.comparator,
            "TARGET_YEAR": "" if indicator.year is None else str(indicator.year),
            "OBS_STATUS": EXPORTED_STATUSES[report.status],
            "COMMENT": value.note or "",
        }
        rows.append(cells)
    return rows


def write_sdmx_csv(session: Session, path: Path, plan_id: int | None = None) -> Path:
    """``indicator_rows`` as an SDMX-CSV file: UTF-8 without BOM (a BOM would become part of the
    fixed first header ``STRUCTURE``), comma, CRLF."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(_csv_text(SDMX_COLUMNS, indicator_rows(session, plan_id)))
    return path
