"""Splink settings built from the job's fields: comparisons, blocking rules, model input columns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

from linkage.model.comparisons import (
    BirthDateComparison,
    ExactOrElse,
    GeneralDateComparison,
    IdentifierComparison,
    IndonesianNameComparison,
    NikComparison,
    RegionComparison,
    TextComparison,
)

UNIQUE_ID = "unique_id"
RARE_NAME_MAX = 30  # records sharing a full name, at most, for the name alone to block on

# Canonical columns -> the columns the model sees (portable SQL: DuckDB and Spark).
MODEL_COLUMNS = {
    "nik": "nik",
    "nik_pattern": "nik_pattern",
    "nik_conflict": "coalesce(nik_flags LIKE '%sex_conflict%', false)",
    "nik_region6": "nik_region6",
    "nik_date6": "nik_date6",
    "nik_serial": "nik_serial",
    "kk": "kk",
    "name": "name",
    "name_sorted": "name_sorted",
    "name_key": "name_key",
    "name_key_joined": "replace(name_key, ' ', '')",
    # A full name rare enough (in this data) to find a person without any place in common.
    "name_key_rare": (
        f"CASE WHEN count(*) OVER (PARTITION BY replace(name_key, ' ', '')) <= {RARE_NAME_MAX} "
        "THEN replace(name_key, ' ', '') END"
    ),
    "name_first_prefix": "substr(name_first_key, 1, 3)",
    "name_key_tokens": "name_key_tokens",
    "name_first_key": "name_first_key",
    # First and last letter of the first name: "Sytrisno" and "Sutrisno", "Wogini" and
    # "Wagini" (one mistyped letter inside) share it.
    "name_first_ends": "left(name_first_key, 1) || right(name_first_key, 1)",
    "name_last_key": "name_last_key",
    # The record's own birth date; the NIK's only when the record has none and the NIK's
    # century was not a guess.
    "dob": (
        "CASE WHEN birth_precision = 'day' THEN birth_date "
        "WHEN birth_precision IS NULL AND coalesce(nik_flags, '') NOT LIKE '%century_unresolved%' "
        "THEN nik_birth_date END"
    ),
    "dob_year": (
        "CASE WHEN birth_year IS NOT NULL THEN birth_year "
        "WHEN coalesce(nik_flags, '') NOT LIKE '%century_unresolved%' "
        "THEN year(nik_birth_date) END"
    ),
    "dob_precision": (
        "CASE WHEN birth_precision IS NOT NULL THEN birth_precision "
        "WHEN nik_birth_date IS NOT NULL THEN 'day' END"
    ),
    "sex": "coalesce(sex, nik_sex)",
    "village": "village",
    "village_code": "village_code",
    "district_code": "district_code",
    "regency_code": "regency_code",
    "rt": "rt",
    "rw": "rw",
    "phone": "phone",
}
_DEFAULT_DATE = (
    "((month({d}) = 7 AND day({d}) = 1) OR (month({d}) = 12 AND day({d}) = 31) "
    "OR (month({d}) = 1 AND day({d}) = 1) OR day({d}) = 15)"
)


def model_source_columns(extra_fields: Iterable[str] = ()) -> list[str]:
    """The canonical columns the model input reads (an incremental run loads only these)."""
    import sqlglot
    from sqlglot import exp

    names = {
        column.name
        for expression in MODEL_COLUMNS.values()
        for column in sqlglot.parse_one(expression, read="duckdb").find_all(exp.Column)
    }
    return sorted(names | set(extra_fields))


def model_input_sql(
    table: str, extra_fields: Iterable[str] = (), overrides: dict[str, str] | None = None
) -> str:
    """SELECT that turns canonical records into the model's input columns; `overrides`
    replaces column expressions (an incremental run counts names over the whole store)."""
    expressions = {**MODEL_COLUMNS, **(overrides or {})}
    columns = [f"uid AS {UNIQUE_ID}"]
    columns += [f"{expr} AS {name}" for name, expr in expressions.items()]
    columns += list(extra_fields)
    inner = f"SELECT {', '.join(columns)} FROM {table}"
    default = _DEFAULT_DATE.format(d="dob")
    return f"SELECT *, coalesce({default}, false) AS dob_default FROM ({inner}) AS model_input"


def indonesian_comparisons() -> list[ComparisonCreator]:
    """The default model: NIK, name, birth date, sex, region, KK, phone."""
    return [
        NikComparison(),
        IndonesianNameComparison(),
        BirthDateComparison(),
        ExactOrElse("sex"),
        RegionComparison(),
        ExactOrElse("kk"),
        ExactOrElse("phone"),
    ]


def extra_comparison(field: str, kind: str) -> ComparisonCreator:
    """The comparison for a config-declared general field."""
    if kind in ("id", "nik"):
        return IdentifierComparison(field)
    if kind in ("name", "address"):
        return TextComparison(field)
    if kind == "date":
        return GeneralDateComparison(field)
    return ExactOrElse(field, tf=kind in ("categorical", "region"))


def comparisons_for(extra_fields: dict[str, str], used_core: Sequence[str] | None = None):
    """Core comparisons (optionally only those whose field the sources carry) + extras."""
    core = indonesian_comparisons()
    if used_core is not None:
        core = [c for c in core if c.create_output_column_name() in used_core]
    return core + [extra_comparison(f, k) for f, k in extra_fields.items()]


# Rules for records without an exact birth date (CSR and donor lists, ages in village lists):
# among records that both carry one, the date-based rules already reach true pairs, so
# these skip such pairs.
_UNDATED = "(l.dob IS NULL OR r.dob IS NULL)"


def _undated(*columns: str) -> str:
    equal = " AND ".join(f"l.{c} = r.{c}" for c in columns)
    return f"{equal} AND {_UNDATED}"


def default_blocking_rules() -> list[BlockingRuleCreator | str]:
    """A union of rules that also reaches records without a NIK (DESIGN.md 3), sized so
    that a million records with very common names ("Siti Aminah") stay near 10M pairs."""
    return [
        block_on("nik"),
        block_on("nik_region6", "nik_date6"),
        block_on("name_first_key", "dob"),
        block_on("name_first_key", "dob_year", "district_code"),
        block_on("dob", "village_code"),
        # The same full name in one village, whatever the dates: a mistyped birth year.
        block_on("name_key_joined", "village_code"),
        _undated("name_key_joined", "district_code"),
        _undated("name_first_key", "village_code"),
        _undated("name_last_key", "village_code"),
        _undated("name_key_joined", "village"),
        _undated("name_first_prefix", "village_code"),
        _undated("name_first_ends", "village_code"),
        _undated("name_key_rare"),
    ]


def blocking_rules_from_config(rules: list[list[str] | str] | None) -> list:
    """Config rules: a list of column names (all equal) or a SQL condition on l./r."""
    if not rules:
        return default_blocking_rules()
    return [block_on(*rule) if isinstance(rule, list) else rule for rule in rules]


def settings_for(
    comparisons: list[ComparisonCreator], blocking_rules: list, *, retain_columns: bool = False
) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name=UNIQUE_ID,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking_rules,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=retain_columns,
        additional_columns_to_retain=[],
    )


# Which input fields feed each core comparison (by output column name).
CORE_INPUTS = {
    "nik": {"nik"},
    "name": {"name"},
    "birth_date": {"birth_date", "birth_year", "age", "nik"},
    "sex": {"sex", "nik"},
    "region": {"region_code", "village", "district", "regency", "address"},
    "kk": {"kk"},
    "phone": {"phone"},
}


def core_comparisons_used(mapped_fields: set[str]) -> list[str]:
    """Core comparisons for which at least one source maps an input field."""
    return [name for name, inputs in CORE_INPUTS.items() if inputs & mapped_fields]
