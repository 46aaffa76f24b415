#!/usr/bin/env python3
"""Generate a large, deterministic, synthetic ISO/IEC 20000-1 evidence folder for benchmarking.

    python3 bench/generate_evidence.py OUT_DIR --docs 10000 --seed 1

writes about 300 MB for 10,000 documents (size scales linearly with --docs):

* ~70% Markdown with YAML front matter (title, doc_type, owner, version, status, approved_on,
  review_due, covers; see the evidence metadata contract), some with a document-control table;
* ~15% CSV record logs (incident, change, problem and service-request logs with date columns);
* ~10% plain-text logs (.txt, some .log);
* ~5% YAML / JSON records (registers with front-matter-style metadata and a list of entries);

in nested folders (depth 2-4, about 50 files per folder). Most files are 5-60 KB, a few are
small, a few long, and one document in 500 is a multi-MB log. The vocabulary comes from the
catalogue (`keywords`, element `keywords` and `title_hints` in requirements/iso20000-1-2018/*.yaml)
mixed with filler prose, so a keyword search finds realistic hit densities.

The same --docs and --seed give byte-identical output. Standard library + PyYAML only.

    python3 bench/generate_evidence.py --write-patterns FILE

writes the catalogue's search phrases (keywords, element keywords and title hints), lowercased,
de-duplicated and sorted, one per line: the pattern file for `rg -i -F -f FILE`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import glob
import io
import json
import math
import multiprocessing
import os
import random
import sys
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CATALOGUE = os.path.join(HERE, "..", "requirements", "iso20000-1-2018")

# Fixed reference date so output never depends on the day it is generated.
REF_DATE = dt.date(2026, 11, 1)

FILES_PER_FOLDER = 50
BIG_LOG_EVERY = 500  # one document in 500 is a multi-MB log

DOC_TYPES = [
    "scope", "policy", "objectives", "plan", "procedure", "process", "catalogue", "agreement",
    "contract", "register", "record", "log", "report", "minutes", "programme", "assessment",
    "definition", "matrix", "manual",
]

EXTRA_ROLES = [
    "Head of Service Delivery", "Service Desk Manager", "Chief Operating Officer", "IT Director",
    "Quality Manager", "Compliance Officer", "Commercial Manager", "Head of Infrastructure",
    "Jane Smith", "Ravi Patel", "Aisha Okafor", "Tom Becker", "Maria Garcia", "Liam O'Connor",
]

SERVICES = [
    "Email and Collaboration", "Service Desk", "Managed Backup", "Hosted Desktop", "Network WAN",
    "Firewall Management", "Microsoft 365 Tenancy", "ERP Hosting", "Payroll Platform", "CRM",
    "Data Centre Colocation", "Identity and Access", "Patch Management", "Monitoring Platform",
    "VoIP Telephony", "File and Print", "Customer Portal", "Database Hosting",
]

TEAMS = [
    "Service Desk L1", "Service Desk L2", "Network Operations", "Platform Engineering",
    "Security Operations", "Database Team", "Desktop Support", "Cloud Operations", "Applications",
]

FILLER_WORDS = (
    "the team agreed that this will be reviewed at the next meeting and any changes recorded in "
    "the usual way, with owners named for each action and dates set for follow up; where a "
    "customer is affected the account lead is informed and the outcome is confirmed in writing. "
    "staff should refer to the intranet for the latest version and raise questions with their "
    "line manager, noting that older copies are withdrawn once a new issue is published. the "
    "figures below are taken from the monthly pack and reconciled against the ticketing tool "
    "before circulation, so small differences against earlier drafts are expected. in practice "
    "this means checking the queue each morning, escalating anything that looks stuck and "
    "keeping notes short but complete enough that a colleague can pick up the work. budgets "
    "are held centrally and any spend above the delegated limit needs sign off from finance "
    "before orders are placed with the supplier. all timings are in local time unless stated "
    "otherwise and weekends are excluded from working day calculations."
).split()

OPENERS = [
    "This section describes", "The organisation maintains", "We review", "The service owner confirms",
    "Each quarter the team checks", "Responsibility for", "The process ensures", "Records show",
    "Management has approved", "Where required, we update", "The procedure sets out", "Evidence of",
    "The annual review covered", "Customers are informed about", "Targets for",
    "Our approach to", "Any exception to", "The register lists", "Minutes record",
]
CONNECTORS = [
    "together with", "in line with", "as part of", "supported by", "alongside", "with reference to",
    "taking into account", "linked to", "before agreeing", "after reviewing",
]
CLOSERS = [
    "and the results are reported to management.", "so that service requirements continue to be met.",
    "with actions tracked to closure.", "and changes are approved before use.",
    "as agreed with the customer.", "within the agreed timescales.", "at least once a year.",
    "and exceptions are escalated promptly.", "using the templates on the intranet.",
    "and the outcome is recorded in the register.",
]

SECTION_HEADINGS = [
    "Purpose", "Scope", "Roles and responsibilities", "Definitions", "Policy statements",
    "Procedure", "Inputs and outputs", "Records", "Monitoring and measurement", "Reporting",
    "Exceptions", "Review and approval", "References", "Background", "Actions", "Findings",
    "Recommendations", "Summary",
]

CSV_HEADERS = {
    "incident": ["Ref", "Opened", "Resolved", "Priority", "Service", "Category", "Summary", "Assigned group",
                 "Status", "SLA met"],
    "change": ["Change ID", "Requested", "CAB date", "Implemented", "Type", "Risk", "Summary", "Approved by",
               "Outcome", "PIR completed"],
    "problem": ["Problem ID", "Logged", "Root cause found", "Closed", "Priority", "Service", "Summary",
                "Known error", "Owner", "Status"],
    "request": ["Request ID", "Submitted", "Fulfilled", "Catalogue item", "Service", "Summary", "Requester",
                "Fulfilment group", "Status", "Within target"],
}

LOG_LEVELS = ["INFO"] * 12 + ["WARN"] * 3 + ["ERROR", "DEBUG", "DEBUG"]
LOG_SOURCES = [
    "backup-agent", "monitoring", "servicedesk", "change-scheduler", "patch-runner", "siem",
    "capacity-collector", "availability-probe", "deploy-pipeline", "cmdb-sync", "sla-engine",
]
LOG_EVENTS = [
    "job completed in {n}s", "threshold exceeded on {svc} ({n}%)", "ticket {ref} updated by {team}",
    "scheduled task started for {svc}", "health check passed for {svc}", "retrying connection ({n}/5)",
    "snapshot verified for {svc}", "alert acknowledged by {team}", "configuration drift detected on {svc}",
    "user session count {n} on {svc}", "deployment {ref} promoted to production", "queue depth {n}",
]


# --------------------------------------------------------------------------------------------
# Catalogue
# --------------------------------------------------------------------------------------------

class Requirement:
    __slots__ = ("id", "clause", "process", "title", "doc_types", "keywords", "title_hints", "elements")

    def __init__(self, raw: dict):
        ev = raw.get("evidence") or {}
        self.id = str(raw["id"])
        self.clause = str(raw.get("clause", ""))
        self.process = str(raw.get("process") or "general")
        self.title = str(raw.get("title") or self.id)
        self.doc_types = [str(d) for d in ev.get("doc_types") or []] or ["record"]
        self.keywords = [str(k) for k in ev.get("keywords") or []]
        self.title_hints = [str(t) for t in ev.get("title_hints") or []] or [self.title]
        self.elements = []
        for el in ev.get("elements") or []:
            self.elements.append((str(el.get("name") or ""), [str(k) for k in el.get("keywords") or []]))

    def all_phrases(self) -> list[str]:
        out = list(self.keywords)
        for _, kws in self.elements:
            out.extend(kws)
        return out or [self.title.lower()]


def load_catalogue(directory: str) -> tuple[list[Requirement], list[str], list[str]]:
    files = sorted(glob.glob(os.path.join(directory, "*.yaml")))
    if not files:
        sys.exit(f"generate_evidence: no catalogue YAML files in {directory}")
    reqs: list[Requirement] = []
    roles: set[str] = set()
    for path in files:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        for raw in data.get("requirements") or []:
            reqs.append(Requirement(raw))
            for role in (raw.get("audit") or {}).get("interview") or []:
                roles.add(str(role))
    if not reqs:
        sys.exit(f"generate_evidence: no requirements found in {directory}")
    phrases: set[str] = set()
    for r in reqs:
        phrases.update(p.strip().lower() for p in r.all_phrases() + r.title_hints if p.strip())
    owners = sorted(r.title() if r.islower() else r for r in roles) + EXTRA_ROLES
    return reqs, sorted(phrases), owners


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

SMALL_WORDS = {"and", "or", "of", "the", "for", "to", "in", "on", "a", "an", "with", "by"}
ACRONYMS = {"sla", "slas", "ola", "olas", "kpi", "kpis", "cab", "ecab", "hr", "sms", "it", "ci", "cis",
            "cmdb", "kedb", "swot", "pestle", "rpo", "rto", "bia", "pir", "raci", "itsm", "fy", "uk"}


def titlecase(s: str) -> str:
    out = []
    for i, w in enumerate(s.split()):
        if w.lower() in ACRONYMS:
            out.append(w.upper())
        elif i and w in SMALL_WORDS:
            out.append(w)
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


def slug(s: str) -> str:
    out = []
    for ch in s.lower():
        out.append(ch if ch.isalnum() else "-")
    return "-".join(p for p in "".join(out).split("-") if p)


def q(s: str) -> str:
    """A YAML-safe scalar: JSON string syntax is valid YAML double-quoted style."""
    return json.dumps(s)


def filler(rng: random.Random, lo: int, hi: int) -> str:
    """A run of lo..hi consecutive words from the filler paragraph (reads more like prose than a
    random word salad)."""
    k = rng.randint(lo, hi)
    start = rng.randrange(len(FILLER_WORDS) - k)
    return " ".join(FILLER_WORDS[start:start + k]).rstrip(".,;")


def make_sentence(rng: random.Random, phrases: list[str]) -> str:
    """One sentence with one or two catalogue phrases mixed into filler prose."""
    kind = rng.random()
    if kind < 0.25:
        s = f"{rng.choice(OPENERS)} {filler(rng, 6, 18)}."
    elif kind < 0.7:
        s = f"{rng.choice(OPENERS)} {rng.choice(phrases)} {filler(rng, 3, 10)} {rng.choice(CLOSERS)}"
    else:
        s = (f"{rng.choice(OPENERS)} {rng.choice(phrases)} {rng.choice(CONNECTORS)} "
             f"{rng.choice(phrases)}, {filler(rng, 2, 8)} {rng.choice(CLOSERS)}")
    return s[0].upper() + s[1:]


def fast(rng: random.Random):
    """Cheaper equivalents of rng.random/choice/randint for the hot loops of the big logs."""
    rnd = rng.random

    def pick(seq):
        return seq[int(rnd() * len(seq))]

    def rint(lo: int, hi: int) -> int:
        return lo + int(rnd() * (hi - lo + 1))

    return rnd, pick, rint


class DayStrings:
    """ISO date strings for start + n days, computed once per day."""

    def __init__(self, start: dt.date):
        self.start = start
        self.cache: list[str] = []

    def __getitem__(self, n: int) -> str:
        cache = self.cache
        while len(cache) <= n:
            cache.append((self.start + dt.timedelta(days=len(cache))).isoformat())
        return cache[n]


def rand_date(rng: random.Random, days_back_max: int, days_back_min: int = 0) -> dt.date:
    return REF_DATE - dt.timedelta(days=rng.randint(days_back_min, days_back_max))


# --------------------------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------------------------

class Generator:
    def __init__(self, reqs: list[Requirement], phrases: list[str], owners: list[str], seed: int):
        self.reqs = reqs
        self.phrases = phrases
        self.owners = owners
        self.seed = seed
        self.by_process: dict[str, list[Requirement]] = {}
        for r in reqs:
            self.by_process.setdefault(r.process, []).append(r)
        self.processes = sorted(self.by_process)
        # Shared sentence pool (generic prose with random catalogue phrases); documents add their own
        # requirement-specific sentences on top, so each file has a realistic focus.
        rng = random.Random(seed * 7919 + 17)
        self.pool = [make_sentence(rng, phrases) for _ in range(20000)]
        self.summaries = [
            f"{titlecase(filler(rng, 1, 3))} {rng.choice(phrases)} {filler(rng, 1, 5)}"
            for _ in range(5000)
        ]

    # -- layout ------------------------------------------------------------------------------

    def folders(self, n_docs: int) -> list[tuple[str, str]]:
        """Leaf folder paths (depth 2-4), one per ~50 documents, top level = catalogue process."""
        rng = random.Random(self.seed * 104729 + 3)
        n = max(1, math.ceil(n_docs / FILES_PER_FOLDER))
        kinds = ["policies", "procedures", "records", "reports", "registers", "minutes", "plans",
                 "evidence", "logs"]
        years = [str(y) for y in range(REF_DATE.year - 3, REF_DATE.year + 1)]
        fourth = ["Q1", "Q2", "Q3", "Q4", "customers", "internal", "suppliers", "archive-copies"]
        seen: set[str] = set()
        out: list[tuple[str, str]] = []
        top_names = {p: f"{i + 1:02d} {titlecase(p.replace('-', ' '))}" for i, p in enumerate(self.processes)}
        while len(out) < n:
            proc = rng.choice(self.processes)
            depth = rng.choice([2, 2, 3, 3, 3, 4])
            parts = [top_names[proc], rng.choice(kinds)]
            if depth >= 3:
                parts.append(rng.choice(years))
            if depth >= 4:
                parts.append(rng.choice(fourth))
            path = "/".join(parts)
            if path in seen:
                # Disambiguate rather than loop forever on small vocabularies.
                path = f"{path}-{len(out)}"
            seen.add(path)
            out.append((path, proc))
        return out

    # -- per-document content ---------------------------------------------------------------

    def target_size(self, rng: random.Random, big: bool) -> int:
        if big:
            return rng.randint(1_500_000, 4_500_000)
        r = rng.random()
        if r < 0.05:
            return rng.randint(1_000, 5_000)
        if r < 0.97:
            return int(math.exp(rng.uniform(math.log(5_000), math.log(60_000))))
        return int(math.exp(rng.uniform(math.log(60_000), math.log(200_000))))

    def front_matter_values(self, rng: random.Random, req: Requirement, doc_type: str) -> dict:
        status = rng.choices(["approved", "draft", "retired", "superseded"], [80, 14, 4, 2])[0]
        approved = rand_date(rng, 3 * 365, 10)
        review_due = approved + dt.timedelta(days=rng.choice([182, 365, 365, 365, 730]))
        covers = []
        for r in [req] + rng.sample(self.reqs, rng.choice([0, 0, 1, 2])):
            item = r.id if rng.random() < 0.75 else r.clause
            if item not in covers:
                covers.append(item)
        hint = rng.choice(req.title_hints)
        title = titlecase(hint)
        if rng.random() < 0.3:
            title += f" {rng.choice([REF_DATE.year - 1, REF_DATE.year, 'FY' + str(REF_DATE.year % 100)])}"
        elif rng.random() < 0.2:
            title += f" - {rng.choice(SERVICES)}"
        return {
            "title": title,
            "doc_type": doc_type,
            "owner": rng.choice(self.owners),
            "version": f"{rng.randint(0, 4)}.{rng.randint(0, 9)}",
            "status": status,
            "approved_on": None if status == "draft" else approved.isoformat(),
            "review_due": review_due.isoformat(),
            "covers": covers,
        }

    def markdown(self, rng: random.Random, req: Requirement, size: int) -> tuple[str, str]:
        doc_type = rng.choice(req.doc_types)
        meta = self.front_matter_values(rng, req, doc_type)
        fm = ["---", f"title: {q(meta['title'])}", f"doc_type: {doc_type}",
              f"owner: {q(meta['owner'])}", f"version: \"{meta['version']}\"",
              f"status: {meta['status']}"]
        if meta["approved_on"]:
            fm.append(f"approved_on: {meta['approved_on']}")
        fm.append(f"review_due: {meta['review_due']}")
        if rng.random() < 0.5:
            fm.append("covers: [" + ", ".join(q(c) for c in meta["covers"]) + "]")
        else:
            fm.append("covers:")
            fm.extend(f"  - {q(c)}" for c in meta["covers"])
        fm.append("---")
        parts = ["\n".join(fm), "", f"# {meta['title']}", ""]
        if rng.random() < 0.3:
            parts += ["| Field | Value |", "|---|---|", f"| Owner | {meta['owner']} |",
                      f"| Version | {meta['version']} |", f"| Status | {meta['status'].title()} |",
                      f"| Review due | {meta['review_due']} |", ""]

        local_phrases = req.all_phrases() + req.title_hints
        local = [make_sentence(rng, local_phrases) for _ in range(40)]
        headings = [name for name, _ in req.elements if name] + SECTION_HEADINGS
        total = sum(len(p) + 1 for p in parts)
        section = 0
        while total < size:
            section += 1
            heading = headings[(section - 1) % len(headings)] if section <= len(headings) else rng.choice(headings)
            chunk = [f"## {section}. {titlecase(heading)}", ""]
            for _ in range(rng.randint(1, 4)):
                n = rng.randint(3, 8)
                sents = rng.choices(local, k=n // 2) + rng.choices(self.pool, k=n - n // 2)
                rng.shuffle(sents)
                chunk += [" ".join(sents), ""]
            r = rng.random()
            if r < 0.25:
                chunk += [f"- {s}" for s in rng.choices(local + self.pool[:500], k=rng.randint(3, 7))] + [""]
            elif r < 0.4:
                chunk += ["| Item | Owner | Due | Status |", "|---|---|---|---|"]
                for _ in range(rng.randint(3, 12)):
                    chunk.append(f"| {rng.choice(self.summaries)} | {rng.choice(self.owners)} | "
                                 f"{rand_date(rng, 400).isoformat()} | {rng.choice(['Open', 'Closed', 'In progress'])} |")
                chunk.append("")
            text = "\n".join(chunk)
            parts.append(text)
            total += len(text) + 1
        name = meta["title"] if rng.random() < 0.5 else slug(meta["title"])
        if rng.random() < 0.3:
            name += f" v{meta['version']}"
        return name + ".md", "\n".join(parts) + "\n"

    def csv_log(self, rng: random.Random, req: Requirement, size: int) -> tuple[str, str]:
        rnd, pick, rint = fast(rng)
        kind = rng.choice(["incident", "change", "problem", "request"])
        start = rand_date(rng, 3 * 365, 30)
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        prefix = {"incident": "INC", "change": "CHG", "problem": "PRB", "request": "REQ"}[kind]
        w.writerow(CSV_HEADERS[kind])
        local = [titlecase(p) for p in req.all_phrases()]
        summaries, owners = self.summaries, self.owners
        # Days advance so that even a multi-MB log spans at most about two years.
        p_next_day = min(0.3, 700 / max(1, size / 110))
        days = DayStrings(start)
        rows = []
        approx = 0
        n = rint(10000, 90000)
        day = 0
        while approx < size:
            n += 1
            if rnd() < p_next_day:
                day += 1
            d1 = days[day]
            d2 = days[day + rint(0, 9)]
            summary = pick(summaries) if rnd() < 0.6 else f"{pick(local)} {filler(rng, 2, 9)}"
            svc = pick(SERVICES)
            if kind == "incident":
                row = [f"{prefix}{n:07d}", f"{d1} {rint(0, 23):02d}:{rint(0, 59):02d}", d2,
                       f"P{rint(1, 4)}", svc, pick(("Hardware", "Software", "Network", "Access", "Security")),
                       summary, pick(TEAMS), pick(("Resolved", "Closed", "Closed", "Open")), pick("YYYN")]
            elif kind == "change":
                row = [f"{prefix}{n:06d}", d1, d2, days[day + rint(10, 17)],
                       pick(("Standard", "Normal", "Normal", "Emergency")), pick(("Low", "Medium", "High")),
                       summary, pick(owners), pick(("Successful", "Successful", "Backed out", "Partial")),
                       pick(("Yes", "No"))]
            elif kind == "problem":
                row = [f"{prefix}{n:05d}", d1, d2, days[day + rint(10, 60)], f"P{rint(1, 4)}", svc, summary,
                       pick(("Yes", "No")), pick(owners), pick(("Closed", "Open", "Known error"))]
            else:
                row = [f"{prefix}{n:07d}", d1, d2,
                       pick(("New starter", "Software install", "Access request", "Mailbox", "Hardware",
                             "Password reset")),
                       svc, summary, pick(EXTRA_ROLES), pick(TEAMS), pick(("Fulfilled", "Fulfilled", "Cancelled")),
                       pick("YYN")]
            rows.append(row)
            approx += sum(map(len, row)) + 12
        w.writerows(rows)
        month = start.strftime("%Y-%m")
        name = rng.choice([f"{kind}-log-{month}", f"{titlecase(kind)} Log {start.year}", f"{kind}s-export-{month}"])
        return name + ".csv", buf.getvalue()

    def text_log(self, rng: random.Random, req: Requirement, size: int) -> tuple[str, str]:
        rnd, pick, rint = fast(rng)
        start = rand_date(rng, 3 * 365, 30)
        days = DayStrings(start)
        local = req.all_phrases()
        phrases = self.phrases
        lines = [f"# {titlecase(rng.choice(req.title_hints))} - exported {REF_DATE.isoformat()}"]
        total = len(lines[0])
        ref = rint(1000, 99999)
        secs = 0
        while total < size:
            secs += rint(1, 900)
            ref += 1
            msg = pick(LOG_EVENTS).format(n=rint(1, 999), svc=pick(SERVICES), ref=f"R{ref}", team=pick(TEAMS))
            if rnd() < 0.35:
                msg += f" [{pick(local) if rnd() < 0.6 else pick(phrases)}]"
            d, r = divmod(secs, 86400)
            line = (f"{days[d]} {r // 3600:02d}:{r // 60 % 60:02d}:{r % 60:02d} "
                    f"{pick(LOG_LEVELS):5} {pick(LOG_SOURCES)}: {msg}")
            lines.append(line)
            total += len(line) + 1
        ext = ".log" if rng.random() < 0.25 else ".txt"
        name = f"{rng.choice(LOG_SOURCES)}-{start.isoformat()}"
        return name + ext, "\n".join(lines) + "\n"

    def record(self, rng: random.Random, req: Requirement, size: int) -> tuple[str, str]:
        doc_type = rng.choice(["register", "record", "log", "matrix", "catalogue"])
        meta = self.front_matter_values(rng, req, doc_type)
        local = req.all_phrases()
        entries = []
        approx = 0
        n = 0
        while approx < size:
            n += 1
            e = {
                "id": f"{slug(req.process)[:4].upper()}-{n:05d}",
                "name": rng.choice(self.summaries),
                "service": rng.choice(SERVICES),
                "owner": rng.choice(self.owners),
                "recorded_on": rand_date(rng, 3 * 365).isoformat(),
                "status": rng.choice(["active", "active", "closed", "under review"]),
                "notes": " ".join(rng.choices(self.pool, k=rng.randint(1, 3))) + f" ({rng.choice(local)})",
            }
            entries.append(e)
            approx += sum(len(str(v)) for v in e.values()) + 110
        base = slug(meta["title"])
        if rng.random() < 0.5:
            out = [f"title: {q(meta['title'])}", f"doc_type: {doc_type}", f"owner: {q(meta['owner'])}",
                   f"version: \"{meta['version']}\"", f"status: {meta['status']}"]
            if meta["approved_on"]:
                out.append(f"approved_on: {meta['approved_on']}")
            out.append(f"review_due: {meta['review_due']}")
            out.append("covers: [" + ", ".join(q(c) for c in meta["covers"]) + "]")
            out.append("entries:")
            for e in entries:
                first = True
                for k, v in e.items():
                    out.append(f"{'  - ' if first else '    '}{k}: {q(v)}")
                    first = False
            return base + rng.choice([".yaml", ".yml"]), "\n".join(out) + "\n"
        doc = {k: v for k, v in meta.items() if v is not None}
        doc["entries"] = entries
        return base + ".json", json.dumps(doc, indent=2) + "\n"

    def document(self, index: int, folder_process: str) -> tuple[str, str]:
        rng = random.Random(self.seed * 1_000_003 + index)
        big = index % BIG_LOG_EVERY == BIG_LOG_EVERY // 2
        pool = self.by_process.get(folder_process) or self.reqs
        req = rng.choice(pool) if rng.random() < 0.8 else rng.choice(self.reqs)
        size = self.target_size(rng, big)
        if big:
            return (self.csv_log if rng.random() < 0.5 else self.text_log)(rng, req, size)
        r = rng.random()
        if r < 0.70:
            return self.markdown(rng, req, size)
        if r < 0.85:
            return self.csv_log(rng, req, size)
        if r < 0.95:
            return self.text_log(rng, req, size)
        return self.record(rng, req, size)


def safe_name(name: str) -> str:
    bad = '/\\:*?"<>|\0'
    name = "".join("-" if c in bad else c for c in name).strip(" .")
    return name[:120] or "document"


# Set in the parent before the worker processes fork, so workers share it without pickling.
_JOB: dict = {}


def write_folder(k: int) -> tuple[int, int]:
    """Write every document of leaf folder k; returns (documents, bytes). Name clashes are resolved
    within the folder in document order, so the output does not depend on the number of jobs."""
    gen, out_dir, folders, ranges = _JOB["gen"], _JOB["out_dir"], _JOB["folders"], _JOB["ranges"]
    folder, process = folders[k]
    dpath = os.path.join(out_dir, folder)
    os.makedirs(dpath, exist_ok=True)
    used: set[str] = set()
    total = 0
    lo, hi = ranges[k]
    for i in range(lo, hi):
        name, text = gen.document(i, process)
        name = safe_name(name)
        if name.lower() in used:
            stem, ext = os.path.splitext(name)
            n = 2
            while f"{stem} ({n}){ext}".lower() in used:
                n += 1
            name = f"{stem} ({n}){ext}"
        used.add(name.lower())
        data = text.encode("utf-8")
        with open(os.path.join(dpath, name), "wb") as fh:
            fh.write(data)
        total += len(data)
    return hi - lo, total


def generate(out_dir: str, n_docs: int, seed: int, catalogue: str, jobs: int, quiet: bool) -> None:
    if os.path.isdir(out_dir) and os.listdir(out_dir):
        sys.exit(f"generate_evidence: {out_dir} exists and is not empty; choose an empty or new folder")
    started = time.monotonic()
    reqs, phrases, owners = load_catalogue(catalogue)
    gen = Generator(reqs, phrases, owners, seed)
    folders = gen.folders(n_docs)
    # Document i goes to leaf folder i * len(folders) // n_docs: contiguous runs of ~50.
    ranges = [[n_docs, 0] for _ in folders]
    for i in range(n_docs):
        r = ranges[i * len(folders) // n_docs]
        r[0] = min(r[0], i)
        r[1] = max(r[1], i + 1)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "iso20k.toml"), "w", encoding="utf-8") as fh:
        fh.write('[organisation]\nname = "Synthetic Benchmark Services Ltd"\n'
                 'scope = "Synthetic evidence folder generated by bench/generate_evidence.py"\n')

    _JOB.update(gen=gen, out_dir=out_dir, folders=folders, ranges=ranges)
    done_docs = total_bytes = 0
    next_report = 1000
    order = range(len(folders))
    if jobs > 1:
        pool = multiprocessing.get_context("fork").Pool(jobs)
        results = pool.imap_unordered(write_folder, order)
    else:
        pool = None
        results = map(write_folder, order)
    try:
        for docs, size in results:
            done_docs += docs
            total_bytes += size
            if not quiet and done_docs >= next_report:
                print(f"  {done_docs}/{n_docs} documents, {total_bytes / 1e6:.0f} MB", file=sys.stderr)
                next_report = (done_docs // 1000 + 1) * 1000
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    elapsed = time.monotonic() - started
    if not quiet:
        print(f"generated {n_docs} documents ({total_bytes / 1e6:.1f} MB, {len(folders)} folders) "
              f"in {out_dir} in {elapsed:.1f}s", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", nargs="?", help="folder to create (must be new or empty)")
    ap.add_argument("--docs", type=int, default=10000, help="number of documents (default 10000, ~300 MB)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--catalogue", default=DEFAULT_CATALOGUE,
                    help="catalogue folder with requirement YAML files (default: the repository's)")
    ap.add_argument("--write-patterns", metavar="FILE",
                    help="write the catalogue's lowercased search phrases to FILE, one per line")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes (default: all CPUs; the output does not depend on it)")
    ap.add_argument("--quiet", action="store_true", help="no progress output")
    args = ap.parse_args()
    if args.write_patterns:
        _, phrases, _ = load_catalogue(args.catalogue)
        with open(args.write_patterns, "w", encoding="utf-8") as fh:
            fh.write("\n".join(phrases) + "\n")
        if not args.out_dir:
            return
    if not args.out_dir:
        ap.error("OUT_DIR is required (unless --write-patterns is given alone)")
    if args.docs < 1:
        ap.error("--docs must be at least 1")
    generate(args.out_dir, args.docs, args.seed, args.catalogue, max(1, args.jobs), args.quiet)


if __name__ == "__main__":
    main()
