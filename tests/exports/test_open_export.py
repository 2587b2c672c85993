"""The open export of the registry (JSON, CSV tables, one .zip) and the flat SDMX-CSV indicator
values, read back and compared with the database.

Scenario on Kế hoạch 103/KH-UBND: Sở Khoa học và Công nghệ reports indicator values
- June 2025 (monthly): I.7 = 10, I.3 = 30 (a rank) — submitted and accepted → OBS_STATUS A;
- July 2025 (monthly): I.7 = 10.5 with a note holding a comma and quotes — submitted only → P;
- August 2025 (monthly): I.7 = 11 — left as a draft → not exported;
- September 2025 (monthly): I.7 = 11.5 — submitted, then returned → not exported;
- Q3 2025 (quarterly): I.10 = 35 — submitted and accepted → A, TIME_PERIOD 2025-Q3;
- the year 2025: I.11 = 0.5 — submitted → P, TIME_PERIOD 2025.
Every other line of those reports (targets it monitors but left empty) has no value: not exported.
"""

from __future__ import annotations

import csv
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from factories import agency_named, make_active_plan
from sqlalchemy import text

from dondoc.exports import open_export
from dondoc.exports.open_export import (
    SDMX_COLUMNS,
    TABLES,
    csv_cell,
    export_json,
    indicator_rows,
    machine_number,
    sdmx_time_period,
    write_csv_tables,
    write_csv_zip,
    write_json,
    write_sdmx_csv,
)
from dondoc.plans.models import Plan
from dondoc.reporting.models import Period
from dondoc.reporting.schemas import ReportUpdate, ValueIn
from dondoc.reporting.service import generate_periods, open_report, review, submit, update_report

JULY_NOTE = 'Số ước tính, theo "Cục Thống kê"'


def target_id(plan: Plan, code: str) -> int:
    return next(t.id for i in plan.indicators if i.code == code for t in i.targets)


@pytest.fixture()
def filed(session):
    plan = make_active_plan(session)
    periods = {(p.frequency, p.key): p for p in generate_periods(session, plan, actor="test")}
    science = agency_named(session, "Sở Khoa học và Công nghệ")

    def file(period: Period, values: list[ValueIn], *, send: bool = True, decision: str | None = None):
        report = open_report(session, period, science, actor="test")
        update_report(session, report, ReportUpdate(version=report.version, values=values), actor="test")
        if send:
            submit(session, report, report.version, actor="test", now=datetime(2025, 10, 1, tzinfo=UTC))
        if decision:
            comment = "Bổ sung nguồn số liệu" if decision == "return" else None
            review(session, report, report.version, decision, comment, actor="dieu-phoi")
        return report

    def value(code: str, number: float, note: str | None = None) -> ValueIn:
        return ValueIn(target_id=target_id(plan, code), value=number, note=note)

    file(periods[("monthly", "2025-06")], [value("I.7", 10.0), value("I.3", 30)], decision="accept")
    file(periods[("monthly", "2025-07")], [value("I.7", 10.5, JULY_NOTE)])
    file(periods[("monthly", "2025-08")], [value("I.7", 11.0)], send=False)
    file(periods[("monthly", "2025-09")], [value("I.7", 11.5)], decision="return")
    file(periods[("quarterly", "2025-Q3")], [value("I.10", 35.0)], decision="accept")
    file(periods[("yearly", "2025")], [value("I.11", 0.5)])
    session.flush()
    return plan, science


# --- JSON ---------------------------------------------------------------------------------------


SENT = "(SELECT id FROM report WHERE status IN ('submitted', 'accepted'))"
PUBLISHED = {
    "report": f"id IN {SENT}",
    "report_item": f"report_id IN {SENT}",
    "indicator_value": f"report_id IN {SENT}",
}


def count(session, table: str) -> int:
    """Rows that leave the server: a draft's or a returned report's rows do not."""
    where = f" WHERE {PUBLISHED[table]}" if table in PUBLISHED else ""
    return session.execute(text(f"SELECT count(*) FROM {table}{where}")).scalar_one()


def test_json_round_trips_with_every_table_and_its_row_count(session, filed) -> None:
    export = export_json(session)
    assert json.loads(json.dumps(export)) == export  # plain JSON types only
    assert (export["format"], export["version"]) == ("dondoc-open-export", 1)
    exported_at = datetime.fromisoformat(export["exported_at"])
    assert exported_at.utcoffset() == timedelta(0)
    assert list(export["tables"]) == list(TABLES)
    assert {name: len(rows) for name, rows in export["tables"].items()} == {
        name: count(session, name) for name in TABLES
    }
    # six reports were filed; the August draft and the returned September report stay inside
    assert count(session, "indicator_value") > 0 and count(session, "report") == 4
    assert session.execute(text("SELECT count(*) FROM report")).scalar_one() == 6


def test_json_leaves_out_private_tables_and_bulky_columns(session, filed) -> None:
    plan, _ = filed
    export = export_json(session)
    for private in ("user_account", "audit_event", "notification", "attachment"):
        assert private not in export["tables"]
        with pytest.raises(ValueError):
            open_export.table_columns(private)
    assert count(session, "audit_event") > 0  # there was something to leak
    row = next(r for r in export["tables"]["plan"] if r["id"] == plan.id)
    assert "extraction" not in row and "source_lines" not in row
    assert (row["number"], row["signed_date"]) == ("103/KH-UBND", "2025-06-01")
    assert all("reviewed_by" not in r for r in export["tables"]["report"])
    assert "dieu-phoi" not in json.dumps(export, ensure_ascii=False)  # the reviewer's login name
    assert all(list(r) == export["columns"][name] for name in TABLES for r in export["tables"][name])


def test_json_values_are_iso_and_machine_readable(session, filed) -> None:
    export = export_json(session)
    accepted = next(r for r in export["tables"]["report"] if r["status"] == "accepted")
    assert datetime.fromisoformat(accepted["submitted_at"]) == datetime(2025, 10, 1, tzinfo=UTC)
    period = next(p for p in export["tables"]["period"] if p["key"] == "2025-06")
    assert (period["cutoff_start"], period["cutoff_end"], period["due"]) == (
        "2025-05-15",
        "2025-06-14",
        "2025-06-15",
    )
    assert isinstance(period["adjusted"], bool)
    duty = export["tables"]["reporting_duty"][0]
    assert isinstance(duty["frequency"], list)


def test_write_json_is_readable_utf8(session, filed, tmp_path) -> None:
    path = write_json(session, tmp_path / "dondoc.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "Sở Khoa học và Công nghệ" in path.read_text(encoding="utf-8")  # not \u-escaped
    assert {n: len(r) for n, r in data["tables"].items()} == {n: count(session, n) for n in TABLES}


# --- CSV tables and zip -----------------------------------------------------------------------


def read_csv(path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def test_csv_tables_read_back_into_the_same_rows(session, filed, tmp_path) -> None:
    export = export_json(session)
    paths = write_csv_tables(session, tmp_path / "csv")
    assert [p.name for p in paths] == [f"{t}.csv" for t in TABLES] + ["README.txt"]
    for name in TABLES:
        header, rows = read_csv(tmp_path / "csv" / f"{name}.csv")
        assert header == export["columns"][name]
        assert rows == [{k: csv_cell(v) for k, v in row.items()} for row in export["tables"][name]]
    readme = (tmp_path / "csv" / "README.txt").read_text(encoding="utf-8")
    assert all(f"{name}.csv ({count(session, name)})" in readme for name in TABLES)


def test_csv_zip_holds_the_same_files(session, filed, tmp_path) -> None:
    write_csv_tables(session, tmp_path / "csv")
    path = write_csv_zip(session, tmp_path / "dondoc-csv.zip")
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [f"{t}.csv" for t in TABLES] + ["README.txt"]
        for name in TABLES:
            assert archive.read(f"{name}.csv") == (tmp_path / "csv" / f"{name}.csv").read_bytes()


# --- SDMX-CSV -----------------------------------------------------------------------------------


def test_sdmx_rows_are_the_submitted_and_accepted_values(session, filed) -> None:
    plan, science = filed
    rows = indicator_rows(session)
    assert {
        (r["INDICATOR"], r["FREQ"], r["TIME_PERIOD"], r["OBS_VALUE"], r["OBS_STATUS"], r["COMMENT"])
        for r in rows
    } == {
        ("I.3", "M", "2025-M06", "30", "A", ""),
        ("I.7", "M", "2025-M06", "10", "A", ""),
        ("I.7", "M", "2025-M07", "10.5", "P", JULY_NOTE),
        ("I.10", "Q", "2025-Q3", "35", "A", ""),
        ("I.11", "A", "2025", "0.5", "P", ""),
    }  # August's draft (11) and September's returned report (11.5) are not there
    # the same count straight from SQL: non-empty values of submitted or accepted reports
    sent = session.execute(
        text(
            "SELECT count(*) FROM indicator_value v JOIN report r ON r.id = v.report_id "
            "WHERE r.status IN ('submitted', 'accepted') AND v.value IS NOT NULL"
        )
    ).scalar_one()
    assert len(rows) == sent == 5
    assert all(list(r) == list(SDMX_COLUMNS) for r in rows)
    june = next(r for r in rows if r["INDICATOR"] == "I.7" and r["TIME_PERIOD"] == "2025-M06")
    target = next(t for i in plan.indicators if i.code == "I.7" for t in i.targets)
    assert june | {"COMMENT": ""} == {
        "STRUCTURE": "dataflow",
        "STRUCTURE_ID": "DONDOC:PLAN_INDICATORS(1.0)",
        "ACTION": "I",
        "PLAN": "103/KH-UBND",
        "INDICATOR": "I.7",
        "TARGET_ID": str(target.id),
        "CATALOG_KEY": next(i.catalog_key or "" for i in plan.indicators if i.code == "I.7"),
        "REF_AREA": plan.province or science.province or "",
        "REPORTING_AGENCY": science.code,
        "FREQ": "M",
        "TIME_PERIOD": "2025-M06",
        "OBS_VALUE": "10",
        "UNIT_MEASURE": target.unit or "",
        "TARGET_VALUE": machine_number(target.value),
        "TARGET_VALUE_MAX": machine_number(target.value_max),
        "TARGET_COMPARATOR": target.comparator,
        "TARGET_YEAR": str(next(i.year for i in plan.indicators if i.code == "I.7")),
        "OBS_STATUS": "A",
        "COMMENT": "",
    }
    assert (june["UNIT_MEASURE"], june["TARGET_COMPARATOR"], june["TARGET_VALUE"]) == ("% GRDP", ">=", "30")


def test_sdmx_rows_filter_by_plan(session, filed) -> None:
    plan, _ = filed
    assert indicator_rows(session, plan_id=plan.id) == indicator_rows(session)
    assert indicator_rows(session, plan_id=plan.id + 1000) == []


def test_sdmx_csv_file_is_valid(session, filed, tmp_path) -> None:
    path = write_sdmx_csv(session, tmp_path / "chi-tieu.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"STRUCTURE,STRUCTURE_ID,ACTION,")  # no BOM before the fixed first term
    with path.open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == list(SDMX_COLUMNS)
    assert len(table) == 1 + 5 and {len(row) for row in table} == {len(SDMX_COLUMNS)}
    _, rows = read_csv(path)
    assert rows == indicator_rows(session)
    assert any(r["COMMENT"] == JULY_NOTE for r in rows)  # comma and quotes survive the quoting


def test_sdmx_csv_without_values_has_only_the_header(session, tmp_path) -> None:
    path = write_sdmx_csv(session, tmp_path / "empty.csv")
    assert path.read_bytes() == (",".join(SDMX_COLUMNS) + "\r\n").encode()


# --- conversions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "key", "expected"),
    [
        ("monthly", "2025-06", "2025-M06"),
        ("monthly", "2026-12", "2026-M12"),
        ("quarterly", "2025-Q2", "2025-Q2"),
        ("half-yearly", "2025-H1", "2025-S1"),
        ("half-yearly", "2025-H2", "2025-S2"),
        ("yearly", "2025", "2025"),
    ],
)
def test_time_period_in_sdmx_notation(frequency: str, key: str, expected: str) -> None:
    assert sdmx_time_period(frequency, key) == expected


@pytest.mark.parametrize(
    ("frequency", "key"), [("monthly", "2025-13"), ("monthly", "2025-Q1"), ("weekly", "2025-W01")]
)
def test_time_period_refuses_what_it_cannot_name(frequency: str, key: str) -> None:
    with pytest.raises(ValueError):
        sdmx_time_period(frequency, key)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, ""), (10.0, "10"), (0.5, "0.5"), (1e-05, "0.00001"), (1234567.25, "1234567.25"), (-3, "-3")],
)
def test_machine_numbers(value, expected: str) -> None:
    assert machine_number(value) == expected


def test_csv_cells() -> None:
    assert [csv_cell(v) for v in (None, True, False, 30.0, ["monthly", "quarterly"], "Sở Y tế")] == [
        "",
        "true",
        "false",
        "30",
        '["monthly","quarterly"]',
        "Sở Y tế",
    ]
