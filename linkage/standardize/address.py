"""Split Indonesian free-text addresses into parts and build comparison keys for place names.

Only text is handled here: resolving names to Kemendagri region codes is the job of the region
resolver, which compares `normalize_place` keys. Parsing follows DOMAIN 4.1 and 4.6.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, cast

RegencyKind = Literal["kabupaten", "kota"]

# Keyword -> (component, canonical word). Order of the hierarchy is in _LEVEL.
_KEYWORDS: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(("jalan", "jln", "jl", "jlan"), ("street", "jalan")),
    **dict.fromkeys(("gang", "gg"), ("gang", None)),
    **dict.fromkeys(("komplek", "kompleks", "komp", "kompl"), ("complex", "komplek")),
    **dict.fromkeys(("perumahan", "perum"), ("complex", "perumahan")),
    **dict.fromkeys(("blok", "blk"), ("block", None)),
    **dict.fromkeys(("dusun", "dsn", "lingkungan", "ling", "link", "lk"), ("dusun", None)),
    **dict.fromkeys(("desa", "ds"), ("village", "desa")),
    **dict.fromkeys(("kelurahan", "kel", "kalurahan"), ("village", "kelurahan")),
    **dict.fromkeys(("kampung", "kampong", "kp", "kamp"), ("village", "kampung")),
    "pekon": ("village", "pekon"),
    "tiyuh": ("village", "tiyuh"),
    "nagari": ("village", "nagari"),
    "gampong": ("village", "gampong"),
    "keldesa": ("village", None),  # the KTP label "Kel/Desa"
    **dict.fromkeys(("kecamatan", "kec", "distrik"), ("district", None)),
    **dict.fromkeys(("kabupaten", "kab"), ("regency", "kabupaten")),
    **dict.fromkeys(("kota", "kodya", "kotamadya"), ("regency", "kota")),
    **dict.fromkeys(("provinsi", "propinsi", "prov", "prop"), ("province", None)),
}
_LEVEL = {"dusun": 1, "village": 2, "district": 3, "regency": 4, "province": 5}
_POSITIONAL_LEVELS = (2, 3, 4)  # unkeyed parts may become village, district, regency
# Words that start real place names ("Kec. Kota Agung", "Desa Kampung Baru", "Desa Dusun
# Baru"): right after another keyword they are part of the name, not a new component.
_NAME_STARTERS = frozenset({"village", "regency", "dusun"})
_OFFICIAL_VILLAGE_WORDS = frozenset({"desa", "kelurahan", None})
# Words that also end official names ("Labuhan Ratu Kampung", "Menggala Kota", "Langsa Kota"):
# right after a name and followed by no name of their own, they belong to that name.
_NAME_END_WORDS = frozenset({"kota", "kampung", "kampong", "desa", "gampong", "nagari"})
_NUMBERED_DUSUN = re.compile(r"(\d+) ([a-z].*)")

# normalize_place: words dropped from the front of a place name.
_PLACE_WORDS = frozenset(word for word, (kind, _) in _KEYWORDS.items() if kind in _LEVEL) | {
    "administrasi",
    "adm",
}
_ROMAN = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
    "xi": "11",
    "xii": "12",
}
# Token abbreviations common in place names; none collides with a token of the region table
# except in the same meaning.
_PLACE_ABBREVIATIONS = {
    "tj": "tanjung",
    "tg": "tanjung",
    "tjg": "tanjung",
    "tlk": "teluk",
    "kr": "karang",
    "krg": "karang",
    "bdr": "bandar",
    "gn": "gunung",
    "gng": "gunung",
    "psr": "pasar",
}
# Lampung nicknames, matched against the whole key only ("Way Tuba" is a real kecamatan).
_REGENCY_NICKNAMES = {
    "lamsel": "lampungselatan",
    "lamteng": "lampungtengah",
    "lampura": "lampungutara",
    "lambar": "lampungbarat",
    "lamtim": "lampungtimur",
    "tuba": "tulangbawang",
    "tubaba": "tulangbawangbarat",
    "tbb": "tulangbawangbarat",
    "pesibar": "pesisirbarat",
    "blampung": "bandarlampung",  # "B. Lampung"; "Balam" is also a pekon in Pesisir Barat
}
# "TB Udik", "TB Tengah": kecamatan of Tulang Bawang Barat; only as the first token, because
# "tb" also ends village names elsewhere ("Huta Baringin TB").
_LEADING_ABBREVIATIONS = {"tb": "tulangbawang"}
_PROVINCE_KEYS = frozenset(
    {
        "aceh",
        "sumaterautara",
        "sumaterabarat",
        "riau",
        "jambi",
        "sumateraselatan",
        "bengkulu",
        "lampung",
        "kepulauanbangkabelitung",
        "bangkabelitung",
        "kepulauanriau",
        "dkijakarta",
        "daerahkhususibukotajakarta",
        "jakarta",
        "jawabarat",
        "jawatengah",
        "diyogyakarta",
        "daerahistimewayogyakarta",
        "jawatimur",
        "banten",
        "bali",
        "nusatenggarabarat",
        "nusatenggaratimur",
        "kalimantanbarat",
        "kalimantantengah",
        "kalimantanselatan",
        "kalimantantimur",
        "kalimantanutara",
        "sulawesiutara",
        "sulawesitengah",
        "sulawesiselatan",
        "sulawesitenggara",
        "gorontalo",
        "sulawesibarat",
        "maluku",
        "malukuutara",
        "papua",
        "papuabarat",
        "papuaselatan",
        "papuatengah",
        "papuapegunungan",
        "papuabaratdaya",
        *("dki", "diy", "jabar", "jateng", "jatim", "ntb", "ntt", "sumut", "sumbar", "sumsel"),
        *("babel", "kepri", "kalbar", "kalteng", "kalsel", "kaltim", "sulsel", "sulteng"),
    }
)
# Unkeyed parts recognised as a Lampung regency: nicknames and names no kecamatan or village
# carries ("Tulang Bawang" is also a village, so only its nickname counts).
_DISTINCT_REGENCY_KEYS = frozenset(_REGENCY_NICKNAMES.values()) - {"tulangbawang"}
_CITY_KEYS = frozenset({"bandarlampung"})
_COUNTRY = frozenset({"indonesia", "ri"})

_TOKEN = re.compile(r"[a-z0-9]+")
_UNWANTED = re.compile(r"[^a-z0-9,./\- ]+")
_SEGMENT_BREAK = re.compile(r"[;\n\r|]+")
_KEL_DESA = re.compile(
    r"(?<![a-z])(?:kel(?:urahan)?\s*/\s*desa|desa\s*/\s*kel(?:urahan)?)(?![a-z])"
)

_RT = r"(?<![a-z])rt"
_RW = r"(?<![a-z])rw"
_NUM = r"0*(\d{1,3})(?!\d)"
_RT_RW_PAIR = re.compile(rf"{_RT}\s*[./\\-]?\s*rw\s*[.:]?\s*{_NUM}\s*[/\\.\-]\s*{_NUM}")
_RT_THEN_RW = re.compile(rf"{_RT}\s*[.:]?\s*{_NUM}\s*[/,.\-]?\s*rw\s*[.:]?\s*{_NUM}")
_RT_SLASH = re.compile(rf"{_RT}\s*[.:]?\s*{_NUM}\s*/\s*{_NUM}")
_RT_ONLY = re.compile(rf"{_RT}\s*[.:]?\s*(?:no\.?\s*)?{_NUM}")
_RW_ONLY = re.compile(rf"{_RW}\s*[.:]?\s*(?:no\.?\s*)?{_NUM}")
_BARE_PAIR = re.compile(r"(?<![\d/.\-])0*(\d{1,3})\s*/\s*0*(\d{1,3})(?![\d/.\-])")
_BARE_NUMBER = re.compile(r"0*(\d{1,3})(?:\.0+)?")
_STRAY_RT_RW = re.compile(r"(?<![a-z])(?:rt|rw)(?![a-z])[\s.:/\-]*")
_NUMBER_BEFORE = re.compile(r"(?:no|nomor|nmr|blok|kav)\.?\s*$")
_POSTCODE = re.compile(
    r"(?:kode\s*pos|kodepos|kd\.?\s*pos)?\s*[.:]?\s*(?<![\d/.\-])([1-9]\d{4})(?![\d/.\-])"
)
_KEYWORD = re.compile(
    r"(?<![a-z0-9])(?:(nomor|nomer|nmr|no)(?=[\s.:]*\d)|("
    + "|".join(sorted(_KEYWORDS, key=len, reverse=True))
    + r")(?![a-z0-9]))[.:]*"
)
_KOTA_ADMINISTRASI = re.compile(r"^(?:administrasi|adm)\b\s*")
_SPLIT_INITIALS = re.compile(r"(?<![a-z0-9])[a-z](?:[\s.]+[a-z](?![a-z0-9]))+")
_SPACES = re.compile(r"\s+")
_HOUSE_NUMBER = re.compile(r"[\s.:]*(\d{1,5}(?:\s*[a-z](?![a-z]))?(?:\s*[/\-]\s*\d{1,4}[a-z]?)?)")


@dataclass(frozen=True, slots=True)
class ParsedAddress:
    """The parts of one address; every name is lowercase ASCII with its keyword removed.

    Place names keep their spelling and spaces ("marga kencana", "tb udik"), with Roman
    numerals as digits ("dusun II" -> dusun "2"); compare them with `normalize_place`. `street`
    keeps its word ("jalan teuku umar"), `gang` does not ("mawar"). `flags` holds "positional"
    when unkeyed comma parts were placed as village/district/regency by their order.
    """

    raw: str | None
    street: str | None = None
    gang: str | None = None
    house_number: str | None = None
    block: str | None = None
    rt: int | None = None
    rw: int | None = None
    dusun: str | None = None
    village: str | None = None
    village_word: str | None = None
    district: str | None = None
    regency: str | None = None
    regency_kind: RegencyKind | None = None
    province: str | None = None
    postcode: str | None = None
    rest: str | None = None
    flags: tuple[str, ...] = ()


EMPTY = ParsedAddress(raw=None)


def parse_address(text: object) -> ParsedAddress:
    """Parse one free-text address; never raises, unknown text ends up in `rest`.

    Keywords (Jl., Gg., No., RT/RW, Dusun, Desa/Kel./Pekon/Tiyuh/Kampung, Kec., Kab./Kota,
    Prov.) mark components. Comma parts without a keyword fill the free slots between the
    keyworded ones in the order village, district, regency, but only when they fit: "Kedaton"
    after a street is the village; "Sidodadi, Kedaton, Bandar Lampung" is village, district,
    regency. A part naming a province or a Lampung regency nickname is recognised as such.
    A numbered hamlet is followed by the village ("Dusun IV Ruang Tengah"); a place word with no
    name of its own after a name ends that name ("Ds. Labuhan Ratu Kampung", "Kupang Kota").
    """
    raw = _raw_text(text)
    if raw is None:
        return EMPTY
    work = _ascii_lower(raw)
    work = _SEGMENT_BREAK.sub(",", _KEL_DESA.sub(" keldesa ", work))
    rt, rw, work = _extract_rt_rw(work)
    postcode, work = _extract_postcode(work)
    work = _UNWANTED.sub(" ", work)
    parts = _Parts(raw=raw, rt=rt, rw=rw, postcode=postcode)
    for segment in work.split(","):
        _read_segment(segment, parts)
    return parts.finish()


def parse_rt_rw(text: object, *, bare: Literal["rt", "rw"] = "rt") -> tuple[int | None, int | None]:
    """RT and RW from an address or from separate RT/RW columns.

    Reads "RT 003/RW 005", "RT/RW 003/005", "003/005", "RT 3", "RW 5", "RT003RW005" and a bare
    "003" or 3.0; a bare number is the RT unless `bare="rw"` (for an RW column). 0 is no RT.
    """
    raw = _raw_text(text)
    if raw is None:
        return None, None
    lowered = _ascii_lower(raw)
    if m := _BARE_NUMBER.fullmatch(lowered):
        number = _positive(m[1])
        return (number, None) if bare == "rt" else (None, number)
    rt, rw, _ = _extract_rt_rw(lowered)
    return rt, rw


def normalize_place(name: object) -> str | None:
    """Comparison key for a place name: "Tiyuh Marga Kencana" and "Desa Margakencana" agree.

    Lowercase ASCII without punctuation or spaces ("Tanjung Karang" == "Tanjungkarang");
    leading village/district/regency words dropped ("Kec.", "Kab.", "Kota", also a "kota"
    joined to the name, so "Kotabumi" == "Kota Bumi"); Roman numerals I-XII become digits and
    are never dropped ("Gaya Baru II" == "Gaya Baru 2"); "Tj."/"Tlk."/"Kr."/"Gn."/"Psr."/"Bdr."
    expanded; "TB" as the first word is Tulang Bawang; a whole name that is a Lampung regency
    nickname (lamsel, lamteng, lampura, lambar, lamtim, tuba, tubaba/tbb, pesibar) becomes
    that regency. A name that is only a keyword ("Kampung") keeps it.

    Known cost: a few villages differ only by a leading village word ("Gelgel" and "Kampung
    Gelgel" in one Bali kecamatan) and share a key; kabupaten and kota of one name
    (Kab./Kota Bogor) share it too, so keep `regency_kind` beside the key.
    """
    raw = _raw_text(name)
    if raw is None:
        return None
    tokens = _TOKEN.findall(_ascii_lower(raw))
    while len(tokens) > 1 and tokens[0] in _PLACE_WORDS:
        del tokens[0]
    if not tokens:
        return None
    if tokens[0] in _LEADING_ABBREVIATIONS and len(tokens) > 1:
        tokens[0] = _LEADING_ABBREVIATIONS[tokens[0]]
    key = "".join(_place_token(token) for token in tokens)
    if key.startswith("kota") and len(key) > len("kota"):
        key = key[len("kota") :]
    return _REGENCY_NICKNAMES.get(key, key)


_COMPONENT_AT = {level: component for component, level in _LEVEL.items()}


class _Parts:
    """Components collected while reading an address left to right."""

    __slots__ = ("complex", "fields", "items", "raw", "rest", "rt", "rw", "words")

    def __init__(self, raw: str, rt: int | None, rw: int | None, postcode: str | None) -> None:
        self.raw = raw
        self.rt = rt
        self.rw = rw
        self.fields: dict[str, str] = {"postcode": postcode} if postcode else {}
        self.words: dict[str, str | None] = {}
        self.items: list[tuple[str, str, str | None]] = []  # (component, value, word)
        self.rest: list[str] = []
        self.complex: str | None = None

    def add(self, component: str, value: str, word: str | None = None) -> None:
        if value:
            self.items.append((component, value, word))

    def end_name(self, word: str, since: int) -> bool:
        """Append a name-ending word to the place name read last, if that was read after item
        `since` (in the same segment); False when the word cannot end it."""
        if word not in _NAME_END_WORDS or len(self.items) <= since:
            return False
        component, value, place_word = self.items[-1]
        if component not in ("unkeyed", "village", "district", "regency"):
            return False
        self.items[-1] = (component, f"{value} {word}", place_word)
        return True

    def finish(self) -> ParsedAddress:
        self._read_final_province()
        positional = self._place_items()
        if self.complex:
            if "street" not in self.fields:
                self.fields["street"] = self.complex
            else:
                self.rest.insert(0, self.complex)
        get = self.fields.get
        return ParsedAddress(
            raw=self.raw,
            street=get("street"),
            gang=get("gang"),
            house_number=get("house_number"),
            block=get("block"),
            rt=self.rt,
            rw=self.rw,
            dusun=get("dusun"),
            village=get("village"),
            village_word=self.words.get("village"),
            district=get("district"),
            regency=get("regency"),
            regency_kind=cast("RegencyKind | None", self.words.get("regency")),
            province=get("province"),
            postcode=get("postcode"),
            rest=", ".join(self.rest) or None,
            flags=("positional",) if positional else (),
        )

    def _read_final_province(self) -> None:
        """A province name ends an address; elsewhere "Yogyakarta" or "Bengkulu" are villages
        (two Lampung transmigrant villages carry those names)."""
        if self.items and self.items[-1][0] == "unkeyed":
            value = self.items[-1][1]
            if normalize_place(value) in _PROVINCE_KEYS:
                self.items[-1] = ("province", value, None)

    def _place_items(self) -> bool:
        """Set keyworded components; fit runs of unkeyed parts into the free levels between."""
        positional = False
        floor = 0
        pending: list[str] = []
        for component, value, word in self.items:
            if component == "unkeyed":
                pending.append(value)
                continue
            level = _LEVEL.get(component, 0)
            positional |= self._flush(pending, floor, level)
            self._set(component, value, word)
            floor = max(floor, level)
        return self._flush(pending, floor, len(_LEVEL) + 1) or positional

    def _flush(self, pending: list[str], floor: int, ceiling: int) -> bool:
        if not pending:
            return False
        levels = [
            level
            for level in _POSITIONAL_LEVELS
            if floor < level < ceiling and _COMPONENT_AT[level] not in self.fields
        ]
        fits = len(pending) <= len(levels)
        if fits:
            for level, value in zip(levels, pending, strict=False):
                self.fields[_COMPONENT_AT[level]] = value
        else:
            self.rest.extend(pending)
        pending.clear()
        return fits

    def _set(self, component: str, value: str, word: str | None) -> None:
        if component == "complex":
            if self.complex is None:
                self.complex = value
            else:
                self.rest.append(value)
            return
        current = self.fields.get(component)
        if current is None:
            self.fields[component] = value
            if component in ("village", "regency"):
                self.words[component] = word
        elif component == "village" and self._replaces_village(word):
            # "Kp. Cibeureum, Desa Sukamaju": the kampung is a hamlet of the desa.
            if "dusun" not in self.fields:
                self.fields["dusun"] = current
            else:
                self.rest.append(current)
            self.fields["village"] = value
            self.words["village"] = word
        else:
            self.rest.append(value)

    def _replaces_village(self, word: str | None) -> bool:
        current = self.words.get("village")
        return word in _OFFICIAL_VILLAGE_WORDS and current not in _OFFICIAL_VILLAGE_WORDS


def _read_segment(segment: str, parts: _Parts) -> None:
    """One comma-separated segment: text before the first keyword, then keyword + value runs."""
    keywords = _segment_keywords(segment)
    start = keywords[0].start() if keywords else len(segment)
    segment_start = len(parts.items)
    _add_unkeyed(segment[:start], parts)
    for i, match in enumerate(keywords):
        end = keywords[i + 1].start() if i + 1 < len(keywords) else len(segment)
        value = segment[match.end() : end]
        if match[1]:
            _add_house_number(value, parts)
            continue
        component, word = _KEYWORDS[match[2]]
        if component == "block":
            _add_block(value, parts)
        elif component == "street":
            name = _street_name(value)
            parts.add("street", f"jalan {name}" if name else "")
        elif component == "gang":
            parts.add("gang", _street_name(value))
        elif component == "complex":
            name = _street_name(value)
            parts.add("complex", f"{word} {name}" if name else "")
        else:
            name = _place_name(value)
            if not name and parts.end_name(match[2], since=segment_start):
                continue
            if component == "dusun" and (numbered := _NUMBERED_DUSUN.fullmatch(name)):
                # "Dusun IV Ruang Tengah": a numbered hamlet; the words after it name the village
                parts.add("dusun", numbered[1])
                _add_unkeyed(numbered[2], parts)
                continue
            if component == "regency" and word == "kota":
                name = _KOTA_ADMINISTRASI.sub("", name)
            parts.add(component, name, word)


def _segment_keywords(segment: str) -> list[re.Match[str]]:
    """Keyword matches, except a place word that starts the name after another keyword.

    A repeated name-ending word is two keywords: "Kel. Kupang Kota Kota Bandar Lampung".
    """
    keywords: list[re.Match[str]] = []
    for match in _KEYWORD.finditer(segment):
        if keywords and not match[1] and not keywords[-1][1]:
            previous = keywords[-1]
            between = segment[previous.end() : match.start()]
            repeated_ending = match[2] == previous[2] and match[2] in _NAME_END_WORDS
            if (
                not _TOKEN.search(between)
                and _KEYWORDS[match[2]][0] in _NAME_STARTERS
                and not repeated_ending
            ):
                continue
        keywords.append(match)
    return keywords


def _add_unkeyed(text: str, parts: _Parts) -> None:
    name = _place_name(text)
    if not name:
        return
    if not any(ch.isalpha() for ch in name):  # place names have letters
        parts.rest.append(name)
        return
    key = normalize_place(name) or ""
    if key in _COUNTRY:
        return
    if key in _DISTINCT_REGENCY_KEYS or name.replace(" ", "") in _REGENCY_NICKNAMES:
        parts.add("regency", name, "kota" if key in _CITY_KEYS else "kabupaten")
    else:
        parts.add("unkeyed", name)


def _add_house_number(value: str, parts: _Parts) -> None:
    m = _HOUSE_NUMBER.match(value)
    if m is None:
        _add_unkeyed(value, parts)
        return
    number = _SPACES.sub("", m[1]).replace("-", "/")
    parts.add("house_number", number.lstrip("0") or number)
    _add_unkeyed(value[m.end() :], parts)


def _add_block(value: str, parts: _Parts) -> None:
    """Blok "C3", "C-3", "C 3" -> "c3"; a named blok ("Blok Pasar Lama") keeps all its words."""
    tokens = _TOKEN.findall(value)
    if not tokens:
        return
    first = tokens[0]
    if len(tokens) > 1 and len(first) == 1 and tokens[1].isdigit():
        parts.add("block", first + tokens[1])
        _add_unkeyed(" ".join(tokens[2:]), parts)
    elif any(ch.isdigit() for ch in first) or len(first) == 1:
        parts.add("block", first)
        _add_unkeyed(" ".join(tokens[1:]), parts)
    else:
        parts.add("block", "".join(tokens))


def _street_name(value: str) -> str:
    """Street or gang name; initials are joined ("Jl. Z.A. Pagar Alam" == "Jl. ZA Pagar Alam")
    and only a final Roman numeral becomes a digit ("Gg. Mawar II" == "Gg. Mawar 2")."""
    tokens = _TOKEN.findall(_SPLIT_INITIALS.sub(_join_initials, value))
    if tokens:
        tokens[-1] = _number_token(tokens[-1])
    return " ".join(tokens)


def _join_initials(m: re.Match[str]) -> str:
    return " " + "".join(_TOKEN.findall(m[0])) + " "


def _place_name(value: str) -> str:
    return " ".join(_number_token(token) for token in _TOKEN.findall(value))


def _number_token(token: str) -> str:
    if token.isdigit():
        return token.lstrip("0") or "0"
    return _ROMAN.get(token, token)


def _place_token(token: str) -> str:
    return _number_token(_PLACE_ABBREVIATIONS.get(token, token))


def _extract_rt_rw(text: str) -> tuple[int | None, int | None, str]:
    """RT and RW in any written form; their text is replaced by a comma (a segment break)."""
    rt: int | None = None
    rw: int | None = None
    if "rt" in text or "rw" in text:
        for pattern in (_RT_RW_PAIR, _RT_THEN_RW, _RT_SLASH):
            if m := pattern.search(text):
                rt, rw = _positive(m[1]), _positive(m[2])
                text = _cut(text, m)
                break
        if rt is None and (m := _RT_ONLY.search(text)):
            rt, text = _positive(m[1]), _cut(text, m)
        if rw is None and (m := _RW_ONLY.search(text)):
            rw, text = _positive(m[1]), _cut(text, m)
        text = _STRAY_RT_RW.sub(", ", text)
    if rt is None and rw is None and "/" in text:
        for m in _BARE_PAIR.finditer(text):
            if not _NUMBER_BEFORE.search(text, 0, m.start()):
                rt, rw = _positive(m[1]), _positive(m[2])
                text = _cut(text, m)
                break
    return rt, rw, text


def _extract_postcode(text: str) -> tuple[str | None, str]:
    """The last 5-digit number not written as a house number."""
    for m in reversed(list(_POSTCODE.finditer(text))):
        if not _NUMBER_BEFORE.search(text, 0, m.start(1)):
            return m[1], _cut(text, m)
    return None, text


def _cut(text: str, m: re.Match[str]) -> str:
    return f"{text[: m.start()]}, {text[m.end() :]}"


def _positive(digits: str) -> int | None:
    number = int(digits)
    return number or None


def _raw_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an RT column read as float: 3.0
    try:
        text = str(value).strip()
    except ValueError:  # an integer beyond Python's str() digit limit is no address
        return None
    return text if text and text.lower() not in ("nan", "none", "null", "<na>", "-") else None


def _ascii_lower(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()
