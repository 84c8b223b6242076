"""Indonesian personal names: split off titles and markers, canonical tokens, old-spelling key.

Decisions the rest of the pipeline relies on (DOMAIN 3.1-3.8):

- Folding: NFKC, casefold, accents stripped; apostrophes vanish inside a word (Ma'ruf ->
  maruf); digits, hyphens and other punctuation separate words (Kiling-Kiling -> kiling
  kiling). Non-Latin letters are dropped.
- Titles (H., Hj., Drs., Ny., Bu ...) are stripped only at the start, Alm./Almh. anywhere;
  degrees only at the end, after a comma, written with dots (S.Pd, S. Pd) or in an undotted
  form no name has (SPD, AMD), never as the first word ("SUTRISNO SE" keeps "se").
  "M." stays the initial "m" (Muhammad, Mahmud, Mochtar ...).
- `bin`/`binti`/`bt`/`b.` start the father's name, `gelar`/`glr` the Lampung customary title,
  `br`/`boru` the Batak marga (the marga token stays in the name; the marker does not).
- Spouse reference: always for Ny./Nyonya; for Bu/Ibu only when one name token follows
  ("Bu Sutrisno" names a husband, "Ibu Siti Aminah" is usually the woman herself).
- Canonical tokens only undo abbreviations and the Muhammad family (`_CANONICAL_TOKENS`);
  spelling variants (Soekarno, Achmad) stay as written and meet in `name_key`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

NAME_KEY_VERSION = 1


@dataclass(frozen=True, slots=True)
class ParsedName:
    """One raw name split into the person's canonical tokens and what was stripped off them."""

    raw: str | None
    name: str | None  # canonical tokens joined by single spaces
    tokens: tuple[str, ...]
    sorted_tokens: str | None  # token order is not first/last in Indonesian names
    key: str | None  # key_tokens joined by single spaces
    key_tokens: tuple[str, ...]
    first_token: str | None  # first distinctive token, for blocking
    titles: tuple[str, ...]  # titles, degrees and status words, canonical ("hj", "s.pd.i")
    gelar: str | None
    father_name: str | None
    marga: str | None
    deceased: bool
    spouse_reference: bool
    initials: tuple[str, ...]
    non_distinctive: tuple[str, ...]  # Balinese and noble prefix tokens, in order


# Leading titles and address forms; value is the canonical form kept in `titles`.
_TITLES = {
    "h": "h",
    "haji": "h",
    "hj": "hj",
    "hjh": "hj",
    "hajjah": "hj",
    "hajah": "hj",
    "kh": "kh",
    "kyai": "kyai",
    "kiai": "kyai",
    "ust": "ust",
    "ustad": "ust",
    "ustadz": "ust",
    "ustaz": "ust",
    "ustadzah": "ustadzah",
    "ustazah": "ustadzah",
    "tgk": "tgk",
    "teungku": "tgk",
    "tgh": "tgh",
    "ir": "ir",
    "drs": "drs",
    "dra": "dra",
    "dr": "dr",
    "drg": "drg",
    "prof": "prof",
    "ns": "ns",
    "apt": "apt",
    "bapak": "bapak",
    "bpk": "bapak",
    "pak": "bapak",
    "ibu": "ibu",
    "bu": "ibu",
    "sdr": "sdr",
    "sdra": "sdr",
    "saudara": "sdr",
    "sdri": "sdri",
    "saudari": "sdri",
    "tn": "tn",
    "tuan": "tn",
    "ny": "ny",
    "nyonya": "ny",
    "nn": "nn",
    "nona": "nn",
    "mbah": "mbah",
    "alm": "alm",
    "almarhum": "alm",
    "almh": "almh",
    "almarhumah": "almh",
}
_DECEASED = frozenset({"alm", "almh"})  # canonical titles that set the flag
_STATUS_WORDS = frozenset(word for word, title in _TITLES.items() if title in _DECEASED)
_SPOUSE_TITLE = "ny"
_MOTHER_TITLE = "ibu"

# Degrees in their canonical dotted spelling; matched on the letters alone.
_DEGREE_FORMS = (
    "s.pd", "s.pd.i", "s.pd.sd", "s.h", "s.h.i", "s.e", "s.e.i", "s.ag", "s.sos", "s.sos.i",
    "s.kom", "s.t", "s.kep", "s.ip", "s.ked", "s.k.m", "s.farm", "s.si", "s.pt", "s.p",
    "s.psi", "s.hum", "s.th", "s.th.i", "s.ak", "s.i.kom", "s.gz", "s.tp", "s.st", "s.tr",
    "s.keb", "s.ds", "s.sn", "s.kes", "s.sy", "s.pi", "s.hut", "s.kh",
    "a.md", "a.md.keb", "a.md.kep", "a.md.kes", "a.md.kom", "a.md.ak", "a.ma", "a.ma.pd",
    "m.m", "m.pd", "m.pd.i", "m.si", "m.kes", "m.ag", "m.h", "m.h.i", "m.hum", "m.kom", "m.t",
    "m.sc", "m.ak", "m.kn", "m.ap", "m.e", "m.a", "m.kep", "m.sos", "m.psi",
    "ph.d", "lc", "b.a", "b.sc",
)  # fmt: skip
_DEGREES = {form.replace(".", ""): form for form in _DEGREE_FORMS}
# Undotted degree spellings that are never a name, so they may be stripped without a comma.
_UNDOTTED_DEGREES = frozenset(
    {
        "spd", "spdi", "spdsd", "skom", "ssos", "ssosi", "sag", "skep", "sked", "skm", "sfarm",
        "sthi", "amd", "amdkeb", "amdkep", "amdkes", "amdkom", "mpd", "mpdi", "msi", "mkes",
        "mag", "mhum", "mkom",
    }
)  # fmt: skip
_MAX_DEGREE_WORDS = 3  # "S. Pd. I" spread over three words

_FATHER_MARKERS = frozenset({"bin", "binti", "bt"})
_FATHER_INITIAL = "b"  # only with a dot: "ROSIDI B. KARTO"
_MARGA_MARKERS = frozenset({"br", "boru"})
_GELAR_MARKERS = frozenset({"gelar", "glr"})

_MUHAMMAD_FAMILY = (
    "muhammad", "muhamad", "muhammed", "muhamed", "muhamat", "mohammad", "mohamad", "mohammed",
    "mohamed", "mohamat", "mochammad", "mochamad", "mochamat", "mokhammad", "mokhamad",
    "muchammad", "muchamad", "muchamat", "mukhammad", "mukhamad", "moehammad", "moehamad",
    "moch", "mochd", "moh", "mohd", "muh", "muhd", "mhd", "mhmd",
)  # fmt: skip
# Abbreviations and variant tokens that name the same thing; spelling variants are left to
# name_key. Whole names (Abdurrahman) are never split.
_CANONICAL_TOKENS = {
    **dict.fromkeys(_MUHAMMAD_FAMILY, "muhammad"),
    "abd": "abdul",
    "noer": "nur",
}

# Balinese prefix (I/Ni), birth-order names and caste titles, Javanese and Acehnese nobility.
# A run of them at the start is non-distinctive; it must begin with an unambiguous one because
# ayu, agung, bagus and mas are also ordinary Javanese given names.
_PREFIX_START_WORDS = (
    "i", "ni", "wayan", "putu", "gede", "made", "kadek", "nengah", "nyoman", "komang", "ketut",
    "luh", "gde", "ida", "anak", "gusti", "gst", "dewa", "desak", "cokorda", "raden", "rr",
    "teuku", "cut",
)  # fmt: skip
_PREFIX_CONTINUE_WORDS = (
    *_PREFIX_START_WORDS, "bagus", "ayu", "agung", "ngurah", "ngr", "sang", "mas", "ajeng", "roro",
    "rara", "nyak",
)  # fmt: skip
# Very frequent and often dropped or abbreviated; skipped when choosing first_token only.
FREQUENT_FILLERS = frozenset({"muhammad", "siti", "nur", "sri"})

_Word = tuple[str, bool]  # (letters, written with a trailing dot)

_APOSTROPHES = dict.fromkeys(map(ord, "'`´‘’‛ʹʻʼʽˊˋ′"), None)
_TRANSLITERATION = {"ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe"}
# Lowercase a-z, keep "." and "," (they mark abbreviations and degree tails), all else a space.
_ASCII_TABLE = bytes(
    c + 32 if 65 <= c <= 90 else c if (97 <= c <= 122 or c in b".,") else 32 for c in range(256)
)

_DIGRAPHS = (
    ("oe", "u"),
    ("dj", "j"),
    ("tj", "c"),
    ("ch", "kh"),
    ("kh", "h"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("sh", "s"),
    ("q", "k"),
    ("x", "ks"),
    ("v", "f"),
)
_H_BEFORE_CONSONANT = re.compile(r"(?<=[aeiou])h(?![aeiou])")
_AE_INSIDE = re.compile(r"ae(?=.)")
_DOUBLED = re.compile(r"(.)\1+")
_EPENTHETIC_E = re.compile(r"^([bdgkpst])e(?=[lr][aeiouy])")


@functools.lru_cache(maxsize=1 << 17)
def name_key(token: str) -> str:
    """Old-spelling-robust key of one token: Soekarno/Sukarno, Djoko/Joko, Dewy/Dewi meet.

    DOMAIN 3.7's tested recipe (oe->u, dj->j, tj->c, ch->kh->h, h dropped after a vowel
    unless a vowel follows, j/y one class, doubled letters collapsed, final y->i) plus
    dh/th/ph/sh/sy -> d/t/f/s/s, ae->ai inside a word, q->k, x->ks, v->f, and an epenthetic
    e dropped after a first consonant (Selamet/Slamet). j and y merge into y, which makes the
    nj->ny and sj->sy rules automatic. Final vowels are never touched (Suharto/Suharti,
    Rina/Rini stay apart), nor are inner vowels (Khodijah/Khadijah stay apart). Joko and Yoko
    share a key: it is for blocking and one comparison level, never the only evidence.
    """
    key = token.lower()
    for old, new in _DIGRAPHS:
        if old in key:
            key = key.replace(old, new)
    if key.endswith("y"):
        key = key[:-1] + "i"
    key = key.replace("j", "y").replace("sy", "s")
    key = _H_BEFORE_CONSONANT.sub("", key)
    key = _AE_INSIDE.sub("ai", key)
    key = _DOUBLED.sub(r"\1", key)
    return _EPENTHETIC_E.sub(r"\1", key)


_PREFIX_START = frozenset(map(name_key, _PREFIX_START_WORDS))
_PREFIX_CONTINUE = frozenset(map(name_key, _PREFIX_CONTINUE_WORDS))


def parse_name(raw: str | None) -> ParsedName:
    """Split a raw name into the person's canonical tokens, key and the stripped parts.

    Non-string values are treated as missing. Never raises.
    """
    text = _fold(raw) if isinstance(raw, str) else ""
    words, comma_degrees = _words(text)
    words, gelar = _split_off(words, _is_gelar_marker)
    gelar, gelar_statuses = _remove_statuses(gelar)
    words, leading = _strip_leading_titles(words)
    words, father = _split_off(words, _is_father_marker)
    words, statuses = _remove_statuses(words)
    words, degrees = _split_degree_tail(words)
    tokens, initial_positions, marga = _name_tokens(words)
    titles = (*leading, *statuses, *gelar_statuses, *degrees, *comma_degrees)

    key_tokens = tuple(map(name_key, tokens))
    # "I. Komarudin": a dotted I is an initial, not the Balinese prefix.
    prefix_length = 0 if 0 in initial_positions else _prefix_run_length(key_tokens)
    spouse = _SPOUSE_TITLE in leading or (_MOTHER_TITLE in leading and len(tokens) == 1)
    return ParsedName(
        raw=raw if isinstance(raw, str) else None,
        name=" ".join(tokens) or None,
        tokens=tuple(tokens),
        sorted_tokens=" ".join(sorted(tokens)) or None,
        key=" ".join(key_tokens) or None,
        key_tokens=key_tokens,
        first_token=_first_token(tokens, prefix_length, initial_positions),
        titles=titles,
        gelar=" ".join(letters for letters, _ in gelar) or None,
        father_name=_father_name(father),
        marga=marga,
        deceased=any(title in _DECEASED for title in titles),
        spouse_reference=spouse,
        initials=tuple(tokens[position] for position in initial_positions),
        non_distinctive=tuple(tokens[:prefix_length]),
    )


def _fold(raw: str) -> str:
    """Lowercase ASCII letters, "." and "," only; everything else becomes a space."""
    if not raw.isascii():
        raw = _to_ascii(raw)
    return raw.encode("ascii").translate(_ASCII_TABLE, b"'`").decode("ascii")


def _to_ascii(raw: str) -> str:
    """NFKC and casefold, then drop accents; letters with no ASCII base are dropped too."""
    text = unicodedata.normalize("NFKC", raw.translate(_APOSTROPHES)).casefold()
    out = []
    for char in unicodedata.normalize("NFKD", text):
        if char.isascii():
            out.append(char)
        elif char in _TRANSLITERATION:
            out.append(_TRANSLITERATION[char])
        elif not (unicodedata.combining(char) or char.isalpha()):
            out.append(" ")
    return "".join(out)


def _words(text: str) -> tuple[list[_Word], list[str]]:
    """Words of the name, and the degrees of comma tails made only of degrees.

    A comma tail that is not all degrees ("..., ALM", "..., GELAR ...") rejoins the name.
    """
    head, *tails = text.split(",")
    raw_words = head.split()
    degrees: list[str] = []
    for tail in tails:
        tail_words = tail.split()
        steps = _degree_steps([word.replace(".", "") for word in tail_words])
        if steps[0] is None:
            raw_words.extend(tail_words)
        else:
            degrees.extend(_read_degrees(steps, 0))
    words: list[_Word] = []
    for index, word in enumerate(raw_words):
        words.extend(_expand(word, index == 0))
    return words, degrees


def _degree_steps(letters: list[str]) -> list[tuple[int, str] | None]:
    """For each start, the first degree of a reading of letters[start:] as degrees only.

    A degree may span words ("S. Pd"); the entry is (words it spans, canonical degree), or
    None when the rest is not all degrees. Built from the end, so it stays linear.
    """
    steps: list[tuple[int, str] | None] = [None] * len(letters) + [(0, "")]
    for start in range(len(letters) - 1, -1, -1):
        for size in range(min(_MAX_DEGREE_WORDS, len(letters) - start), 0, -1):
            degree = _DEGREES.get("".join(letters[start : start + size]))
            if degree is not None and steps[start + size] is not None:
                steps[start] = (size, degree)
                break
    return steps


def _read_degrees(steps: list[tuple[int, str] | None], start: int) -> list[str]:
    degrees = []
    while (step := steps[start]) is not None and step[0]:
        degrees.append(step[1])
        start += step[0]
    return degrees


def _expand(word: str, first: bool) -> list[_Word]:
    """Split a dotted word into abbreviation parts unless the whole is a title or degree.

    "HJ.SITI" and "M.YUSUF" are two words; "S.PD.I" and "K.H." stay one.
    """
    if "." not in word:
        return [(word, False)]
    letters = word.replace(".", "")
    if "." not in word.rstrip(".") or letters in _TITLES or (not first and letters in _DEGREES):
        return [(letters, True)] if letters else []
    parts = word.split(".")
    last = len(parts) - 1
    return [(part, index < last) for index, part in enumerate(parts) if part]


def _remove_statuses(words: list[_Word]) -> tuple[list[_Word], list[str]]:
    """Alm./Almh. written anywhere but at the start ("SUPARDI (ALM)")."""
    if not any(letters in _STATUS_WORDS for letters, _ in words):
        return words, []
    kept = [word for word in words if word[0] not in _STATUS_WORDS]
    return kept, [_TITLES[letters] for letters, _ in words if letters in _STATUS_WORDS]


def _split_degree_tail(words: list[_Word]) -> tuple[list[_Word], list[str]]:
    """Degrees after the name without a comma: "... S.Pd", "... S. Pd", "... SPD MPD".

    The tail must start with a dotted word or an undotted form no name has, so "SUTRISNO SE"
    keeps "se".
    """
    if not any(dotted or letters in _UNDOTTED_DEGREES for letters, dotted in words[1:]):
        return words, []
    steps = _degree_steps([letters for letters, _ in words])
    for start in range(1, len(words)):
        letters, dotted = words[start]
        if steps[start] is not None and (dotted or letters in _UNDOTTED_DEGREES):
            return words[:start], _read_degrees(steps, start)
    return words, []


def _name_tokens(words: list[_Word]) -> tuple[list[str], list[int], str | None]:
    """Canonical tokens, the positions of initials among them, and the marga after br/boru."""
    tokens: list[str] = []
    initials: list[int] = []
    marga = None
    for index, (letters, dotted) in enumerate(words):
        if letters in _MARGA_MARKERS:
            if index + 1 < len(words):
                marga = _canonical(words[index + 1][0])
            continue
        token = _canonical(letters)
        # "I Wayan": Balinese male prefix, not an initial.
        balinese_i = token == "i" and not dotted and not tokens and index + 1 < len(words)
        if len(token) == 1 and not balinese_i:
            initials.append(len(tokens))
        tokens.append(token)
    return tokens, initials, marga


def _is_gelar_marker(words: list[_Word], index: int) -> bool:
    return words[index][0] in _GELAR_MARKERS


def _is_father_marker(words: list[_Word], index: int) -> bool:
    letters, dotted = words[index]
    return index > 0 and (letters in _FATHER_MARKERS or (dotted and letters == _FATHER_INITIAL))


def _split_off(
    words: list[_Word], is_marker: Callable[[list[_Word], int], bool]
) -> tuple[list[_Word], list[_Word]]:
    """Words before the first marker, and the words after it."""
    for index in range(len(words)):
        if is_marker(words, index):
            return words[:index], words[index + 1 :]
    return words, []


def _strip_leading_titles(words: list[_Word]) -> tuple[list[_Word], list[str]]:
    start = 0
    while start < len(words) and words[start][0] in _TITLES:
        start += 1
    return words[start:], [_TITLES[letters] for letters, _ in words[:start]]


def _canonical(letters: str) -> str:
    return _CANONICAL_TOKENS.get(letters, letters)


def _father_name(words: list[_Word]) -> str | None:
    """The father's canonical tokens: no titles or Alm., and not a grandfather after a bin."""
    words, _ = _strip_leading_titles(words)
    words, _ = _split_off(words, _is_father_marker)
    father = (_canonical(letters) for letters, _ in words if letters not in _STATUS_WORDS)
    return " ".join(father) or None


def _prefix_run_length(key_tokens: tuple[str, ...]) -> int:
    """How many leading tokens are Balinese/noble prefixes (I Gusti Ayu, Raden Mas ...)."""
    if len(key_tokens) < 2 or key_tokens[0] not in _PREFIX_START:
        return 0
    length = 1
    while length < len(key_tokens) and key_tokens[length] in _PREFIX_CONTINUE:
        length += 1
    return length


def _first_token(tokens: list[str], prefix_length: int, initials: list[int]) -> str | None:
    """First token that identifies: not a prefix, initial or filler, if the name has one."""
    best, best_rank = None, 5
    initial_set = set(initials)
    for index, token in enumerate(tokens):
        if index in initial_set:
            rank = 4
        elif index < prefix_length:
            rank = 3 if token in ("i", "ni") else 2
        elif token in FREQUENT_FILLERS:
            rank = 1
        else:
            return token
        if rank < best_rank:
            best, best_rank = token, rank
    return best
