"""Pieces of pages whose shape depends on the data: lists of links, the account of one vote.
Everything from the data is escaped."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pandas as pd

from . import dates
from .cards import HTML, Cell
from .load import SIGNATURE


def text(value) -> str:
    """A cell as text: empty for a missing value."""
    return value if isinstance(value, str) else ""


def page_links(rows: pd.DataFrame) -> HTML:
    """A list of links to pages: columns page, label and (optional) detail."""
    e = html.escape
    items = []
    for row in rows.itertuples(index=False):
        detail = f": {e(str(row.detail))}" if getattr(row, "detail", "") else ""
        items.append(f'<li><a href="{e(row.page)}.html">{e(row.label)}</a>{detail}</li>')
    return HTML("<ul>" + "".join(items) + "</ul>")


# --- links between pages -----------------------------------------------------------------------

CITE_RE = re.compile(r"\[@([A-Za-z0-9_.:-]+)\]")
CITES_RE = re.compile(r"\[@[A-Za-z0-9_.:-]+\](?:\s*[,;]\s*\[@[A-Za-z0-9_.:-]+\])*")  # a run: one parenthesis
HEADING_MIME = "application/vnd.compendium.heading+json"


def slug(value: str) -> str:
    """A value as part of an anchor or page name: lowercase letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def short_citation(citation: str) -> str:
    """A short form of a full citation, for a source that has none of its own."""
    head = re.split(r"(?<![A-Z])[.;(]|, (?=\d)", str(citation).strip(), maxsplit=1)[0].strip(' "“”')
    return head if len(head) <= 60 else head[:57].rstrip() + "…"


@dataclass(frozen=True)
class Links:
    """Where the book's pages are, seen from any page (pages live one folder below the root), and
    which persons and days have a page of their own."""

    persons: frozenset = frozenset()
    days: frozenset = frozenset()
    shorts: dict = field(default_factory=dict, hash=False)
    sort_names: dict = field(default_factory=dict, hash=False)
    names: dict = field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, ds, persons=(), days=()) -> Links:
        """The links of a dataset: its sources' short citations, its persons' names."""
        sources = ds.sources
        shorts = {}
        for row in sources.itertuples():
            own = getattr(row, "short", None)
            shorts[row.source_id] = own if isinstance(own, str) and own else short_citation(row.citation)
        people = ds.persons
        sort = people["sort_name"].where(people["sort_name"].notna(), people["name"])
        return cls(
            frozenset(persons),
            frozenset(days),
            shorts,
            dict(zip(people["person_id"], sort, strict=True)),
            dict(zip(people["person_id"], people["name"], strict=True)),
        )

    def person(self, person_id) -> str | None:
        """The page of a person, if they have one."""
        return f"../book/person-{slug(person_id)}.html" if person_id in self.persons else None

    def day(self, iso) -> str | None:
        """The page of a day, if it has one."""
        return f"../book/snapshot-{iso}.html" if iso in self.days else None

    def source(self, source_id) -> str:
        """A source's entry in the bibliography."""
        return f"../book/bibliography.html#source-{slug(source_id)}"

    @staticmethod
    def vote(event_id) -> str:
        """A vote's section in the chapter on votes."""
        return f"../book/votes.html#vote-{slug(event_id)}"

    @staticmethod
    def signed(event_id=None) -> str:
        """A document approved by signature: its section in the chapter on signatures (without an
        id: the chapter's list of every document)."""
        anchor = f"signed-{slug(event_id)}" if event_id else "every-document"
        return f"../book/signatures.html#{anchor}"

    # cells for tables ------------------------------------------------------------------------

    def name_cell(self, person_id, name=None) -> Cell:
        """A person's name, linked to their page, sorted by surname."""
        name = name if isinstance(name, str) else self.names.get(person_id, person_id)
        return Cell(name, href=self.person(person_id), sort=self.sort_names.get(person_id, name))

    def source_cell(self, source_id) -> Cell:
        """A source as its short citation, linked to the bibliography."""
        if not isinstance(source_id, str):
            return Cell("")
        return Cell(self.shorts.get(source_id, source_id), href=self.source(source_id))

    def date_cell(self, iso) -> Cell:
        """A date in words, sorted as a date, linked to its day's page if it has one."""
        if not isinstance(iso, str):
            return Cell("", sort="")
        return Cell(dates.label(iso), href=self.day(iso), sort=iso)

    def note_html(self, note) -> str:
        """A reader's note, escaped; each run of [@source_id] becomes linked short citations in brackets."""
        if not isinstance(note, str):
            return ""

        def cite(m):
            ids = CITE_RE.findall(m.group(0))
            if any(sid not in self.shorts for sid in ids):
                return m.group(0)
            links = "; ".join(
                f'<a class="cite" href="{html.escape(self.source(sid))}">{html.escape(self.shorts[sid])}</a>'
                for sid in ids
            )
            return f"({links})"

        return CITES_RE.sub(cite, html.escape(note))

    def note_cell(self, note) -> Cell:
        """A reader's note as a table cell."""
        text = ""
        if isinstance(note, str):
            text = CITES_RE.sub(
                lambda m: "(" + "; ".join(self.shorts.get(i, i) for i in CITE_RE.findall(m.group(0))) + ")",
                note,
            )
        return Cell(text, html_=self.note_html(note))


def words(ds, frame: pd.DataFrame, table: str, columns) -> pd.DataFrame:
    """Coded columns of a frame shown in words (the descriptor's labels)."""
    frame = frame.copy()
    for column in columns:
        frame[column] = ds.words(table, column, frame[column])
    return frame


class Heading:
    """A section heading made from the data. The executed notebook turns it into a Markdown heading
    (analysis.execute.tidy), so it is a real section: in the page's contents and in search."""

    def __init__(self, text: str, level: int = 3, label: str = ""):
        self.text, self.level, self.label = str(text), int(level), slug(label)

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text": self.text, "level": self.level, "label": self.label}
        return {HEADING_MIME: data, "text/plain": self.text}


def markdown_text(text: str) -> str:
    """Text that Markdown (MyST) shows as it is: every ASCII punctuation mark escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(str(text).split()))


# --- the tables readers see ----------------------------------------------------------------------


def members_table(ds, links: Links, spells: pd.DataFrame, body_column: bool = False) -> pd.DataFrame:
    """Spells of membership for readers: member, (body,) status, from, until, how it ended, source."""
    names = spells["name"] if "name" in spells else spells["person_id"].map(links.names)
    rows = {
        "Member": [links.name_cell(p, n) for p, n in zip(spells["person_id"], names, strict=True)],
        "Body": list(spells.get("body", spells["body_id"])),
        "Status": list(ds.words("memberships", "membership_type", spells["membership_type"])),
        "From": [links.date_cell(d) for d in spells["start_date"]],
        "Until": [links.date_cell(d) for d in spells["end_date"]],
        "How it ended": list(ds.words("memberships", "end_reason", spells["end_reason"]).fillna("")),
        "Certainty": list(ds.words("memberships", "certainty", spells["certainty"])),
        "Source": [links.source_cell(s) for s in spells["source_id"]],
    }
    if not body_column:
        del rows["Body"]
    return pd.DataFrame(rows)


def office_cell(role, organization) -> Cell:
    """An office and, below it, the institution it belongs to."""
    org = text(organization)
    shown = html.escape(str(role)) + (f'<br><span class="office-of">{html.escape(org)}</span>' if org else "")
    return Cell(f"{role}, {org}" if org else str(role), html_=shown)


def offices_table(ds, links: Links, roles: pd.DataFrame, holder: bool = True) -> pd.DataFrame:
    """Offices for readers: (holder,) office and its institution, domain, from, until, source."""
    rows = {
        "Holder": [links.name_cell(p) for p in roles["person_id"]],
        "Office": [office_cell(r, o) for r, o in zip(roles["role"], roles["organization"], strict=True)],
        "Domain": list(ds.words("roles", "domain", roles["domain"]).fillna("")),
        "From": [links.date_cell(d) for d in roles["start_date"]],
        "Until": [links.date_cell(d) for d in roles["end_date"]],
        "Source": [links.source_cell(s) for s in roles["source_id"]],
    }
    if not holder:
        del rows["Holder"]
    return pd.DataFrame(rows)


def positions_table(ds, links: Links, positions: pd.DataFrame) -> pd.DataFrame:
    """Recorded positions in one vote for readers: member, status that day, position, the source's
    word, certainty, note."""
    status = positions["membership_type"].map(
        lambda t: ds.labels("memberships", "membership_type").get(t, "not a member that day")
    )
    return pd.DataFrame(
        {
            "Member": [
                links.name_cell(p, n) for p, n in zip(positions["person_id"], positions["name"], strict=True)
            ],
            "Status that day": list(status),
            "Position": list(ds.words("votes", "position", positions["position"])),
            "The source's word": list(positions["raw_position"].fillna("")),
            "Certainty": list(ds.words("votes", "certainty", positions["certainty"])),
            "Note": [links.note_cell(n) for n in positions["note"]],
        }
    )


def person_votes_table(ds, links: Links, votes: pd.DataFrame) -> pd.DataFrame:
    """A person's recorded positions for readers: date, body, motion (linked to the vote), position,
    the source's word, the vote's result."""
    return pd.DataFrame(
        {
            "Date": [links.date_cell(d) for d in votes["date"]],
            "Body": list(votes["body"]),
            "Motion": [
                Cell(t, href=Links.vote(e)) for t, e in zip(votes["title"], votes["event_id"], strict=True)
            ],
            "Position": list(ds.words("votes", "position", votes["position"])),
            "The source's word": list(votes["raw_position"].fillna("")),
            "Result": list(ds.words("vote_events", "result", votes["result"]).fillna("result unknown")),
        }
    )


def partners_table(links: Links, partners: pd.DataFrame) -> pd.DataFrame:
    """The members a person voted alike with, for readers."""
    return pd.DataFrame(
        {
            "Member": [
                links.name_cell(p, n) for p, n in zip(partners["person_id"], partners["name"], strict=True)
            ],
            "Votes both cast": list(partners["shared"]),
            "Cast alike": list(partners["agree"]),
            "Share alike": [f"{r:.0%}" for r in partners["rate"]],
        }
    )


# --- sentences whose shape depends on the data ---------------------------------------------------


def _join(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1] if parts else ""


def counts_in_words(ds, counts: dict[str, int]) -> str:
    """Positions counted in words: '3 for, 2 against and 1 abstained'."""
    labels = ds.labels("votes", "position")
    return _join([f"{n} {labels.get(p, p)}" for p, n in counts.items() if n])


REPORTED = (("yes", "count_yes"), ("no", "count_no"), ("abstain", "count_abstain"))


def reported_counts(event: pd.Series) -> dict[str, int]:
    """The totals a source reports for a vote, by position (only those it gives)."""
    return {p: int(event[c]) for p, c in REPORTED if c in event and not pd.isna(event[c])}


def tally_sentence(ds, event: pd.Series) -> str:
    """What the source reports beside what is recorded member by member, and the difference, in words."""
    positions = ds.enum("votes", "position")
    recorded = {p: int(event.get(p, 0) or 0) for p in positions}
    n_recorded = sum(recorded.values())
    said = []
    reported = reported_counts(event)
    if reported:
        said.append(f"The source reports {counts_in_words(ds, reported)}.")
    else:
        said.append("The sources give no totals.")
    if n_recorded:
        word = "position is" if n_recorded == 1 else "positions are"
        said.append(f"{n_recorded} {word} recorded member by member: {counts_in_words(ds, recorded)}.")
    else:
        said.append("No member's position is recorded.")
    if reported:
        missing = sum(reported.values()) - sum(recorded[p] for p in reported)
        if missing > 0:
            said.append(f"So {missing} of the votes reported are not known member by member.")
        elif missing < 0:
            said.append(f"The record names {-missing} more votes than the reported totals count.")
        else:
            said.append("The recorded positions account for every vote reported.")
    return " ".join(said)


def vote_about(ds, links: Links, event: pd.Series, main_body: str) -> HTML:
    """A vote's facts for readers, escaped: body, procedure, result, tally, certainty, source, note."""
    e = html.escape
    procedure = ds.words("vote_events", "procedure", pd.Series([event["procedure"]])).iloc[0]
    result = ds.words("vote_events", "result", pd.Series([event["result"]])).iloc[0]
    marks = []
    if event["body_id"] not in main_body.split(","):
        marks.append(
            f"A vote of the {event['body']}, counted apart from the {main_body_name(ds, main_body)}'s own."
        )
    if event["certainty"] == "disputed":
        marks.append("Historians dispute this vote; it is counted apart in the alignments.")
    facts = [
        f"{event['body']}, {dates.label(event['date'])}"
        + (f", {procedure}" if isinstance(procedure, str) and procedure != "procedure unknown" else "")
        + f". Result: {result if isinstance(result, str) else 'unknown'}.",
        tally_sentence(ds, event),
    ]
    source = links.source_cell(event["source_id"])
    loc = text(event.get("source_loc"))
    cite = f'Source: <a href="{e(source.href)}">{e(source.text)}</a>' + (f", {e(loc)}" if loc else "") + "."
    certainty = f"Certainty: {e(str(event['certainty']))}."
    body = "".join(f'<p class="vote-mark">{e(m)}</p>' for m in marks)
    body += f"<p>{e(' '.join(facts))} {cite} {certainty}</p>"
    note = links.note_html(event.get("note"))
    return HTML(body + (f'<p class="vote-note">{note}</p>' if note else ""))


def main_body_name(ds, body: str) -> str:
    """The name of a body (or series of bodies) for prose."""
    names = ds.bodies.set_index("body_id")["name"]
    return " / ".join(str(names.get(b, b)) for b in body.split(","))


def person_lead(ds, person_id: str) -> HTML:
    """A person's names, life dates and fate in a sentence, escaped."""
    e = html.escape
    p = ds.persons.set_index("person_id").loc[person_id]
    original = text(p.get("name_original"))
    born, died = text(p.get("birth_date")), text(p.get("death_date"))
    fate = text(ds.labels("persons", "fate").get(p.get("fate"), ""))
    parts = [f"<strong>{e(p['name'])}</strong>" + (f" ({e(original)})" if original else "")]
    life = []
    if born:
        life.append(
            f"was born on {e(dates.label(born))}"
            if len(born) == 10
            else f"was born in {e(dates.label(born))}"
        )
    if died:
        life.append(
            f"died on {e(dates.label(died))}" if len(died) == 10 else f"died in {e(dates.label(died))}"
        )
    sentence = parts[0] + (" " + " and ".join(life) if life else "") + "."
    if fate:
        sentence += f" Fate: {e(fate)}."
    if not born and not died:
        sentence += " The sources at hand give no dates of birth and death."
    return HTML(f'<p class="person-lead">{sentence}</p>')


def bibliography(ds, links: Links) -> HTML:
    """Every source as an entry with its anchor: short citation, full citation, address, archival
    reference, the reader's note and the rows that cite it (linked), escaped."""
    e = html.escape
    kinds = ds.labels("sources", "kind")
    citing = cited_for(ds, links)
    items = []
    order = sorted(ds.sources.itertuples(), key=lambda r: (links.shorts[r.source_id].lower(), r.source_id))
    for row in order:
        url = text(getattr(row, "url", None))
        ref = text(getattr(row, "archive_ref", None))
        note = links.note_html(getattr(row, "note", None))
        parts = [
            f'<span class="bib-short">{e(links.shorts[row.source_id])}</span>',
            f'<span class="bib-citation">{e(row.citation)}</span>',
            f'<span class="bib-kind">({e(kinds.get(row.kind, row.kind))})</span>',
        ]
        if ref:
            parts.append(f'<span class="bib-archive">Archive: {e(ref)}.</span>')
        if url:
            parts.append(f'<a class="bib-url" href="{e(url)}">{e(url)}</a>')
        if note:
            parts.append(f'<span class="bib-note">{note}</span>')
        cited = citing.get(row.source_id)
        if cited:
            parts.append(f'<span class="bib-cited">Cited for: {cited}.</span>')
        items.append(f'<li id="source-{slug(row.source_id)}">' + " ".join(parts) + "</li>")
    return HTML('<ol class="bibliography">' + "".join(items) + "</ol>")


SERIES = 12  # more documents of one source than this are a series: listed in a table, not one by one


def one_by_one(ds) -> set[str]:
    """The documents approved by signature that have a section of their own in the chapter on
    signatures: those of a source with at most SERIES of them (a series is listed in a table)."""
    signed = ds.vote_events[ds.vote_events["procedure"] == SIGNATURE]
    per_source = signed["source_id"].map(signed["source_id"].value_counts())
    return set(signed.loc[per_source <= SERIES, "event_id"])


def cited_for(ds, links: Links) -> dict[str, str]:
    """For each source, the rows that cite it, as links where they have a page: the persons whose
    rows (life, spells, offices, positions) cite it, the votes, the sessions, the bodies. HTML."""
    e = html.escape
    t = ds.tables
    people: dict[str, set] = {}
    for table in ("persons", "memberships", "roles", "votes"):
        frame = t.get(table)
        if frame is None or frame.empty or "source_id" not in frame:
            continue
        for source_id, person_id in zip(frame["source_id"], frame["person_id"], strict=True):
            people.setdefault(source_id, set()).add(person_id)
    votes: dict[str, set] = {}
    signed: dict[str, set] = {}
    procedure = dict(zip(t["vote_events"]["event_id"], t["vote_events"]["procedure"], strict=True))
    own = one_by_one(ds)
    for table in ("vote_events", "votes"):
        frame = t.get(table)
        if frame is not None and not frame.empty:
            for source_id, event_id in zip(frame["source_id"], frame["event_id"], strict=True):
                into = signed if procedure.get(event_id) == SIGNATURE else votes
                into.setdefault(source_id, set()).add(event_id)
    titles = dict(zip(t["vote_events"]["event_id"], t["vote_events"]["title"], strict=True))
    dates_of = dict(zip(t["vote_events"]["event_id"], t["vote_events"]["date"], strict=True))
    sessions: dict[str, list] = {}
    frame = t.get("sessions")
    if frame is not None and not frame.empty:
        for row in frame.sort_values(["date", "session_id"]).itertuples():
            sessions.setdefault(row.source_id, []).append(f"{e(row.name)} ({e(dates.label(row.date))})")
    bodies: dict[str, list] = {}
    for row in t["bodies"].itertuples():
        bodies.setdefault(row.source_id, []).append(e(row.name))
    out = {}
    for source_id in ds.sources["source_id"]:
        said = []
        ids = sorted(people.get(source_id, ()), key=lambda p: str(links.sort_names.get(p, p)).lower())
        if ids:
            names = []
            for person_id in ids:
                name, href = e(str(links.names.get(person_id, person_id))), links.person(person_id)
                names.append(f'<a href="{e(href)}">{name}</a>' if href else name)
            said.append("the records of " + ", ".join(names))
        events = sorted(votes.get(source_id, ()), key=lambda v: (str(dates_of.get(v, "")), v))
        if events:
            said.append(
                "the votes "
                + "; ".join(
                    f'<a href="{e(links.vote(v))}">{e(dates.label(str(dates_of.get(v, ""))))}: '
                    f"{e(str(titles.get(v, v)))}</a>"
                    for v in events
                )
            )
        documents = sorted(signed.get(source_id, ()), key=lambda v: (str(dates_of.get(v, "")), v))
        if documents and documents[0] not in own:
            first, last = dates_of[documents[0]], dates_of[documents[-1]]
            said.append(
                f'<a href="{e(links.signed())}">{len(documents)} documents approved by signature</a>, '
                f"{e(dates.label(first))} to {e(dates.label(last))}"
            )
        elif documents:
            said.append(
                "the signed documents "
                + "; ".join(
                    f'<a href="{e(links.signed(v))}">{e(dates.label(str(dates_of.get(v, ""))))}: '
                    f"{e(str(titles.get(v, v)))}</a>"
                    for v in documents
                )
            )
        if sessions.get(source_id):
            said.append("the sessions " + "; ".join(sessions[source_id]))
        if bodies.get(source_id):
            said.append("the bodies " + "; ".join(bodies[source_id]))
        if said:
            out[source_id] = "; ".join(said)
    return out


def years_phrase(spells: pd.DataFrame) -> str:
    """The years a person's spells span: '1921 to 1952', 'from 1952 on', or 'no time'."""
    if spells.empty:
        return "no time"
    first = int(spells["start"].min().year)
    if spells["end"].isna().any():
        return f"from {first} on"
    last = int(spells["end"].max().year)
    return f"{first} to {last}" if last != first else str(first)


def sources_list(ds, links: Links, source_ids) -> HTML:
    """The sources a page's rows cite, once each, as linked short citations with their full citation."""
    e = html.escape
    seen = list(dict.fromkeys(s for s in source_ids if isinstance(s, str)))
    if not seen:
        return HTML("<p>No source is cited.</p>")
    citations = ds.sources.set_index("source_id")["citation"]
    seen.sort(key=lambda s: links.shorts.get(s, s).lower())
    items = [
        f'<li><a href="{e(links.source(s))}">{e(links.shorts.get(s, s))}</a>: '
        f"{e(str(citations.get(s, '')))}</li>"
        for s in seen
    ]
    return HTML('<ul class="sources-list">' + "".join(items) + "</ul>")


# --- a day ------------------------------------------------------------------------------------------


def day_lead(ds, day: str, body: str, body_name: str, sitting: pd.DataFrame) -> HTML:
    """The first paragraph of a day's page: the body's size, and what happened that day."""
    e = html.escape
    kinds = sitting["membership_type"].value_counts()
    full, candidates = int(kinds.get("full", 0)), int(kinds.get("candidate", 0))
    said = [f"On {dates.label(day)} the {body_name} had {full} full and {candidates} candidate members."]
    sessions = _sessions(ds, day, body)
    if not sessions.empty:
        names = _join([n[0].lower() + n[1:] for n in dict.fromkeys(sessions["name"])])
        said.append(f"It was the day of the {names}.")
    events = ds.vote_events[(ds.vote_events["date"] == day) & ds.vote_events["body_id"].isin(body.split(","))]
    if not events.empty:
        said.append(f"A vote of that day is documented member by member: {events.iloc[0]['title']}.")
    return HTML(f'<p class="day-lead">{e(" ".join(said))}</p>')


def _sessions(ds, day: str, body: str) -> pd.DataFrame:
    sessions = ds.tables.get("sessions")
    if sessions is None or sessions.empty:
        return pd.DataFrame(columns=["name", "decided"])
    return sessions[(sessions["date"] == day) & sessions["body_id"].isin(body.split(","))]


def sessions_account(ds, links: Links, sessions: pd.DataFrame) -> HTML:
    """Each session that changed the body on a day: its name and kind, what it did, its source."""
    e = html.escape
    if sessions.empty:
        return HTML(
            '<p class="no-session">The data record no congress, plenum or poll that changed the body on this '
            "day.</p>"
        )
    kinds = ds.labels("sessions", "kind")
    out = []
    for s in sessions.itertuples():
        source = links.source_cell(s.source_id)
        loc = text(getattr(s, "source_loc", None))
        cite = f'<a href="{e(source.href)}">{e(source.text)}</a>' + (f", {e(loc)}" if loc else "")
        kind = kinds.get(s.kind, s.kind)
        kind = "" if kind.lower() in s.name.lower() else f" ({kind})"
        note = links.note_html(getattr(s, "note", None))
        certainty = "" if s.certainty == "certain" else f" Certainty: {e(s.certainty)}."
        out.append(
            f'<p class="session"><strong>{e(s.name)}</strong>{e(kind)}. {e(s.decided)} Source: {cite}.'
            f"{certainty}</p>" + (f'<p class="session-note">{note}</p>' if note else "")
        )
    return HTML("".join(out))


def changes_table(ds, links: Links, changes: pd.DataFrame) -> pd.DataFrame:
    """Who joined and who left on a day, in words."""
    kinds = ds.labels("memberships", "membership_type")
    reasons = ds.labels("memberships", "end_reason")
    said = []
    for c in changes.itertuples():
        kind = kinds.get(c.membership_type, c.membership_type)
        if c.change == "joined as":
            said.append(f"joined as {kind}")
        else:
            reason = reasons.get(c.end_reason, "") if isinstance(c.end_reason, str) else ""
            said.append(f"left as {kind}" + (f": {reason}" if reason else ""))
    return pd.DataFrame(
        {
            "Member": [
                links.name_cell(p, n) for p, n in zip(changes["person_id"], changes["name"], strict=True)
            ],
            "Change": said,
            "Source": [links.source_cell(s) for s in changes["source_id"]],
        }
    )


def vote_link(ds, event: pd.Series) -> HTML:
    """A vote's motion, linked to its section in the chapter on votes, with its result."""
    e = html.escape
    result = ds.labels("vote_events", "result").get(event["result"], "result unknown")
    return HTML(
        f'<p class="vote-link"><a href="{e(Links.vote(event["event_id"]))}">{e(event["title"])}</a> '
        f"({e(result)}).</p>"
    )


def pairs_table(links: Links, pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs of members with the votes both cast and how many alike, most shared first."""
    pairs = pairs.sort_values(["shared", "rate"], ascending=False)
    return pd.DataFrame(
        {
            "Member": [links.name_cell(p) for p in pairs["person_a"]],
            "and": [links.name_cell(p) for p in pairs["person_b"]],
            "Votes both cast": list(pairs["shared"]),
            "Cast alike": list(pairs["agree"]),
            "Share alike": [f"{r:.0%}" for r in pairs["rate"]],
        }
    )


# --- documents approved by signature -------------------------------------------------------------


def _departure(ds, person_id: str, body: str, after) -> tuple[str, str]:
    """The first end of a person's membership of the body on or after a day: (date, reason in words)."""
    from .queries import in_body

    spells = ds.memberships[(ds.memberships["person_id"] == person_id) & in_body(ds.memberships, body)]
    spells = spells[spells["end"].notna() & (spells["end"] >= after)].sort_values("end")
    if spells.empty:
        return "", ""
    row = spells.iloc[0]
    return row["end_date"], ds.labels("memberships", "end_reason").get(row["end_reason"], "")


def signers_table(ds, links: Links, summary: pd.DataFrame, rows: pd.DataFrame, body: str) -> pd.DataFrame:
    """Each person asked to sign, for readers: documents signed and not signed while a member, the
    first and last signature, and when and why the person's membership ended afterwards."""
    fates = ds.labels("persons", "fate")
    people = ds.persons.set_index("person_id")
    out = {
        k: []
        for k in ("Member", "Signed", "Not signed", "First signed", "Last signed", "Left the body", "Fate")
    }
    for _, r in summary.iterrows():
        last_asked = rows.loc[rows["person_id"] == r["person_id"], "day"].max()
        left, why = _departure(ds, r["person_id"], body, last_asked)
        person = people.loc[r["person_id"]]
        fate = fates.get(person["fate"], "") if isinstance(person["fate"], str) else ""
        died = person["death_date"] if isinstance(person["death_date"], str) else ""
        out["Member"].append(links.name_cell(r["person_id"], r["name"]))
        out["Signed"].append(int(r["signed"]))
        out["Not signed"].append(int(r["not_signed"]))
        for column, value in (("First signed", r["first"]), ("Last signed", r["last"])):
            iso = value.date().isoformat() if not pd.isna(value) else None
            out[column].append(links.date_cell(iso) if iso else Cell("never", sort=""))
        out["Left the body"].append(
            Cell(f"{dates.label(left)} ({why})" if why else dates.label(left), sort=left)
            if left
            else Cell("")
        )
        out["Fate"].append(
            Cell(f"{fate}, {dates.label(died)}" if fate and died else fate or dates.label(died))
        )
    return pd.DataFrame(out)


def outside_signers_table(ds, links: Links, rows: pd.DataFrame) -> pd.DataFrame:
    """The signatures of people who were not members of the body on the document's date."""
    outside = rows[rows["signed"] & (rows["membership_type"] == "not a member")]
    notes = ds.votes.set_index(["event_id", "person_id"])["note"]
    where = ds.vote_events.set_index("event_id")["identifier"].dropna()
    titles = ds.vote_events.set_index("event_id")["title"]
    return pd.DataFrame(
        {
            "Signer": [
                links.name_cell(p, n) for p, n in zip(outside["person_id"], outside["name"], strict=True)
            ],
            "Document": [Cell(where.get(e) or titles.get(e, "")) for e in outside["event_id"]],
            "Date": [links.date_cell(d) for d in outside["date"]],
            "Note": [
                links.note_cell(notes.get((e, p)))
                for e, p in zip(outside["event_id"], outside["person_id"], strict=True)
            ],
        }
    )


def published_table(ds, links: Links, beside: pd.DataFrame) -> pd.DataFrame:
    """Published counts beside the dataset's, for readers (analysis.codebook.published_beside)."""
    beside = beside.merge(ds.persons[["person_id", "sort_name"]], on="person_id", how="left")
    beside = beside.sort_values(["sort_name", "source_id"])
    return pd.DataFrame(
        {
            "Member": [links.name_cell(p) for p in beside["person_id"]],
            "Published": list(beside["published"]),
            "In": [links.source_cell(s) for s in beside["source_id"]],
            "This dataset": list(beside["computed"]),
            "With the differing readings": list(beside["with_variants"]),
            "Note": [links.note_cell(n) for n in beside["note"]],
        }
    )


FIELD_WORDS = {
    "start_date": "start",
    "end_date": "end",
    "birth_date": "birth",
    "death_date": "death",
    "date": "date",
    "position": "position",
    "raw_position": "the source's words",
    "membership_type": "kind of membership",
    "role": "office",
}


def _row_words(ds, table: str, row_id: str) -> str:
    """The row a differing reading concerns, in words."""
    names = dict(zip(ds.persons["person_id"], ds.persons["name"], strict=True))
    if table == "votes":
        event_id, _, person_id = row_id.partition("/")
        titles = dict(zip(ds.vote_events["event_id"], ds.vote_events["title"], strict=True))
        return f"{names.get(person_id, person_id)}: {titles.get(event_id, event_id)}"
    frame = ds.tables[table].set_index(ds.primary_key(table))
    if row_id not in frame.index:
        return row_id
    row = frame.loc[row_id]
    if table == "memberships":
        body = dict(zip(ds.bodies["body_id"], ds.bodies["name"], strict=True)).get(
            row["body_id"], row["body_id"]
        )
        kind = ds.labels("memberships", "membership_type").get(row["membership_type"], "")
        return f"{names.get(row['person_id'], row['person_id'])}: {kind} of the {body}".replace("  ", " ")
    if table == "roles":
        return f"{names.get(row['person_id'], row['person_id'])}: {row['role']}"
    if table == "persons":
        return names.get(row_id, row_id)
    return str(row.get("title", row.get("name", row_id)))


def _reading(ds, table: str, field: str, value) -> str:
    if not isinstance(value, str) or not value:
        return "(none)"
    if field.endswith("date") or field == "date":
        try:
            return dates.label(value)
        except ValueError:
            return value
    try:
        return ds.labels(table, field).get(value, value)
    except KeyError:
        return value


def variants_table(ds, links: Links, variants: pd.DataFrame) -> pd.DataFrame:
    """Differing readings for readers: the row and field, this book's reading, the other reading, its
    source and the note (analysis.queries.variants_of)."""
    return pd.DataFrame(
        {
            "Of": [
                Cell(_row_words(ds, t, r)) for t, r in zip(variants["table"], variants["row_id"], strict=True)
            ],
            "Field": [FIELD_WORDS.get(f, f.replace("_", " ")) for f in variants["field"]],
            "This book": [
                _reading(ds, t, f, v)
                for t, f, v in zip(variants["table"], variants["field"], variants["chosen"], strict=True)
            ],
            "Other reading": [
                _reading(ds, t, f, v)
                for t, f, v in zip(variants["table"], variants["field"], variants["value"], strict=True)
            ],
            "Source": [links.source_cell(s) for s in variants["source_id"]],
            "Note": [links.note_cell(n) for n in variants["note"]],
        }
    )


def documents_table(ds, links: Links, rows: pd.DataFrame) -> pd.DataFrame:
    """Every document approved by signature (rows from queries.signed), for readers: the date, the
    document (its archival reference, else its title), who signed it, and the members who did not."""
    events = ds.vote_events.set_index("event_id")
    own = one_by_one(ds)
    out = {"Date": [], "Document": [], "Signed by": [], "Not signed by": []}

    def names(frame):
        frame = frame.sort_values("sort_name")
        parts = [links.name_cell(p, n) for p, n in zip(frame["person_id"], frame["name"], strict=True)]
        return Cell(", ".join(c.text for c in parts), html_=", ".join(c.render() for c in parts))

    for event_id, group in rows.groupby("event_id", sort=False):
        event = events.loc[event_id]
        where = (
            event["identifier"]
            if isinstance(event["identifier"], str) and event["identifier"]
            else event["title"]
        )
        out["Date"].append(links.date_cell(event["date"]))
        out["Document"].append(Cell(where, href=links.signed(event_id)) if event_id in own else Cell(where))
        out["Signed by"].append(names(group[group["signed"]]))
        out["Not signed by"].append(
            names(group[~group["signed"] & (group["membership_type"] != "not a member")])
        )
    return pd.DataFrame(out)


def pivot_account(ds, links: Links, pivots: pd.DataFrame) -> HTML:
    """For each vote whose margin is known: the margin, where it comes from, how few positions are
    recorded, and the recorded voters whose switch would have tied or reversed the result. HTML."""
    e = html.escape
    out = []
    for event_id, group in pivots.groupby("event_id", sort=False):
        first = group.iloc[0]
        said = [
            f"<strong>{e(dates.label(first['date']))}</strong>, {e(first['title'])}: "
            f"{e(margin_words(first['margin']))} (from {e(first['margin_from'])}); {int(first['recorded'])} "
            f"of the {int(first['members'])} members' positions are recorded."
        ]
        for kind, outcome in (
            ("reversed", "the result would have been reversed"),
            ("tied", "the vote would have tied, and a tie fails"),
        ):
            who = group[group["pivotal"] == kind]
            names = [
                links.name_cell(p, n).render() for p, n in zip(who["person_id"], who["name"], strict=True)
            ]
            if names:
                either = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
                said.append(f"Had {either} voted the other way, {outcome}.")
        if not (group["pivotal"] != "").any():
            said.append("No single recorded voter could have changed the result.")
        out.append(f'<p class="pivot" id="pivot-{e(slug(event_id))}">' + " ".join(said) + "</p>")
    return HTML("".join(out))


def pivots_table(ds, links: Links, pivots: pd.DataFrame) -> pd.DataFrame:
    """Pivotal voters for readers: the vote, the member, the position, the margin and the margin
    had they voted the other way, and what that would have done."""
    return pd.DataFrame(
        {
            "Vote": [
                Cell(f"{dates.label(d)}: {t}", href=Links.vote(e))
                for d, t, e in zip(pivots["date"], pivots["title"], pivots["event_id"], strict=True)
            ],
            "Member": [
                links.name_cell(p, n) for p, n in zip(pivots["person_id"], pivots["name"], strict=True)
            ],
            "Position": list(ds.words("votes", "position", pivots["position"])),
            "Margin": list(pivots["margin"]),
            "Had they switched": list(pivots["switched_margin"]),
            "The result": [
                {"reversed": "reversed", "tied": "tied, and failed"}[p] for p in pivots["pivotal"]
            ],
        }
    )


def margin_words(margin: int) -> str:
    """A margin (for minus against) in words: 'a majority of 1 for', 'a tie', 'a majority of 1 against'."""
    margin = int(margin)
    if margin == 0:
        return "a tie"
    return f"a majority of {abs(margin)} {'for' if margin > 0 else 'against'}"
