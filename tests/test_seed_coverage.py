"""Coverage of the seed article by the data.

The seed is the English Wikipedia article "Afghan Civil War (1989–1992)"
(bibliography key ``wiki_afghan_civil_war_1989_1992``). Every number in it
must be in ``data/``: a quantity as a value of an estimate or a flow, a year
or a day as the date of an event or a relation, each in a row citing the
seed. The article itself is shared material that lives beside the project,
not in it: when it is absent these tests are skipped, and the book builds
without it.

The last tests use only the project's data.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.paths import DATA_DIR, ROOT

SEED_KEY = "wiki_afghan_civil_war_1989_1992"
SEED_DIR = ROOT.parent / "shared" / "sources" / "seed"
SEED_FILE = SEED_DIR / "000_0c80caea0e6d3dde.txt"

MONTHS = {
    name: number
    for number, name in enumerate(
        "January February March April May June July August September October November "
        "December".split(),
        start=1,
    )
}
MONTH = "|".join(MONTHS)

# Numbers in the article that are not quantities or dates of the period, so no
# row is expected for them. Each entry is (a phrase of the article, the number
# inside that phrase which is excused, the reason). Only that number, at that
# place, is excused: the same figure elsewhere in the article is still checked.
# (Roman numerals, as in "World War II", are not extracted at all.)
ALLOWED: list[tuple[str, str, str]] = [
    (
        "since 1919",
        "1919",
        "year outside the span 1978-2001 (Soviet support since 1919, background)",
    ),
    ("its 40th Army", "40th", "ordinal in the name of a Soviet army"),
    ("held by the 11th Division", "11th", "ordinal in the name of a division"),
    ("the 53rd Infantry Division", "53rd", "ordinal in the name of a division (Dostum's militia)"),
    (
        "Peshawar 7 Mujahideen Alliance",
        "7",
        "part of the alliance's name; the membership is in relations.csv",
    ),
    ("published reports during the 1980s", "1980s", "a decade, not a dated event"),
    ("During the 1990s", "1990s", "a decade, after the period and not a dated event"),
    ("book published in 2013", "2013", "year outside the span (publication of a partisan book)"),
    ("succeeded in 2014 by Ashraf Ghani", "2014", "year outside the span"),
    ("As of November 2020", "2020", "year outside the span (date of the article's statement)"),
    ("An-12 transport aircraft", "12", "aircraft type designation (Antonov An-12)"),
    (
        "Bagram airbase, 70 km north of Kabul",
        "70",
        "a distance; the tables have no quantity for distances (places.csv has coordinates)",
    ),
    (
        "Armies creep up to Kabul (1–14 April)",
        "1",
        "opening bound of a section heading's date range, not an event",
    ),
    (
        "Hezb-e Islami Gulbuddin invades Kabul (15–23 April)",
        "23",
        "closing bound of a section heading's date range, not an event",
    ),
]

# Quantities the article writes in words, with the values the rows must hold.
# Vague words follow the data convention (README): "hundreds" -> low 200,
# "a few hundred" -> low 200, "thousands" -> low 2,000, "millions" -> low 2,000,000.
SPELLED_OUT: dict[str, list[float]] = {
    "between two and six billion dollars a year": [2e9, 6e9],
    "half a million residents had fled Kabul": [5e5],
    "hundreds of military and civilian advisers": [200],
    "a typical commander leading a few hundred men": [200],
    "hundreds of casualties on each side": [200],
    "thousands had been killed": [2000],
    "millions were displaced": [2e6],
}

NUMBER = re.compile(
    r"(?<![\w\u2044.])(\d{1,3}(?:,\d{3})+|\d+)(?:\u2044(\d+))?(st|nd|rd|th|s)?(?![\w\u2044])"
)
SCALE = {"million": 1e6, "billion": 1e9}
SCALE_AFTER = re.compile(r"\s*(million|billion)\b")
SCALE_AFTER_RANGE = re.compile(r"\s*(?:and|to|–|-)\s*[\d.,\u2044]+\s*(million|billion)\b")
DAY_BEFORE_MONTH = re.compile(rf"(?:[–-]\d{{1,2}})?\s+({MONTH})\b")
MONTH_BEFORE_DAY = re.compile(rf"\b({MONTH})\s+$")
FOUR_DIGIT_YEAR_BEFORE = re.compile(r"(\d{2})\d{2}[–-]$")


def read_rows(table: str, data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    with open(Path(data_dir) / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_rows(table: str) -> Iterator[dict[str, str]]:
    return (row for row in read_rows(table) if row["source"] == SEED_KEY)


def seed_quantities() -> set[float]:
    values = set()
    for row in seed_rows("estimates"):
        values |= {float(row[c]) for c in ("low", "best", "high") if row[c]}
    for row in seed_rows("flows"):
        values |= {float(row[c]) for c in ("amount_low", "amount_best", "amount_high") if row[c]}
    return values


def seed_dates() -> tuple[set[int], set[tuple[int, int]]]:
    """Years of all dates, and (month, day) of day-precision dates, in seed rows."""
    years: set[int] = set()
    days: set[tuple[int, int]] = set()
    for table in ("events", "relations"):
        for row in seed_rows(table):
            for column in ("start", "end"):
                date, precision = row[f"{column}_date"], row[f"{column}_precision"]
                if not date:
                    continue
                year, month, day = (int(part) for part in date.split("-"))
                years.add(year)
                if precision == "day":
                    days.add((month, day))
    return years, days


def article_body() -> str:
    if not SEED_FILE.exists():
        pytest.skip(
            f"the shared sources are not beside the project ({SEED_DIR} is missing); "
            "the seed coverage check needs them, the book does not"
        )
    text = SEED_FILE.read_text(encoding="utf-8")
    # the bibliography and external links (ISBNs, film dates) are not content
    return text.split("\n== References ==", 1)[0]


def excused_spans(body: str) -> list[tuple[int, int]]:
    spans = []
    for phrase, token, _reason in ALLOWED:
        for found in re.finditer(re.escape(phrase), body):
            offset = phrase.index(token)
            spans.append((found.start() + offset, found.start() + offset + len(token)))
    return spans


def classify(body: str, match: re.Match[str]) -> tuple[str, object]:
    """Return the kind of a number of the article and what the data must hold for it."""
    digits, denominator, suffix = match.group(1), match.group(2), match.group(3)
    value = float(digits.replace(",", ""))
    before, after = body[: match.start()], body[match.end() :]
    if suffix:
        return ("ordinal or decade", match.group(0))
    if denominator:
        value /= float(denominator)
    elif "," not in digits and len(digits) == 4 and 1900 <= value <= 2099:
        return ("year", int(value))
    elif len(digits) == 2 and (century := FOUR_DIGIT_YEAR_BEFORE.search(before)):
        return ("year", int(century.group(1)) * 100 + int(value))
    if value.is_integer() and 1 <= value <= 31:
        if (month := DAY_BEFORE_MONTH.match(after)) or (month := MONTH_BEFORE_DAY.search(before)):
            return ("day", (MONTHS[month.group(1)], int(value)))
    scale = SCALE_AFTER.match(after) or SCALE_AFTER_RANGE.match(after)
    if scale:
        value *= SCALE[scale.group(1)]
    return ("quantity", value)


def uncovered_numbers(body: str) -> list[str]:
    """Every number of the article that no row citing the seed holds."""
    quantities = seed_quantities()
    years, days = seed_dates()
    excused = excused_spans(body)
    missing = []
    for match in NUMBER.finditer(body):
        if any(start <= match.start(1) < end for start, end in excused):
            continue
        kind, value = classify(body, match)
        if kind == "year":
            # a four-digit figure may be a count ("more than 2000 ... were fired")
            found = value in years or float(value) in quantities
        elif kind == "day":
            found = value in days
        elif kind == "quantity":
            found = any(abs(value - q) <= 1e-9 * max(1.0, q) for q in quantities)
        else:
            found = False
        if not found:
            context = body[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ")
            missing.append(f"{match.group(0)!r} ({kind}: {value!r}) in '...{context}...'")
    return missing


def test_every_number_of_the_seed_is_in_a_row_citing_it() -> None:
    missing = uncovered_numbers(article_body())
    assert not missing, "numbers of the seed with no row citing it:\n" + "\n".join(missing)


def test_spelled_out_quantities_of_the_seed_are_in_rows() -> None:
    body = article_body()
    quantities = seed_quantities()
    for phrase, values in SPELLED_OUT.items():
        assert phrase in body, f"phrase no longer in the seed: {phrase!r}"
        for value in values:
            assert value in quantities, f"{phrase!r}: no seed row holds {value:,.0f}"


def test_allow_list_matches_the_seed() -> None:
    body = article_body()
    for phrase, token, reason in ALLOWED:
        assert reason, phrase
        assert token in phrase, (phrase, token)
        assert phrase in body, f"allow-listed phrase not in the seed (stale entry): {phrase!r}"


def test_number_extraction_reads_the_tricky_forms() -> None:
    body = (
        "between 1\u20442 and 2 million; 1,568 tanks; 12,000–15,000 dead; (1978–89); March 5, 1989"
    )
    kinds = [classify(body, m) for m in NUMBER.finditer(body)]
    assert kinds == [
        ("quantity", 500000.0),
        ("quantity", 2000000.0),
        ("quantity", 1568.0),
        ("quantity", 12000.0),
        ("quantity", 15000.0),
        ("year", 1978),
        ("year", 1989),
        ("day", (3, 5)),
        ("year", 1989),
    ]


# ---------------------------------------------------------------- project data only


def test_both_readings_of_the_fall_of_khost_are_rows_of_one_fact() -> None:
    events = {row["event_id"]: row for row in read_rows("events")}
    first, second = events["khost_1991_a"], events["khost_1991_b"]
    assert first["fact_id"] == second["fact_id"] == "khost_1991"
    assert first["source"] == second["source"] == SEED_KEY
    # "in two weeks' time (14–31 March 1991)" against "fell ... on April 11, 1991"
    assert (first["start_date"], first["end_date"]) == ("1991-03-14", "1991-03-31")
    assert (second["start_date"], second["end_date"]) == ("1991-04-11", "")
    assert first["start_date"] != second["start_date"]
    assert {first["start_precision"], second["start_precision"]} == {"day"}
    for row in (first, second):
        assert "conquest of Khost" in row["locator"]


def test_rows_citing_the_seed_name_a_section() -> None:
    bad = []
    for table in ("events", "estimates", "flows", "relations", "event_participants", "actors"):
        for row in seed_rows(table):
            if not re.match(r'(lead section|sections? ")', row["locator"]):
                bad.append(f"{table}: {next(iter(row.values()))}: {row['locator']!r}")
    assert not bad, "\n".join(bad)
