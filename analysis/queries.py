"""The questions the chapters ask of a dataset: who sat when, who held what, who voted how."""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from .dates import to_day
from .load import SIGNATURE, Dataset, vote_row_ids
from .scope import body_ids

DECIDED = ("yes", "no", "abstain")  # the positions that count as a vote cast, for agreement
DIVISION_COLUMNS = [  # the columns of division_of_labour() a reader downloads
    "person_id",
    "name",
    "membership_type",
    "role",
    "organization",
    "domain",
    "start_date",
    "end_date",
    "source_id",
]


def ballots(events: pd.DataFrame) -> pd.DataFrame:
    """The vote events decided by a vote (at a meeting, by a poll), not by signing a document."""
    return events[events["procedure"] != SIGNATURE]


def in_body(frame: pd.DataFrame, body: str) -> pd.Series:
    """Rows of a frame with a body_id column that belong to the body (or series of bodies)."""
    return frame["body_id"].isin(body_ids(body))


def _with_names(ds: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    people = ds.persons[["person_id", "name", "sort_name"]].copy()
    people["sort_name"] = people["sort_name"].fillna(people["name"])
    return frame.merge(people, on="person_id", how="left")


def _active(frame: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    return (frame["start"] <= day) & (frame["end"].isna() | (day < frame["end"]))


def members_on(ds: Dataset, day, body_id: str) -> pd.DataFrame:
    """Who sat in the body on a day: one row per member, full members first, then by name."""
    day = to_day(day)
    spells = ds.memberships[in_body(ds.memberships, body_id)]
    spells = _with_names(ds, spells[_active(spells, day)])
    # in a series of bodies, a person counts once: in the body they entered last
    spells = spells.sort_values("start").drop_duplicates("person_id", keep="last")
    order = {kind: i for i, kind in enumerate(ds.enum("memberships", "membership_type"))}
    spells = spells.assign(_order=spells["membership_type"].map(order))
    spells = spells.sort_values(["_order", "sort_name", "person_id"]).drop(columns="_order")
    cols = [
        "person_id",
        "name",
        "sort_name",
        "membership_type",
        "start_date",
        "end_date",
        "end_reason",
        "certainty",
        "start_precision",
        "end_precision",
        "source_id",
        "membership_id",
    ]
    return spells[cols].reset_index(drop=True)


def spells(ds: Dataset, body_id: str, start, end) -> pd.DataFrame:
    """Spells in the body that overlap [start, end], clipped to it for drawing (draw_start, draw_end)."""
    start, end = to_day(start), to_day(end)
    frame = ds.memberships[in_body(ds.memberships, body_id)]
    frame = frame[(frame["start"] <= end) & (frame["end"].isna() | (frame["end"] > start))]
    frame = _with_names(ds, frame)
    frame["draw_start"] = frame["start"].clip(lower=start)
    frame["draw_end"] = frame["end"].fillna(end).clip(upper=end)
    frame["open_end"] = frame["end"].isna() | (frame["end"] > end)
    first = frame.groupby("person_id")["start"].transform("min")
    frame = frame.assign(first_start=first).sort_values(["first_start", "sort_name", "start"])
    return frame.drop(columns="first_start").reset_index(drop=True)


def change_days(ds: Dataset, body_id: str, start, end) -> list[pd.Timestamp]:
    """The days in [start, end] on which the body's composition changed, with the period's start."""
    start, end = to_day(start), to_day(end)
    frame = ds.memberships[in_body(ds.memberships, body_id)]
    days = set(frame["start"].dropna()) | set(frame["end"].dropna()) | {start}
    return sorted(d for d in days if start <= d <= end)


def size_by_date(ds: Dataset, body_id: str, start, end) -> pd.DataFrame:
    """The number of full and candidate members from each change day until the next one."""
    days = change_days(ds, body_id, start, end)
    rows = []
    for i, day in enumerate(days):
        sitting = members_on(ds, day, body_id)["membership_type"].value_counts()
        until = days[i + 1] if i + 1 < len(days) else to_day(end)
        rows.append(
            {
                "date": day,
                "until": until,
                "full": int(sitting.get("full", 0)),
                "candidate": int(sitting.get("candidate", 0)),
            }
        )
    frame = pd.DataFrame(rows, columns=["date", "until", "full", "candidate"])
    frame["total"] = frame["full"] + frame["candidate"]
    return frame


def changes_on(ds: Dataset, day, body_id: str) -> pd.DataFrame:
    """Spells that began or ended on a day: who joined, who left, who changed status."""
    day = to_day(day)
    frame = ds.memberships[in_body(ds.memberships, body_id)]
    began = frame[frame["start"] == day].assign(change="joined as", end_reason=pd.NA)  # ends later
    ended = frame[frame["end"] == day].assign(change="left as")
    out = _with_names(ds, pd.concat([ended, began]))
    cols = ["change", "person_id", "name", "membership_type", "end_reason", "source_id", "membership_id"]
    return out.sort_values(["change", "sort_name"], ascending=[False, True])[cols].reset_index(drop=True)


def roles_on(ds: Dataset, day, person_ids=None) -> pd.DataFrame:
    """Offices held on a day, optionally only by some persons."""
    day = to_day(day)
    frame = ds.roles[_active(ds.roles, day)]
    if person_ids is not None:
        frame = frame[frame["person_id"].isin(list(person_ids))]
    cols = [
        "person_id",
        "role",
        "organization",
        "domain",
        "start_date",
        "end_date",
        "certainty",
        "source_id",
        "role_id",
    ]
    return frame[cols].reset_index(drop=True)


def division_of_labour(ds: Dataset, day, body_id: str) -> pd.DataFrame:
    """Each member sitting on a day with the offices they held then (a member with none: a blank row)."""
    sitting = members_on(ds, day, body_id)[["person_id", "name", "sort_name", "membership_type"]]
    held = roles_on(ds, day, sitting["person_id"])
    out = sitting.merge(held, on="person_id", how="left")
    out["domain"] = out["domain"].fillna("(none recorded)")
    return out.reset_index(drop=True)


def vote_tallies(ds: Dataset, body_id: str | None = None) -> pd.DataFrame:
    """Each vote event with the individual positions counted, beside the counts the source reports
    (documents approved by signature are counted apart: see signed())."""
    events = ballots(ds.vote_events)
    if body_id is not None:
        events = events[in_body(events, body_id)]
    positions = ds.enum("votes", "position")
    counts = (
        ds.votes.pivot_table(index="event_id", columns="position", values="person_id", aggfunc="count")
        .reindex(columns=positions)
        .fillna(0)
        .astype(int)
    )
    out = events.merge(counts, left_on="event_id", right_index=True, how="left")
    out[positions] = out[positions].fillna(0).astype(int)
    out["body"] = out["body_id"].map(ds.bodies.set_index("body_id")["name"])
    return out.sort_values(["day", "event_id"]).reset_index(drop=True)


def positions(ds: Dataset, event_id: str) -> pd.DataFrame:
    """The recorded positions in one vote, with each voter's status in the body on that day."""
    event = ds.vote_events.set_index("event_id").loc[event_id]
    votes = _with_names(ds, ds.votes[ds.votes["event_id"] == event_id])
    status = members_on(ds, event["day"], event["body_id"])[["person_id", "membership_type"]]
    votes = votes.merge(status, on="person_id", how="left")
    votes["membership_type"] = votes["membership_type"].fillna("not a member")
    order = {p: i for i, p in enumerate(ds.enum("votes", "position"))}
    votes = votes.assign(_o=votes["position"].map(order)).sort_values(["_o", "sort_name"])
    cols = [
        "person_id",
        "name",
        "membership_type",
        "position",
        "raw_position",
        "certainty",
        "source_id",
        "note",
    ]
    return votes[cols].reset_index(drop=True)


def agreement(ds: Dataset, body_id: str | None = None, disputed: bool = True) -> pd.DataFrame:
    """Pairwise agreement: for each pair, the votes both decided (yes/no/abstain) and how often alike;
    over the votes of a body (or of every body), with or without the disputed votes."""
    votes = ds.votes[ds.votes["position"].isin(DECIDED)]
    events = ballots(ds.vote_events)
    if body_id is not None:
        events = events[in_body(events, body_id)]
    if not disputed:
        events = events[events["certainty"] != "disputed"]
    votes = votes[votes["event_id"].isin(events["event_id"])]
    table = votes.pivot_table(index="event_id", columns="person_id", values="position", aggfunc="first")
    rows = []
    for a, b in combinations(sorted(table.columns), 2):
        both = table[[a, b]].dropna()
        if both.empty:
            continue
        agree = int((both[a] == both[b]).sum())
        rows.append({"person_a": a, "person_b": b, "shared": len(both), "agree": agree})
    out = pd.DataFrame(rows, columns=["person_a", "person_b", "shared", "agree"])
    out["rate"] = (out["agree"] / out["shared"]).astype(float)
    people = ds.persons.set_index("person_id")
    sort = people["sort_name"].fillna(people["name"])
    out["name_a"] = out["person_a"].map(people["name"])
    out["name_b"] = out["person_b"].map(people["name"])
    out["sort_a"] = out["person_a"].map(sort)
    out["sort_b"] = out["person_b"].map(sort)
    return out


def agreement_matrix(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs of agreement() as a symmetric long frame, for a heat map (both orders of each pair)."""
    swapped = pairs.rename(
        columns={
            "person_a": "person_b",
            "person_b": "person_a",
            "name_a": "name_b",
            "name_b": "name_a",
            "sort_a": "sort_b",
            "sort_b": "sort_a",
        }
    )
    return pd.concat([pairs, swapped[pairs.columns]], ignore_index=True)


def default_snapshot_days(ds: Dataset, body_id: str, start, end, limit: int = 32) -> list[str]:
    """Days for 'the body on a date' pages: the period's first day, days with a documented vote,
    and the day-precise days on which the composition changed; past the limit, the days with the
    most changes (plenums after congresses, purges) are kept."""
    start, end = to_day(start), to_day(end)
    frame = ds.memberships[in_body(ds.memberships, body_id)]
    moves = pd.concat(
        [
            frame.loc[frame["start_precision"] == "day", "start"],
            frame.loc[frame["end_precision"] == "day", "end"],
        ]
    ).value_counts()
    moves = moves[(moves.index >= start) & (moves.index <= end)]
    events = ballots(ds.vote_events)
    events = events[in_body(events, body_id)]
    votes = {d for d in events.loc[events["date"].str.len() == 10, "day"] if start <= d <= end}
    keep = {start} | set(sorted(votes)[: max(1, limit // 2)])
    ranked = sorted(moves.items(), key=lambda kv: (-kv[1], kv[0]))
    for day, _ in ranked:
        if len(keep) >= limit:
            break
        keep.add(day)
    return [d.date().isoformat() for d in sorted(keep)]


# --- one person ------------------------------------------------------------------------------


def person_spells(ds: Dataset, person_id: str) -> pd.DataFrame:
    """Every spell of a person in every body, in order, with the body's name."""
    spells = ds.memberships[ds.memberships["person_id"] == person_id]
    spells = spells.merge(ds.bodies[["body_id", "name"]].rename(columns={"name": "body"}), on="body_id")
    return spells.sort_values(["start", "body_id"]).reset_index(drop=True)


def person_roles(ds: Dataset, person_id: str) -> pd.DataFrame:
    """Every office of a person, in order of appointment."""
    return ds.roles[ds.roles["person_id"] == person_id].sort_values(["start", "role"]).reset_index(drop=True)


def person_votes(ds: Dataset, person_id: str) -> pd.DataFrame:
    """Every recorded position of a person, with the vote's date, body, motion and result."""
    votes = ds.votes[ds.votes["person_id"] == person_id]
    events = ballots(ds.vote_events)[["event_id", "body_id", "date", "day", "title", "result"]].rename(
        columns={"certainty": "event_certainty"}
    )
    out = votes.merge(events, on="event_id").merge(
        ds.bodies[["body_id", "name"]].rename(columns={"name": "body"}), on="body_id"
    )
    return out.sort_values(["day", "event_id"]).reset_index(drop=True)


def partners(ds: Dataset, person_id: str, pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The members a person voted alike with, most shared votes first: partner, shared, agree, rate."""
    pairs = agreement(ds) if pairs is None else pairs
    mine = pairs[(pairs["person_a"] == person_id) | (pairs["person_b"] == person_id)]
    partner = mine["person_b"].where(mine["person_a"] == person_id, mine["person_a"])
    out = mine.assign(partner=partner)[["partner", "shared", "agree", "rate"]]
    out = _with_names(ds, out.rename(columns={"partner": "person_id"}))
    return out.sort_values(["agree", "rate", "sort_name"], ascending=[False, False, True]).reset_index(
        drop=True
    )


def career(ds: Dataset, person_id: str, horizon) -> pd.DataFrame:
    """A person's spells and offices on one time axis: track, kind, label, start, end (open ends
    drawn to the horizon), and the row's dates as given."""
    horizon = to_day(horizon)
    rows = []
    for s in person_spells(ds, person_id).itertuples():
        rows.append(("membership", s.body, s.membership_type, s.start, s.end, s.start_date, s.end_date))
    for r in person_roles(ds, person_id).itertuples():
        rows.append(
            ("office", f"{r.role}, {r.organization}", r.domain, r.start, r.end, r.start_date, r.end_date)
        )
    frame = pd.DataFrame(rows, columns=["track", "label", "kind", "start", "end", "start_date", "end_date"])
    frame["open_end"] = frame["end"].isna()
    frame["end"] = frame["end"].fillna(max(horizon, frame["start"].max() if len(frame) else horizon))
    return frame


def sessions_on(ds: Dataset, day, body_id: str) -> pd.DataFrame:
    """The sessions that changed the body (or series of bodies) on a day."""
    day = to_day(day)
    sessions = ds.tables.get("sessions")
    if sessions is None or sessions.empty:
        return pd.DataFrame(columns=[] if sessions is None else sessions.columns)
    return sessions[in_body(sessions, body_id) & (sessions["day"] == day)].reset_index(drop=True)


def years_in(ds: Dataset, body_id: str) -> pd.DataFrame:
    """For each person who sat in the body: first and last year of membership ('' while open)."""
    spells = ds.memberships[in_body(ds.memberships, body_id)]
    grouped = spells.groupby("person_id")
    first = grouped["start"].min().dt.year
    still = grouped["end"].apply(lambda e: e.isna().any())
    last = grouped["end"].max().dt.year.where(~still)
    return pd.DataFrame({"first": first, "last": last}).reset_index()


# --- documents approved by signature ---------------------------------------------------------


def signed(ds: Dataset, body_id: str | None = None) -> pd.DataFrame:
    """The documents a body approved by its members' signatures, one row per document and member
    asked (a position recorded as unknown is left out): event_id, date, day, precision, week (the
    Monday of the document's week, for day-precise dates), person_id, name, sort_name, position,
    signed (bool), membership_type on that day ('not a member' for a signer outside the body)."""
    events = ds.vote_events[ds.vote_events["procedure"] == SIGNATURE]
    if body_id is not None:
        events = events[in_body(events, body_id)]
    events = events[["event_id", "body_id", "date", "day", "certainty"]].copy()
    events["precision"] = events["date"].str.len().map({4: "year", 7: "month", 10: "day"})
    week = events["day"] - pd.to_timedelta(events["day"].dt.day_of_week, unit="D")
    events["week"] = week.where(events["precision"] == "day")
    votes = ds.votes[ds.votes["event_id"].isin(events["event_id"]) & (ds.votes["position"] != "unknown")]
    out = _with_names(ds, votes[["event_id", "person_id", "position"]].merge(events, on="event_id"))
    out["signed"] = out["position"] == "yes"
    spells = ds.memberships[["person_id", "body_id", "membership_type", "start", "end"]]
    both = out[["event_id", "person_id", "body_id", "day"]].merge(spells, on=["person_id", "body_id"])
    both = both[_active(both, both["day"])].drop_duplicates(["event_id", "person_id"])
    out = out.merge(
        both[["event_id", "person_id", "membership_type"]], on=["event_id", "person_id"], how="left"
    )
    out["membership_type"] = out["membership_type"].fillna("not a member")
    return out.sort_values(["day", "event_id", "sort_name"]).reset_index(drop=True)


def signers(rows: pd.DataFrame) -> pd.DataFrame:
    """Per person asked to sign (rows from signed()): documents signed, documents not signed, the
    first and last signature; those who signed most first."""
    grouped = rows.groupby(["person_id", "name", "sort_name"], dropna=False)
    out = grouped.agg(
        signed=("signed", "sum"),
        asked=("signed", "size"),
        first=("day", lambda d: d[rows.loc[d.index, "signed"]].min()),
        last=("day", lambda d: d[rows.loc[d.index, "signed"]].max()),
    ).reset_index()
    out["signed"] = out["signed"].astype(int)
    out["not_signed"] = out["asked"] - out["signed"]
    return out.sort_values(["signed", "sort_name"], ascending=[False, True]).reset_index(drop=True)


def per_week(rows: pd.DataFrame) -> pd.DataFrame:
    """Documents per week (day-precise dates only): week, documents; weeks without any are absent."""
    events = rows.drop_duplicates("event_id")
    events = events[events["week"].notna()]
    return events.groupby("week").size().rename("documents").reset_index()


def per_month(rows: pd.DataFrame) -> pd.DataFrame:
    """For each person and month with documents: documents of the month (any precision finer than a
    year), how many the person was asked to sign and how many they signed."""
    rows = rows[rows["precision"] != "year"].copy()
    rows["month"] = rows["day"].dt.to_period("M").dt.to_timestamp()
    out = (
        rows.groupby(["person_id", "name", "sort_name", "month"])
        .agg(asked=("signed", "size"), signed=("signed", "sum"))
        .reset_index()
    )
    out["signed"] = out["signed"].astype(int)
    return out


def cosigned(rows: pd.DataFrame) -> pd.DataFrame:
    """Pairs of signers: the documents both signed, and that as a share of those either signed."""
    table = rows[rows["signed"]].pivot_table(
        index="event_id", columns="person_id", values="signed", aggfunc="any", fill_value=False
    )
    names = rows.drop_duplicates("person_id").set_index("person_id")
    out = []
    for a, b in combinations(sorted(table.columns), 2):
        both = int((table[a] & table[b]).sum())
        either = int((table[a] | table[b]).sum())
        if either:
            out.append({"person_a": a, "person_b": b, "both": both, "either": either})
    out = pd.DataFrame(out, columns=["person_a", "person_b", "both", "either"])
    out["share"] = (out["both"] / out["either"]).astype(float)
    for side in ("a", "b"):
        out[f"name_{side}"] = out[f"person_{side}"].map(names["name"])
        out[f"sort_{side}"] = out[f"person_{side}"].map(names["sort_name"])
    return out


# --- readings that differ --------------------------------------------------------------------


def variants_of(ds: Dataset, table: str, row_ids) -> pd.DataFrame:
    """The differing readings recorded for some rows of a table, with the row's own value beside
    each: table, row_id, field, value, chosen (the row's reading), source_id, source_loc, note."""
    variants = ds.tables.get("variants")
    columns = ["table", "row_id", "field", "value", "chosen", "source_id", "source_loc", "note"]
    if variants is None or variants.empty:
        return pd.DataFrame(columns=columns)
    found = variants[(variants["table"] == table) & variants["row_id"].isin(list(row_ids))].copy()
    frame = ds.tables[table]
    if table == "votes":
        keyed = frame.set_index(vote_row_ids(frame))
    else:
        key = ds.primary_key(table)
        keyed = frame.set_index(key)
    found["chosen"] = [
        keyed.at[r, f] if r in keyed.index and f in keyed.columns else None
        for r, f in zip(found["row_id"], found["field"], strict=True)
    ]
    return found[columns].reset_index(drop=True)


def _variants_of_each(ds: Dataset, parts: list[tuple[str, object]]) -> pd.DataFrame:
    found = [variants_of(ds, table, ids) for table, ids in parts]
    return pd.concat([f for f in found if not f.empty] or found[:1], ignore_index=True)


def person_variants(ds: Dataset, person_id: str) -> pd.DataFrame:
    """Every differing reading recorded for a person's rows: the person, spells, offices, votes."""
    mine = ds.votes[ds.votes["person_id"] == person_id]
    return _variants_of_each(
        ds,
        [
            ("persons", [person_id]),
            ("memberships", ds.memberships.loc[ds.memberships["person_id"] == person_id, "membership_id"]),
            ("roles", ds.roles.loc[ds.roles["person_id"] == person_id, "role_id"]),
            ("votes", vote_row_ids(mine)),
        ],
    )


def day_variants(ds: Dataset, changes: pd.DataFrame, event_ids) -> pd.DataFrame:
    """The differing readings of a day's page: for the spells that began or ended that day
    (changes_on) and for the day's votes and their positions."""
    votes = ds.votes[ds.votes["event_id"].isin(list(event_ids))]
    return _variants_of_each(
        ds,
        [
            ("memberships", changes["membership_id"]),
            ("vote_events", event_ids),
            ("votes", vote_row_ids(votes)),
        ],
    )


# --- pivots ----------------------------------------------------------------------------------


def pivots(ds: Dataset, body_id: str | None = None) -> pd.DataFrame:
    """For each vote with a known result and a known margin, the recorded voters whose switch would
    have changed the result, under a simple majority of the votes cast (a tie fails).

    The margin (for minus against) comes from the totals the sources report; else from the margin
    they report (vote_events.margin); else from the recorded positions when every member of the
    body that day has one. Per recorded voter on the winning side: the margin had they voted the
    other way (two votes less) and had they not voted (one less), and whether either would have
    tied or reversed the result. Columns: event_id, date, title, margin, margin_from, recorded,
    members, person_id, name, position, raw_position, switched_margin, withheld_margin, pivotal
    ('reversed', 'tied' or ''), note."""
    events = ballots(ds.vote_events)
    if body_id is not None:
        events = events[in_body(events, body_id)]
    events = events[events["result"].isin(["adopted", "rejected"])]
    rows = []
    for event in events.itertuples():
        votes = _with_names(ds, ds.votes[ds.votes["event_id"] == event.event_id])
        cast = votes[votes["position"].isin(["yes", "no"])]
        sitting = members_on(ds, event.day, event.body_id)
        if not pd.isna(event.count_yes) and not pd.isna(event.count_no):
            margin, source = int(event.count_yes) - int(event.count_no), "the totals the sources report"
        elif not pd.isna(event.margin):
            margin, source = int(event.margin), "the majority the sources report"
        elif len(sitting) and set(sitting["person_id"]) <= set(votes["person_id"]):
            margin = int((cast["position"] == "yes").sum() - (cast["position"] == "no").sum())
            source = "the positions recorded for every member"
        else:
            continue
        winning = "yes" if event.result == "adopted" else "no"
        sign = 1 if winning == "yes" else -1
        for voter in cast[cast["position"] == winning].itertuples():
            switched, withheld = margin - 2 * sign, margin - sign
            # carried when more vote for than against: a tie fails, so it only undoes an adoption
            changed = (switched > 0) != (margin > 0)
            pivotal = ("tied" if switched == 0 else "reversed") if changed else ""
            rows.append(
                {
                    "event_id": event.event_id,
                    "date": event.date,
                    "title": event.title,
                    "margin": margin,
                    "margin_from": source,
                    "recorded": len(cast),
                    "members": len(sitting),
                    "person_id": voter.person_id,
                    "name": voter.name,
                    "position": voter.position,
                    "raw_position": voter.raw_position,
                    "switched_margin": switched,
                    "withheld_margin": withheld,
                    "pivotal": pivotal,
                    "note": voter.note,
                }
            )
    columns = [
        "event_id", "date", "title", "margin", "margin_from", "recorded", "members", "person_id", "name",
        "position", "raw_position", "switched_margin", "withheld_margin", "pivotal", "note",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
