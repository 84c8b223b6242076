"""Read-only views of the identity store: one person with its history, the change feed."""

from __future__ import annotations

from typing import Any

from linkage.store import IdentityStore, StoreError


def person_view(store: IdentityStore, person_id: str) -> dict[str, Any]:
    """The person, its records (standardized view), and every event that names it."""
    person = store.con.execute("SELECT * FROM persons WHERE person_id = ?", [person_id]).df()
    if person.empty:
        raise StoreError(f"no person {person_id!r} in {store.path}")
    records = store.con.execute(
        """
        SELECT m.source, m.record_id, m.confidence, m.first_run, m.last_run,
               r.name_raw, r.nik_pattern, r.birth_date, r.birth_year, r.sex, r.village,
               r.village_code, r.programme, r.amount
        FROM memberships m LEFT JOIN run_records r USING (source, record_id)
        WHERE m.person_id = ? ORDER BY m.source, m.record_id
        """,
        [person_id],
    ).df()
    events = store.con.execute(
        "SELECT * FROM events WHERE person_id = ? OR other_person_id = ? ORDER BY event_id",
        [person_id, person_id],
    ).df()
    return {
        "person": person.iloc[0].to_dict(),
        "records": records.to_dict("records"),
        "events": events.to_dict("records"),
    }


def events_since(
    store: IdentityStore, run_id: int, kinds: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Events of runs after `run_id`, oldest first (what a downstream system replays)."""
    sql = "SELECT * FROM events WHERE run_id > ?"
    params: list[Any] = [run_id]
    if kinds:
        sql += f" AND kind IN ({', '.join('?' for _ in kinds)})"
        params += list(kinds)
    return store.con.execute(sql + " ORDER BY event_id", params).df().to_dict("records")
