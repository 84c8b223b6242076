"""Indonesian-aware Splink comparisons, written as comparison creators.

Each class lists its levels top to bottom in its docstring, and `create_comparison_levels`
returns exactly those levels in that order. SQL uses the dialect's own function names, so the
same model runs on DuckDB and on Spark.
"""

from __future__ import annotations

from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.dialects import SplinkDialect

NIK_LENGTH = 16
PARTIAL_STRONG_DIGITS = 8  # shared visible digits from which a partial NIK is real support


class SqlLevel(ComparisonLevelCreator):
    """A level written as SQL over `col_l`/`col_r`, with dialect function placeholders.

    Placeholders: {jw} Jaro-Winkler, {lev} Levenshtein, {dl} Damerau-Levenshtein,
    {size} array length, {intersect} array intersection.
    """

    def __init__(self, template: str, label: str, *, null: bool = False):
        self.template = " ".join(template.split())
        self.label = label
        if null:
            self.is_null_level = True

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        duckdb = sql_dialect.sql_dialect_str == "duckdb"
        return self.template.format(
            jw=sql_dialect.jaro_winkler_function_name,
            lev=sql_dialect.levenshtein_function_name,
            dl=sql_dialect.damerau_levenshtein_function_name,
            size="len" if duckdb else "size",
            intersect="list_intersect" if duckdb else "array_intersect",
        )

    def create_label_for_charts(self) -> str:
        return self.label


def _null(*columns: str) -> SqlLevel:
    condition = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return SqlLevel(condition, f"{' or '.join(columns)} missing", null=True)


def _else() -> SqlLevel:
    return SqlLevel("ELSE", "All other comparisons")


def _exact(column: str, label: str, *, tf: bool = False) -> SqlLevel:
    level = SqlLevel(f"{column}_l = {column}_r", label)
    if tf:
        level.configure(tf_adjustment_column=column, tf_adjustment_weight=1.0)
    return level


def _full(column: str) -> str:
    return f"instr({column}_l, '?') = 0 AND instr({column}_r, '?') = 0"


def _digit_agrees(column: str, i: int) -> str:
    left, right = f"substr({column}_l, {i}, 1)", f"substr({column}_r, {i}, 1)"
    return f"({left} = '?' OR {right} = '?' OR {left} = {right})"


def _shared_digits(column: str) -> str:
    terms = (
        f"CASE WHEN substr({column}_l, {i}, 1) <> '?' AND substr({column}_r, {i}, 1) <> '?' "
        "THEN 1 ELSE 0 END"
        for i in range(1, NIK_LENGTH + 1)
    )
    return "(" + " + ".join(terms) + ")"


def _compatible(column: str) -> str:
    return " AND ".join(_digit_agrees(column, i) for i in range(1, NIK_LENGTH + 1))


class NikComparison(ComparisonCreator):
    """NIK patterns (16 characters, `?` where a digit is unknown).

    Levels:
    - null: either record has no usable NIK pattern
    - exact, but the records say otherwise: the NIK's sex contradicts a record's own sex, or
      names and birth years both disagree (a spouse's or child's NIK typed on the row)
    - exact: both full and equal
    - same region and birth date, other serial: usually different people (twins)
    - one substitution: both full, one digit differs
    - adjacent transposition: both full, two neighbouring digits swapped
    - partial, strong: every visible digit agrees on >= 8 shared visible digits
    - partial, weak: every visible digit agrees on fewer shared digits (e.g. last 4 only)
    - else: visible digits disagree
    """

    def __init__(self, pattern: str = "nik_pattern", conflict: str = "nik_conflict"):
        self.conflict = conflict
        super().__init__(pattern)

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        col = self.col_expression.raw_sql_expression
        full = _full(col)
        other_person = (
            f"({self.conflict}_l OR {self.conflict}_r OR ({{jw}}(name_l, name_r) < 0.75 AND "
            "(dob_year_l IS NULL OR dob_year_r IS NULL OR dob_year_l <> dob_year_r)))"
        )
        return [
            _null(col),
            SqlLevel(
                f"{col}_l = {col}_r AND {full} AND {other_person}",
                "Exact NIK, but the records say otherwise",
            ),
            SqlLevel(f"{col}_l = {col}_r AND {full}", "Exact NIK"),
            SqlLevel(
                f"{full} AND substr({col}_l, 1, 12) = substr({col}_r, 1, 12)",
                "Same region and birth date, other serial",
            ),
            SqlLevel(f"{full} AND {{lev}}({col}_l, {col}_r) = 1", "One digit differs"),
            SqlLevel(f"{full} AND {{dl}}({col}_l, {col}_r) = 1", "Adjacent digits swapped"),
            SqlLevel(
                f"{_compatible(col)} AND {_shared_digits(col)} >= {PARTIAL_STRONG_DIGITS}",
                f"Partial NIK agrees on >= {PARTIAL_STRONG_DIGITS} visible digits",
            ),
            SqlLevel(_compatible(col), "Partial NIK agrees on a few visible digits"),
            _else(),
        ]

    def create_output_column_name(self) -> str:
        return "nik"


class IndonesianNameComparison(ComparisonCreator):
    """Personal names, normalized (titles, bin/binti and br/boru split off by standardize).

    Levels:
    - null
    - exact normalized name (term-frequency adjusted)
    - same tokens in another order
    - same old-spelling key (Soekarno/Sukarno, Djoko/Joko; spaces ignored: Nur Hayati/Nurhayati)
    - Jaro-Winkler >= 0.94
    - one name's key tokens inside the other's (Siti Aminah / Aminah)
    - Jaro-Winkler >= 0.88
    - Jaro-Winkler >= 0.75
    - else
    """

    def __init__(self, prefix: str = "name"):
        self.prefix = prefix
        super().__init__(prefix)

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        p = self.prefix
        key_tokens = f"{p}_key_tokens"
        return [
            _null(p),
            _exact(p, "Exact name", tf=True),
            SqlLevel(f"{p}_sorted_l = {p}_sorted_r", "Same tokens, other order"),
            SqlLevel(
                f"replace({p}_key_l, ' ', '') = replace({p}_key_r, ' ', '')",
                "Same old-spelling key",
            ),
            SqlLevel(f"{{jw}}({p}_l, {p}_r) >= 0.94", "Jaro-Winkler >= 0.94"),
            SqlLevel(
                f"least({{size}}({key_tokens}_l), {{size}}({key_tokens}_r)) > 0 AND "
                f"{{size}}({{intersect}}({key_tokens}_l, {key_tokens}_r)) = "
                f"least({{size}}({key_tokens}_l), {{size}}({key_tokens}_r))",
                "One name inside the other",
            ),
            SqlLevel(f"{{jw}}({p}_l, {p}_r) >= 0.88", "Jaro-Winkler >= 0.88"),
            SqlLevel(f"{{jw}}({p}_l, {p}_r) >= 0.75", "Jaro-Winkler >= 0.75"),
            _else(),
        ]

    def create_output_column_name(self) -> str:
        return self.prefix


class BirthDateComparison(ComparisonCreator):
    """Birth date with its precision (`day`, `month`, `year`, `age`).

    Levels:
    - null
    - exact day, a default date (1 Jul, 31 Dec, 1 Jan, 15th): weak evidence
    - exact day (term-frequency adjusted)
    - day and month swapped
    - same year and month (a mistyped day)
    - same day and month, year within 10 (a mistyped year)
    - same year where either side knows only the year (or month)
    - years within 1 where either side is an age or a year
    - years within 5 (a typo, or a rough age)
    - else: a different generation (parent and child with one name)
    """

    def __init__(self, prefix: str = "dob"):
        self.prefix = prefix
        super().__init__(prefix)

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        p = self.prefix
        both_day = f"{p}_l IS NOT NULL AND {p}_r IS NOT NULL"
        coarse = f"({p}_precision_l <> 'day' OR {p}_precision_r <> 'day')"
        return [
            _null(f"{p}_year"),
            SqlLevel(
                f"{both_day} AND {p}_l = {p}_r AND ({p}_default_l OR {p}_default_r)",
                "Same default date",
            ),
            _exact(p, "Exact birth date", tf=True),
            SqlLevel(
                f"{both_day} AND {p}_year_l = {p}_year_r "
                f"AND month({p}_l) = day({p}_r) AND day({p}_l) = month({p}_r)",
                "Day and month swapped",
            ),
            SqlLevel(
                f"{both_day} AND {p}_year_l = {p}_year_r AND month({p}_l) = month({p}_r)",
                "Same year and month",
            ),
            SqlLevel(
                f"{both_day} AND month({p}_l) = month({p}_r) AND day({p}_l) = day({p}_r) "
                f"AND abs({p}_year_l - {p}_year_r) <= 10",
                "Same day and month, year differs",
            ),
            SqlLevel(f"{coarse} AND {p}_year_l = {p}_year_r", "Same year (coarse precision)"),
            SqlLevel(
                f"{coarse} AND abs({p}_year_l - {p}_year_r) <= 1", "Years within 1 (age or year)"
            ),
            SqlLevel(f"abs({p}_year_l - {p}_year_r) <= 5", "Years within 5"),
            _else(),
        ]

    def create_output_column_name(self) -> str:
        return "birth_date"


class RegionComparison(ComparisonCreator):
    """Where the person lives: region hierarchy, then RT/RW inside a village.

    Levels:
    - null: no region code on either side
    - same village, RT and RW
    - same village and RT
    - same village, RT unknown on one side (lists without RT)
    - same village, other RT
    - same district (kecamatan)
    - same regency/city
    - else
    """

    def __init__(self) -> None:
        super().__init__("regency_code")

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        village = "village_code_l = village_code_r"
        return [
            _null("regency_code"),
            SqlLevel(f"{village} AND rt_l = rt_r AND rw_l = rw_r", "Same village, RT and RW"),
            SqlLevel(f"{village} AND rt_l = rt_r", "Same village and RT"),
            SqlLevel(f"{village} AND (rt_l IS NULL OR rt_r IS NULL)", "Same village, RT unknown"),
            SqlLevel(village, "Same village, other RT"),
            SqlLevel("district_code_l = district_code_r", "Same district"),
            SqlLevel("regency_code_l = regency_code_r", "Same regency"),
            _else(),
        ]

    def create_output_column_name(self) -> str:
        return "region"


class ExactOrElse(ComparisonCreator):
    """A categorical field (sex, KK, phone, any category).

    Levels:
    - null
    - exact (optionally term-frequency adjusted)
    - else
    """

    def __init__(self, column: str, *, tf: bool = False):
        self.tf = tf
        super().__init__(column)

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        col = self.col_expression.raw_sql_expression
        return [_null(col), _exact(col, f"Exact {col}", tf=self.tf), _else()]

    def create_output_column_name(self) -> str:
        return self.col_expression.raw_sql_expression


class IdentifierComparison(ComparisonCreator):
    """A general identifier (passport, social security, member number).

    Levels:
    - null
    - exact
    - one edit (substitution, insertion, deletion or adjacent swap)
    - else
    """

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        col = self.col_expression.raw_sql_expression
        return [
            _null(col),
            _exact(col, f"Exact {col}"),
            SqlLevel(f"{{dl}}({col}_l, {col}_r) <= 1", f"{col} within one edit"),
            _else(),
        ]

    def create_output_column_name(self) -> str:
        return self.col_expression.raw_sql_expression


class TextComparison(ComparisonCreator):
    """A general name or address text.

    Levels:
    - null
    - exact (term-frequency adjusted)
    - Jaro-Winkler >= 0.92
    - Jaro-Winkler >= 0.80
    - else
    """

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        col = self.col_expression.raw_sql_expression
        return [
            _null(col),
            _exact(col, f"Exact {col}", tf=True),
            SqlLevel(f"{{jw}}({col}_l, {col}_r) >= 0.92", f"{col} Jaro-Winkler >= 0.92"),
            SqlLevel(f"{{jw}}({col}_l, {col}_r) >= 0.80", f"{col} Jaro-Winkler >= 0.80"),
            _else(),
        ]

    def create_output_column_name(self) -> str:
        return self.col_expression.raw_sql_expression


class GeneralDateComparison(ComparisonCreator):
    """A general ISO date text.

    Levels:
    - null
    - exact
    - one character differs (a mistyped digit)
    - day and month swapped
    - else
    """

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        c = self.col_expression.raw_sql_expression
        return [
            _null(c),
            _exact(c, f"Exact {c}", tf=True),
            SqlLevel(f"{{lev}}({c}_l, {c}_r) = 1", f"{c} one digit differs"),
            SqlLevel(
                f"substr({c}_l, 1, 4) = substr({c}_r, 1, 4) AND substr({c}_l, 6, 2) = "
                f"substr({c}_r, 9, 2) AND substr({c}_l, 9, 2) = substr({c}_r, 6, 2)",
                f"{c} day and month swapped",
            ),
            _else(),
        ]

    def create_output_column_name(self) -> str:
        return self.col_expression.raw_sql_expression
