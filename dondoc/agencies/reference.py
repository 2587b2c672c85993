"""Agency reference data (data/agencies.yaml, data/provinces.yaml) and a resolver over it.

Pure and fast: the data is loaded once, every alias is turned into a sequence of normalised
words, and those sequences go into a trie. `find` walks the words of a text and takes, at each
place, the longest name the trie knows, then the names built from a head and a place ("Báo
Bình Định", "UBND thị xã An Nhơn"). Normalisation makes "Uỷ"/"Ủy", "hoá"/"hóa", dashes, case
and spacing irrelevant, and "UBND" equal to "Ủy ban nhân dân". Hand-written because what it
matches — Vietnamese administrative names with their abbreviations, old and new tone placement,
and the 2025 successions — is this project's own knowledge; no library carries it.

Three rules sit beside the lists: a provincial body "X tỉnh" is "X Thành phố" in a centrally-run
city, the same body under the city's name; "(các) N, N (khác) (có) liên quan", N a noun of
bodies (`related_nouns`), names nobody; and a misspelt name may resolve to the one close body by
a fuzzy match (rapidfuzz), marked `fuzzy` so that the row is flagged for a person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from dondoc.yamlload import load_yaml

DATA = Path(__file__).resolve().parent / "data"

# Old-style tone placement ("hoá", "uỷ") and new style ("hóa", "ủy") are the same word.
_TONE_PAIRS = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "òe": "oè",
    "óe": "oé",
    "ỏe": "oẻ",
    "õe": "oẽ",
    "ọe": "oẹ",
    "ùy": "uỳ",
    "úy": "uý",
    "ủy": "uỷ",
    "ũy": "uỹ",
    "ụy": "uỵ",
}
_TONE_RX = re.compile("|".join(_TONE_PAIRS))
# A word (with "&" joining abbreviations: TT&TT) or a hard break that no name crosses.
_TOKEN = re.compile(r"[^\W_]+(?:\s?&\s?[^\W_]+)*|[;:()]|\.(?=\s|$)")
_HARD = {";", ":", "(", ")", "."}
_ABBREVIATED = frozenset({"tp", "tx", "tt"})
_NUMBER = re.compile(r"^(?:\d+|[ivxlc]+)$")
# Abbreviations of kinds of place, never a place's own name ("UBND TP, TX: Quy Nhơn, …").
_NOT_A_PLACE = frozenset({"tp", "tx", "ubnd", "hđnd"})
# Interchangeable spellings, applied to normalised word sequences of aliases at load time.
_EQUIVALENT = (
    (("ủy", "ban", "nhân", "dân"), ("ubnd",)),
    (("uỷ", "ban", "nhân", "dân"), ("ubnd",)),
    (("thành", "phố"), ("tp",)),
    (("thị", "xã"), ("tx",)),
)


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    w = unicodedata.normalize("NFC", word).casefold().replace(" ", "")
    return _TONE_RX.sub(lambda m: _TONE_PAIRS[m.group(0)], w)


def normalise(text: str) -> tuple[str, ...]:
    """The comparable form of a name: its words, folded, without punctuation."""
    return tuple(_fold_word(t) for t in _TOKEN.findall(text) if t not in _HARD)


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    level: str | None
    parent: str | None
    valid_from: date | None
    valid_to: date | None
    successor: tuple[str, ...]
    members: tuple[str, ...]
    source: str | None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Resolved:
    name: str
    agency_id: str | None
    known: bool
    collective: bool
    related: bool
    # resolved by a fuzzy match of a misspelt name: the review page flags the row
    fuzzy: bool = False


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    value: Resolved | None = None


@dataclass(frozen=True, slots=True)
class _Pattern:
    head: tuple[str, ...]
    template: str
    kind: str
    place: str  # province | name | number
    # a committee of a named town, a body of a listed province: a kind of body every place has,
    # so the built name is a real body even though the data cannot list every place
    known: bool = False


class AgencyReference:
    """Lookup of agency names. Build it with `load_reference()`."""

    def __init__(
        self,
        agencies: dict[str, Agency],
        related: list[str],
        patterns: list[_Pattern],
        places: list[str],
        related_nouns: list[str] | None = None,
    ) -> None:
        self.agencies = agencies
        self._trie = _Node()
        self._patterns = patterns
        self._places = _Node()
        for place in places:
            self._add(self._places, normalise(place), Resolved(place, None, True, False, False))
        for a in agencies.values():
            resolved = Resolved(a.name, a.id, True, a.kind == "collective", False)
            for alias in (a.name, *a.aliases):
                for words in _variants(normalise(alias), collective=a.kind == "collective"):
                    self._add(self._trie, words, resolved)
        # A centrally-run city's bodies are the provincial ones named with "Thành phố" for
        # "tỉnh" ("Công an Thành phố", "UBND Thành phố"): the same body, under the city's name.
        for a in agencies.values():
            if a.level != "province":
                continue
            city = Resolved(_city_name(a.name), a.id, True, a.kind == "collective", False)
            for alias in (a.name, *a.aliases):
                words = normalise(alias)
                if words[-1:] == ("tỉnh",):
                    for variant in _variants((*words[:-1], "thành", "phố"), collective=False):
                        self._add(self._trie, variant, city)
        self._related_nouns = _Node()
        for noun in related_nouns or ():
            self._add(self._related_nouns, normalise(noun), Resolved(noun, None, False, True, True))
        for phrase in related:
            for words in _variants(normalise(phrase), collective=True):
                self._add(self._trie, words, Resolved(phrase, None, False, True, True))
        self._heads = _Node()
        for p in patterns:
            self._add(self._heads, p.head, Resolved(p.template, p.kind, True, False, False))
        self._by_name = {_key(a.name): a for a in agencies.values()}
        self._found: dict[str, list[tuple[int, int, Resolved]]] = {}
        self._fuzzy_index: list[tuple[str, Resolved]] | None = None
        # words that go on a name after a known name it begins with ("… khác", "… khu vực XII")
        self.name_qualifiers: tuple[tuple[str, ...], ...] = ()

    @staticmethod
    def _add(root: _Node, words: tuple[str, ...], value: Resolved) -> None:
        node = root
        for w in words:
            node = node.children.setdefault(w, _Node())
        # the first writer wins: a body's own name outranks a later body's alias
        if node.value is None or (value.related and not node.value.related):
            node.value = value

    # --- lookups -------------------------------------------------------------------------------

    def find(self, text: str) -> list[tuple[int, int, Resolved]]:
        """Every agency named in `text`: (start, end, resolved), in order, longest match first,
        not overlapping."""
        # the extractor asks about the same cell or sentence several times: remember answers
        cached = self._found.get(text)
        if cached is None:
            if len(self._found) > 20_000:
                self._found.clear()
            cached = self._found[text] = self._find(text)
        return list(cached)

    def _find(self, text: str) -> list[tuple[int, int, Resolved]]:
        tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        # the period of an abbreviation ends no name: "TP. Hồ Chí Minh"
        tokens = [
            t
            for k, t in enumerate(tokens)
            if not (t[0] == "." and k and _fold_word(tokens[k - 1][0]) in _ABBREVIATED)
        ]
        words = [_fold_word(t) if t not in _HARD else t for t, _, _ in tokens]
        out: list[tuple[int, int, Resolved]] = []
        i = 0
        while i < len(tokens):
            related = self._related_at(text, tokens, words, i)
            if related is not None:
                j, resolved = related
                out.append((tokens[i][1], tokens[j - 1][2], resolved))
                i = j
                continue
            hit = self._longest(self._trie, words, i)
            known_len = hit[0] - i if hit else 0
            if hit is not None:
                hit = (self._trailing_place(tokens, words, hit[0]), hit[1])
            made = self._from_pattern(text, tokens, words, i, known_len)
            # a name built from a head and a place ("UBND TP Quy Nhơn") beats the alias its head is
            best = made if made is not None and (hit is None or made[0] >= hit[0]) else hit
            if best is not None:
                j, resolved = best
                out.append((tokens[i][1], tokens[j - 1][2], resolved))
                i = j
                continue
            i += 1
        return out

    def _related_at(
        self, text: str, tokens: list[tuple[str, int, int]], words: list[str], i: int
    ) -> tuple[int, Resolved] | None:
        """ "(Các) sở, ngành, địa phương (khác) (có) liên quan": generic nouns of bodies, then
        "liên quan", name nobody. A rule over the nouns, not a list of phrases. The name given
        is the collective words with "liên quan" ("Các sở, ngành liên quan"), for the one case
        it is kept: a lead that names nobody else."""
        k = i + 1 if i < len(words) and words[i] == "các" else i
        first = k
        last = None
        while True:
            hit = self._longest(self._related_nouns, words, k)
            if hit is None:
                break
            k = last = hit[0]
            # "cơ quan, đơn vị và các tổ chức": the list goes on after "và"/"hoặc" (and "các")
            j = k + 1 if k < len(words) and words[k] in ("và", "hoặc") else k
            j = j + 1 if j < len(words) and words[j] == "các" else j
            if j == k or self._longest(self._related_nouns, words, j) is not None:
                k = j
                continue
            break
        if last is None:
            return None
        k = last
        for optional in ("khác", "có"):
            if k < len(words) and words[k] == optional:
                k += 1
        if not (k + 1 < len(words) and words[k] == "liên" and words[k + 1] == "quan"):
            return None
        nouns = " ".join(text[tokens[first][1] : tokens[last - 1][2]].split())
        name = f"Các {nouns[:1].lower()}{nouns[1:]} liên quan"
        return k + 2, Resolved(name, None, False, True, True)

    def clear_cache(self) -> None:
        """Forget remembered answers (benchmarks measure cold runs)."""
        self._found.clear()

    def resolve(self, name: str, *, fuzzy: bool = False) -> Resolved:
        """The canonical body for a name as written; unknown names are kept, cleaned. With
        `fuzzy`, an unknown name close to one known body resolves to it, marked `fuzzy`."""
        cleaned = re.sub(r"\s+", " ", name).strip(" .;,:-–")
        found = self.find(cleaned)
        if len(found) == 1:
            start, end, resolved = found[0]
            rest = (cleaned[:start] + cleaned[end:]).strip(" .;,:-–")
            if not rest or rest.casefold() in ("các",):
                return resolved
        close = self.resolve_fuzzy(cleaned) if fuzzy and not found else None
        return close or Resolved(cleaned, None, False, False, False)

    def place_of(self, text: str) -> str | None:
        """The place a text names and nothing else ("Thành phố Hồ Chí Minh", "tỉnh Gia Lai")."""
        words = list(normalise(text))
        for kind in (("tỉnh",), ("thành", "phố"), ("tp",)):
            if tuple(words[: len(kind)]) == kind and len(words) > len(kind):
                words = words[len(kind) :]
                break
        hit = self._longest(self._places, words, 0)
        return hit[1].name if hit is not None and hit[0] == len(words) else None

    def resolve_fuzzy(self, name: str, *, min_score: float = 90.0) -> Resolved | None:
        """A misspelt name close to exactly one known body ("Sở Khoa hoc và Công nghê"), marked
        `fuzzy` so that the row is flagged for a person; None when no body is close enough or
        two different bodies are about as close. The kind of body (its first word: Sở, Bộ,
        Ban…) and any number must match exactly: "Sở Nội vụ" is one letter from "Bộ Nội vụ"."""
        query = " ".join(normalise(name))
        if len(query) < 8:
            return None
        if self._fuzzy_index is None:
            self._fuzzy_index = [
                (" ".join(normalise(alias)), Resolved(a.name, a.id, True, a.kind == "collective", False))
                for a in self.agencies.values()
                for alias in (a.name, *a.aliases)
            ]
        choices = [c for c, _ in self._fuzzy_index]
        found = process.extract(query, choices, scorer=fuzz.ratio, limit=10, score_cutoff=min_score - 5)
        digits = re.findall(r"\d+", query)
        close = [
            (score, self._fuzzy_index[k][1])
            for _choice, score, k in found
            # a misspelling changes letters, not words: "Sở Văn hóa và Thể thao" is another body
            if choices[k].split()[:1] == query.split()[:1]
            and len(choices[k].split()) == len(query.split())
            and re.findall(r"\d+", choices[k]) == digits
        ]
        if not close or close[0][0] < min_score:
            return None
        best_score, best = close[0]
        if any(r.agency_id != best.agency_id and score >= best_score - 3 for score, r in close[1:]):
            return None
        return replace(best, fuzzy=True)

    def split(self, text: str) -> list[str]:
        """The names of a cell or phrase that lists agencies, canonical where known."""
        found = self.find(text)
        names: list[str] = []
        pos = 0
        for start, end, resolved in found:
            gap = text[pos:start].strip(" ,;.-–\n")
            if gap and gap.casefold() not in ("và", "các", "với"):
                names.extend(p.strip() for p in re.split(r"[;,]", gap) if p.strip())
            names.append(resolved.name)
            pos = end
        tail = text[pos:].strip(" ,;.-–\n")
        if tail:
            names.extend(p.strip() for p in re.split(r"[;,]", tail) if p.strip())
        return names

    def successor_on(self, agency_id: str, day: date) -> list[str]:
        """The bodies that carry `agency_id`'s work on `day` (itself while it exists)."""
        out: list[str] = []
        seen: set[str] = set()

        def walk(aid: str) -> None:
            if aid in seen:
                return
            seen.add(aid)
            a = self.agencies[aid]
            if a.valid_to is None or day <= a.valid_to or not a.successor:
                if aid not in out:
                    out.append(aid)
                return
            for nxt in a.successor:
                walk(nxt)

        walk(agency_id)
        return out

    def by_name(self, name: str) -> Agency | None:
        return self._by_name.get(_key(name))

    # --- matching internals --------------------------------------------------------------------

    @staticmethod
    def _matches(root: _Node, words: list[str], i: int) -> list[tuple[int, Resolved]]:
        """Every name in the trie that starts at word i, shortest first: (end, value)."""
        node: _Node | None = root
        found: list[tuple[int, Resolved]] = []
        j = i
        while j < len(words) and words[j] not in _HARD:
            node = node.children.get(words[j]) if node else None
            if node is None:
                break
            j += 1
            if node.value is not None:
                found.append((j, node.value))
        return found

    @classmethod
    def _longest(cls, root: _Node, words: list[str], i: int) -> tuple[int, Resolved] | None:
        found = cls._matches(root, words, i)
        return found[-1] if found else None

    def _trailing_place(self, tokens: list[tuple[str, int, int]], words: list[str], j: int) -> int:
        """ "Công an tỉnh Bình Định", "Sở Y tế tỉnh Đồng Tháp": the place belongs to the mention."""
        k = j
        if k < len(words) and words[k] in ("tỉnh", "tp", "thành"):
            k += 2 if words[k] == "thành" and k + 1 < len(words) and words[k + 1] == "phố" else 1
            hit = self._longest(self._places, words, k)
            if hit is not None:
                return hit[0]
        hit = self._longest(self._places, words, j)
        if hit is not None and j > 0 and words[j - 1] in ("tỉnh",):
            return hit[0]
        return j

    def _from_pattern(
        self, text: str, tokens: list[tuple[str, int, int]], words: list[str], i: int, known_len: int
    ):
        first = tokens[i][0]
        if not first[:1].isupper() or (first.isupper() and len(first) > 1 and first not in ("UBND",)):
            return None  # lower case is prose; a word in capitals is a heading ("HỘI SỐ")
        heads = self._matches(self._heads, words, i)
        for end, value in reversed(heads):
            if end - i < known_len:
                break  # a known name is longer than this head: "Sở TT&TT" is not "Sở {name}"
            pattern = next(
                p for p in self._patterns if p.template == value.name and p.head == tuple(words[i:end])
            )
            k = end
            if k < len(words) and words[k] in ("tỉnh",) and pattern.place == "province":
                k += 1
            place_end = self._place(text, tokens, words, k, pattern.place)
            if place_end is None:
                continue
            place = " ".join(text[tokens[k][1] : tokens[place_end - 1][2]].split())  # as written, dashes kept
            name = pattern.template.format(place=place)
            known = self.by_name(name)
            return place_end, Resolved(
                known.name if known else name,
                known.id if known else None,
                known is not None or pattern.known,
                False,
                False,
            )
        return None

    def _place(self, text: str, tokens, words, k: int, kind: str) -> int | None:
        hit = self._longest(self._places, words, k)
        if hit is not None:
            return hit[0]
        if kind == "number":  # "khu vực 10", "khu vực XII"
            return k + 1 if k < len(words) and _NUMBER.match(words[k]) else None
        if kind != "name":
            return None
        j = k
        while (
            j < len(tokens)
            and j - k < 6
            and tokens[j][0] not in _HARD
            and tokens[j][0][:1].isupper()
            and words[j] not in _NOT_A_PLACE
        ):
            j += 1
            if j < len(tokens) and "," in text[tokens[j - 1][2] : tokens[j][1]]:
                break  # a list goes on: "Trung tâm ICISE, Đại học Quy Nhơn"
            if j < len(tokens) and self._longest(self._trie, words, j) is not None:
                break  # the next body begins: "Đại học FPT Sở Khoa học và Công nghệ"
        # a capitalised word followed by lower-case words starts a phrase, not a name: give
        # back words until the name ends before a capital ("Đại học Quy Nhơn" / "Quyết định …")
        while j > k:
            nxt = tokens[j][0] if j < len(tokens) else ""
            ends_well = not nxt[:1].islower() or nxt in ("và", "tỉnh")
            acronym = any(t.isupper() and len(t) > 1 for t, _, _ in tokens[k:j])
            if ends_well or acronym:
                return j
            j -= 1
        return None


def _city_name(name: str) -> str:
    """ "Công an tỉnh" → "Công an Thành phố"; a name without "tỉnh" stays ("Sở Tư pháp")."""
    return re.sub(r"\btỉnh$", "Thành phố", name)


def _variants(words: tuple[str, ...], *, collective: bool) -> set[tuple[str, ...]]:
    out = {words}
    for long, short in _EQUIVALENT:
        for w in list(out):
            out.add(_replace(w, long, short))
            out.add(_replace(w, short, long))
    if collective:
        for w in list(out):
            out.add(w[1:] if w[:1] == ("các",) else ("các", *w))
    return {w for w in out if w}


def _replace(words: tuple[str, ...], old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    n = len(old)
    for i in range(len(words) - n + 1):
        if words[i : i + n] == old:
            return words[:i] + new + words[i + n :]
    return words


def _key(name: str) -> tuple[str, ...]:
    return normalise(name)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def parse_reference(raw: dict, provinces: dict) -> AgencyReference:
    agencies: dict[str, Agency] = {}
    for row in raw.get("agencies") or []:
        try:
            a = Agency(
                id=str(row["id"]),
                name=unicodedata.normalize("NFC", str(row["name"])),
                aliases=tuple(unicodedata.normalize("NFC", x) for x in _tuple(row.get("aliases"))),
                kind=str(row["kind"]),
                level=row.get("level"),
                parent=row.get("parent"),
                valid_from=_date(row.get("valid_from")),
                valid_to=_date(row.get("valid_to")),
                successor=_tuple(row.get("successor")),
                members=_tuple(row.get("members")),
                source=row.get("source"),
                note=row.get("note"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"agency reference data: bad row {row!r}: {exc}") from exc
        if a.id in agencies:
            raise ValueError(f"agency reference data: duplicate id {a.id}")
        agencies[a.id] = a
    patterns = [
        _Pattern(
            normalise(p["head"]),
            p["template"],
            p.get("kind", "provincial_body"),
            p.get("place", "province"),
            bool(p.get("known", False)),
        )
        for p in raw.get("patterns") or []
    ]
    places: list[str] = []
    for row in provinces.get("continuing") or []:
        places.append(row["name"])
        places.extend(_tuple(row.get("aliases")))
        places.extend(_tuple(row.get("absorbed")))
    ref = AgencyReference(
        agencies,
        list(raw.get("related_phrases") or []),
        patterns,
        places,
        list(raw.get("related_nouns") or []),
    )
    ref.name_qualifiers = tuple(normalise(q) for q in raw.get("name_qualifiers") or [])
    return ref


@lru_cache(maxsize=4)
def load_reference(path: Path | None = None) -> AgencyReference:
    """The reference data, parsed once per path."""
    agencies_file = path or DATA / "agencies.yaml"
    with open(agencies_file, encoding="utf-8") as f:
        raw = load_yaml(f)
    with open(DATA / "provinces.yaml", encoding="utf-8") as f:
        provinces = load_yaml(f)
    return parse_reference(raw, provinces)


def province_successor(name: str, day: date) -> str:
    """The province that governs `name`'s territory on `day` (Nghị quyết 202/2025/QH15)."""
    with open(DATA / "provinces.yaml", encoding="utf-8") as f:
        provinces = load_yaml(f)
    if day < _date(provinces["effective"]):  # type: ignore[operator]
        return name
    key = normalise(name)
    for row in provinces["continuing"]:
        if key in {normalise(x) for x in _tuple(row.get("absorbed"))}:
            return str(row["name"])
    return name


def current_province(name: str) -> str | None:
    """The name of one of today's 34 provinces and centrally-run cities, as provinces.yaml spells
    it, for any spelling of it ("tỉnh Gia Lai", "TP. Hà Nội", "thừa thiên huế"); None for another
    name (a merged province names its successor through `province_successor`)."""
    with open(DATA / "provinces.yaml", encoding="utf-8") as f:
        provinces = load_yaml(f)
    key = normalise(re.sub(r"^\s*(tỉnh|thành phố|tp\.?)\s+", "", name, flags=re.IGNORECASE))
    for row in provinces["continuing"]:
        if key in {normalise(x) for x in (str(row["name"]), *_tuple(row.get("aliases")))}:
            return str(row["name"])
    return None


__all__ = [
    "Agency",
    "AgencyReference",
    "Resolved",
    "load_reference",
    "normalise",
    "province_successor",
    "current_province",
]
_ = timedelta
