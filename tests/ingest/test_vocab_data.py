"""The grammars' word files (dondoc/ingest/data/*.yaml) are consistent, and vocab.py reads them
and matches their words as whole words."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
import yaml

from dondoc.ingest import vocab

FILES = ("deadline_words", "target_words", "units")
FREQS = {"monthly", "quarterly", "yearly", "periodic"}
COMPARATORS = {">=", "<=", ">", "<", "=", "~"}
LEVELS = {"tỉnh", "huyện", "xã"}


def raw(name: str) -> Any:
    """The file as written, without vocab.load's NFC repair, so a bad spelling shows here."""
    text = resources.files("dondoc.ingest").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from strings(k)
            yield from strings(v)


def word_lists(node: Any, path: str = "") -> Iterator[tuple[str, list[str]]]:
    """Every list of plain words in a file, with where it is."""
    if isinstance(node, list) and all(isinstance(x, str) for x in node):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from word_lists(v, f"{path}.{k}")


@pytest.mark.parametrize("name", FILES)
def test_loads_as_a_mapping(name: str) -> None:
    assert isinstance(vocab.load(name), dict)
    assert vocab.load(name) is vocab.load(name)  # cached


@pytest.mark.parametrize("name", FILES)
def test_every_word_is_nfc_and_tidy(name: str) -> None:
    for s in strings(raw(name)):
        assert unicodedata.is_normalized("NFC", s), f"{name}: {s!r} is not NFC"
        assert s == s.strip() and "  " not in s, f"{name}: {s!r} has stray spaces"


@pytest.mark.parametrize("name", FILES)
def test_no_duplicate_words(name: str) -> None:
    for path, words in word_lists(raw(name)):
        dup = [w for w, n in Counter(words).items() if n > 1]
        assert not dup, f"{name}{path}: {dup} listed twice"


@pytest.mark.parametrize("name", FILES)
def test_words_are_lower_case(name: str) -> None:
    # Matching runs on a lower-cased copy of the text: an upper-case word would never match.
    data = raw(name)
    # `column_units` are the exception: unit cells of flattened tables are matched as printed,
    # capitalised, so that "đô thị" inside a sentence is not taken for the unit "Đô thị"
    words = [w for path, ws in word_lists(data) if path != ".column_units" for w in ws]
    words += list(data.get("percent_suffixes", {}))  # matched keys (the values are output)
    for w in words:
        assert w == w.lower(), f"{name}: {w!r} is not lower case"


def test_deadline_freqs_are_valid_and_disjoint() -> None:
    data = raw("deadline_words")
    assert set(data["freq"]) <= FREQS
    seen = Counter(w for words in data["freq"].values() for w in words)
    seen.update(data["ongoing"])
    assert not [w for w, n in seen.items() if n > 1], "a word names two frequencies"


def test_deadline_folds() -> None:
    data = raw("deadline_words")
    sources = [src for src, _ in data["folds"]]
    assert len(sources) == len(set(sources)), "a spelling is folded twice"
    for src, dst in data["folds"]:
        assert src != dst
    for src, dst in data["char_folds"]:
        assert len(src) == 1 and len(dst) == 1
    targets = {dst for _, dst in data["folds"]}
    listed = {w for words in data["freq"].values() for w in words} | set(data["ongoing"])
    # A fold must land on a spelling the lists use (or a part of one, like "quý").
    for dst in targets:
        assert any(dst in w for w in listed) or dst in ("quý",), f"fold target {dst!r} is never used"


def test_deadline_strong_openers_are_openers() -> None:
    data = raw("deadline_words")
    assert set(data["strong_event_openers"]) <= set(data["event_openers"])
    assert set(data["lead_event_openers"]) <= set(data["event_openers"])


def test_target_comparators_are_valid_and_disjoint() -> None:
    data = raw("target_words")
    assert set(data["comparators"]) <= COMPARATORS
    assert set(data["postfix_comparators"]) <= COMPARATORS
    assert set(data["carried_comparators"]) <= COMPARATORS - {"="}
    seen = Counter(w for words in data["comparators"].values() for w in words)
    assert not [w for w, n in seen.items() if n > 1], "a word names two comparators"


def test_target_levels() -> None:
    assert set(raw("target_words")["levels"]) == LEVELS


def test_count_units_are_disjoint() -> None:
    seen = Counter(w for words in raw("units")["count_units"].values() for w in words)
    assert not [w for w, n in seen.items() if n > 1], "a word counts in two units"


# ---- vocab.py's helpers -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("words", "text", "found"),
    [
        (["khi"], "khiến cho", None),
        (["khi"], "ngay khi có", "khi"),
        (["sau khi", "ngay sau khi"], "ngay sau khi có", "ngay sau khi"),
        (["sau khi"], "sau  khi", "sau  khi"),
        (["≥"], "≥30", "≥"),
        (["trên"], "ttrên 5", None),
        (["hằng năm"], "(hằng năm)", "hằng năm"),
    ],
)
def test_alternation_matches_whole_words(words: list[str], text: str, found: str | None) -> None:
    m = re.search(vocab.alternation(words), text)
    assert (m.group(0) if m else None) == found


def test_folder_maps_back_to_the_text() -> None:
    folder = vocab.Folder([["hàng năm", "hằng năm"], ["định k", "định kỳ"]], [["ƣ", "ư"]])
    text = "Định k Hàng năm, ngƣời"
    key, index = folder.fold(text)
    assert key == "định kỳ hằng năm, người"
    assert len(index) == len(key)
    i = key.index("hằng")
    assert text[index[i] : index[i + len("hằng năm") - 1] + 1] == "Hàng năm"
    assert text[: index[len("định kỳ") - 1] + 1] == "Định k"


def test_clean() -> None:
    assert vocab.clean(" Thường \n xuyên\t") == "Thường xuyên"
    assert vocab.clean(unicodedata.normalize("NFD", "Quý")) == "Quý"


def test_column_units_are_printed_capitalised() -> None:
    for unit in raw("units")["column_units"]:
        assert not unit[:1].islower(), f"column unit {unit!r} is matched as printed: capitalise it"


def test_names_by_date_name_known_bodies() -> None:
    """Each renamed name, as written and as meant, is a body the agency registry knows."""
    from dondoc.agencies.reference import load_reference

    ref = load_reference()
    for change in vocab.load("names_by_date")["renamed"]:
        assert ref.resolve(change["written"]).known, change["written"]
        assert ref.resolve(change["means"]).known, change["means"]
        assert str(change["from"]) >= "2025-01-01"


def test_a_plan_signed_after_the_change_reads_the_new_meaning() -> None:
    from dondoc.ingest.extract import _names_of_the_day

    before = [{"lead": ["UBND cấp xã"], "coordinating": []}]
    after = [{"lead": ["UBND cấp xã", "Sở Tài chính"], "coordinating": ["UBND cấp xã"]}]
    _names_of_the_day(before, [], "2022-05-01")
    _names_of_the_day(after, [], "2025-11-18")
    assert before[0]["lead"] == ["UBND cấp xã"]
    assert after[0] == {
        "lead": ["UBND các xã, phường", "Sở Tài chính"],
        "coordinating": ["UBND các xã, phường"],
    }
