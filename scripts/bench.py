"""Benchmarks of the book build and of the analysis package (``make bench``).

The build is timed on a copy of the repository in a temporary folder (the
working tree and its ``_build`` are never touched):

1. a clean build;
2. a rebuild with nothing changed;
3. a rebuild after editing one chapter's prose (a space appended to a line of
   a narrative page, restored afterwards);
4. a rebuild after editing one notebook cell (a comment in a code cell of
   ``book/casualties.md``, restored afterwards);
5. the floor: for each notebook in ``_toc.yml``, one fresh kernel started and
   the libraries imported, summed;
6. the text-only floor: the same clean Sphinx build with notebook execution
   and figure drawing switched off (``build_book.py --text-only``);
7. a rebuild after changing one value in one CSV (the note of the first row of
   ``data/estimates.csv``), with the pages Sphinx read again;
8. the code-cell chapter of (4) executed alone in a fresh kernel.

Goals: (1) <= 1.5 x (6); (2) <= (1) / 10; (4) <= (2) + (8); (7) reads again
only the pages that use the changed table (the notebooks, which load every
table, the pages whose data roles read it, and its generated pages). Then the analysis: loading and
validating all data (median of 10, target 0.5 s) and, when ``analysis.network``
has them, daily snapshots with their metrics from 15 February 1989 to
30 April 1992 (target 2 s) and the balance null model with 1,000 shuffles over
monthly snapshots (target 10 s). Last, the UCDP GED reader
(:func:`analysis.ucdp.read_ged`) against a plain ``pandas.read_csv`` of the same
synthetic 300,000-row file, as a ratio (goal <= 1.5; ``--ged-only`` runs just
this). The script reports; it fails (exit status 1) only when a build fails.

Usage: ``python scripts/bench.py [--root DIR] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Not copied: what git ignores or a fresh clone would not have.
IGNORED = (".git", ".venv", ".lock-venv", "_build", "__pycache__", "*.pyc", "*.egg-info",
           ".ipynb_checkpoints", ".pytest_cache", ".coverage", ".coverage.*", ".hypothesis",
           ".ruff_cache", "*.bak")
#: What a notebook imports before it computes anything: the floor of its cost.
IMPORTS = "import analysis.data, analysis.casualties, pandas, matplotlib, seaborn, networkx"
NOTEBOOK_HEADER = "---\njupytext:"
CODE_CHAPTER = "book/casualties.md"
PERIOD = ("1989-02-15", "1992-04-30")
TARGETS = {"load": 0.5, "daily": 2.0, "null": 10.0}


def say(text: str) -> None:
    """Progress, on stderr (the results go to stdout)."""
    print(f"bench: {text}", file=sys.stderr, flush=True)


def copy_repository(root: Path, dest: Path) -> Path:
    """Copy the repository without build outputs, caches or generated pages."""
    ignore_common = shutil.ignore_patterns(*IGNORED)

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set(ignore_common(folder, names))
        here = Path(folder).resolve()
        if here == root:
            skipped |= {"build"} & set(names)  # setuptools' build folder
        if here == root / "book":
            skipped |= {"generated"} & set(names)  # written by every build
        return skipped

    shutil.copytree(root, dest, ignore=ignore, symlinks=True)
    return dest


def toc_files(root: Path) -> list[str]:
    """The pages of ``_toc.yml`` (without suffix), in order."""
    from analysis.paths import toc_pages

    return toc_pages(root)


def is_notebook(path: Path) -> bool:
    return path.is_file() and path.read_text(encoding="utf-8").startswith(NOTEBOOK_HEADER)


def toc_notebooks(root: Path) -> list[str]:
    """The pages of the table of contents that are MyST notebooks."""
    return [name for name in toc_files(root) if is_notebook(root / f"{name}.md")]


def prose_line(text: str) -> int | None:
    """Index of the first line of running text outside fences, directives and front matter."""
    lines = text.split("\n")
    fence: str | None = None
    start = 0
    if lines and lines[0] == "---":  # front matter
        start = next((i + 1 for i, line in enumerate(lines[1:], 1) if line == "---"), 0)
    for i in range(start, len(lines)):
        stripped = lines[i].strip()
        marker = re.match(r"^(`{3,}|:{3,})", stripped)
        if marker:
            if fence is None:
                fence = marker.group(1)
            elif stripped == fence:
                fence = None
            continue
        if fence is None and stripped[:1].isalpha() and not lines[i].endswith(" "):
            return i
    return None


def narrative_page(root: Path) -> tuple[Path, int]:
    """A chapter of the toc that is plain Markdown (not a notebook, not generated) and a line."""
    for name in toc_files(root)[1:] + toc_files(root)[:1]:
        path = root / f"{name}.md"
        if not path.is_file() or "generated" in Path(name).parts or is_notebook(path):
            continue
        line = prose_line(path.read_text(encoding="utf-8"))
        if line is not None:
            return path, line
    raise SystemExit("bench: no narrative (non-notebook) chapter with prose in _toc.yml")


def edit_prose(text: str, line: int) -> str:
    """Append a space to one line."""
    lines = text.split("\n")
    lines[line] += " "
    return "\n".join(lines)


def edit_code_comment(text: str) -> str:
    """Change a comment in the first code cell that has one, or add one to the first cell."""
    lines = text.split("\n")
    in_cell = False
    first_cell_body: int | None = None
    for i, line in enumerate(lines):
        if line.startswith("```{code-cell}"):
            in_cell = True
            continue
        if in_cell and line.startswith("```"):
            in_cell = False
            continue
        if in_cell:
            if first_cell_body is None and not line.startswith(":"):
                first_cell_body = i
            if line.lstrip().startswith("#"):
                lines[i] = line + " (edited by the benchmark)"
                return "\n".join(lines)
    if first_cell_body is None:
        raise SystemExit(f"bench: no code cell in {CODE_CHAPTER}")
    lines.insert(first_cell_body, "# edited by the benchmark")
    return "\n".join(lines)


@contextmanager
def edited(path: Path, change: Callable[[str], str]):
    """The file changed for the duration of the block, then restored byte for byte."""
    original = path.read_bytes()
    path.write_text(change(original.decode("utf-8")), encoding="utf-8")
    try:
        yield
    finally:
        path.write_bytes(original)


#: The log of the last build run.
LAST_OUTPUT: list[str] = [""]
#: The processor time (user + system, all its processes) of the last build run.
LAST_CPU: list[float] = [0.0]


def children_cpu() -> float:
    """Processor seconds used so far by finished child processes (user + system)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(root: Path, *options: str) -> float:
    """Run the project's strict build on ``root``; seconds taken. Exits on failure.

    The build's log is kept in ``LAST_OUTPUT[0]``, its processor time in
    ``LAST_CPU[0]`` (on a shared machine the wall time depends on the others'
    load; the processor time much less). A text-only build
    (``--text-only``) is not strict and may report problems; it is timed all the same.
    """
    env = {**os.environ, "PYTHONPATH": str(root)}
    cpu = children_cpu()
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(root / "scripts" / "build_book.py"),
                             "--root", str(root), *options], capture_output=True, text=True,
                            env=env, cwd=root)
    seconds = time.perf_counter() - start
    LAST_OUTPUT[0] = result.stdout + result.stderr
    LAST_CPU[0] = children_cpu() - cpu
    if result.returncode != 0 and "--text-only" not in options:
        print((result.stdout + result.stderr)[-4000:], file=sys.stderr)
        raise SystemExit(f"bench: the build failed (exit status {result.returncode})")
    return seconds


def pages_read(output: str) -> set[str]:
    """The documents Sphinx read, from a build's log.

    Examples
    --------
    >>> sorted(pages_read("reading sources... [ 50%] book/a\\nreading sources... [100%] book/b"))
    ['book/a', 'book/b']
    """
    plain = re.sub(r"\x1b\[[0-9;]*m", "", output)
    return set(re.findall(r"reading sources\.\.\. (?:\[\s*\d+%\] )?(\S+)", plain))


def pages_using(root: Path, table: str, role_names: tuple[str, ...]) -> set[str]:
    """The pages that may be read again when ``table`` changes: the notebooks, the pages
    with a data role reading it, and the generated pages (which are written from the data)."""
    out = set(toc_notebooks(root))
    for name in toc_files(root):
        path = root / f"{name}.md"
        if "generated" in Path(name).parts:
            out.add(name)
        elif path.is_file() and re.search(r"\{(" + "|".join(role_names) + r")\}`",
                                          path.read_text(encoding="utf-8")):
            out.add(name)
    return out


def edit_csv_value(text: str) -> str:
    """Change the note of the first data row of a CSV (append a word)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index("note")
    rows[1][column] = (rows[1][column] + " (benchmark)").strip()
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def notebook_alone(root: Path, chapter: Path) -> float:
    """Seconds to execute one MyST notebook alone, in a fresh kernel."""
    import jupytext
    from nbclient import NotebookClient

    notebook = jupytext.read(chapter)
    env_before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(root)
    try:
        start = time.perf_counter()
        NotebookClient(notebook, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(chapter.parent)}}).execute()
        return time.perf_counter() - start
    finally:
        if env_before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = env_before


def kernel_floor(root: Path, count: int) -> float:
    """Seconds for ``count`` fresh kernels, each started and importing the libraries."""
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "PYTHONPATH": str(root)}
    total = 0.0
    for _ in range(count):
        start = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3", cwd=str(root / "book"),
                                           env=env, startup_timeout=120)
        try:
            reply = client.execute_interactive(IMPORTS, timeout=120, output_hook=lambda _: None)
            total += time.perf_counter() - start
            if reply["content"]["status"] != "ok":
                raise SystemExit(f"bench: the imports failed in a fresh kernel: {reply['content']}")
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    return total


def median_time(function: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_build(root: Path, repeat: int) -> tuple[list[tuple[str, float]], dict[str, Any]]:
    """The build timings, as (label, seconds), and what the goals need besides."""
    notebooks = toc_notebooks(root)
    page, line = narrative_page(root)
    chapter = root / CODE_CHAPTER
    csv_path = root / "data" / "estimates.csv"
    if not is_notebook(chapter):
        raise SystemExit(f"bench: {CODE_CHAPTER} is not a MyST notebook")
    rows: dict[str, list[float]] = {key: [] for key in
                                    ("text", "clean", "same", "prose", "code", "csv", "alone")}
    cpu: dict[str, list[float]] = {key: [] for key in rows}

    def timed(key: str, seconds: float) -> None:
        rows[key].append(seconds)
        cpu[key].append(LAST_CPU[0])

    read_after_csv: set[str] = set()
    for round_ in range(1, repeat + 1):
        say(f"round {round_}/{repeat}: (6) clean text-only build (no notebook, no figure)")
        shutil.rmtree(root / "_build", ignore_errors=True)
        timed("text", build(root, "--text-only"))
        say(f"round {round_}/{repeat}: (1) clean build")
        shutil.rmtree(root / "_build", ignore_errors=True)
        shutil.rmtree(root / "book" / "generated", ignore_errors=True)
        timed("clean", build(root))
        say(f"round {round_}/{repeat}: (2) rebuild with nothing changed")
        timed("same", build(root))
        say(f"round {round_}/{repeat}: (3) rebuild after editing {page.relative_to(root)}")
        with edited(page, lambda text: edit_prose(text, line)):
            timed("prose", build(root))
        build(root)  # back to the original state
        say(f"round {round_}/{repeat}: (4) rebuild after editing a code cell of {CODE_CHAPTER}")
        with edited(chapter, edit_code_comment):
            timed("code", build(root))
        build(root)
        say(f"round {round_}/{repeat}: (7) rebuild after changing one value in "
            f"{csv_path.relative_to(root)}")
        with edited(csv_path, edit_csv_value):
            timed("csv", build(root))
            read_after_csv |= pages_read(LAST_OUTPUT[0])
        build(root)
        say(f"round {round_}/{repeat}: (8) {CODE_CHAPTER} executed alone")
        LAST_CPU[0] = float("nan")  # the kernel is not a child of this process
        timed("alone", notebook_alone(root, chapter))
    say(f"(5) floor: {len(notebooks)} fresh kernel(s) importing the libraries")
    floor = statistics.median(kernel_floor(root, len(notebooks)) for _ in range(repeat))
    where = f"{page.relative_to(root)}, line {line + 1}"
    median = {key: statistics.median(values) for key, values in rows.items()}
    allowed = pages_using(root, "estimates", ("estimate", "fact"))
    extra = {"read_after_csv": read_after_csv, "allowed_after_csv": allowed,
             "cpu": {key: statistics.median(values) for key, values in cpu.items()}}
    return [
        ("(1) clean build", median["clean"]),
        ("(2) rebuild, nothing changed", median["same"]),
        (f"(3) rebuild after a prose edit ({where})", median["prose"]),
        (f"(4) rebuild after a code-cell edit ({CODE_CHAPTER})", median["code"]),
        (f"(5) floor: {len(notebooks)} x (kernel start + imports) "
         f"[{', '.join(notebooks) or 'no notebook'}]", floor),
        ("(6) text-only floor: the same build, no notebook executed, no figure drawn",
         median["text"]),
        (f"(7) rebuild after one value changed in data/estimates.csv "
         f"({len(read_after_csv)} pages read)", median["csv"]),
        (f"(8) {CODE_CHAPTER} executed alone in a fresh kernel", median["alone"]),
    ], extra


def bench_analysis() -> list[tuple[str, float | None, float, str]]:
    """(label, median seconds or None, target, note) for the analysis benchmarks."""
    import pandas as pd

    from analysis.data import load_dataset

    rows: list[tuple[str, float | None, float, str]] = []
    say("analysis: load and validate all data (median of 10)")
    try:
        dataset = load_dataset()
    except Exception as error:  # the data is being completed; report, do not crash
        return [("load and validate all data", None, TARGETS["load"],
                 f"load_dataset() failed: {type(error).__name__}: {error}"[:200])]
    import analysis.data

    # load_dataset caches its result per folder and file state: time the real work.
    inner_cache = getattr(analysis.data, "_load_dataset", None)

    def load() -> None:
        if inner_cache is not None and hasattr(inner_cache, "cache_clear"):
            inner_cache.cache_clear()
        load_dataset()

    rows.append(("load and validate all data", median_time(load, 10), TARGETS["load"],
                 "median of 10, cache cleared" if inner_cache is not None else "median of 10"))
    try:
        import analysis.network as network
    except ImportError:
        network = None
    wanted = ("snapshots", "metrics_over_time", "balance_null_model", "balance_over_time")
    missing = [name for name in wanted if network is None or not hasattr(network, name)]
    if missing:
        note = f"skipped: analysis.network lacks {', '.join(missing)}"
        return rows + [("daily snapshots + metrics", None, TARGETS["daily"], note),
                       ("null model, 1,000 shuffles, monthly", None, TARGETS["null"], note)]
    days = pd.date_range(*PERIOD, freq="D")
    months = pd.date_range(pd.Timestamp(PERIOD[0]).to_period("M").to_timestamp(), PERIOD[1],
                           freq="MS")

    def daily() -> None:
        network.snapshots(dataset.relations, *PERIOD, freq="D", actors=dataset.actors)
        network.metrics_over_time(dataset.relations, days, dataset.actors)

    def null() -> None:
        network.balance_over_time(dataset.relations, months, n_shuffles=1000,
                                  actors=dataset.actors)

    say("analysis: daily snapshots and metrics (median of 3)")
    rows.append(("daily snapshots + metrics", median_time(daily, 3), TARGETS["daily"],
                 f"{len(days)} days {PERIOD[0]}..{PERIOD[1]}, median of 3"))
    say("analysis: balance null model, 1,000 shuffles over monthly snapshots (median of 3)")
    rows.append(("null model, 1,000 shuffles, monthly", median_time(null, 3), TARGETS["null"],
                 f"{len(months)} months, balance_over_time, median of 3"))
    return rows


#: Rows of the synthetic GED file, about the size of the public GED 23.1.
GED_ROWS = 300_000
#: The UCDP GED reader may take at most this many times a plain pandas read.
GED_RATIO = 1.5


def write_synthetic_ged(path: Path, rows: int, seed: int = 1) -> Path:
    """Write a SYNTHETIC GED file with every column of the codebook (no UCDP data)."""
    import csv
    import random

    from analysis.ucdp import GED_TYPES

    rng = random.Random(seed)
    columns = list(GED_TYPES)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for i in range(rows):
            date = f"{1989 + i % 4}-{1 + i % 12:02d}-{1 + i % 28:02d} 00:00:00.000"
            record = []
            for column in columns:
                kind = GED_TYPES[column]
                if column == "type_of_violence":
                    record.append(1 + i % 3)
                elif kind == "int":
                    record.append(rng.randrange(1, 5000))
                elif kind == "float":
                    record.append(round(rng.uniform(29.0, 38.5), 4))
                elif kind == "date":
                    record.append(date)
                elif column == "gwnob":
                    record.append("")
                else:
                    record.append(f"SYNTHETIC {column} {i % 97}")
            writer.writerow(record)
    return path


def bench_ged(rows: int = GED_ROWS) -> tuple[float, float]:
    """Median seconds of ``read_ged`` and of a plain ``pandas.read_csv`` of one file."""
    import pandas as pd

    from analysis.ucdp import read_ged

    with tempfile.TemporaryDirectory(prefix="bench-ged-") as tmp:
        path = write_synthetic_ged(Path(tmp) / "GEDEvent_synthetic.csv", rows)
        say(f"UCDP GED reader on {rows:,} synthetic rows (median of 3, alternating)")
        plain, reader = [], []
        for _ in range(3):
            plain.append(median_time(lambda: pd.read_csv(path), 1))
            reader.append(median_time(lambda: read_ged(path), 1))
    return statistics.median(reader), statistics.median(plain)


def ged_report(reader: float, plain: float, rows: int = GED_ROWS) -> str:
    """The GED reader's line: both times and their ratio against the goal."""
    ratio = reader / plain
    return "\n".join(["", "UCDP GED reader", (
        f"  read_ged {reader:.2f} s, pandas.read_csv {plain:.2f} s on {rows:,} rows: "
        f"ratio {ratio:.2f} (goal <= {GED_RATIO:g})   {verdict(ratio <= GED_RATIO)}")])


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(build_rows: list[tuple[str, float]],
           analysis_rows: list[tuple[str, float | None, float, str]],
           extra: dict[str, Any]) -> str:
    """The tables and the goals, as text."""
    width = max(len(label) for label, _ in build_rows)
    order = ["clean", "same", "prose", "code", None, "text", "csv", "alone"]
    cpu_of = [extra["cpu"].get(key, float("nan")) if key else float("nan") for key in order]
    out = ["Book build (on a copy of the repository): wall time, and processor time of the build",
           ""]
    out += [f"  {label:<{width}}  {seconds:7.2f} s" +
            ("" if cpu_seconds != cpu_seconds else f"   (processor {cpu_seconds:7.2f} s)")
            for (label, seconds), cpu_seconds in zip(build_rows, cpu_of, strict=True)]
    times = [seconds for _, seconds in build_rows]
    clean, same, code, text_only, alone = times[0], times[1], times[3], times[5], times[7]
    cpu_clean, cpu_text = extra["cpu"]["clean"], extra["cpu"]["text"]
    read, allowed = extra["read_after_csv"], extra["allowed_after_csv"]
    beyond = sorted(read - allowed)
    out += ["", "Goals",
            f"  (1) <= 1.5 x (6):   {clean:.2f} s <= {1.5 * text_only:.2f} s   "
            f"{verdict(clean <= 1.5 * text_only)}"
            f"  (processor time: {cpu_clean:.2f} s <= {1.5 * cpu_text:.2f} s "
            f"{verdict(cpu_clean <= 1.5 * cpu_text)})",
            f"  (2) <= (1) / 10:    {same:.2f} s <= {clean / 10:.2f} s   "
            f"{verdict(same <= clean / 10)}",
            f"  (4) <= (2) + (8):   {code:.2f} s <= {same + alone:.2f} s   "
            f"{verdict(code <= same + alone)}",
            f"  (7) only pages using the table: {len(read)} read, "
            f"{len(beyond)} beyond them   {verdict(not beyond)}"
            + (f" ({', '.join(beyond)})" if beyond else ""),
            f"      read: {', '.join(sorted(read))}",
            "", "Analysis"]
    width = max(len(label) for label, *_ in analysis_rows)
    for label, seconds, target, note in analysis_rows:
        shown = "     n/a" if seconds is None else f"{seconds:7.3f} s"
        status = "" if seconds is None else verdict(seconds <= target)
        out.append(f"  {label:<{width}}  {shown}  target {target:g} s  {status:<6}  {note}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the repository to benchmark (it is copied, never modified)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of the build timings; the median is shown (default 1)")
    parser.add_argument("--ged-only", action="store_true",
                        help="time only the UCDP GED reader against plain pandas")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.ged_only:
        print(ged_report(*bench_ged()).lstrip("\n"))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        copy = copy_repository(root, Path(tmp) / "repo")
        say(f"benchmarking a copy of {root} in {copy}")
        build_rows, extra = bench_build(copy, max(1, args.repeat))
    analysis_rows = bench_analysis()
    print(report(build_rows, analysis_rows, extra))
    print(ged_report(*bench_ged()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
