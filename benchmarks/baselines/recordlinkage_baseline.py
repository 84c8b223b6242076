"""The recordlinkage toolkit (0.16): blocking index, Compare features, ECM, connected components.

    benchmarks/.venv-rl/bin/python benchmarks/baselines/recordlinkage_baseline.py TASK.json
    (PYTHONPATH=benchmarks; recordlinkage needs pandas < 3, hence its own venv)

The same generic cleaning and the same blocking keys as the plain-Splink baseline; ECM needs
binary features, so each field is one agree/disagree test at a threshold.
"""

from __future__ import annotations

import logging
from pathlib import Path

import common
import numpy as np
import pandas as pd
import recordlinkage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

# (blocking keys on the left, on the right); the right side defaults to the left.
PERSON_BLOCKS = [
    ["id_number"],
    ["first_name", "dob"],
    ["last_name", "dob"],
    ["name", "birth_year"],
    ["first_name", "locality"],
    ["last_name", "locality"],
    ["household", "first_name"],
    ["phone"],
]
FEBRL_BLOCKS = [
    ["first_name", "last_name"],
    ["dob"],
    ["id_number"],
    ["locality", "street"],
    ["street_number", "street"],
    ["postcode"],
]
SWAPPED_NAMES = (["first_name", "last_name"], ["last_name", "first_name"])


def person_features(compare: recordlinkage.Compare) -> None:
    compare.string("name", "name", method="jarowinkler", threshold=0.9, label="name")
    compare.exact("dob", "dob", label="dob")
    compare.exact("birth_year", "birth_year", label="birth_year")
    compare.string(
        "id_number", "id_number", method="damerau_levenshtein", threshold=0.85, label="nik"
    )
    compare.exact("sex", "sex", label="sex")
    compare.exact("household", "household", label="household")
    compare.string("locality", "locality", method="jarowinkler", threshold=0.9, label="village")
    compare.exact("district", "district", label="district")
    compare.exact("phone", "phone", label="phone")


def febrl_features(compare: recordlinkage.Compare) -> None:
    for column in ("first_name", "last_name", "street", "locality"):
        compare.string(column, column, method="jarowinkler", threshold=0.85, label=column)
    compare.exact("dob", "dob", label="dob")
    compare.string(
        "id_number", "id_number", method="damerau_levenshtein", threshold=0.85, label="id"
    )
    for column in ("street_number", "postcode", "region"):
        compare.exact(column, column, label=column)


PROFILES = {
    "person": (PERSON_BLOCKS, person_features, False),
    "febrl": (FEBRL_BLOCKS, febrl_features, True),
}


def candidate_pairs(cleaned: pd.DataFrame, blocks: list[list[str]], swapped: bool):
    indexer = recordlinkage.Index()
    for keys in blocks:
        indexer.block(left_on=keys)
    if swapped:
        indexer.block(left_on=SWAPPED_NAMES[0], right_on=SWAPPED_NAMES[1])
    return indexer.index(cleaned)


def clusters(n: int, matches: pd.MultiIndex) -> np.ndarray:
    left = matches.get_level_values(0).to_numpy()
    right = matches.get_level_values(1).to_numpy()
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def main() -> None:
    logging.getLogger().setLevel(logging.ERROR)  # the index's "performance warning" lines
    task = common.load_task()
    out_dir = Path(task["out_dir"])
    clock = common.StageClock(out_dir)
    blocks, features, swapped = PROFILES[task["profile"]]
    with clock.stage("standardize", "Read and clean"):
        records = common.read_sources(task["sources"])
        cleaned = common.clean_records(records, id_length=task.get("id_length"))
        cleaned.index = cleaned["unique_id"].to_numpy()
    with clock.stage("block", "Index (blocking)"):
        pairs = candidate_pairs(cleaned, blocks, swapped)
    with clock.stage("predict", "Compare"):
        compare = recordlinkage.Compare(n_jobs=task.get("jobs", 1))
        features(compare)
        vectors = compare.compute(pairs, cleaned)
    with clock.stage("train", "ECM fit"):
        ecm = recordlinkage.ECMClassifier(binarize=None)
        ecm.fit(vectors)
    with clock.stage("predict", "ECM classify"):
        matches = ecm.predict(vectors)
    with clock.stage("cluster"):
        person = clusters(len(cleaned), matches)
    with clock.stage("write"):
        common.write_resolved(out_dir, cleaned, pd.Series(person))
    clock.done(scored_pairs=len(pairs), linked_pairs=len(matches))
    rules = [common.equality_rule(keys) for keys in blocks]
    if swapped:
        rules.append('l."first_name" = r."last_name" AND l."last_name" = r."first_name"')
    common.write_blocking(out_dir, cleaned.reset_index(drop=True), rules)


if __name__ == "__main__":
    main()
