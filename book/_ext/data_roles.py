"""Local Sphinx extension: prose roles that write a data row in words and link to it.

========================================  ==============================================
write in the page                         renders
========================================  ==============================================
``{estimate}`est_0018```                  the reading in words ("about 10,000")
``{estimate}`est_0142:low```              one column of the row in words ("12")
``{fact}`jalalabad_1989_end```            every reading of the fact, each with its source
``{event}`jalalabad_1989```               the event's date at its precision
``{flow}`us_fy1990_wapo```                the amount in words with its unit
``{relation}`rel_id```                    the tie in words (who, what kind, when)
``{actor}`hig```                          the actor's name, linking to the who's who
``{person}`najibullah```                  the person's name, linking to the who's who
========================================  ==============================================

Any role takes an explicit text, ``{event}`the fall of Khost <khost_1991_upi>```.
Numbers and dates link to the row's entry on the generated pages of rows
(``book/generated/rows/``); a fact's readings link to the register of
disagreements where they differ. An unknown id, or an empty column, is a build
error at the role's file and line. The phrases are made by
:mod:`analysis.prose`.
"""

from __future__ import annotations

from typing import Any

from data_store import data_index, note_use
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole

__all__ = ["DataRole", "setup"]

logger = logging.getLogger(__name__)

#: role name -> (table, tables whose files the phrase reads)
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "estimate": ("estimates", ("estimates",)),
    "event": ("events", ("events",)),
    "flow": ("flows", ("flows",)),
    "relation": ("relations", ("relations", "actors")),
    "actor": ("actors", ("actors",)),
    "person": ("people", ("people",)),
    "fact": ("facts", ("events", "estimates", "flows")),
}


def _xref(label: str, text: str, table: str) -> addnodes.pending_xref:
    node = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=label,
                                 refexplicit=True, refwarn=True)
    node += nodes.inline(text, text, classes=["data-ref", f"data-{table}"])
    return node


def _label(table: str, row_id: str) -> str:
    from analysis.pages import actor_label, person_label, row_label

    if table == "actors":
        return actor_label(row_id)
    if table == "people":
        return person_label(row_id)
    return row_label(table, row_id)


class DataRole(ReferenceRole):
    """One data role: ``self.name`` says which table the id is looked up in."""

    def fail(self, message: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Report a build error at the role's file and line; render the raw text."""
        logger.error(message, location=self.get_location(), type="data", subtype="role")
        return [nodes.literal(self.rawtext, self.rawtext)], []

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        from analysis.prose import reading_phrase, relation_phrase, value_phrase

        role = self.name.split(":")[-1]
        table, reads = ROLES[role]
        row_id, _, column = self.target.partition(":")
        index = data_index(self.env)
        if role == "fact":
            return self.fact(row_id, index)
        row = index.row(table, row_id)
        if row is None:
            return self.fail(f"{{{role}}}: no row '{row_id}' in data/{table}.csv")
        note_use(self.env, reads, [(table, row_id)])
        if self.has_explicit_title:
            text = self.title
        else:
            try:
                if column:
                    text = value_phrase(row, column)
                elif role in ("estimate", "flow", "event"):
                    text = reading_phrase(table, row)
                elif role == "relation":
                    text = relation_phrase(row, index.names())
                else:
                    text = str(row["name"])
            except (KeyError, ValueError) as exc:
                return self.fail(f"{{{role}}}`{self.target}`: {exc.args[0]}")
        return [_xref(_label(table, row_id), text, table)], []

    def fact(self, fact_id: str, index: Any) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Every reading of a fact with its source; a link to the disagreement if they differ."""
        from analysis.pages import fact_label
        from analysis.prose import reading_phrase

        members = index.facts.get(fact_id)
        if not members:
            return self.fail(f"{{fact}}: no row with fact_id '{fact_id}' in data/events.csv, "
                             "estimates.csv or flows.csv")
        note_use(self.env, ROLES["fact"][1], members)
        cite = self.env.get_domain("cite").role("p")
        out: list[nodes.Node] = []
        readings = set()
        for number, (table, row_id) in enumerate(members):
            row = index.row(table, row_id)
            reading = reading_phrase(table, row)
            readings.add(reading)
            if number:
                out.append(nodes.Text("; " if number < len(members) - 1 else " and "))
            out.append(_xref(_label(table, row_id), reading, table))
            out.append(nodes.Text(" "))
            cited, messages = cite("cite:p", f"{{cite:p}}`{row['source']}`", str(row["source"]),
                                   self.lineno, self.inliner, {}, [])
            out.extend(cited + messages)
        if len(readings) > 1:
            table = members[0][0]
            out.append(nodes.Text(" ("))
            out.append(_xref(fact_label(table, fact_id), "the disagreement", "facts"))
            out.append(nodes.Text(")"))
        if self.has_explicit_title:
            out.insert(0, nodes.Text(f"{self.title}: "))
        return out, []


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("data_store")
    for name in ROLES:
        app.add_role(name, DataRole())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
