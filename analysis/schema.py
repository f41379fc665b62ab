"""Validation of raw table records against the Frictionless descriptor.

The descriptor ``data/datapackage.json`` is a Frictionless *Tabular Data
Package*. This module enforces the part of the Table Schema standard that the
project uses (types, ``required``, ``unique``, ``enum``, ``pattern``,
``minimum``/``maximum``, primary and foreign keys) and a few project rules
that the descriptor declares as ``x-`` properties:

``x-precision-field``
    a date field's companion that says how much of the date is meaningful
    (``day``, ``month`` or ``year``); a month-precision date must fall on the
    first of the month, a year-precision date on 1 January.
``x-intervals``
    pairs of fields where the second, when present, may not precede the first.
``x-ordered``
    ``low <= best <= high`` wherever the values are present.
``x-subject-key``
    a foreign key whose target table depends on another column
    (``subject_type``/``subject_id`` of the estimates).
``x-positive``
    fields that must be strictly positive.
``x-coordinates``
    a point (longitude and latitude fields) must lie inside the declared
    ``area`` (a bounding box), unless its ``abroad`` field names another
    country in parentheses ("Geneva (Switzerland)"); a point whose ``abroad``
    field is set and names no other country is said to be in Afghanistan and
    must lie inside Afghanistan's outline (:mod:`analysis.boundary`), within
    ``tolerance_km``. Both coordinates or neither.

Every rule reports a :class:`Problem` naming the file, the line, the column and
what is wrong. Nothing here reads files: :mod:`analysis.data` reads them and
hands over the records.

Examples
--------
>>> resource = {"name": "t", "path": "t.csv", "schema": {"fields": [
...     {"name": "id", "type": "string", "constraints": {"required": True}},
...     {"name": "n", "type": "integer", "constraints": {"minimum": 0}}]}}
>>> rows, problems = check_table(resource, ["id", "n"], [(2, ["a", "-1"])])
>>> print(problems[0])
t.csv, line 2, column 'n': -1 is below the minimum 0
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from analysis.boundary import km_outside

__all__ = [
    "Problem",
    "DataValidationError",
    "check_table",
    "check_foreign_keys",
    "check_sources",
    "bibliography_keys",
    "bibliography_entries",
    "check_bibliography",
    "check_people",
    "SOURCE_TYPES",
]

Record = tuple[int, list[str]]
Row = dict[str, Any]

_PRECISION_DAY = {"day", "month", "year"}


@dataclass(frozen=True)
class Problem:
    """One rule broken by one cell (or one row, or one file).

    Examples
    --------
    >>> print(Problem("events.csv", 7, "start_date", "not a date"))
    events.csv, line 7, column 'start_date': not a date
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(ValueError):
    """Raised when a table breaks its schema; lists every problem found.

    Examples
    --------
    >>> err = DataValidationError([Problem("a.csv", 2, "x", "bad")])
    >>> err.problems[0].line
    2
    >>> print(err)
    1 problem in the data:
      a.csv, line 2, column 'x': bad
    """

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:50])
        more = len(self.problems) - 50
        tail = f"\n  ... and {more} more" if more > 0 else ""
        plural = "" if len(self.problems) == 1 else "s"
        super().__init__(f"{len(self.problems)} problem{plural} in the data:\n{shown}{tail}")


# --------------------------------------------------------------------------- types


def _parse(value: str, ftype: str) -> Any:
    """Parse one non-empty cell; raise ValueError with a reader's message."""
    if ftype == "string":
        return value
    if ftype == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise ValueError(f"'{value}' is not a whole number")
        return int(value)
    if ftype == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"'{value}' is not a finite number")
        return number
    if ftype == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"'{value}' is not a date in the form YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a calendar date") from None
    if ftype == "boolean":
        if value in {"true", "false"}:
            return value == "true"
        raise ValueError(f"'{value}' is not 'true' or 'false'")
    raise ValueError(f"the schema uses an unsupported type '{ftype}'")


def _bound(value: Any, ftype: str) -> Any:
    return dt.date.fromisoformat(value) if ftype == "date" else value


def _check_cell(field: Mapping[str, Any], raw: str) -> tuple[Any, list[str]]:
    """Return the typed value of a cell and the messages for broken rules."""
    cons = field.get("constraints", {})
    if raw == "":
        return None, (["is required but empty"] if cons.get("required") else [])
    try:
        value = _parse(raw, field.get("type", "string"))
    except ValueError as exc:
        return None, [str(exc)]
    messages = []
    if "enum" in cons and value not in cons["enum"]:
        allowed = ", ".join(str(v) for v in cons["enum"])
        messages.append(f"'{raw}' is not one of: {allowed}")
    if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
        messages.append(f"'{raw}' does not match the pattern {cons['pattern']}")
    ftype = field.get("type", "string")
    if "minimum" in cons and value < _bound(cons["minimum"], ftype):
        messages.append(f"{raw} is below the minimum {cons['minimum']}")
    if "maximum" in cons and value > _bound(cons["maximum"], ftype):
        messages.append(f"{raw} is above the maximum {cons['maximum']}")
    return value, messages


# --------------------------------------------------------------------------- one table


def check_table(
    resource: Mapping[str, Any], header: Sequence[str], records: Iterable[Record]
) -> tuple[list[Row], list[Problem]]:
    """Check the records of one table against its resource descriptor.

    Parameters
    ----------
    resource
        One entry of the descriptor's ``resources`` list.
    header
        The column names as they appear in the file.
    records
        ``(line, cells)`` pairs, ``line`` being the file line the record
        starts on.

    Returns
    -------
    rows, problems
        The typed rows (each a dict with a ``_line`` key), and every problem.

    Examples
    --------
    >>> resource = {"path": "t.csv", "schema": {"fields": [
    ...     {"name": "low", "type": "number"}, {"name": "high", "type": "number"}]},
    ...     "x-ordered": ["low", "high"]}
    >>> _, problems = check_table(resource, ["low", "high"], [(2, ["5", "3"])])
    >>> print(problems[0])
    t.csv, line 2, column 'high': high (3.0) is below low (5.0)
    """
    file = resource.get("path", resource.get("name", "?"))
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    problems: list[Problem] = []
    if list(header) != names:
        missing = [n for n in names if n not in header]
        unknown = [h for h in header if h not in names]
        for name in missing:
            problems.append(Problem(file, 1, name, "column is missing from the header"))
        for name in unknown:
            problems.append(Problem(file, 1, name, "column is not in the schema"))
        if not missing and not unknown:
            problems.append(
                Problem(file, 1, None, f"columns are out of order; expected {', '.join(names)}")
            )
        return [], problems

    rows: list[Row] = []
    seen_unique: dict[str, dict[Any, int]] = {
        f["name"]: {} for f in fields if f.get("constraints", {}).get("unique")
    }
    for line, cells in records:
        if len(cells) != len(names):
            problems.append(
                Problem(file, line, None, f"has {len(cells)} fields, the header has {len(names)}")
            )
            continue
        row: Row = {"_line": line}
        for field, raw in zip(fields, cells, strict=True):
            value, messages = _check_cell(field, raw)
            problems.extend(Problem(file, line, field["name"], m) for m in messages)
            row[field["name"]] = value
            seen = seen_unique.get(field["name"])
            if seen is not None and value is not None:
                if value in seen:
                    problems.append(
                        Problem(file, line, field["name"],
                                f"'{raw}' repeats the value on line {seen[value]}")
                    )
                else:
                    seen[value] = line
        problems.extend(_row_rules(resource, fields, row, file, line))
        rows.append(row)
    problems.extend(_primary_key(resource, rows, file))
    return rows, problems


def _row_rules(
    resource: Mapping[str, Any], fields: Sequence[Mapping[str, Any]], row: Row, file: str, line: int
) -> list[Problem]:
    problems = []
    for field in fields:
        pfield = field.get("x-precision-field")
        value = row.get(field["name"])
        if not pfield or value is None:
            continue
        precision = row.get(pfield)
        if precision is None:
            problems.append(Problem(file, line, pfield, f"is empty but {field['name']} is set"))
        elif precision == "month" and value.day != 1:
            problems.append(Problem(file, line, field["name"],
                                    "a month-precision date must be the first of the month"))
        elif precision == "year" and (value.month, value.day) != (1, 1):
            problems.append(Problem(file, line, field["name"],
                                    "a year-precision date must be 1 January"))
    precision_of = {f["name"]: f.get("x-precision-field") for f in fields}
    for first, second in resource.get("x-intervals", []):
        a, b = row.get(first), row.get(second)
        if a is not None and b is not None and _last_day(b, row.get(precision_of.get(second))) < a:
            problems.append(Problem(file, line, second, f"{second} ({b}) is before {first} ({a})"))
    present = [(n, row.get(n)) for n in resource.get("x-ordered", []) if row.get(n) is not None]
    for (lo_name, lo), (hi_name, hi) in itertools.pairwise(present):
        if hi < lo:
            problems.append(
                Problem(file, line, hi_name, f"{hi_name} ({hi}) is below {lo_name} ({lo})")
            )
    for name in resource.get("x-positive", []):
        if row.get(name) is not None and row[name] <= 0:
            problems.append(Problem(file, line, name, f"must be positive, got {row[name]}"))
    if "x-coordinates" in resource:
        problems.extend(_coordinates(resource["x-coordinates"], row, file, line))
    return problems


def _coordinates(rule: Mapping[str, Any], row: Row, file: str, line: int) -> list[Problem]:
    """The ``x-coordinates`` rule for one row (see the module's docstring).

    Examples
    --------
    >>> rule = {"lon": "lon", "lat": "lat", "abroad": "province", "tolerance_km": 10,
    ...         "area": {"title": "the box", "west": 60, "east": 75, "south": 29, "north": 39}}
    >>> row = {"lon": 69.2, "lat": -34.5, "province": "Kabul"}
    >>> for problem in _coordinates(rule, row, "p.csv", 3):
    ...     print(problem)
    p.csv, line 3, column 'lat': (34.5 S, 69.2 E) is said to be in Afghanistan \
(province 'Kabul') but lies 7114 km outside its outline
    >>> print(_coordinates(rule, {"lon": 69.2, "lat": -34.5, "province": None}, "p.csv", 3)[0])
    p.csv, line 3, column 'lat': (34.5 S, 69.2 E) is outside the box (29 to 39 N, 60 to 75 E)
    >>> _coordinates(rule, {"lon": 6.15, "lat": 46.2, "province": "Geneva (Switzerland)"},
    ...              "p.csv", 4)
    []
    """
    lon, lat = row.get(rule["lon"]), row.get(rule["lat"])
    if lon is None and lat is None:
        return []
    if lon is None or lat is None:
        missing = rule["lon"] if lon is None else rule["lat"]
        return [Problem(file, line, missing, "is empty but the other coordinate is set")]
    where = (f"({abs(lat):g} {'N' if lat >= 0 else 'S'}, "
             f"{abs(lon):g} {'E' if lon >= 0 else 'W'})")
    stated = row.get(rule["abroad"])
    abroad = stated is not None and re.search(r"\([^()]+\)\s*$", stated) is not None
    if stated is not None and not abroad:  # said to be in Afghanistan
        distance = km_outside(lon, lat)
        if distance > rule["tolerance_km"]:
            return [Problem(file, line, rule["lat"],
                            f"{where} is said to be in Afghanistan ({rule['abroad']} "
                            f"'{stated}') but lies {distance:.0f} km outside its outline")]
        return []
    area = rule["area"]
    if not abroad and not (area["west"] <= lon <= area["east"]
                           and area["south"] <= lat <= area["north"]):
        return [Problem(file, line, rule["lat"],
                        f"{where} is outside {area['title']} ({area['south']:g} to "
                        f"{area['north']:g} N, {area['west']:g} to {area['east']:g} E)")]
    return []


def _last_day(value: Any, precision: str | None) -> Any:
    """The last day of the period a date of this precision stands for."""
    if not isinstance(value, dt.date) or precision not in {"month", "year"}:
        return value
    if precision == "year":
        return value.replace(month=12, day=31)
    following = value.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


def _primary_key(resource: Mapping[str, Any], rows: Sequence[Row], file: str) -> list[Problem]:
    pk = resource["schema"].get("primaryKey")
    if not pk or isinstance(pk, str):  # single keys are also declared unique
        return []
    seen: dict[tuple, int] = {}
    problems = []
    for row in rows:
        key = tuple(row.get(name) for name in pk)
        if key in seen:
            problems.append(Problem(file, row["_line"], ", ".join(pk),
                                    f"key {key} repeats the row on line {seen[key]}"))
        seen.setdefault(key, row["_line"])
    return problems


# --------------------------------------------------------------------------- across tables


def check_foreign_keys(
    descriptor: Mapping[str, Any], tables: Mapping[str, Sequence[Row]]
) -> list[Problem]:
    """Check every foreign key (declared and ``x-subject-key``) across tables.

    Parameters
    ----------
    descriptor
        The data package descriptor.
    tables
        The typed rows of each table that could be read, by table name.

    Examples
    --------
    >>> descriptor = {"resources": [
    ...   {"name": "a", "path": "a.csv", "schema": {"fields": [], "primaryKey": "id"}},
    ...   {"name": "b", "path": "b.csv", "schema": {"fields": [], "foreignKeys": [
    ...       {"fields": "a_id", "reference": {"resource": "a", "fields": "id"}}]}}]}
    >>> tables = {"a": [{"id": "x", "_line": 2}], "b": [{"a_id": "y", "_line": 2}]}
    >>> print(check_foreign_keys(descriptor, tables)[0])
    b.csv, line 2, column 'a_id': 'y' is not an id of a.csv

    A table left out of ``tables`` (one that could not be read) is not
    checked against: one line says so, instead of one per row.

    >>> print(check_foreign_keys(descriptor, {"b": tables["b"]})[0])
    a.csv: could not be read, so the keys of b.csv that point to it were not checked
    """
    resources = {r["name"]: r for r in descriptor["resources"]}

    def ids(name: str, field: str) -> set:
        return {row.get(field) for row in tables.get(name, [])}

    problems = []
    skipped: dict[str, set[str]] = {}  # unread target table -> files whose keys point there
    for name, resource in resources.items():
        if name not in tables:
            continue
        file = resource.get("path", name)
        for fk in resource["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"] or name
            if target not in tables:
                skipped.setdefault(target, set()).add(file)
                continue
            known = ids(target, fk["reference"]["fields"])
            target_file = resources[target].get("path", target)
            for row in tables[name]:
                value = row.get(fk["fields"])
                if value is not None and value not in known:
                    problems.append(Problem(file, row["_line"], fk["fields"],
                                            f"'{value}' is not an id of {target_file}"))
        subject = resource.get("x-subject-key")
        if subject:
            for row in tables[name]:
                kind, value = row.get(subject["type_field"]), row.get(subject["id_field"])
                if kind is None or value is None or kind not in subject["resources"]:
                    continue
                target, key = subject["resources"][kind]
                if target not in tables:
                    skipped.setdefault(target, set()).add(file)
                    continue
                if value not in ids(target, key):
                    problems.append(Problem(file, row["_line"], subject["id_field"],
                                            f"'{value}' is not an id of "
                                            f"{resources[target].get('path', target)}"))
    for target, files in sorted(skipped.items()):
        if target in resources:
            pointing = ", ".join(sorted(files))
            problems.append(Problem(resources[target].get("path", target), None, None,
                                    f"could not be read, so the keys of {pointing} "
                                    "that point to it were not checked"))
    return problems


def bibliography_keys(bibtex: str) -> set[str]:
    """Return the entry keys of a BibTeX text.

    Examples
    --------
    >>> sorted(bibliography_keys("@book{saikal2004, title={x}}\\n@misc{ucdp, title={y}}"))
    ['saikal2004', 'ucdp']
    """
    return set(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", bibtex, flags=re.MULTILINE))


#: The kinds of source a bibliography entry may be (its ``sourcetype`` field).
SOURCE_TYPES: tuple[str, ...] = (
    "scholarly",  # academic books and articles, theses, military studies
    "official",  # UN, government and army documents
    "dataset",  # published datasets
    "ngo",  # reports of HRW, Amnesty, UNHCR, AJP and the like
    "press",  # newspapers, agencies and magazines of the time
    "press-retrospective",  # later journalism
    "encyclopedia",  # Wikipedia in any language, other encyclopedias
    "reference",  # unsourced compilations (web fact sites and the like)
)

_FIELD = re.compile(r"\s*([A-Za-z][\w-]*)\s*=\s*")


def _field_value(text: str, start: int) -> tuple[str, int]:
    """Read one BibTeX field value (braced, quoted or bare) from ``start``."""
    if start < len(text) and text[start] in "{\"":
        close = "}" if text[start] == "{" else "\""
        depth, i = 0, start
        while i < len(text):
            char = text[i]
            if char == "{":
                depth += 1
            elif char == "}" and close == "}":
                depth -= 1
                if depth == 0:
                    return text[start + 1:i], i + 1
            elif char == "\"" and close == "\"" and i > start and depth == 0:
                return text[start + 1:i], i + 1
            i += 1
        raise ValueError("unbalanced braces")
    match = re.match(r"[^,}\s]*", text[start:])
    return match.group(0), start + match.end()


def bibliography_entries(bibtex: str) -> dict[str, dict[str, str]]:
    """Return each entry of a BibTeX text as ``{key: {field: value}}``.

    Field names are lowercased; the entry type is under ``"ENTRYTYPE"``, and a
    field given twice is named under ``"DUPLICATES"``. An entry that is not
    closed by a brace after its last field is marked ``"UNCLOSED"``, with the
    fields read so far.

    Examples
    --------
    >>> entries = bibliography_entries(
    ...     "@book{saikal2004,\\n  title = {Modern {Afghanistan}},\\n  year = 2004}")
    >>> entries["saikal2004"]["title"], entries["saikal2004"]["year"]
    ('Modern {Afghanistan}', '2004')
    """
    entries: dict[str, dict[str, str]] = {}
    for match in re.finditer(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", bibtex, flags=re.MULTILINE):
        fields = {"ENTRYTYPE": match.group(1).lower()}
        pos = match.end()
        while True:
            field = _FIELD.match(bibtex, pos)
            if not field:
                break
            try:
                value, pos = _field_value(bibtex, field.end())
            except ValueError:
                break
            name = field.group(1).lower()
            if name in fields:
                fields["DUPLICATES"] = " ".join(filter(None, [fields.get("DUPLICATES"), name]))
            fields[name] = value.strip()
            comma = re.match(r"\s*,", bibtex[pos:])
            if not comma:
                break
            pos += comma.end()
        if not re.match(r"\s*\}", bibtex[pos:]):
            fields["UNCLOSED"] = "yes"
        entries[match.group(2)] = fields
    return entries


def check_bibliography(
    file: str, entries: Mapping[str, Mapping[str, str]], *, complete: bool = False
) -> list[Problem]:
    """Check that every entry has a known ``sourcetype``.

    With ``complete=True`` also check that every entry names an author or an
    organisation, a title and a year (a four-digit year, or ``n.d.`` for a
    work that carries no date). Problems name the file, the entry and the field.

    Examples
    --------
    >>> bad = check_bibliography("r.bib", {"x2000": {"title": "X", "sourcetype": "blog"}})
    >>> print(bad[0].message.split(" (known")[0])
    entry 'x2000' has the unknown source type 'blog'
    >>> print(check_bibliography("r.bib", {"x2000": {"title": "X"}}, complete=True)[1])
    r.bib, column 'author': entry 'x2000' names no author or organisation
    """
    problems = []
    for key, fields in entries.items():
        if fields.get("UNCLOSED"):
            problems.append(Problem(file, None, None,
                                    f"entry '{key}' is not closed by a brace after its fields"))
        for name in fields.get("DUPLICATES", "").split():
            problems.append(Problem(file, None, name,
                                    f"entry '{key}' gives the field '{name}' twice"))
        kind = fields.get("sourcetype", "").strip()
        if not kind:
            problems.append(Problem(file, None, "sourcetype", f"entry '{key}' has no sourcetype"))
        elif kind not in SOURCE_TYPES:
            problems.append(Problem(file, None, "sourcetype",
                                    f"entry '{key}' has the unknown source type '{kind}' "
                                    f"(known: {', '.join(SOURCE_TYPES)})"))
        if not complete:
            continue
        if not any(fields.get(f, "").strip("{} ") for f in
                   ("author", "editor", "organization", "institution")):
            problems.append(Problem(file, None, "author",
                                    f"entry '{key}' names no author or organisation"))
        if not fields.get("title", "").strip("{} "):
            problems.append(Problem(file, None, "title", f"entry '{key}' has no title"))
        if not re.fullmatch(r"\d{4}|n\.d\.", fields.get("year", "").strip("{} ")):
            problems.append(Problem(file, None, "year",
                                    f"entry '{key}' has no year (four digits, or n.d.)"))
    return problems


def check_people(tables: Mapping[str, Sequence[Row]]) -> list[Problem]:
    """Rules on people that the descriptor cannot state.

    A person is not born after dying; a role (``person_roles``) neither starts
    before its holder's birth year nor ends, or starts, after the death year;
    a person takes part in an event (``event_people``) only between birth and
    death. Missing tables or years are skipped.

    Examples
    --------
    >>> people = [{"_line": 2, "person_id": "p", "birth_year": 1947, "death_year": 1996}]
    >>> roles = [{"_line": 5, "person_id": "p", "role_id": "r",
    ...           "start_date": dt.date(1998, 1, 1), "end_date": None}]
    >>> print(check_people({"people": people, "person_roles": roles})[0].message)
    role 'r' starts in 1998, after the death of 'p' in 1996
    """
    people = {row["person_id"]: row for row in tables.get("people", [])}
    problems = []
    for row in tables.get("people", []):
        born, died = row.get("birth_year"), row.get("death_year")
        if born is not None and died is not None and died < born:
            problems.append(Problem("people.csv", row["_line"], "death_year",
                                    f"'{row['person_id']}' dies in {died}, before birth in {born}"))

    def within(file: str, row: Row, what: str, column: str) -> None:
        person = people.get(row.get("person_id"))
        date = row.get(column)
        if person is None or date is None:
            return
        born, died = person.get("birth_year"), person.get("death_year")
        verb = "starts" if column == "start_date" else "ends" if column == "end_date" else "is"
        if born is not None and date.year < born:
            problems.append(Problem(file, row["_line"], column,
                                    f"{what} {verb} in {date.year}, before the birth of "
                                    f"'{row['person_id']}' in {born}"))
        if died is not None and date.year > died:
            problems.append(Problem(file, row["_line"], column,
                                    f"{what} {verb} in {date.year}, after the death of "
                                    f"'{row['person_id']}' in {died}"))

    for row in tables.get("person_roles", []):
        for column in ("start_date", "end_date"):
            within("person_roles.csv", row, f"role '{row['role_id']}'", column)
    events = {row["event_id"]: row for row in tables.get("events", [])}
    for row in tables.get("event_people", []):
        event = events.get(row.get("event_id"))
        if event is not None:
            within("event_people.csv", {**row, "start_date": event.get("start_date")},
                   f"event '{row['event_id']}'", "start_date")
    return problems


def check_sources(file: str, rows: Iterable[Row], keys: set[str]) -> list[Problem]:
    """Check that every row's ``source`` is a key of the bibliography.

    Examples
    --------
    >>> print(check_sources("e.csv", [{"_line": 3, "source": "nobody2020"}], {"a"})[0])
    e.csv, line 3, column 'source': 'nobody2020' is not a key of the bibliography
    """
    return [
        Problem(file, row["_line"], "source", f"'{row['source']}' is not a key of the bibliography")
        for row in rows
        if row.get("source") is not None and row["source"] not in keys
    ]
