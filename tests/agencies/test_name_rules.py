"""Name rules of the reference data (dondoc/agencies/data/agencies.yaml, reference.py).

- No alias joins two bodies: not in the file (any validity), not after the resolver's own
  spellings (UBND/Ủy ban nhân dân, TP/thành phố, "các" on collectives, the city forms).
- A centrally-run city's provincial bodies are named with "Thành phố" (DESIGN.md "Named bodies").
- "(các) N, N (khác) (có) liên quan" names nobody, for any nouns of bodies (a rule, not a list).
- A misspelt name resolves by fuzzy match only when one body is close, and says so.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from dondoc.agencies.reference import load_reference, normalise

DATA = Path(__file__).resolve().parents[2] / "dondoc" / "agencies" / "data"
EXTRA_GOLD = Path(__file__).resolve().parents[3] / "shared" / "extra" / "gold"
RAW = yaml.safe_load((DATA / "agencies.yaml").read_text(encoding="utf-8"))
REF = load_reference()


def test_no_alias_in_the_file_names_two_bodies() -> None:
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for row in RAW["agencies"]:
        for text in (row["name"], *(row.get("aliases") or [])):
            owners[normalise(text)].add(row["id"])
    assert {" ".join(k): sorted(v) for k, v in owners.items() if len(v) > 1} == {}


def test_every_alias_resolves_to_its_own_body() -> None:
    wrong = []
    for row in RAW["agencies"]:
        for text in (row["name"], *(row.get("aliases") or [])):
            got = REF.resolve(text)
            if got.agency_id != row["id"]:
                wrong.append((text, row["id"], got.agency_id))
    assert wrong == []


def test_city_forms_are_the_same_body() -> None:
    wrong = []
    for row in RAW["agencies"]:
        if row.get("level") != "province" or not row["name"].endswith(" tỉnh"):
            continue
        city = row["name"][: -len("tỉnh")] + "Thành phố"
        got = REF.resolve(city)
        if (got.name, got.agency_id) != (city, row["id"]):
            wrong.append((city, got.name, got.agency_id))
    assert wrong == []


@pytest.mark.parametrize(
    ("written", "name", "agency_id"),
    [
        ("Công an Thành phố", "Công an Thành phố", "cong-an-tinh"),
        ("Ủy ban nhân dân Thành phố", "UBND Thành phố", "ubnd-tinh"),
        ("UBND TP", "UBND Thành phố", "ubnd-tinh"),
        ("Văn phòng Ủy ban nhân dân Thành phố", "Văn phòng UBND Thành phố", "van-phong-ubnd-tinh"),
        ("Ủy ban nhân dân tỉnh", "UBND tỉnh", "ubnd-tinh"),
    ],
)
def test_city_names(written: str, name: str, agency_id: str) -> None:
    got = REF.resolve(written)
    assert (got.name, got.agency_id, got.known) == (name, agency_id, True)


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Cơ quan, địa phương liên quan", "Các cơ quan, địa phương liên quan"),
        ("các cơ quan, tổ chức khác có liên quan", "Các cơ quan, tổ chức liên quan"),
        ("Các Sở, ngành có liên quan", "Các sở, ngành liên quan"),
        ("các bộ, ngành, đơn vị liên quan", "Các bộ, ngành, đơn vị liên quan"),
        ("các cơ quan, đơn vị và các tổ chức có liên quan", "Các cơ quan, đơn vị và các tổ chức liên quan"),
        ("bộ, ngành liên quan", "Các bộ, ngành liên quan"),
    ],
)
def test_related_rule(phrase: str, name: str) -> None:
    (found,) = REF.find(phrase)
    start, end, got = found
    assert (start, end) == (0, len(phrase))
    assert got.related and not got.known and got.name == name


def test_related_rule_needs_lien_quan() -> None:
    assert [r.related for _, _, r in REF.find("các cơ quan thông tấn báo chí")] == [False]
    assert REF.find("các tổ chức tín dụng") == []


def test_fuzzy_is_marked_and_unique() -> None:
    got = REF.resolve_fuzzy("Sở Giáo dục và Đào tao")
    assert got is not None and got.fuzzy and got.agency_id == "so-giao-duc"
    assert REF.resolve_fuzzy("Bộ Giáo dục và Đào tao").agency_id == "bo-giao-duc"  # type: ignore[union-attr]
    assert REF.resolve_fuzzy("Ngân hàng Nhà nước khu vực 12") is None  # a number is never guessed
    assert REF.resolve("Sở Giáo dục và Đào tao").known is False  # exact lookups never guess


def _extra_gold_names() -> list[str]:
    names: set[str] = set()
    for path in sorted(EXTRA_GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for row in [*gold.get("tasks", []), *gold.get("indicators", [])]:
            for key in ("lead", "coordinating", "implementing"):
                names.update(row.get(key) or [])
    return sorted(names)


@pytest.mark.skipif(not EXTRA_GOLD.is_dir(), reason="extra gold files not present")
@pytest.mark.parametrize("name", _extra_gold_names() if EXTRA_GOLD.is_dir() else [])
def test_extra_gold_name_reads_as_itself(name: str) -> None:
    from dondoc.ingest.roles import split_agency_cell

    assert [n.casefold() for n in split_agency_cell(name, lead=True)] == [name.casefold()]


def test_resolve_guesses_only_when_asked() -> None:
    assert REF.resolve("Sở Tài nguyên và Môi trương").known is False
    got = REF.resolve("Sở Tài nguyên và Môi trương", fuzzy=True)
    assert (got.name, got.fuzzy) == ("Sở Tài nguyên và Môi trường", True)
    assert REF.resolve("Sở Tài nguyên và Môi trường", fuzzy=True).fuzzy is False
