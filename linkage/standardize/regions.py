"""Resolve region names and codes (Kemendagri, BPS, pre-2025 editions) to 2025 Kemendagri codes.

Names resolve top-down (province -> regency -> district -> village) against the shipped snapshot,
space-insensitive and alias-aware, fuzzy only inside an already-resolved parent and abbreviated
("Sbr. Agung", "Tgms") only inside a resolved scope, a wrong code being worse than none (DOMAIN
4.3, 4.6).
Codes resolve through the snapshot, the historical table and the BPS crosswalk (DOMAIN 2.2, 2.3).
"""

from __future__ import annotations

import csv
import functools
import math
import numbers
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import jellyfish

from linkage.standardize.address import normalize_place
from linkage.standardize.index_cache import cached
from linkage.standardize.region_table import SNAPSHOT, children_of, regions_by_code

CodeSystem = Literal["kemendagri", "bps"]

DATA = Path(__file__).parent / "data"
HISTORICAL_TABLE = DATA / "historical_codes.csv"
BPS_CROSSWALK = DATA / "bps_kemendagri.csv"
ALIAS_TABLE = DATA / "region_aliases.csv"
# What the disk-cached indexes are built from: the data and every module of this package (a
# change to name normalization anywhere in it rebuilds them).
_INDEX_INPUTS = (SNAPSHOT, ALIAS_TABLE, *sorted(Path(__file__).parent.glob("*.py")))

LEVEL_NAMES = {1: "province", 2: "regency", 3: "district", 4: "village"}
CODE_LENGTHS = {1: 2, 2: 4, 3: 6, 4: 10}
_LEVEL_OF_LENGTH = {length: level for level, length in CODE_LENGTHS.items()}

FUZZY_MIN_JARO_WINKLER = 0.93
FUZZY_MIN_EDIT_LENGTH = 6  # Damerau-Levenshtein 1 counts as a match only on keys this long
COMMON_WORD_USES = 50  # names at one level using a word before it may be abbreviated widely


@dataclass(frozen=True, slots=True)
class ResolvedRegion:
    """2025 Kemendagri codes a name or code resolves to, down to the deepest certain level.

    `candidates` counts the regions that matched at the deepest level tried; above 1 the code at
    that level stays None (never a silent single guess) and `flags` names the ambiguity.
    """

    province_code: str | None
    regency_code: str | None
    district_code: str | None
    village_code: str | None
    level: int
    confidence: float
    candidates: int
    code_system: CodeSystem | None
    flags: tuple[str, ...]


def _unresolved(flags: Iterable[str] = (), candidates: int = 0) -> ResolvedRegion:
    return ResolvedRegion(None, None, None, None, 0, 0.0, candidates, None, tuple(flags))


# ---------------------------------------------------------------------------------------------
# Name keys
# ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")
_ROMAN = re.compile(r"^(x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_NUMBER_WORDS = {
    "satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5",
    "enam": "6", "tujuh": "7", "delapan": "8", "sembilan": "9", "sepuluh": "10",
}  # fmt: skip
_ABBREVIATIONS = {
    "kab": "kabupaten", "kabupaten": "kabupaten", "kodya": "kota", "kotamadya": "kota",
    "kec": "kecamatan", "kel": "kelurahan", "ds": "desa", "prov": "provinsi",
    "propinsi": "provinsi", "kep": "kepulauan", "kepl": "kepulauan", "tj": "tanjung",
    "tg": "tanjung", "tlk": "teluk", "kp": "kampung", "kpg": "kampung", "sp": "simpang",
    "bdr": "bandar", "sel": "selatan", "slt": "selatan", "utr": "utara", "tmr": "timur",
    "brt": "barat", "tgh": "tengah", "tjg": "tanjung", "kr": "karang", "krg": "karang",
    "gn": "gunung", "gng": "gunung", "psr": "pasar", "negri": "negeri",
}  # fmt: skip
_DROPPED_WORDS = frozenset({"adm", "administrasi"})  # "Kota Adm. Jakarta Selatan"
_PLACE_WORDS = frozenset(
    {"provinsi", "kabupaten", "kota", "kecamatan", "distrik", "desa", "kelurahan", "pekon",
     "tiyuh", "kampung", "gampong", "nagari"}
)  # fmt: skip


def _roman_value(token: str) -> int | None:
    """Value of a roman numeral token; plain "x" stays a letter ("2 x 11 Kayu Tanam")."""
    if not token or ("i" not in token and "v" not in token) or not _ROMAN.match(token):
        return None
    values = [_ROMAN_VALUES[ch] for ch in token]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _name_tokens(name: str) -> list[str]:
    """Lower-case word tokens with abbreviations expanded and numerals as digits."""
    text = name if name.isascii() else unicodedata.normalize("NFKD", name)
    tokens = [
        _ABBREVIATIONS.get(token, token)
        for token in _WORD.findall(text.lower())
        if token not in _DROPPED_WORDS
    ]
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        roman = _roman_value(token)
        if roman is not None:
            tokens[i] = str(roman)
        elif i == last and i > 0 and token in _NUMBER_WORDS:
            tokens[i] = _NUMBER_WORDS[token]  # BPS writes "ILIR BARAT DUA" for "Ilir Barat II"
    return tokens


Spelling = tuple[str, ...]  # the tokens of one way of writing a name


def _query_spellings(name: object) -> tuple[Spelling, ...]:
    """Spellings to try for a user-supplied name: as written, then without leading place words.

    "Kec. Kota Agung" tries "kecamatan kota agung", then "kota agung" (found) before "agung".
    """
    return _spellings_of(name) if isinstance(name, str) else ()


@functools.lru_cache(maxsize=1 << 16)
def _spellings_of(name: str) -> tuple[Spelling, ...]:
    """Cached: one regency or district name recurs in thousands of distinct triples."""
    return _without_place_words(tuple(_name_tokens(name)))


def _without_place_words(tokens: Spelling) -> tuple[Spelling, ...]:
    spellings = []
    while tokens:
        spellings.append(tokens)
        if tokens[0] not in _PLACE_WORDS:
            break
        tokens = tokens[1:]
    return tuple(spellings)


def _keys(spellings: Iterable[Spelling]) -> tuple[str, ...]:
    """Comparison keys: "Tanjung Karang Barat" == "Tanjungkarang Barat"."""
    return tuple("".join(tokens) for tokens in spellings)


def _official_spellings(name: str, level: int) -> set[Spelling]:
    """Spellings an official name answers to, including its "/" and "(...)" variants."""
    tokens = tuple(_name_tokens(name))
    spellings = {tokens}
    # "Kabupaten Lampung Selatan" also answers to "Lampung Selatan"
    if level <= 2 and len(tokens) > 1 and tokens[0] in ("kabupaten", "kota", "provinsi"):
        spellings.add(tokens[1:])
    if "/" in name or "(" in name:
        for part in re.split(r"[/()]", name):
            tokens = tuple(_name_tokens(part))
            key = "".join(tokens)
            if len(key) >= 4 and not key.isdigit():
                spellings.add(tokens)
    spellings.discard(())
    return spellings


def _official_keys(name: str, level: int) -> set[str]:
    return {"".join(tokens) for tokens in _official_spellings(name, level)}


_VOWELS = frozenset("aeiou")


def _is_abbreviation(token: str, word: str) -> bool:
    """A word cut short ("lamp" of "lampung") or written by its first letter and some later
    consonants in order ("sbr" of "sumber", "tgms" of "tanggamus"), in three letters or more."""
    if len(token) < 3 or len(token) >= len(word) or token[0] != word[0]:
        return False
    if word.startswith(token):
        return True
    if not _VOWELS.isdisjoint(token[1:]):
        return False  # "kemban" is a typo of "kembang", not a shortening of "kembahang"
    letters = iter(word[1:])
    return all(letter in letters for letter in token[1:])


def _is_acronym(token: str, words: Spelling) -> bool:
    """Whether `token` joins a leading part of every word: "tb" of "tulang bawang", "balam" of
    "bandar lampung"."""
    if not words:
        return not token
    first, rest = words[0], words[1:]
    for length in range(1, min(len(first), len(token) - len(rest)) + 1):
        if token[length - 1] != first[length - 1]:
            break
        if _is_acronym(token[length:], rest):
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Shortening:
    """What may count as a shortened word at one level and scope.

    `words`: every word of an official name at that level; such a word is never a shortening
    ("rejo" does not stand for "rejosari"). `shortenable`: the words that may be shortened
    (None = any). `acronyms`: one token may stand for several words ("TB Barat").
    """

    words: frozenset[str]
    shortenable: frozenset[str] | None
    acronyms: bool


def _shortens(query: Spelling, name: Spelling, rules: _Shortening, shortened: bool = False) -> bool:
    """Whether `query` writes `name` with at least one word shortened and the others in full."""
    if not query:
        return not name and shortened
    if not name:
        return False
    token = query[0]
    if token == name[0] and _shortens(query[1:], name[1:], rules, shortened):
        return True
    if not token.isalpha() or token in rules.words:
        return False
    if (
        (rules.shortenable is None or name[0] in rules.shortenable)
        and _is_abbreviation(token, name[0])
        and _shortens(query[1:], name[1:], rules, True)
    ):
        return True
    return rules.acronyms and any(
        _is_acronym(token, name[:count]) and _shortens(query[1:], name[count:], rules, True)
        for count in range(2, len(name) + 1)
    )


# ---------------------------------------------------------------------------------------------
# Indexes (built once per process)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _NameIndex:
    """Name keys -> codes, per direct parent and per level; aliases in a second, weaker tier."""

    by_parent: dict[str, dict[str, tuple[str, ...]]]
    by_level: dict[int, dict[str, tuple[str, ...]]]
    alias_by_parent: dict[str, dict[str, tuple[str, ...]]]
    alias_by_level: dict[int, dict[str, tuple[str, ...]]]


def _add(index: dict[str, dict], group: object, key: str, code: str) -> None:
    codes = index.setdefault(group, {}).get(key, ())
    if code not in codes:
        index[group][key] = (*codes, code)


def _read_table(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a project data file whose first line is a `#` source comment."""
    with open(path, encoding="utf-8", newline="") as fh:
        fh.readline()
        yield from csv.DictReader(fh)


@functools.cache
def _name_index() -> _NameIndex:
    """Official names in the first tier; aliases and `address.normalize_place` keys (the form
    the batch layer passes, which drops a leading "Kota"/"Kampung") in the second. Cached on
    disk: the build reads every region name of Indonesia."""
    return _NameIndex(*cached("region-names", _INDEX_INPUTS, _build_name_index))


def _build_name_index() -> tuple[dict, dict, dict, dict]:
    regions = regions_by_code()
    by_parent: dict[str, dict[str, tuple[str, ...]]] = {}
    by_level: dict[int, dict[str, tuple[str, ...]]] = {}
    alias_by_parent: dict[str, dict[str, tuple[str, ...]]] = {}
    alias_by_level: dict[int, dict[str, tuple[str, ...]]] = {}
    for region in regions.values():
        official = _official_keys(region.name, region.level)
        for key in official:
            _add(by_parent, region.parent, key, region.code)
            _add(by_level, region.level, key, region.code)
        batch_key = normalize_place(region.name)
        if batch_key and batch_key not in official:
            _add(alias_by_parent, region.parent, batch_key, region.code)
            _add(alias_by_level, region.level, batch_key, region.code)
    for code, aliases in _alias_names().items():
        region = regions[code]
        for key in (key for alias in aliases for key in _official_keys(alias, region.level)):
            _add(alias_by_parent, region.parent, key, region.code)
            _add(alias_by_level, region.level, key, region.code)
    return by_parent, by_level, alias_by_parent, alias_by_level


@functools.cache
def _alias_names() -> dict[str, tuple[str, ...]]:
    """Alias names of 2025 codes (rows for codes missing from the snapshot are dropped)."""
    regions = regions_by_code()
    names: dict[str, tuple[str, ...]] = {}
    for row in _read_table(ALIAS_TABLE):
        if row["code"] in regions:
            names[row["code"]] = (*names.get(row["code"], ()), row["alias"])
    return names


@functools.cache
def _child_spellings(parent: str) -> tuple[tuple[Spelling, str], ...]:
    """(spelling, code) of every official and alias name of a parent's children."""
    aliases = _alias_names()
    return tuple(
        (spelling, child.code)
        for child in children_of(parent)
        for name in (child.name, *aliases.get(child.code, ()))
        for spelling in _official_spellings(name, child.level)
    )


@functools.cache
def _spellings_under(level: int, scope: str) -> dict[str, tuple[tuple[Spelling, str], ...]]:
    """Spellings of every region at `level` under `scope`, by the first letter of the name
    (an abbreviation keeps it)."""
    parents = [scope]
    for _ in range(_LEVEL_OF_LENGTH.get(len(scope), 0) + 1, level):
        parents = [child.code for parent in parents for child in children_of(parent)]
    by_letter: dict[str, list[tuple[Spelling, str]]] = {}
    for parent in parents:
        for spelling, code in _child_spellings(parent):
            by_letter.setdefault(spelling[0][0], []).append((spelling, code))
    return {letter: tuple(spellings) for letter, spellings in by_letter.items()}


def _word_uses(level: int) -> dict[str, int]:
    """How many official names at one level use each word."""
    return _all_word_uses()[level]


@functools.cache
def _all_word_uses() -> dict[int, dict[str, int]]:
    return cached("region-words", _INDEX_INPUTS, _count_word_uses)


def _count_word_uses() -> dict[int, dict[str, int]]:
    uses: dict[int, Counter[str]] = {level: Counter() for level in LEVEL_NAMES}
    for region in regions_by_code().values():
        words = set(_WORD.findall(unicodedata.normalize("NFKD", region.name).lower()))
        uses[region.level].update(words)
    return {level: dict(counts) for level, counts in uses.items()}


@functools.cache
def _shortening(level: int, *, common_only: bool) -> _Shortening:
    """Shortening rules of one level; `common_only` lets only common words be shortened."""
    uses = _word_uses(level)
    common = frozenset(w for w, n in uses.items() if n >= COMMON_WORD_USES) if common_only else None
    return _Shortening(frozenset(uses), common, acronyms=level <= 2)


@dataclass(frozen=True, slots=True)
class _Historical:
    successors: dict[str, tuple[str, ...]]  # old code -> 2025 successors (may be empty)
    names: dict[str, str]
    reassigned: frozenset[str]  # codes that named another region in an earlier edition


@functools.cache
def _historical() -> _Historical:
    successors: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}
    reassigned: set[str] = set()
    for row in _read_table(HISTORICAL_TABLE):
        old, new = row["old_code"], row["new_code"]
        names.setdefault(old, row["name"])
        if row["kind"] == "reassigned":
            reassigned.add(old)
        known = successors.setdefault(old, ())
        if new and new not in known:
            successors[old] = (*known, new)
    return _Historical(successors, names, frozenset(reassigned))


@functools.cache
def _bps_crosswalk() -> dict[str, str]:
    """BPS regency (4-digit) and Lampung kecamatan (7-digit) codes -> 2025 Kemendagri codes."""
    return {row["bps_code"]: row["kemendagri_code"] for row in _read_table(BPS_CROSSWALK)}


@functools.cache
def _bps_provinces() -> dict[str, tuple[str, ...]]:
    """BPS province -> Kemendagri provinces of its regencies (BPS 94 Papua spans 91, 93-95)."""
    provinces: dict[str, tuple[str, ...]] = {}
    for bps, kemendagri in _bps_crosswalk().items():
        if len(bps) == 4:
            known = provinces.get(bps[:2], ())
            if kemendagri[:2] not in known:
                provinces[bps[:2]] = (*known, kemendagri[:2])
    return provinces


@functools.cache
def _known_region6() -> frozenset[str]:
    current = (code for code, region in regions_by_code().items() if region.level == 3)
    old = (code for code in _historical().successors if len(code) == 6)
    return frozenset((*current, *old))


@functools.cache
def _known_provinces() -> frozenset[str]:
    current = (code for code, region in regions_by_code().items() if region.level == 1)
    old = (code for code in _historical().successors if len(code) == 2)
    return frozenset((*current, *old))


# ---------------------------------------------------------------------------------------------
# Codes
# ---------------------------------------------------------------------------------------------

_CODE_SEPARATORS = re.compile(r"[.\-/\s]+")
_INTEGRAL_FLOAT_TEXT = re.compile(r"^([0-9]+)[.,]0+$")
_SCIENTIFIC_TEXT = re.compile(r"^[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+$")
_SEGMENT_WIDTHS = (2, 2, 2, 4)
_VALID_LENGTHS = frozenset({2, 4, 6, 7, 10})


def _code_text(code: object) -> str | None:
    """Text of a code cell; integral floats lose their ".0", others keep their digits."""
    if code is None or isinstance(code, bool):
        return None
    if isinstance(code, float):
        if not math.isfinite(code):
            return None
        return str(int(code)) if code.is_integer() and code >= 0 else repr(code)
    if isinstance(code, numbers.Integral):
        return str(int(code))
    if isinstance(code, str):
        return code.strip().strip("'\"`’ ").strip()
    return None


def _parse_code(code: object) -> tuple[str | None, tuple[str, ...], bool]:
    """(undotted digits, damage flags, written with separators) for one code cell."""
    text = _code_text(code)
    if not text:
        return None, (), False
    if _SCIENTIFIC_TEXT.match(text):
        return None, ("scientific_notation",), False
    integral = _INTEGRAL_FLOAT_TEXT.match(text)
    if integral:
        text = integral.group(1)
    segments = _CODE_SEPARATORS.split(text)
    if not all(segment.isascii() and segment.isdigit() for segment in segments):
        return None, ("invalid_code",), False
    if len(segments) == 1:
        digits = segments[0]
        return (
            (digits, (), False)
            if len(digits) in _VALID_LENGTHS
            else (None, ("invalid_code",), False)
        )
    if len(segments) > len(_SEGMENT_WIDTHS) or len(segments[0]) != 2:
        return None, ("invalid_code",), True
    flags: list[str] = []
    parts = []
    for i, (segment, width) in enumerate(zip(segments, _SEGMENT_WIDTHS, strict=False)):
        if len(segment) > width:
            return None, ("invalid_code",), True
        if len(segment) < width:
            if len(segments) == 2 and i == 1:
                # A float keeps one dot and drops trailing zeros: 18.10 -> 18.1 (case 41)
                segment = segment.ljust(width, "0")
                flags.append("float_damaged_code")
            else:
                segment = segment.zfill(width)
                flags.append("padded_segment")
        parts.append(segment)
    return "".join(parts), tuple(dict.fromkeys(flags)), True


def normalize_region_code(code: object) -> tuple[str | None, tuple[str, ...]]:
    """Undotted digits of a region code in any spreadsheet form, with damage flags.

    `18.71.01`, `187101`, `18 71 01` and `1801.0` are read as written; `18.1` is a float-damaged
    18.10 (Pringsewu, not 18.01: flag `float_damaged_code`); `18.4.1` has lost leading zeros
    (`padded_segment`). The code system is not decided here: `1801` stays `1801`.
    """
    digits, flags, _ = _parse_code(code)
    return digits, flags


def _from_code(
    code: str,
    *,
    confidence: float = 1.0,
    flags: Iterable[str] = (),
    code_system: CodeSystem | None = "kemendagri",
    candidates: int = 1,
) -> ResolvedRegion:
    level = _LEVEL_OF_LENGTH[len(code)]
    parts = [code[: CODE_LENGTHS[lvl]] if lvl <= level else None for lvl in (1, 2, 3, 4)]
    return ResolvedRegion(
        *parts, level, confidence, candidates, code_system, tuple(dict.fromkeys(flags))
    )


def _common(
    codes: tuple[str, ...],
    *,
    flags: Iterable[str],
    code_system: CodeSystem | None,
    confidence: float = 1.0,
    candidates: int | None = None,
) -> ResolvedRegion:
    """Several candidates: keep only the ancestors they all share, and count the candidates."""
    candidates = len(codes) if candidates is None else candidates
    if len(codes) == 1:
        return _from_code(
            codes[0],
            confidence=confidence,
            flags=flags,
            code_system=code_system,
            candidates=candidates,
        )
    level = _LEVEL_OF_LENGTH[len(codes[0])]
    flags = (*flags, f"ambiguous_{LEVEL_NAMES[level]}")
    shared = 0
    while shared + 1 < level and len({code[: CODE_LENGTHS[shared + 1]] for code in codes}) == 1:
        shared += 1
    if not shared:
        return replace(_unresolved(flags, candidates), code_system=code_system)
    return _from_code(
        codes[0][: CODE_LENGTHS[shared]],
        confidence=confidence,
        flags=flags,
        code_system=code_system,
        candidates=candidates,
    )


def _resolve_kemendagri(digits: str, flags: tuple[str, ...]) -> ResolvedRegion | None:
    """A Kemendagri code: current, historical (moved), or its deepest known ancestor."""
    if len(digits) not in _LEVEL_OF_LENGTH:
        return None
    regions, history = regions_by_code(), _historical()
    if digits in regions:
        extra = ("code_reassigned",) if digits in history.reassigned else ()
        return _from_code(digits, flags=(*flags, *extra))
    successors = history.successors.get(digits)
    if successors:
        return _common(successors, flags=(*flags, "historical_code"), code_system="kemendagri")
    level = _LEVEL_OF_LENGTH[len(digits)]
    ancestor = _resolve_kemendagri(digits[: CODE_LENGTHS[level - 1]], ()) if level > 1 else None
    if ancestor is None or not ancestor.level:
        return None
    # A newer village than the snapshot, or a typo: only the ancestor is certain
    return _with_flags(replace(ancestor, candidates=0), *flags, "unknown_code")


def _with_flags(result: ResolvedRegion, *flags: str) -> ResolvedRegion:
    return replace(result, flags=tuple(dict.fromkeys((*flags, *result.flags))))


def _codes(result: ResolvedRegion) -> tuple[str | None, ...]:
    return result.province_code, result.regency_code, result.district_code, result.village_code


def _deepest_code(result: ResolvedRegion) -> str:
    codes = (result.village_code, result.district_code, result.regency_code, result.province_code)
    return next(code for code in codes if code)


def _resolve_bps(digits: str, flags: tuple[str, ...]) -> ResolvedRegion | None:
    """A BPS (wilkerstat) code through the crosswalk; unmapped kecamatan fall back to regency."""
    flags = (*flags, "bps_code")
    crosswalk = _bps_crosswalk()
    if len(digits) == 2:
        provinces = _bps_provinces().get(digits)
        if not provinces:
            return None
        return _common(provinces, flags=flags, code_system="bps")
    if len(digits) in (4, 7) and digits in crosswalk:
        return _from_code(crosswalk[digits], flags=flags, code_system="bps")
    if len(digits) == 10:
        district = _resolve_bps(digits[:7], ())
        if district is None:
            return None
        return _with_flags(replace(district, candidates=0), *flags, "bps_village_unmapped")
    if len(digits) == 7 and digits[:4] in crosswalk:
        return _from_code(
            crosswalk[digits[:4]],
            flags=(*flags, "bps_kecamatan_unmapped"),
            code_system="bps",
            candidates=0,
        )
    return None


def resolve_code(
    code: object, *, code_system: Literal["auto", "kemendagri", "bps"] = "kemendagri"
) -> ResolvedRegion:
    """Resolve a region code to 2025 Kemendagri codes.

    A plain `1801` is Kemendagri (Lampung Selatan) unless told `code_system="bps"` (BPS 1801 is
    Lampung Barat = 18.04, case 40). `auto` reads dotted and 6-digit codes as Kemendagri, 7-digit
    ones as BPS, and otherwise prefers Kemendagri, flagging `code_system_ambiguous` when BPS would
    name another region. Pre-2025 codes resolve to their successor (`historical_code`: Kab.
    Sorong 9201 -> 9601, case 42); a code missing from every table resolves to its deepest known
    ancestor (`unknown_code`).
    """
    digits, flags, separated = _parse_code(code)
    if digits is None:
        return _unresolved(flags)
    if code_system == "bps":
        result = _resolve_bps(digits, flags)
    elif code_system == "kemendagri" or separated or len(digits) == 6:
        result = _resolve_kemendagri(digits, flags)
    elif len(digits) == 7:
        result = _resolve_bps(digits, flags)
    else:
        result = _resolve_auto(digits, flags)
    return result or _unresolved((*flags, "unknown_code"))


def _resolve_auto(digits: str, flags: tuple[str, ...]) -> ResolvedRegion | None:
    kemendagri = _resolve_kemendagri(digits, flags)
    bps = _resolve_bps(digits, flags)
    if kemendagri is None or "unknown_code" in kemendagri.flags:
        return bps or kemendagri
    if bps is not None and _codes(bps) != _codes(kemendagri):
        return _with_flags(kemendagri, "code_system_ambiguous")
    return kemendagri


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


def _in_scope(codes: tuple[str, ...], scopes: tuple[str, ...]) -> tuple[str, ...]:
    if scopes == ("",):
        return codes
    return tuple(code for code in codes if code.startswith(scopes))


def _lookup(
    level: int, keys: tuple[str, ...], scopes: tuple[str, ...]
) -> tuple[tuple[str, ...], bool]:
    """Exact matches at `level` under any of `scopes`: (codes, via_alias)."""
    index = _name_index()
    parent_length = CODE_LENGTHS.get(level - 1, 0)
    direct = all(len(scope) == parent_length for scope in scopes)
    for via_alias, by_parent, by_level in (
        (False, index.by_parent, index.by_level),
        (True, index.alias_by_parent, index.alias_by_level),
    ):
        for key in keys:
            if direct:
                found = [code for scope in scopes for code in by_parent.get(scope, {}).get(key, ())]
                codes = tuple(dict.fromkeys(found))
            else:
                codes = _in_scope(by_level.get(level, {}).get(key, ()), scopes)
            if codes:
                return codes, via_alias
    return (), False


def _fuzzy(keys: tuple[str, ...], parent: str) -> tuple[tuple[str, ...], float]:
    """Closest children of one resolved parent: Jaro-Winkler >= 0.93, or one edit on long names."""
    index = _name_index()
    best: dict[str, float] = {}
    for table in (index.by_parent.get(parent, {}), index.alias_by_parent.get(parent, {})):
        for candidate, codes in table.items():
            for key in keys:
                score = _similarity(key, candidate)
                for code in codes:
                    if score > best.get(code, 0.0):
                        best[code] = score
    if not best:
        return (), 0.0
    top = max(best.values())
    return tuple(code for code, score in best.items() if score == top), top


def _similarity(key: str, candidate: str) -> float:
    if abs(len(key) - len(candidate)) > 3:
        return 0.0
    score = jellyfish.jaro_winkler_similarity(key, candidate)
    if score >= FUZZY_MIN_JARO_WINKLER:
        return score
    # Jaro-Winkler undervalues one edit among repeated letters ("prncamarga" ~ "pancamarga")
    one_edit_possible = abs(len(key) - len(candidate)) <= 1
    long_enough = min(len(key), len(candidate)) >= FUZZY_MIN_EDIT_LENGTH
    if (
        one_edit_possible
        and long_enough
        and jellyfish.damerau_levenshtein_distance(key, candidate) <= 1
    ):
        return max(score, 0.9)
    return 0.0


def _abbreviated(
    level: int, spellings: tuple[Spelling, ...], scopes: tuple[str, ...]
) -> tuple[str, ...]:
    """Regions inside resolved scopes whose name the query writes with shortened words
    ("Sbr. Agung", "Lampung Tgh", "Tgms"); acronyms only for regencies and provinces.

    Among the many villages of a regency or province a word written in full must anchor the
    match ("Sbr. Alam" is Sumber Alam, a lone "Sbr" is nothing) and the one region found must
    have shortened a common word; every region any shortening fits counts as a candidate
    ("Tlg Rejo" fits Talang Rejo and Telogo Rejo).
    """
    if scopes == ("",) and level > 1:
        return ()
    anchored = any(len(scope) != CODE_LENGTHS.get(level - 1, 0) for scope in scopes)
    rules = _shortening(level, common_only=False)
    for spelling in spellings:
        shortened = [token.isalpha() and token not in rules.words for token in spelling]
        if not any(shortened) or (anchored and all(shortened)):
            continue  # nothing to read as shortened, or nothing written in full
        found = [
            (name, code)
            for scope in scopes
            for name, code in _spellings_under(level, scope).get(spelling[0][0], ())
            if (len(name) == len(spelling) or rules.acronyms) and _shortens(spelling, name, rules)
        ]
        codes = tuple(sorted({code for _, code in found}))
        if len(codes) == 1 and anchored:
            common = _shortening(level, common_only=True)
            return codes if any(_shortens(spelling, name, common) for name, _ in found) else ()
        if codes:
            return codes
    return ()


@dataclass(frozen=True, slots=True)
class _Match:
    """Regions one level's name matched, with how (flags) and how surely (confidence)."""

    codes: tuple[str, ...]
    flags: tuple[str, ...] = ()
    confidence: float = 1.0


_NO_MATCH = _Match(())


def _find(
    level: int, spellings: tuple[Spelling, ...], scopes: tuple[str, ...], *, fuzzy: bool = True
) -> _Match:
    """Regions at `level` a name matches inside `scopes`: exactly (official before alias), then
    fuzzily among the children of one resolved parent, then by abbreviation."""
    keys = _keys(spellings)
    codes, via_alias = _lookup(level, keys, scopes)
    if codes:
        return _Match(codes, ("alias",) if via_alias else ())
    if fuzzy and len(scopes) == 1 and len(scopes[0]) == CODE_LENGTHS.get(level - 1, 0):
        codes, score = _fuzzy(keys, scopes[0])
        if codes:
            return _Match(codes, ("fuzzy",), score)
    codes = _abbreviated(level, spellings, scopes)
    return _Match(codes, ("abbreviation",)) if codes else _NO_MATCH


def _inside(regency: str, scopes: tuple[str, ...]) -> tuple[str, ...]:
    """The scopes narrowed to a regency; empty when the regency contradicts them."""
    if all(regency.startswith(scope) for scope in scopes):
        return (regency,)
    return tuple(scope for scope in scopes if scope.startswith(regency))


def _find_before_regency(level: int, tokens: Spelling, scopes: tuple[str, ...]) -> _Match:
    """A name with its regency glued on without a keyword ("kertosari lampung selatan",
    "candipuro lamsel"): the words before the regency are searched inside it, provided the
    regency agrees with the scopes so far. A district text that is only a regency ("Pesawaran"
    in the Kecamatan column) narrows the scope to that regency. Every way of cutting the text
    that finds something must find the same regions."""
    provinces = tuple(dict.fromkeys(scope[:2] for scope in scopes))
    found: dict[tuple[str, ...], _Match] = {}
    for cut in range(0 if level == 3 else 1, len(tokens)):
        regencies = _find(2, (tokens[cut:],), provinces, fuzzy=False).codes
        inside = _inside(regencies[0], scopes) if len(regencies) == 1 else ()
        if not inside:
            continue
        match = _find(level, _without_place_words(tokens[:cut]), inside) if cut else _Match(inside)
        if match.codes:
            found[match.codes] = replace(match, flags=("regency_in_name", *match.flags))
    return next(iter(found.values())) if len(found) == 1 else _NO_MATCH


def _regency_named(spellings: tuple[Spelling, ...], scopes: tuple[str, ...]) -> tuple[str, ...]:
    """The regency a name also denotes, when it holds the scopes found for that name: "Mesuji"
    is a kecamatan of Kabupaten Mesuji."""
    provinces = tuple(dict.fromkeys(scope[:2] for scope in scopes))
    regencies, _ = _lookup(2, _keys(spellings), provinces)
    if len(regencies) == 1 and all(
        scope.startswith(regencies[0]) and scope != regencies[0] for scope in scopes
    ):
        return regencies
    return ()


def _search(
    level: int,
    spellings: tuple[Spelling, ...],
    scopes: tuple[str, ...],
    district: tuple[Spelling, ...],
) -> _Match:
    """One level's name inside the scopes found so far, reading the text in turn as written, as
    a name with its regency glued on, and (a village) inside the regency its district text
    also names ("Simpang Mesuji, Mesuji": not in Kec. Mesuji but in Kab. Mesuji)."""
    match = _find(level, spellings, scopes) if level < 4 or scopes != ("",) else _NO_MATCH
    if not match.codes and level >= 3:
        match = _find_before_regency(level, spellings[0], scopes)
    if not match.codes and level == 4 and district:
        regency = _regency_named(district, scopes)
        match = _find(level, spellings, regency) if regency else _NO_MATCH
        if match.codes:
            match = replace(match, flags=("district_names_regency", *match.flags))
    return match


def _kota_village(regency: str | None, scopes: tuple[str, ...]) -> tuple[str, ...]:
    """Villages named "Kota ..." whose first word an address parser took for the regency keyword
    ("Kota Napal, Kec. Bunga Mayang" gives regency "napal"): read only when the text names no
    regency and no village was given, and matched exactly."""
    tokens = _query_spellings(regency)[0]
    if tokens[0] != "kota":
        tokens = ("kota", *tokens)
    return _lookup(4, _keys((tokens,)), scopes)[0]


def _matches_name(code: str, spellings: tuple[Spelling, ...]) -> bool:
    """Whether a name given above the search scope agrees with the scope's own ancestor."""
    level = _LEVEL_OF_LENGTH[len(code)]
    parent = code[: CODE_LENGTHS[level - 1]] if level > 1 else ""
    return code in _find(level, spellings, (parent,)).codes


def _scope_code(within: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if within is None:
        return ("",), ()
    digits, _ = normalize_region_code(within)
    if digits is None or digits not in regions_by_code():
        return ("",), ("unknown_within",)
    return (digits,), ()


def resolve_names(
    village: str | None = None,
    district: str | None = None,
    regency: str | None = None,
    province: str | None = None,
    *,
    within: str | None = None,
) -> ResolvedRegion:
    """Resolve place names top-down to 2025 Kemendagri codes.

    Each given level narrows the next; a level whose name is not found is flagged and skipped,
    so the next one searches the wider scope. A village needs a scope: a district, a regency, a
    province, `within` (a region code) or a regency glued to its own name. Ambiguous names stop
    at the ancestors all candidates share ("Sidodadi" within Lampung: 15 villages, case 39).
    A name not found exactly is tried, in this order: fuzzily among the children of one
    resolved parent (flag `fuzzy`, confidence = similarity); with shortened words inside a
    resolved scope (`abbreviation`: "Sbr. Agung", "Lampung Tgh", "Tgms"); for a district or
    village, with a regency glued on after it (`regency_in_name`: "candipuro lamsel"). A
    regency text that names no regency, given no village, may be a "Kota ..." village
    (`kota_village`).
    """
    scopes, flags = _scope_code(within)
    scope_level = _LEVEL_OF_LENGTH.get(len(scopes[0]), 0)
    confidence = 1.0
    tried = 0
    matched: tuple[str, ...] = ()
    for level, name in ((1, province), (2, regency), (3, district), (4, village)):
        spellings = _query_spellings(name)
        if level == 4 and not spellings and "regency_not_found" in flags and scopes != ("",):
            codes = _kota_village(regency, scopes)
            if codes:
                tried, matched, scopes = level, codes, codes
                flags += ("kota_village",)
            continue
        if not spellings:
            continue
        if level <= scope_level:
            if not _matches_name(scopes[0][: CODE_LENGTHS[level]], spellings):
                flags += (f"{LEVEL_NAMES[level]}_mismatch",)
            continue
        needs_scope = level == 4 and scopes == ("",)
        match = _search(level, spellings, scopes, _query_spellings(district))
        if needs_scope and not match.codes:
            flags += ("village_needs_scope",)
            continue
        tried = level
        matched = match.codes
        flags += match.flags
        confidence *= match.confidence
        if not match.codes:
            flags += (f"{LEVEL_NAMES[level]}_not_found",)
            continue
        scopes = match.codes
    if scopes == ("",):
        return _unresolved(flags)
    candidates = len(matched) if tried else 1
    return _common(
        scopes, flags=flags, code_system=None, confidence=confidence, candidates=candidates
    )


# ---------------------------------------------------------------------------------------------
# Names of codes and NIK prefixes
# ---------------------------------------------------------------------------------------------


def region_name(code: str) -> str | None:
    """Official 2025 name of a code (dotted or not), else its name in an earlier edition."""
    digits, _ = normalize_region_code(code)
    if digits is None:
        return None
    region = regions_by_code().get(digits)
    return region.name if region else _historical().names.get(digits)


def region_label(code: str) -> str:
    """Display label from the region up: "Kedaton, Kota Bandar Lampung, Lampung"."""
    digits, _ = normalize_region_code(code)
    regions = regions_by_code()
    if digits in regions:
        level = _LEVEL_OF_LENGTH[len(digits)]
        prefixes = (digits[: CODE_LENGTHS[lvl]] for lvl in range(level, 0, -1))
        return ", ".join(regions[prefix].name for prefix in prefixes)
    resolved = resolve_code(digits) if digits else None
    if resolved is None or not resolved.level:
        return str(code)
    kind = "old" if "historical_code" in resolved.flags else "unknown"
    return f"{region_label(_deepest_code(resolved))} ({kind} code {digits})"


def is_known_region6(code6: str) -> bool:
    """Whether a 6-digit NIK prefix is a kecamatan of the 2025 or an earlier edition."""
    return code6 in _known_region6()


def is_known_province(code2: str) -> bool:
    """Whether a 2-digit code is a province; no province code has been retired since the NIK
    began, so earlier editions only matter through the historical table."""
    return code2 in _known_provinces()


def warm() -> None:
    """Build every lazily built index now (before forking workers, or in a thread while a
    source is read) rather than inside the first records' standardization."""
    resolve_names("kedaton", "kedaton", "bandar lampung")
    resolve_code("1871")
    is_known_province("18")
    is_known_region6("187101")
    for level in (1, 2, 3, 4):
        for common_only in (False, True):
            _shortening(level, common_only=common_only)
