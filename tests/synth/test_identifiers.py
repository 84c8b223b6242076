"""NIK and KK construction: date part with the +40 rule, serials counted per (region, date)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from linkage.synth.nik import kk_date_part, nik_date_part, numbers, serials


@pytest.mark.parametrize(
    ("born", "sex", "part"),
    [
        (date(1985, 5, 10), "F", "500585"),
        (date(1965, 3, 12), "M", "120365"),
        (date(1926, 7, 1), "F", "410726"),
        (date(2015, 3, 27), "M", "270315"),
    ],
)
def test_female_day_plus_40_in_the_date_part(born: date, sex: str, part: str) -> None:
    assert nik_date_part(born, sex) == part


def test_kk_date_part_has_no_plus_40() -> None:
    assert kk_date_part(date(2009, 4, 10)) == "100409"


def test_serials_count_per_key_in_issue_order() -> None:
    keys = np.array([7, 7, 9, 7, 9])
    assert serials(keys, np.zeros(5, dtype=np.int64)).tolist() == [1, 2, 1, 3, 2]


def test_skips_leave_gaps_for_people_outside_the_population() -> None:
    keys = np.array([7, 7, 7])
    assert serials(keys, np.array([2, 0, 1])).tolist() == [3, 4, 6]


def test_twins_without_skip_get_consecutive_serials() -> None:
    issued = numbers(["187101", "187101"], ["050610", "050610"], np.array([3, 0]))
    assert [int(n[12:]) for n in issued] == [4, 5]
    assert all(len(n) == 16 and n.isdigit() for n in issued)


def test_same_date_in_another_region_starts_again_at_one() -> None:
    issued = numbers(["187101", "187102"], ["500585", "500585"], np.zeros(2, dtype=np.int64))
    assert issued == ["1871015005850001", "1871025005850001"]
