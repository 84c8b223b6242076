"""Damage seen in real beneficiary lists: names, NIK, dates and phones, one value at a time."""

from __future__ import annotations

import re
from datetime import date, timedelta

from linkage.synth.draw import Draw
from linkage.synth.names_pool import MUHAMMAD_FORMS

# --- spelling -------------------------------------------------------------------------------

_OLD_TO_NEW = (("oe", "u"), ("dj", "\0"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"))
_U_NOT_IN_AU = re.compile(r"(?<!a)u")


def title_case(name: str) -> str:
    """Capitalise each token, keeping apostrophes and dots inside tokens (Ma'ruf, S.Pd.)."""
    return " ".join(tok[:1].upper() + tok[1:].lower() for tok in name.split())


def to_new_spelling(name: str) -> str:
    """EYD spelling of an old-spelling name: Soekardjo -> Sukarjo, Tjahjono -> Cahyono."""
    s = name.lower()
    for old, new in _OLD_TO_NEW:
        s = s.replace(old, new)
    return title_case(s.replace("j", "y").replace("\0", "j"))


def to_old_spelling(name: str) -> str:
    """Van Ophuijsen spelling of a modern name: Sukarjo -> Soekardjo, Yusuf -> Joesoef.

    `au` stays a diphthong (Firdaus), as it did in the old spelling.
    """
    s = name.lower().replace("j", "dj").replace("c", "tj").replace("kh", "ch").replace("y", "j")
    return title_case(_U_NOT_IN_AU.sub("oe", s))


# --- typing and reading errors --------------------------------------------------------------

_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_KEY_ROWS):
    for _c, _ch in enumerate(_row):
        near = [_row[i] for i in (_c - 1, _c + 1) if 0 <= i < len(_row)]
        for _other in (_r - 1, _r + 1):
            if 0 <= _other < len(_KEY_ROWS):
                near += [
                    _KEY_ROWS[_other][i] for i in (_c - 1, _c) if 0 <= i < len(_KEY_ROWS[_other])
                ]
        _NEIGHBOURS[_ch] = "".join(near)

_OCR = (
    ("m", "rn"),
    ("rn", "m"),
    ("i", "l"),
    ("l", "i"),
    ("u", "v"),
    ("n", "h"),
    ("h", "n"),
    ("e", "c"),
    ("cl", "d"),
    ("a", "o"),
)
# Spelling variants clerks produce when writing a name by ear.
_PHONETIC = (
    ("f", "p"),
    ("p", "f"),
    ("v", "f"),
    ("z", "j"),
    ("z", "s"),
    ("dh", "d"),
    ("d", "dh"),
    ("th", "t"),
    ("kh", "h"),
    ("h", "kh"),
    ("sy", "s"),
    ("q", "k"),
    ("ai", "ae"),
    ("ae", "ai"),
    ("o", "a"),
    ("a", "o"),
    ("e", "a"),
    ("i", "e"),
    ("u", "o"),
    ("mm", "m"),
    ("m", "mm"),
    ("dd", "d"),
    ("ie", "i"),
    ("y", "i"),
    ("i", "y"),
    ("ts", "s"),
)


def _recase(template: str, text: str) -> str:
    return text.upper() if template.isupper() and len(template) > 1 else text


def _letter_positions(name: str) -> list[int]:
    return [i for i, ch in enumerate(name) if ch.isalpha()]


def _position(name: str, d: Draw) -> int | None:
    """A letter position, rarely the first letter of the name (people seldom mistype it)."""
    letters = _letter_positions(name)
    if len(letters) < 3:
        return None
    return letters[0] if d.chance(0.05) else letters[1 + d.below(len(letters) - 1)]


def keyboard_typo(name: str, d: Draw) -> str:
    i = _position(name, d)
    if i is None:
        return name
    near = _NEIGHBOURS.get(name[i].lower())
    if not near:
        return name
    ch = d.pick(near)
    return name[:i] + (ch.upper() if name[i].isupper() else ch) + name[i + 1 :]


def drop_letter(name: str, d: Draw) -> str:
    i = _position(name, d)
    return name if i is None else name[:i] + name[i + 1 :]


def double_letter(name: str, d: Draw) -> str:
    i = _position(name, d)
    return name if i is None else name[:i] + name[i].lower() + name[i:]


def transpose_letters(name: str, d: Draw) -> str:
    i = _position(name, d)
    if i is None or i + 1 >= len(name) or not name[i + 1].isalpha():
        return name
    a, b = name[i], name[i + 1]
    if a.isupper() and not b.isupper():
        a, b = a.lower(), b.upper()
    return name[:i] + b + a + name[i + 2 :]


def _substitute_pattern(name: str, table: tuple[tuple[str, str], ...], d: Draw) -> str:
    lower = name.lower()
    options = [(src, dst) for src, dst in table if src in lower[1:]]
    if not options:
        return name
    src, dst = d.pick(options)
    starts = [m.start() for m in re.finditer(re.escape(src), lower) if m.start() > 0]
    if not starts:
        return name
    i = d.pick(starts)
    piece = dst.upper() if name[i : i + len(src)].isupper() else dst
    return name[:i] + piece + name[i + len(src) :]


def ocr_typo(name: str, d: Draw) -> str:
    return _substitute_pattern(name, _OCR, d)


def phonetic_variant(name: str, d: Draw) -> str:
    return _substitute_pattern(name, _PHONETIC, d)


_TYPOS = (keyboard_typo, drop_letter, double_letter, transpose_letters, ocr_typo, phonetic_variant)
_TYPO_WEIGHTS_OCR = (0.15, 0.15, 0.05, 0.1, 0.4, 0.15)
_TYPO_WEIGHTS_KEYS = (0.3, 0.2, 0.1, 0.15, 0.05, 0.2)


def typo(name: str, d: Draw, *, ocr: bool = False) -> str:
    """One typing (or, for scanned lists, reading) error somewhere in the name."""
    weights = _TYPO_WEIGHTS_OCR if ocr else _TYPO_WEIGHTS_KEYS
    x = d.u()
    for fn, w in zip(_TYPOS, weights, strict=True):
        if x < w:
            return fn(name, d)
        x -= w
    return phonetic_variant(name, d)


# --- tokens ---------------------------------------------------------------------------------

_MARKERS = frozenset({"i", "ni", "br", "br.", "boru", "bin", "binti"})
_MUHAMMAD_KEYS = frozenset(f.lower() for f in MUHAMMAD_FORMS) | {"moehammad", "mochammad"}
_SPLIT_PREFIXES = ("Nur", "Sri", "Abdul", "Siti", "Dwi", "Tri", "Eko", "Muhammad")


def drop_token(name: str, d: Draw) -> str:
    """Leave out one name token (a middle name, "Siti", "Muhammad" ...), keeping at least one."""
    tokens = name.split()
    droppable = [i for i, t in enumerate(tokens) if t.lower() not in _MARKERS]
    if len(droppable) < 2:
        return name
    i = d.pick(droppable)
    return " ".join(t for j, t in enumerate(tokens) if j != i)


def reorder_tokens(name: str, d: Draw) -> str:
    """Move the first token to the end ("Aminah Siti") or swap two neighbours."""
    tokens = name.split()
    if len(tokens) < 2 or any(t.lower() in _MARKERS for t in tokens):
        return name
    if d.chance(0.5):
        return " ".join([*tokens[1:], tokens[0]])
    i = d.below(len(tokens) - 1)
    tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
    return " ".join(tokens)


def join_or_split(name: str, d: Draw) -> str:
    """Nur Hayati <-> Nurhayati, Sri Wahyuni <-> Sriwahyuni, Abdul Rahman <-> Abdulrahman."""
    tokens = name.split()
    for i, tok in enumerate(tokens):
        for prefix in _SPLIT_PREFIXES:
            if tok.lower().startswith(prefix.lower()) and len(tok) > len(prefix) + 2:
                head, rest = tok[: len(prefix)], tok[len(prefix) :]
                tokens[i : i + 1] = [head, _recase(tok, rest.capitalize())]
                return " ".join(tokens)
    joinable = [
        i
        for i in range(len(tokens) - 1)
        if tokens[i].lower() not in _MARKERS
        and tokens[i + 1].lower() not in _MARKERS
        and not tokens[i].endswith(".")
    ]
    if not joinable:
        return name
    i = d.pick(joinable)
    joined = tokens[i] + (tokens[i + 1].lower() if not tokens[i + 1].isupper() else tokens[i + 1])
    return " ".join([*tokens[:i], joined, *tokens[i + 2 :]])


def abbreviate_token(name: str, d: Draw) -> str:
    """One token, never the last, as an initial: Siti Nur Aminah -> Siti N. Aminah."""
    tokens = name.split()
    options = [i for i, t in enumerate(tokens[:-1]) if t.lower() not in _MARKERS and len(t) > 2]
    if not options:
        return name
    i = d.pick(options)
    tokens[i] = tokens[i][0] + "."
    return " ".join(tokens)


def muhammad_variant(name: str, d: Draw) -> str:
    """Swap a Muhammad-family token for another form; Abdul and Nur get their short forms."""
    tokens = name.split()
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if low in _MUHAMMAD_KEYS:
            tokens[i] = _recase(tok, d.pick([f for f in MUHAMMAD_FORMS if f.lower() != low]))
            return " ".join(tokens)
        if low == "abdul":
            tokens[i] = _recase(tok, d.pick(("Abd.", "Abd", "Abdoel")))
            return " ".join(tokens)
        if low == "nur":
            tokens[i] = _recase(tok, d.pick(("Noer", "Nurul", "Nuur")))
            return " ".join(tokens)
    return name


def drop_balinese_prefix(name: str) -> str:
    """I Wayan Sudarsa -> Wayan Sudarsa; Ni Ketut Suartini -> Ketut Suartini."""
    tokens = name.split()
    if len(tokens) > 1 and tokens[0].lower() in {"i", "ni"}:
        return " ".join(tokens[1:])
    return name


def boru_variant(name: str, d: Draw) -> str:
    """Rewrite the Batak women's marker: Br / Br. / Boru / nothing."""
    tokens = name.split()
    for i, tok in enumerate(tokens):
        if tok.lower() in {"br", "br.", "boru"}:
            form = d.pick([f for f in ("Br", "Br.", "Boru", "BR", "") if f.lower() != tok.lower()])
            tokens[i] = _recase(tok, form) if form else ""
            return " ".join(t for t in tokens if t)
    return name


# --- titles ---------------------------------------------------------------------------------


def add_courtesy(name: str, sex: str, d: Draw) -> str:
    """Bapak/Bpk./Pak or Ibu/Bu/Ny., as list keepers write before a name."""
    forms = ("Bpk.", "Bapak", "Pak", "Bp.", "Sdr.") if sex == "M" else ("Ibu", "Bu", "Ny.", "Sdri.")
    return f"{d.pick(forms)} {name}"


def add_haji(name: str, sex: str) -> str:
    return f"{'H.' if sex == 'M' else 'Hj.'} {name}"


def add_degree(name: str, degree: str) -> str:
    return f"{name}, {degree}"


def add_gelar(name: str, gelar: str, d: Draw) -> str:
    return f"{name} {d.pick(('Gelar', 'gelar', 'Gl.', 'Glr.'))} {gelar}"


def add_patronym(name: str, father: str, sex: str, d: Draw) -> str:
    """Rosidi bin Karto: the tokens after bin/binti name the father."""
    word = d.pick(("bin", "Bin", "B.")) if sex == "M" else d.pick(("binti", "Binti", "Bt."))
    return f"{name} {word} {father.split()[0] if len(father.split()) > 2 else father}"


def wife_reference(husband_name: str, d: Draw) -> str:
    """ "Ny. Sutrisno": the wife named by her husband's name."""
    return f"{d.pick(('Ny.', 'Ny', 'Nyonya', 'Bu', 'Istri'))} {husband_name}"


# --- NIK ------------------------------------------------------------------------------------


def substitute_digit(nik: str, d: Draw) -> str:
    i = d.below(len(nik))
    digit = str((int(nik[i]) + 1 + d.below(9)) % 10)
    return nik[:i] + digit + nik[i + 1 :]


def transpose_digits(nik: str, d: Draw) -> str:
    """Swap two neighbouring digits; a third of the time the day field (50 <-> 05 flips sex)."""
    i = 6 if d.chance(0.33) else d.below(len(nik) - 1)
    if nik[i] == nik[i + 1]:
        i = next((j for j in range(len(nik) - 1) if nik[j] != nik[j + 1]), i)
    return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]


def excel_truncated(nik: str) -> int:
    """The number Excel stores for a 16-digit ID typed into a numeric cell: 15 digits kept."""
    return int(nik[:15]) * 10


def excel_scientific(nik: str) -> str:
    """How Excel displays the same cell in a CSV: 6 significant digits, rounded (1.87102E+15)."""
    return f"{int(nik):.5E}"


def masked(nik: str, d: Draw) -> str:
    """A partial NIK as publishers and spreadsheets show it."""
    form = d.below(5)
    if form == 0:
        return nik[:4] + "xxxxxxxx" + nik[12:]
    if form == 1:
        return "****" + nik[12:]
    if form == 2:
        return nik[:6]
    if form == 3:
        return nik[:4] + "********" + nik[12:]
    return nik[:12] + "****"


_TO_LETTERS = {"0": "O", "1": "I"}


def letter_confusion(nik: str, d: Draw) -> str:
    """Letters typed for digits: O for 0, I or l for 1."""
    out = []
    for ch in nik:
        if ch in _TO_LETTERS and d.chance(0.35):
            out.append("l" if ch == "1" and d.chance(0.3) else _TO_LETTERS[ch])
        else:
            out.append(ch)
    return "".join(out)


def with_separators(nik: str, d: Draw) -> str:
    """1871 0150 0585 0003 / 18.71.01.500585.0003 / 1871-01-500585-0003."""
    form = d.below(4)
    if form == 0:
        return " ".join(nik[i : i + 4] for i in range(0, 16, 4))
    if form == 1:
        return f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}.{nik[6:12]}.{nik[12:]}"
    if form == 2:
        return f"{nik[:4]}-{nik[4:6]}-{nik[6:12]}-{nik[12:]}"
    return f"{nik[:6]} {nik[6:12]} {nik[12:]}"


# --- dates ----------------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def swap_day_month(value: date) -> date:
    """10-05 read as 05-10: only possible when the day is a valid month."""
    if value.day > 12 or value.day == value.month:
        return value
    return _safe_date(value.year, value.day, value.month)


def year_typo(value: date, d: Draw) -> date:
    """1965 typed as 1956, 1966 or 1975."""
    y = value.year
    form = d.below(3)
    if form == 0 and (y // 10) % 10 != y % 10:
        y = y - y % 100 + (y % 10) * 10 + (y // 10) % 10
    elif form == 1:
        y += d.pick((-1, 1))
    else:
        y += d.pick((-10, 10))
    return _safe_date(y, value.month, value.day)


def day_typo(value: date, d: Draw) -> date:
    return value + timedelta(days=d.pick((-1, 1, -10, 10, 2)))


def default_date(value: date, d: Draw) -> date:
    """The date a clerk records for someone who does not know it (DOMAIN 1.3)."""
    x = d.u()
    if x < 0.5:
        return date(value.year, 7, 1)
    if x < 0.8:
        return date(value.year, 12, 31)
    if x < 0.93:
        return date(value.year, 1, 1)
    return date(value.year, value.month, 15)


# --- phone ----------------------------------------------------------------------------------


def phone_variant(phone: str, d: Draw) -> str:
    """0812-3456-7890, +6281234567890, 6281234567890, 0812 3456 7890, or the 0 lost."""
    rest = phone[1:]
    form = d.below(7)
    if form == 0:
        return f"{phone[:4]}-{phone[4:8]}-{phone[8:]}"
    if form == 1:
        return "+62" + rest
    if form == 2:
        return "62" + rest
    if form == 3:
        return f"{phone[:4]} {phone[4:8]} {phone[8:]}"
    if form == 4:
        return rest
    return phone
