"""The dataset described from its descriptor and counted from its rows: codebook and coverage."""

from __future__ import annotations

import html
import re

import pandas as pd

from . import dates
from .cards import HTML
from .load import SIGNATURE, TABLES, Dataset, date_columns, vote_row_ids


def table_names(ds: Dataset) -> list[str]:
    """The tables in the descriptor's order."""
    return [r["name"] for r in ds.descriptor["resources"]]


def row_counts(ds: Dataset) -> pd.DataFrame:
    """Rows per table."""
    return pd.DataFrame(
        [{"table": name, "rows": len(ds.tables[name])} for name in table_names(ds)],
        columns=["table", "rows"],
    )


def date_precision(ds: Dataset) -> pd.DataFrame:
    """For each date column, how many values are day-, month- or year-precise, or empty."""
    rows = []
    for table, cols in date_columns(ds.descriptor).items():
        for col in cols:
            values = ds.tables[table][col]
            kinds = values.dropna().map(dates.precision).value_counts()
            rows.append(
                {
                    "table": table,
                    "column": col,
                    "day": int(kinds.get("day", 0)),
                    "month": int(kinds.get("month", 0)),
                    "year": int(kinds.get("year", 0)),
                    "empty": int(values.isna().sum()),
                }
            )
    return pd.DataFrame(rows, columns=["table", "column", "day", "month", "year", "empty"])


def share_day_precise(precision: pd.DataFrame) -> float:
    """The share of the dates given that are day-precise."""
    given = precision[["day", "month", "year"]].to_numpy().sum()
    return float(precision["day"].sum() / given) if given else 0.0


def certainty_mix(ds: Dataset) -> pd.DataFrame:
    """Rows by certainty in each table that has the column."""
    rows = []
    for name in table_names(ds):
        frame = ds.tables[name]
        if "certainty" in frame.columns:
            counts = frame["certainty"].value_counts()
            rows.append(
                {"table": name}
                | {c: int(counts.get(c, 0)) for c in ("certain", "inferred", "uncertain", "disputed")}
            )
    return pd.DataFrame(rows, columns=["table", "certain", "inferred", "uncertain", "disputed"])


def _rule(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        words = {x["value"]: x.get("label") for x in field.get("categories", [])}
        shown = [f"{v} ({words[v]})" if words.get(v) and words[v] != v else v for v in c["enum"]]
        parts.append("one of: " + ", ".join(shown))
    if c.get("pattern") == dates.STRICT_RE.pattern.strip("^$"):
        parts.append("a date: YYYY, YYYY-MM or YYYY-MM-DD")
    elif "pattern" in c:
        parts.append(f"matches {c['pattern']}")
    if "minimum" in c:
        parts.append(f"at least {c['minimum']}")
    return "; ".join(parts)


def fields(ds: Dataset, name: str) -> pd.DataFrame:
    """The codebook of one table: column, type, required, key, rule, description."""
    resource = next(r for r in ds.descriptor["resources"] if r["name"] == name)
    schema = resource["schema"]
    pk = schema.get("primaryKey", [])
    pk = pk if isinstance(pk, list) else [pk]
    fks = {}
    for fk in schema.get("foreignKeys", []):
        names = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        for n in names:
            fks[n] = f"→ {fk['reference']['resource']}"
    rows = []
    for f in schema["fields"]:
        key = "primary key" if f["name"] in pk else ""
        if f["name"] in fks:
            key = (key + " " + fks[f["name"]]).strip()
        rows.append(
            {
                "column": f["name"],
                "type": f.get("type", "string"),
                "required": "yes" if f.get("constraints", {}).get("required") else "",
                "key": key,
                "rule": _rule(f),
                "description": f.get("description", ""),
            }
        )
    return pd.DataFrame(rows)


def table_caption(ds: Dataset, name: str) -> str:
    """A table's codebook caption from its descriptor entry."""
    resource = next(r for r in ds.descriptor["resources"] if r["name"] == name)
    return f"Codebook of {resource['path']}: {resource.get('description', resource.get('title', name))}"


def sources_table(ds: Dataset) -> pd.DataFrame:
    """The sources, with the rows that cite each (source_id) and the rows whose notes name it."""
    cited = pd.concat([ds.tables[t]["source_id"] for t in TABLES if t != "sources"]).value_counts()
    notes = " ".join(
        " ".join(ds.tables[t][c].dropna())
        for t in TABLES
        for c in ("note", "source_loc")
        if c in ds.tables[t].columns
    )
    words = pd.Series(re.findall(r"[a-z0-9_]+", notes)).value_counts()
    out = ds.sources.copy()
    out["rows citing"] = out["source_id"].map(cited).fillna(0).astype(int)
    out["notes naming"] = out["source_id"].map(words).fillna(0).astype(int)
    return out[["source_id", "kind", "citation", "url", "rows citing", "notes naming"]].fillna("")


def package_summary(ds: Dataset, period: str = "", body: str = "") -> HTML:
    """The dataset's title, description, licence and fingerprint, escaped."""
    d = ds.descriptor
    e = html.escape
    lic = ", ".join(x.get("title") or x.get("name", "") for x in d.get("licenses", []))
    parts = [
        f"<p><strong>{e(d.get('title', d.get('name', 'Dataset')))}</strong>"
        + (f", version {e(d['version'])}" if d.get("version") else "")
        + ".</p>"
    ]
    if d.get("description"):
        parts.append(f"<p>{e(d['description'])}</p>")
    facts = []
    if body:
        facts.append(f"Body: {e(body)}")
    if period:
        facts.append(f"period: {e(period)}")
    if lic:
        facts.append(f"licence: {e(lic)}")
    facts.append(f"data fingerprint (SHA-256): <code>{e(ds.fingerprint[:16])}</code>")
    parts.append("<p>" + "; ".join(facts) + ".</p>")
    return HTML("".join(parts))


DECADE_DATES = {"memberships": "start_date", "roles": "start_date", "vote_events": "date"}


def rows_by_decade(ds: Dataset) -> pd.DataFrame:
    """Rows of the dated tables by the decade of their date (memberships and roles: their start)."""
    rows = []
    for table, column in DECADE_DATES.items():
        years = ds.tables[table][column].dropna().str.slice(0, 4).astype(int)
        for decade, n in (years // 10 * 10).value_counts().sort_index().items():
            rows.append({"table": table, "decade": f"{decade}s", "rows": int(n)})
    frame = pd.DataFrame(rows, columns=["table", "decade", "rows"])
    wide = frame.pivot_table(index="decade", columns="table", values="rows", fill_value=0)
    return wide.reindex(columns=list(DECADE_DATES), fill_value=0).astype(int).reset_index()


def known_gaps(ds: Dataset) -> list[str]:
    """What the dataset is known to lack, as its descriptor declares (coverage.known_gaps)."""
    return list(ds.descriptor.get("coverage", {}).get("known_gaps", []))


def table_files(ds: Dataset) -> list[str]:
    """The tables' files of the dataset, as its descriptor declares them (paths in the data folder)."""
    from .load import DESCRIPTOR, data_files

    return [f for f in data_files(ds.data_dir) if f != DESCRIPTOR]


def download_list(files) -> HTML:
    """A list of files to download: (name, link) pairs, escaped."""
    e = html.escape
    return HTML(
        "<ul>" + "".join(f'<li><a href="{e(h)}" download>{e(n)}</a></li>' for n, h in files) + "</ul>"
    )


def archive(ds: Dataset) -> tuple[str, bytes]:
    """The whole dataset (datapackage.json and its tables) as one zip, the same bytes for the same
    files: a fixed date and order, no file-system metadata. Returns the archive's name and bytes."""
    import io
    import zipfile

    from .load import data_files

    d = ds.descriptor
    name = "-".join(str(x) for x in (d.get("name") or "dataset", d.get("version")) if x) + ".zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for member in data_files(ds.data_dir):
            info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, (ds.data_dir / member).read_bytes())
    return name, buffer.getvalue()


SCHOLARLY = ("scholarly", "documents")  # the standings a row source needs to count as scholarly or official
SOURCED_TABLES = ("memberships", "roles")  # the tables whose row sources the coverage page weighs


def row_source_standing(ds: Dataset) -> pd.DataFrame:
    """For the spells and the offices: rows by the standing of their row source, in words (the
    share that is scholarly or documents: share_scholarly)."""
    sources = ds.sources
    if "standing" not in sources.columns:
        return pd.DataFrame(columns=["table", "standing", "rows"])
    standing = sources.set_index("source_id")["standing"]
    labels = ds.labels("sources", "standing")
    rows = []
    for table in SOURCED_TABLES:
        counts = ds.tables[table]["source_id"].map(standing).fillna("(unknown)").value_counts()
        for code in [*labels, "(unknown)"]:
            if counts.get(code, 0):
                rows.append({"table": table, "standing": labels.get(code, code), "rows": int(counts[code])})
    return pd.DataFrame(rows, columns=["table", "standing", "rows"])


def share_scholarly(ds: Dataset, table: str) -> float:
    """The share of a table's rows whose row source is scholarly or a document."""
    if "standing" not in ds.sources.columns or ds.tables[table].empty:
        return 0.0
    standing = ds.tables[table]["source_id"].map(ds.sources.set_index("source_id")["standing"])
    return float(standing.isin(SCHOLARLY).mean())


def published_beside(ds: Dataset, procedure: str = SIGNATURE) -> pd.DataFrame:
    """Each published count of a member's positions beside the count computed from the dataset: the
    documents (or votes) with a 'yes' of the member, and that count once the differing readings of
    the variants table are taken instead of the chosen ones."""
    columns = [
        "person_id",
        "body_id",
        "source_id",
        "source_loc",
        "note",
        "published",
        "computed",
        "with_variants",
    ]
    published = ds.tables.get("published_counts")
    if published is None or published.empty:
        return pd.DataFrame(columns=columns)
    published = published[published["procedure"] == procedure].copy()
    events = ds.vote_events.loc[
        ds.vote_events["procedure"] == procedure, ["event_id", "body_id", "source_id"]
    ]
    votes = ds.votes.merge(events.rename(columns={"source_id": "events_source"}), on="event_id")
    readings = {}
    variants = ds.tables.get("variants")
    if variants is not None and not variants.empty:
        chosen = variants[(variants["table"] == "votes") & (variants["field"] == "position")]
        readings = dict(zip(chosen["row_id"], chosen["value"], strict=True))
    computed, other = [], []
    for row in published.itertuples():
        mine = votes[(votes["person_id"] == row.person_id) & (votes["body_id"] == row.body_id)]
        scope = getattr(row, "events_source_id", None)
        if isinstance(scope, str) and scope:
            mine = mine[mine["events_source"] == scope]
        ids = vote_row_ids(mine)
        computed.append(int((mine["position"] == "yes").sum()))
        other.append(sum(readings.get(i, p) == "yes" for i, p in zip(ids, mine["position"], strict=True)))
    published["published"] = published["count"].astype(int)
    published["computed"] = computed
    published["with_variants"] = other
    return published[columns].reset_index(drop=True)


def variants_by_table(ds: Dataset) -> pd.DataFrame:
    """Differing readings recorded, per table and field."""
    variants = ds.tables.get("variants")
    if variants is None or variants.empty:
        return pd.DataFrame(columns=["table", "field", "readings"])
    return variants.groupby(["table", "field"]).size().rename("readings").reset_index()
