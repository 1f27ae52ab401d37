"""Altair charts for the chapters. Each takes a tidy frame from queries and returns a chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

TYPE_COLORS = {"full": "#8c1c13", "candidate": "#d9a441"}
POSITION_COLORS = {
    "yes": "#2b6a3a",
    "no": "#a3231f",
    "abstain": "#d9a441",
    "absent": "#6e6e6e",
    "not_voting": "#a8a8a8",
    "unknown": "#d4d4d4",
}
OTHER_COLORS = ("#4c78a8", "#72b7b2", "#b279a2", "#9d755d", "#bab0ac")  # values a dataset adds
WIDTH = 440


def scale(values, colors: dict[str, str]) -> alt.Scale:
    """A colour scale over the allowed values (from the descriptor), known values in their colours."""
    extra = iter(OTHER_COLORS * (1 + len(values) // len(OTHER_COLORS)))
    return alt.Scale(domain=list(values), range=[colors.get(v) or next(extra) for v in values])


def _iso(frame: pd.DataFrame, *cols: str) -> pd.DataFrame:
    """Dates as ISO strings, so the chart's JSON is plain and byte-stable."""
    frame = frame.copy()
    for col in cols:
        frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    return frame


def timeline(spells: pd.DataFrame, title: str, types=tuple(TYPE_COLORS)) -> alt.Chart:
    """Gantt chart of membership spells: one row per person, colour by full or candidate."""
    data = _iso(spells, "draw_start", "draw_end")
    data = data.assign(
        end_shown=data["end_date"].fillna("(open)"),
        dates=data["certainty"].where(data["certainty"] != "certain", "certain"),
    )[
        [
            "name",
            "membership_type",
            "draw_start",
            "draw_end",
            "start_date",
            "end_shown",
            "end_reason",
            "certainty",
            "source_id",
        ]
    ]
    order = list(dict.fromkeys(data["name"]))
    return (
        alt.Chart(data, title=title)
        .mark_bar(height=10)
        .encode(
            x=alt.X("draw_start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            x2="draw_end:T",
            y=alt.Y("name:N", sort=order, title=None),
            color=alt.Color("membership_type:N", scale=scale(types, TYPE_COLORS), title="Status"),
            opacity=alt.condition(alt.datum.certainty == "certain", alt.value(1.0), alt.value(0.5)),
            tooltip=[
                alt.Tooltip("name:N", title="Member"),
                alt.Tooltip("membership_type:N", title="Status"),
                alt.Tooltip("start_date:N", title="From"),
                alt.Tooltip("end_shown:N", title="Until"),
                alt.Tooltip("end_reason:N", title="Ended by"),
                alt.Tooltip("certainty:N", title="Certainty"),
                alt.Tooltip("source_id:N", title="Source"),
            ],
        )
        .properties(width=WIDTH, height=max(120, 16 * len(order)))
    )


def size_steps(size: pd.DataFrame, title: str, types=tuple(TYPE_COLORS)) -> alt.Chart:
    """Stacked step chart of the number of full and candidate members over time."""
    parts = []
    for kind, low, high in (("full", 0, "full"), ("candidate", "full", "total")):
        part = size[["date", "until"]].copy()
        part["membership_type"] = kind
        part["members"] = size[kind]
        part["low"] = size[low] if isinstance(low, str) else low
        part["high"] = size[high]
        parts.append(part)
    data = _iso(pd.concat(parts, ignore_index=True), "date", "until")
    return (
        alt.Chart(data, title=title)
        .mark_rect()
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            x2="until:T",
            y=alt.Y("high:Q", title="Members", axis=alt.Axis(tickMinStep=1)),
            y2="low:Q",
            color=alt.Color("membership_type:N", scale=scale(types, TYPE_COLORS), title="Status"),
            tooltip=[
                alt.Tooltip("date:T", title="From", format="%d %b %Y"),
                alt.Tooltip("until:T", title="Until", format="%d %b %Y"),
                alt.Tooltip("membership_type:N", title="Status"),
                alt.Tooltip("members:Q", title="Members"),
            ],
        )
        .properties(width=WIDTH, height=200)
    )


def labour_grid(division: pd.DataFrame, title: str, types=tuple(TYPE_COLORS)) -> alt.Chart:
    """Member by domain: a mark where a member held an office in that domain; tooltip names it."""
    data = division.copy()
    data["role"] = data["role"].fillna("")
    data["organization"] = data["organization"].fillna("")
    data = data[["name", "membership_type", "domain", "role", "organization", "start_date"]]
    order = list(dict.fromkeys(data["name"]))
    return (
        alt.Chart(data, title=title)
        .mark_square(size=180)
        .encode(
            x=alt.X("domain:N", title=None, sort="ascending", axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("name:N", sort=order, title=None),
            color=alt.Color("membership_type:N", scale=scale(types, TYPE_COLORS), title="Status"),
            tooltip=[
                alt.Tooltip("name:N", title="Member"),
                alt.Tooltip("role:N", title="Office"),
                alt.Tooltip("organization:N", title="Of"),
                alt.Tooltip("domain:N", title="Domain"),
                alt.Tooltip("start_date:N", title="Since"),
            ],
        )
        .properties(width=alt.Step(34), height=alt.Step(20))
    )


def roll_call(votes: pd.DataFrame, title: str, positions=tuple(POSITION_COLORS)) -> alt.Chart:
    """Member by vote: each cell coloured by the recorded position."""
    data = votes[["date", "event", "name", "position", "raw_position", "certainty"]].copy()
    data["raw_position"] = data["raw_position"].fillna("")
    order = list(dict.fromkeys(data.sort_values(["date", "event"])["event"]))
    return (
        alt.Chart(data, title=title)
        .mark_rect(stroke="white")
        .encode(
            x=alt.X("event:N", title=None, sort=order, axis=alt.Axis(labelAngle=-50, labelLimit=200)),
            y=alt.Y("name:N", title=None, sort="ascending"),
            color=alt.Color("position:N", scale=scale(positions, POSITION_COLORS), title="Position"),
            tooltip=[
                alt.Tooltip("name:N", title="Member"),
                alt.Tooltip("event:N", title="Vote"),
                alt.Tooltip("position:N", title="Position"),
                alt.Tooltip("raw_position:N", title="Source says"),
                alt.Tooltip("certainty:N", title="Certainty"),
            ],
        )
        .properties(width=alt.Step(24), height=alt.Step(16))
    )


def agreement_heatmap(matrix: pd.DataFrame, title: str) -> alt.Chart:
    """Pairwise agreement as a heat map, each cell labelled 'agreed/shared'."""
    data = matrix[["name_a", "name_b", "shared", "agree", "rate"]].copy()
    data["label"] = data["agree"].astype(str) + "/" + data["shared"].astype(str)
    base = alt.Chart(data, title=title).encode(
        x=alt.X("name_a:N", title=None, sort="ascending", axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("name_b:N", title=None, sort="ascending"),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("rate:Q", title="Agreement", scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen")),
        tooltip=[
            alt.Tooltip("name_a:N", title="Member"),
            alt.Tooltip("name_b:N", title="and"),
            alt.Tooltip("agree:Q", title="Votes alike"),
            alt.Tooltip("shared:Q", title="Votes both cast"),
            alt.Tooltip("rate:Q", title="Share alike", format=".0%"),
        ],
    )
    text = base.mark_text(fontSize=10).encode(text="label:N")
    return (cells + text).properties(width=alt.Step(44), height=alt.Step(24))


def rows_by_decade(decades: pd.DataFrame, title: str) -> alt.Chart:
    """Grouped bars: rows of each dated table by decade (the wide frame of codebook.rows_by_decade)."""
    long = decades.melt(id_vars="decade", var_name="table", value_name="rows")
    return (
        alt.Chart(long, title=title)
        .mark_bar()
        .encode(
            x=alt.X("decade:N", title=None),
            xOffset="table:N",
            y=alt.Y("rows:Q", title="Rows"),
            color=alt.Color("table:N", title="Table"),
            tooltip=["decade:N", "table:N", "rows:Q"],
        )
        .properties(width=420, height=220)
    )
