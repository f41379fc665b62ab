"""Tests of the data roles (book/_ext/data_roles.py) in a small book built on the small
data package of conftest: what each role writes, where it links, and that an unknown id
fails the build at its file and line."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import MINI, build_book, data_book

pytestmark = pytest.mark.build

PAGE = """(chapter-page)=
# Page

Strength {estimate}`e2`. Low bound {estimate}`e1:low`.
Battle {event}`battle_a`, named {event}`the battle <battle_b>`.
Readings: {fact}`battle`.
Flow {flow}`fl1`. Tie {relation}`r1`.
Party {actor}`hig`, named {actor}`Hekmatyar's party <hig>`. Person {person}`najibullah`.
"""

INDEX = "# Index\n\n```{bibliography}\n```\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = data_book(tmp_path_factory.mktemp("roles") / "book-root",
                     {"index": INDEX, "page": PAGE})
    result = build_book(root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root / "_build" / "html"


def _text(path: Path) -> str:
    body = path.read_text(encoding="utf-8")
    body = body[body.index("<article"):body.index("</article>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", body)))


@pytest.mark.parametrize("expected", [
    "Strength 12,000–15,000.",
    "Low bound 1.",
    "Battle 5 March – July 1989, named the battle.",
    "Flow $2–$6.",
    "Tie Hezb and Jamiat, armed clash, 10 May – 9 July 1989.",
    "Party Hezb, named Hekmatyar’s party.",
    "Person Najibullah.",
])
def test_role_writes_its_row_in_words(built: Path, expected: str) -> None:
    assert expected in _text(built / "book" / "page.html")


def test_fact_gives_every_reading_with_its_source_and_the_disagreement(built: Path) -> None:
    text = _text(built / "book" / "page.html")
    assert re.search(r"Readings: 5 March – July 1989 \[Fixture, 2000\] and "
                     r"5 March – June 1989 \[Fixture, 2000\] \(the disagreement\)", text), text


def test_every_role_link_resolves_to_an_existing_target(built: Path) -> None:
    page = (built / "book" / "page.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(generated/[^"#]+)#([^"]+)"', page)
    wanted = {"row-estimates-e2", "row-estimates-e1", "row-events-battle-a", "row-events-battle-b",
              "row-flows-fl1", "row-relations-r1", "actor-hig", "person-najibullah",
              "disputed-events-battle"}
    assert wanted <= {anchor for _, anchor in links}
    for target, anchor in links:
        assert f'id="{anchor}"' in (built / "book" / target).read_text(encoding="utf-8"), anchor


def test_every_row_has_a_target(built: Path) -> None:
    keys = {"events": "event_id", "estimates": "estimate_id", "flows": "flow_id",
            "relations": "relation_id", "people": "person_id", "person_roles": "role_id"}
    for table, key in keys.items():
        page = (built / "book" / "generated" / "rows" / f"{table}.html").read_text()
        for row in MINI[table]:
            anchor = f"row-{table}-{row[key]}".replace("_", "-")
            assert f'id="{anchor}"' in page, anchor


def test_row_page_shows_columns_source_and_other_readings(built: Path) -> None:
    text = _text(built / "book" / "generated" / "rows" / "events.html")
    assert "5 March – June 1989" in text and "source: [Fixture, 2000], p. 1" in text
    assert "other rows: battle_b" in text and "the disagreement" in text


@pytest.mark.parametrize(("line", "message"), [
    ("See {estimate}`est_9999`.", "no row 'est_9999' in data/estimates.csv"),
    ("See {fact}`no_such_fact`.", "no row with fact_id 'no_such_fact'"),
    ("See {estimate}`e2:best`.", "column 'best' is empty"),
])
def test_unknown_id_fails_the_build_at_its_file_and_line(tmp_path: Path, line: str,
                                                         message: str) -> None:
    page = "# Page\n\nA first paragraph.\n\n" + line + "\n"
    root = data_book(tmp_path / "book-root", {"index": INDEX, "page": page})
    result = build_book(root)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"book/page\.md:5: (ERROR|WARNING).*" + re.escape(message), output), \
        output[-3000:]
