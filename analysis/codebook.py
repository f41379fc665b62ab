"""The codebook: the data package's schema as readable tables.

The book's codebook appendix is generated from ``data/datapackage.json``
through these functions, so the documentation cannot drift from the schema the
loaders enforce.

Examples
--------
>>> descriptor = {"resources": [{"name": "t", "path": "t.csv", "description": "A table.",
...     "schema": {"primaryKey": "id", "fields": [
...         {"name": "id", "type": "string", "description": "Identifier.",
...          "constraints": {"required": True, "unique": True}}]}}]}
>>> fields_table(descriptor, "t")[["field", "type", "required"]].to_dict("records")
[{'field': 'id', 'type': 'string', 'required': 'yes'}]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

__all__ = ["resource", "fields_table", "keys_table", "tables_overview"]


def resource(descriptor: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """Return the resource of the descriptor with this name.

    Examples
    --------
    >>> resource({"resources": [{"name": "a"}]}, "a")
    {'name': 'a'}
    """
    for res in descriptor["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in descriptor["resources"])
    raise KeyError(f"no table named '{name}' in the descriptor; known: {known}")


def _rules(field: Mapping[str, Any]) -> str:
    cons = field.get("constraints", {})
    parts = []
    if "enum" in cons:
        parts.append("one of: " + ", ".join(str(v) for v in cons["enum"]))
    if "minimum" in cons:
        parts.append(f"≥ {cons['minimum']}")
    if "maximum" in cons:
        parts.append(f"≤ {cons['maximum']}")
    if cons.get("unique"):
        parts.append("unique")
    if "pattern" in cons:
        parts.append("lowercase snake_case id" if cons["pattern"].startswith("^[a-z0-9]")
                     else f"pattern {cons['pattern']}")
    if "x-precision-field" in field:
        parts.append(f"precision in {field['x-precision-field']}")
    return "; ".join(parts)


def fields_table(descriptor: Mapping[str, Any], name: str) -> pd.DataFrame:
    """One row per field of a table: name, type, required, rules, description.

    Examples
    --------
    >>> d = {"resources": [{"name": "t", "schema": {"fields": [
    ...     {"name": "n", "type": "integer", "constraints": {"minimum": 0}}]}}]}
    >>> fields_table(d, "t").loc[0, "rules"]
    '≥ 0'
    """
    fields = resource(descriptor, name)["schema"]["fields"]
    return pd.DataFrame(
        {
            "field": [f["name"] for f in fields],
            "type": [f.get("type", "string") for f in fields],
            "required": ["yes" if f.get("constraints", {}).get("required") else ""
                         for f in fields],
            "rules": [_rules(f) for f in fields],
            "description": [f.get("description", "") for f in fields],
        }
    )


def keys_table(descriptor: Mapping[str, Any], name: str) -> pd.DataFrame:
    """The primary key, foreign keys and table-level rules of a table.

    Examples
    --------
    >>> d = {"resources": [{"name": "t", "x-ordered": ["low", "high"],
    ...     "schema": {"primaryKey": "id", "fields": []}}]}
    >>> keys_table(d, "t")["rule"].tolist()
    ['primary key', 'ordered']
    """
    res = resource(descriptor, name)
    schema = res["schema"]
    rows = []
    pk = schema.get("primaryKey")
    if pk:
        rows.append(("primary key", pk if isinstance(pk, str) else ", ".join(pk)))
    for fk in schema.get("foreignKeys", []):
        target = fk["reference"]["resource"] or name
        rows.append(("foreign key", f"{fk['fields']} → {target}.{fk['reference']['fields']}"))
    subject = res.get("x-subject-key")
    if subject:
        targets = ", ".join(f"{k} → {t}.{f}" for k, (t, f) in subject["resources"].items())
        rows.append(("foreign key by type",
                     f"{subject['id_field']} (by {subject['type_field']}): {targets}"))
    for first, second in res.get("x-intervals", []):
        rows.append(("interval", f"{second} is not before {first}"))
    if res.get("x-ordered"):
        rows.append(("ordered", " ≤ ".join(res["x-ordered"]) + " where present"))
    for field in res.get("x-positive", []):
        rows.append(("positive", f"{field} > 0"))
    return pd.DataFrame(rows, columns=["rule", "definition"])


def tables_overview(descriptor: Mapping[str, Any],
                    row_counts: Mapping[str, int] | None = None) -> pd.DataFrame:
    """One row per table: name, file, rows, description.

    Examples
    --------
    >>> d = {"resources": [{"name": "t", "path": "t.csv", "description": "T."}]}
    >>> tables_overview(d, {"t": 3}).to_dict("records")
    [{'table': 't', 'file': 't.csv', 'rows': 3, 'description': 'T.'}]
    """
    counts = row_counts or {}
    return pd.DataFrame(
        [
            {"table": r["name"], "file": r.get("path", ""), "rows": counts.get(r["name"], pd.NA),
             "description": r.get("description", "")}
            for r in descriptor["resources"]
        ]
    )
