"""Altair charts for the chapters. Each takes a tidy frame whose coded values are already in words
(analysis.present.words) and returns a chart; a column `href` makes its marks links (to a person's
page, say). Colours are safe for colour-blind readers: no red-green pair carries meaning."""

from __future__ import annotations

import altair as alt
import pandas as pd

# Colours by code (the descriptor's values); scales are built over the words that label them.
TYPE_COLORS = {"full": "#1f4e79", "candidate": "#e69f00"}
POSITION_COLORS = {  # for / against: blue / orange (Okabe-Ito), the rest greys
    "yes": "#0072b2",
    "no": "#d55e00",
    "abstain": "#f0e442",
    "absent": "#6e6e6e",
    "not_voting": "#a8a8a8",
    "unknown": "#d4d4d4",
}
OTHER_COLORS = ("#56b4e9", "#009e73", "#cc79a7", "#9d755d", "#bab0ac", "#332288", "#88ccee", "#44aa99")
OFFICE_COLOR = "#7f7f7f"
WIDTH = 520


def scale(values, colors: dict[str, str]) -> alt.Scale:
    """A colour scale over the allowed values (from the descriptor), known values in their colours."""
    extra = iter(OTHER_COLORS * (1 + len(values) // len(OTHER_COLORS)))
    return alt.Scale(domain=list(values), range=[colors.get(v) or next(extra) for v in values])


def worded_scale(labels: dict[str, str], colors: dict[str, str]) -> alt.Scale:
    """A colour scale over the words of coded values: labels {code: words}, colours {code: colour}."""
    return scale(list(labels.values()), {labels[c]: colors[c] for c in labels if c in colors})


def _iso(frame: pd.DataFrame, *cols: str) -> pd.DataFrame:
    """Dates as ISO strings, so the chart's JSON is plain and byte-stable."""
    frame = frame.copy()
    for col in cols:
        frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    return frame


def _href(frame: pd.DataFrame) -> dict:
    return {"href": alt.Href("href:N")} if "href" in frame.columns else {}


def _keep(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame[[c for c in columns if c in frame.columns]]


def timeline(spells: pd.DataFrame, title: str, status: alt.Scale) -> alt.Chart:
    """Gantt chart of membership spells: one row per person (in the frame's order), coloured by status."""
    data = _iso(spells, "draw_start", "draw_end")
    data = data.assign(end_shown=data["end_date"].fillna("(still a member)"))
    data = _keep(
        data,
        [
            "name",
            "status",
            "draw_start",
            "draw_end",
            "start_date",
            "end_shown",
            "ended",
            "certainty",
            "source",
            "href",
        ],
    )
    order = list(dict.fromkeys(data["name"]))
    return (
        alt.Chart(data, title=title)
        .mark_bar(height=10)
        .encode(
            x=alt.X("draw_start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            x2="draw_end:T",
            y=alt.Y("name:N", sort=order, title=None),
            color=alt.Color("status:N", scale=status, title="Status"),
            opacity=alt.condition(alt.datum.certainty == "certain", alt.value(1.0), alt.value(0.5)),
            tooltip=[
                alt.Tooltip("name:N", title="Member"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("start_date:N", title="From"),
                alt.Tooltip("end_shown:N", title="Until"),
                alt.Tooltip("ended:N", title="How it ended"),
                alt.Tooltip("certainty:N", title="Certainty"),
                alt.Tooltip("source:N", title="Source"),
            ],
            **_href(data),
        )
        .properties(width=WIDTH, height=max(120, 16 * len(order)))
    )


def size_steps(size: pd.DataFrame, title: str, status: alt.Scale, labels: dict[str, str]) -> alt.Chart:
    """Stacked step chart of the number of full and candidate members over time."""
    parts = []
    for kind, low, high in (("full", 0, "full"), ("candidate", "full", "total")):
        part = size[["date", "until"]].copy()
        part["status"] = labels.get(kind, kind)
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
            color=alt.Color("status:N", scale=status, title="Status"),
            tooltip=[
                alt.Tooltip("date:T", title="From", format="%d %b %Y"),
                alt.Tooltip("until:T", title="Until", format="%d %b %Y"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("members:Q", title="Members"),
            ],
        )
        .properties(width=WIDTH, height=200)
    )


def labour_grid(division: pd.DataFrame, title: str, status: alt.Scale) -> alt.Chart:
    """Member by domain: a mark where a member held an office in that domain; tooltip names it."""
    data = division.fillna({"role": "", "organization": "", "start_date": ""})
    data = _keep(data, ["name", "status", "domain", "role", "organization", "start_date", "href"])
    order = list(dict.fromkeys(data["name"]))
    return (
        alt.Chart(data, title=title)
        .mark_square(size=180)
        .encode(
            x=alt.X("domain:N", title=None, sort="ascending", axis=alt.Axis(labelAngle=-40, labelLimit=160)),
            y=alt.Y("name:N", sort=order, title=None),
            color=alt.Color("status:N", scale=status, title="Status"),
            tooltip=[
                alt.Tooltip("name:N", title="Member"),
                alt.Tooltip("role:N", title="Office"),
                alt.Tooltip("organization:N", title="Of"),
                alt.Tooltip("domain:N", title="Domain"),
                alt.Tooltip("start_date:N", title="Since"),
            ],
            **_href(data),
        )
        .properties(width=alt.Step(30), height=alt.Step(20))
    )


def roll_call(votes: pd.DataFrame, title: str, positions: alt.Scale) -> alt.Chart:
    """Member by vote: each cell coloured by the recorded position; members by surname, votes by date."""
    data = votes.fillna({"raw_position": ""})
    data = _keep(
        data, ["date", "event", "name", "sort_name", "position", "raw_position", "certainty", "href"]
    )
    order = list(dict.fromkeys(data.sort_values(["date", "event"])["event"]))
    members = list(dict.fromkeys(data.sort_values("sort_name")["name"]))
    return (
        alt.Chart(data, title=title)
        .mark_rect(stroke="white")
        .encode(
            x=alt.X("event:N", title=None, sort=order, axis=alt.Axis(labelAngle=-50, labelLimit=220)),
            y=alt.Y("name:N", title=None, sort=members),
            color=alt.Color("position:N", scale=positions, title="Position"),
            tooltip=[
                alt.Tooltip("name:N", title="Member"),
                alt.Tooltip("event:N", title="Vote"),
                alt.Tooltip("position:N", title="Position"),
                alt.Tooltip("raw_position:N", title="The source's word"),
                alt.Tooltip("certainty:N", title="Certainty"),
            ],
            **_href(data),
        )
        .properties(width=alt.Step(22), height=alt.Step(16))
    )


def _pair_heatmap(
    matrix: pd.DataFrame, title: str, count: str, of: str, share: str, words: dict, ratio: bool = True
) -> alt.Chart:
    """A heat map of pairs of members (a sequential blue scale), each cell labelled 'count/of' (or
    the count alone); its cells shrink so that the chart fits a page's column. `words` titles the
    legend and tooltips."""
    data = matrix[["name_a", "name_b", "sort_a", "sort_b", of, count, share]].copy()
    data["label"] = data[count].astype(str) + ("/" + data[of].astype(str) if ratio else "")
    names = list(dict.fromkeys(data.sort_values("sort_a")["name_a"]))
    step = max(12, min(36, (WIDTH - 160) // max(1, len(names))))
    base = alt.Chart(data, title=title).encode(
        x=alt.X("name_a:N", title=None, sort=names, axis=alt.Axis(labelAngle=-45, labelLimit=140)),
        y=alt.Y("name_b:N", title=None, sort=names, axis=alt.Axis(labelLimit=140)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(f"{share}:Q", title=words[share], scale=alt.Scale(domain=[0, 1], scheme="blues")),
        tooltip=[
            alt.Tooltip("name_a:N", title=words["name_a"]),
            alt.Tooltip("name_b:N", title="and"),
            alt.Tooltip(f"{count}:Q", title=words[count]),
            alt.Tooltip(f"{of}:Q", title=words[of]),
            alt.Tooltip(f"{share}:Q", title=words[share], format=".0%"),
        ],
    )
    text = base.mark_text(fontSize=max(7, step // 3)).encode(
        text="label:N",
        color=alt.condition(f"datum['{share}'] > 0.6", alt.value("white"), alt.value("black")),
    )
    return (cells + text).properties(width=alt.Step(step), height=alt.Step(step))


def agreement_heatmap(matrix: pd.DataFrame, title: str) -> alt.Chart:
    """Pairwise agreement, each cell labelled 'agreed/shared' (analysis.queries.agreement_matrix)."""
    words = {"name_a": "Member", "agree": "Votes alike", "shared": "Votes both cast", "rate": "Share alike"}
    return _pair_heatmap(matrix, title, "agree", "shared", "rate", words)


def career(frame: pd.DataFrame, title: str, colors: alt.Scale) -> alt.Chart:
    """One person's spells in the bodies and offices on one time axis: a row for each, in order."""
    data = _iso(frame, "start", "end").fillna({"end_date": "(after the data's horizon)"})
    data = _keep(data, ["row", "what", "start", "end", "start_date", "end_date", "track"])
    order = list(dict.fromkeys(data["row"]))
    return (
        alt.Chart(data, title=title)
        .mark_bar(height=10)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            x2="end:T",
            y=alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color("what:N", scale=colors, title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("row:N", title="Body or office"),
                alt.Tooltip("what:N", title="As"),
                alt.Tooltip("start_date:N", title="From"),
                alt.Tooltip("end_date:N", title="Until"),
            ],
        )
        .properties(width=WIDTH - 260, height=max(60, 18 * len(order)))
    )


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
            color=alt.Color("table:N", title="Table", scale=alt.Scale(range=list(OTHER_COLORS))),
            tooltip=["decade:N", "table:N", "rows:Q"],
        )
        .properties(width=420, height=220)
    )


def documents_per_week(weeks: pd.DataFrame, title: str) -> alt.Chart:
    """Documents approved by signature, per week: a bar for each week that has any."""
    data = _iso(weeks, "week")
    return (
        alt.Chart(data, title=title)
        .mark_bar(color=TYPE_COLORS["full"])
        .encode(
            x=alt.X("week:T", title="Week", axis=alt.Axis(format="%b %Y")),
            y=alt.Y("documents:Q", title="Documents signed"),
            tooltip=[
                alt.Tooltip("week:T", title="Week of", format="%-d %B %Y"),
                alt.Tooltip("documents:Q", title="Documents"),
            ],
        )
        .properties(width=WIDTH, height=220)
    )


def signatures_by_month(monthly: pd.DataFrame, title: str) -> alt.Chart:
    """Member by month: each cell the documents the member signed that month, shaded by the share of
    those the member was asked to sign; members in the frame's order (most signatures first)."""
    data = _iso(monthly, "month")
    data = data.assign(label=data["signed"].astype(str))
    data = _keep(data, ["name", "month", "asked", "signed", "share", "label", "href"])
    members = list(dict.fromkeys(data["name"]))
    base = alt.Chart(data, title=title).encode(
        x=alt.X("month:O", title=None, timeUnit="yearmonth", axis=alt.Axis(format="%b %Y", labelAngle=-50)),
        y=alt.Y("name:N", title=None, sort=members),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("share:Q", title="Share signed", scale=alt.Scale(domain=[0, 1], scheme="blues")),
        tooltip=[
            alt.Tooltip("name:N", title="Member"),
            alt.Tooltip("month:T", title="Month", format="%B %Y"),
            alt.Tooltip("signed:Q", title="Signed"),
            alt.Tooltip("asked:Q", title="Documents while a member"),
        ],
        **_href(data),
    )
    text = base.mark_text(fontSize=8).encode(
        text="label:N",
        color=alt.condition(alt.datum.share > 0.6, alt.value("white"), alt.value("black")),
    )
    return (cells + text).properties(width=alt.Step(24), height=alt.Step(18))


def cosigning_heatmap(matrix: pd.DataFrame, title: str) -> alt.Chart:
    """Pairs of signers: the share of the documents either signed that both signed, each cell labelled
    with the documents both signed (the counts run into hundreds: the tooltip gives the rest)."""
    words = {
        "name_a": "Signer",
        "both": "Documents both signed",
        "either": "Documents either signed",
        "share": "Signed together",
    }
    return _pair_heatmap(matrix, title, "both", "either", "share", words, ratio=False)
