"""The job config: YAML -> typed, validated settings, with errors that name the YAML path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from linkage.sources import INPUT_FIELDS, SourceError, SourceSpec, read_header

SourceKind = Literal["registry", "programme", "agency", "csr", "institution", "donor"]
FieldType = Literal["nik", "id", "name", "date", "address", "region", "categorical", "phone"]
# The shipped model lives in the project's models/ folder (installed editable, as in README).
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "id-beneficiary.json"


class ConfigError(ValueError):
    """An invalid job config; the message starts with the YAML path of the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceConfig(_Strict):
    """One aid list: where it is, how to read it, and which column holds which field."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_\-]+$")]
    kind: SourceKind = "programme"
    path: Path | None = None
    table: str | None = None
    format: Literal["csv", "xlsx", "parquet", "duckdb"] | None = None
    delimiter: str | None = None
    encoding: str = "utf-8"
    sheet: str | int | None = None
    reference_date: dt.date | None = None
    # The list holds each person at most once (e.g. one row per registry person ID): two of
    # its records are never put into one person.
    deduplicated: bool = False
    columns: dict[str, str | list[str]]

    @model_validator(mode="after")
    def _path_or_table(self) -> SourceConfig:
        if self.path is None:
            raise ValueError("set `path:` (a file, or the database holding `table:`)")
        return self

    def spec(self) -> SourceSpec:
        return SourceSpec(
            name=self.name,
            path=self.path,
            table=self.table,
            format=self.format,
            kind=self.kind,
            delimiter=self.delimiter,
            encoding=self.encoding,
            sheet=self.sheet,
            reference_date=self.reference_date,
            columns=self.columns,
        )


class TrainingConfig(_Strict):
    """How to estimate the model when `model.train` is true (all steps seeded)."""

    u_max_pairs: float = 5e6
    em_blocking: list[list[str]] | None = None
    em_max_iterations: int = 25
    deterministic_recall: float = 0.8


class ModelConfig(_Strict):
    path: Path | None = None
    train: bool = False
    training: TrainingConfig = TrainingConfig()


class Thresholds(_Strict):
    """Match probabilities: `link` joins records into one person; `review` opens the band."""

    link: Annotated[float, Field(gt=0, lt=1)] = 0.6
    review: Annotated[float, Field(gt=0, lt=1)] = 0.3

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.review > self.link:
            raise ValueError(f"review ({self.review}) must not exceed link ({self.link})")
        return self


class BlockingConfig(_Strict):
    """Override the candidate-pair rules; each rule is a list of columns or a SQL condition."""

    rules: list[list[str] | str] | None = None
    max_comparisons: Annotated[float, Field(gt=0)] = 5e7


class OutputConfig(_Strict):
    dir: Path = Path("out")
    formats: list[Literal["parquet", "csv"]] = ["parquet"]
    report: bool = True


class SparkConfig(_Strict):
    master: str = "local[2]"
    app_name: str = "linkage"
    shuffle_partitions: int = 8
    driver_memory: str = "4g"
    checkpoint_dir: Path | None = None


class ResourcesConfig(_Strict):
    """Bounds for one machine: DuckDB spills to `temp_dir` past `memory_limit`."""

    memory_limit: str | None = "640MB"
    temp_dir: Path | None = None
    threads: int | None = None


class StandardizeConfig(_Strict):
    """`region_within`: a province/regency code that free-text village names resolve inside."""

    region_within: str | None = None
    workers: int | None = None


class JobConfig(_Strict):
    """A whole linkage job."""

    name: str = "linkage"
    seed: int = 42
    sources: list[SourceConfig]
    fields: dict[str, FieldType] = {}
    standardize: StandardizeConfig = StandardizeConfig()
    model: ModelConfig = ModelConfig()
    thresholds: Thresholds = Thresholds()
    blocking: BlockingConfig = BlockingConfig()
    output: OutputConfig = OutputConfig()
    backend: Literal["duckdb", "spark"] = "duckdb"
    spark: SparkConfig = SparkConfig()
    resources: ResourcesConfig = ResourcesConfig()
    store: Path | None = None
    base_dir: Path = Path(".")

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: list[SourceConfig]) -> list[SourceConfig]:
        seen: set[str] = set()
        for source in sources:
            if source.name in seen:
                raise ValueError(f"two sources are named {source.name!r}")
            seen.add(source.name)
        if not sources:
            raise ValueError("at least one source is needed")
        return sources

    @property
    def model_path(self) -> Path:
        return self.model.path or DEFAULT_MODEL

    @property
    def extra_fields(self) -> dict[str, FieldType]:
        return dict(self.fields)


def _loc(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as err:
        raise ConfigError(f"{path}: config file not found") from err
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from err


def _resolve(base: Path, value: Any) -> Any:
    if value is None:
        return None
    path = Path(value)
    return path if path.is_absolute() else (base / path)


def load_config(path: str | Path, *, check_columns: bool = True) -> JobConfig:
    """Load and validate a job config; relative paths are relative to the YAML file."""
    path = Path(path)
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping with `sources:` at the top")
    return config_from_dict(raw, base=path.parent, origin=str(path), check_columns=check_columns)


def _included_sources(base: Path, value: str) -> list[Any]:
    """`sources: sources.yaml` takes the list from another file (as `linkage synth` writes)."""
    included = _resolve(base, value)
    inner = _load_yaml(included)
    if not isinstance(inner, dict) or not isinstance(inner.get("sources"), list):
        raise ConfigError(f"sources: {included} has no `sources:` list")
    return [_with_path(s, included.parent) for s in inner["sources"]]


def _with_path(source: Any, base: Path) -> Any:
    if isinstance(source, dict) and source.get("path"):
        return {**source, "path": str(_resolve(base, source["path"]))}
    return source


def config_from_dict(
    raw: dict[str, Any], *, base: Path, origin: str = "config", check_columns: bool = True
) -> JobConfig:
    """Validate a config mapping (relative paths resolved against `base`)."""
    raw = dict(raw)
    if isinstance(raw.get("sources"), str):
        raw["sources"] = _included_sources(base, raw["sources"])
    elif isinstance(raw.get("sources"), list):
        raw["sources"] = [_with_path(s, base) for s in raw["sources"]]
    for section, key in (("model", "path"), ("output", "dir")):
        part = raw.get(section)
        if isinstance(part, dict) and part.get(key):
            raw[section] = {**part, key: str(_resolve(base, part[key]))}
    if raw.get("store"):
        raw["store"] = str(_resolve(base, raw["store"]))
    if "output" not in raw:
        raw["output"] = {"dir": str(base / "out")}
    raw["base_dir"] = str(base)
    try:
        config = JobConfig.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        raise ConfigError(
            f"{origin}: {_loc(first['loc'])}: {first['msg']}"
            + (f" (got {first['input']!r})" if _short(first.get("input")) else "")
        ) from None
    _check_fields(config, origin)
    if check_columns:
        _check_columns(config, origin)
    return config


def _short(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and len(str(value)) < 60


def _check_fields(config: JobConfig, origin: str) -> None:
    allowed = set(INPUT_FIELDS) | set(config.fields)
    clash = set(config.fields) & set(INPUT_FIELDS)
    if clash:
        raise ConfigError(
            f"{origin}: fields.{sorted(clash)[0]}: already a built-in field; "
            "declare only extra fields under `fields:`"
        )
    for i, source in enumerate(config.sources):
        for field in source.columns:
            if field not in allowed:
                raise ConfigError(
                    f"{origin}: sources[{i}].columns.{field}: unknown field {field!r}; fields are "
                    + ", ".join(sorted(allowed))
                    + " (declare other fields under `fields:` with a type)"
                )
        if source.format not in (None, "csv") and source.delimiter is not None:
            raise ConfigError(f"{origin}: sources[{i}].delimiter: only CSV sources have one")


def _check_columns(config: JobConfig, origin: str) -> None:
    """Every mapped column must exist in its file: fail before any work starts."""
    for i, source in enumerate(config.sources):
        spec = source.spec()
        try:
            header = read_header(spec)
        except SourceError as err:
            raise ConfigError(f"{origin}: sources[{i}]: {err}") from None
        for field, columns in source.columns.items():
            for column in [columns] if isinstance(columns, str) else columns:
                if column not in header:
                    raise ConfigError(
                        f'{origin}: sources[{i}].columns.{field}: column "{column}" not found in '
                        f"{spec.label}; columns are " + ", ".join(header)
                    )
