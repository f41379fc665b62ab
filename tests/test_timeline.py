"""Tests of analysis.timeline on small event tables built here (not the book's data)."""

from __future__ import annotations

import io

import matplotlib.dates as mdates
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.timeline import KIND_STYLES, chronology, disputed_dates, plot_timeline


def make_events(rows: list[tuple]) -> pd.DataFrame:
    """Rows: (event_id, fact_id, kind, start, start_precision, end, end_precision)."""
    frame = pd.DataFrame(rows, columns=["event_id", "fact_id", "kind", "start_date",
                                        "start_precision", "end_date", "end_precision"])
    frame["name"] = frame["event_id"].str.replace("_", " ").str.title()
    frame["start_date"] = pd.to_datetime(frame["start_date"]).astype("datetime64[ns]")
    frame["end_date"] = pd.to_datetime(frame["end_date"]).astype("datetime64[ns]")
    frame["source"] = "src_" + frame["event_id"]
    for column in ("kind", "start_precision", "end_precision"):
        frame[column] = frame[column].astype("category")
    return frame


@pytest.fixture
def events() -> pd.DataFrame:
    return make_events([
        ("withdrawal", "withdrawal", "withdrawal", "1989-02-15", "day", None, None),
        ("battle", "battle", "battle", "1989-03-05", "day", "1989-07-01", "month"),
        ("coup", "coup", "coup_attempt", "1990-03-06", "day", None, None),
        ("clashes", "clashes", "clash", "1990-06-01", "month", None, None),
        ("offensive", "offensive", "offensive", "1990-05-10", "day", "1990-05-20", "day"),
        ("fall_a", "fall", "siege", "1991-03-14", "day", "1991-03-31", "day"),
        ("fall_b", "fall", "siege", "1991-04-11", "day", None, None),
        ("accord_a", "accord", "agreement", "1992-04-24", "day", None, None),
        ("accord_b", "accord", "agreement", "1992-04-24", "day", None, None),
        ("early", "early", "political", "1979-12-27", "day", None, None),
    ])


# --- chronology -----------------------------------------------------------------------

@pytest.mark.parametrize(("start", "precision", "first", "last", "days"), [
    ("1990-03-06", "day", "1990-03-06", "1990-03-06", 1),
    ("1990-02-01", "month", "1990-02-01", "1990-02-28", 28),
    ("1992-02-01", "month", "1992-02-01", "1992-02-29", 29),
    ("1991-01-01", "year", "1991-01-01", "1991-12-31", 365),
])
def test_interval_of_a_one_date_event(start, precision, first, last, days) -> None:
    row = chronology(make_events([("e", "e", "coup", start, precision, None, None)])).iloc[0]
    assert row["interval_end"] == pd.Timestamp(last)
    assert row["days"] == days
    assert row["imprecise"] == (precision != "day")
    assert row["interval_start"] == pd.Timestamp(first)


def test_period_with_month_end_covers_the_whole_month(events) -> None:
    row = chronology(events).set_index("event_id").loc["battle"]
    assert row["interval_start"] == pd.Timestamp("1989-03-05")
    assert row["interval_end"] == pd.Timestamp("1989-07-31")
    assert bool(row["imprecise"])


def test_disputed_readings_stay_separate_and_adjacent(events) -> None:
    out = chronology(events)
    assert len(out) == len(events)
    flagged = dict(zip(out["event_id"], out["disputed"], strict=True))
    assert flagged["fall_a"] and flagged["fall_b"]
    # two readings with the same date agree: not disputed
    assert not flagged["accord_a"] and not flagged["accord_b"]
    assert not flagged["battle"]
    order = out["event_id"].tolist()
    assert order.index("fall_b") == order.index("fall_a") + 1
    assert out.set_index("event_id").loc["fall_a", "readings"] == 2


def test_readings_differing_only_in_their_end_are_disputed() -> None:
    events = make_events([
        ("siege_a", "siege", "siege", "1989-03-05", "day", "1989-06-01", "month"),
        ("siege_b", "siege", "siege", "1989-03-05", "day", "1989-07-01", "month"),
    ])
    out = chronology(events)
    assert out["disputed"].all()
    assert out["interval_end"].tolist() == [pd.Timestamp("1989-06-30"),
                                            pd.Timestamp("1989-07-31")]
    assert disputed_dates(events)["spread_days"].tolist() == [31, 31]


def test_sorted_by_start(events) -> None:
    out = chronology(events)
    starts = out.drop_duplicates("fact")["interval_start"]
    assert starts.is_monotonic_increasing
    assert out["event_id"].iloc[0] == "early"


def test_window_keeps_every_reading_of_a_fact(events) -> None:
    out = chronology(events, start="1991-04-01", end="1991-12-31")
    assert out["event_id"].tolist() == ["fall_a", "fall_b"]


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("1989-01-01", None, 9),
    (None, "1980-01-01", 1),
    ("1990-06-15", "1990-06-15", 1),  # inside the month of "clashes"
])
def test_window_bounds(events, start, end, expected) -> None:
    assert len(chronology(events, start, end)) == expected


def test_missing_fact_id_falls_back_on_event_id(events) -> None:
    events.loc[events["event_id"] == "coup", "fact_id"] = None
    out = chronology(events).set_index("event_id")
    assert out.loc["coup", "fact"] == "coup"
    assert not out.loc["coup", "disputed"]


@pytest.mark.parametrize(("column", "value", "message"), [
    ("start_precision", "week", "unknown start_precision 'week'"),
    ("end_precision", "decade", "unknown end_precision 'decade'"),
    ("end_precision", None, "end_date without end_precision in events battle"),
    ("start_date", None, "events without start_date: battle"),
    ("end_date", pd.Timestamp("1989-01-01"), "events ending before they start: battle"),
])
def test_bad_dates_are_named(events, column, value, message) -> None:
    frame = events.astype({column: "object"}) if column.endswith("precision") else events
    frame.loc[frame["event_id"] == "battle", column] = value
    with pytest.raises(ValueError, match=message):
        chronology(frame)


def test_missing_column_is_named(events) -> None:
    with pytest.raises(ValueError, match=r"the events table lacks the column\(s\): end_precision"):
        chronology(events.drop(columns="end_precision"))


@given(st.dates(min_value=pd.Timestamp("1978-01-01").date(),
                max_value=pd.Timestamp("2001-12-31").date()),
       st.sampled_from(["day", "month", "year"]))
def test_interval_contains_the_period(date, precision) -> None:
    first = pd.Timestamp(date)
    if precision == "month":
        first = first.replace(day=1)
    elif precision == "year":
        first = first.replace(month=1, day=1)
    row = chronology(make_events([("e", "e", "other", first, precision, None, None)])).iloc[0]
    freq = {"day": "D", "month": "M", "year": "Y"}[precision]
    assert row["interval_start"] == first
    # the interval ends on the last day of the period the date names
    assert row["interval_end"].to_period(freq) == first.to_period(freq)
    assert (row["interval_end"] + pd.Timedelta(days=1)).to_period(freq) != first.to_period(freq)


# --- disputed_dates -------------------------------------------------------------------

def test_disputed_dates_lists_each_reading(events) -> None:
    out = disputed_dates(events)
    assert out["event_id"].tolist() == ["fall_a", "fall_b"]
    assert out["source"].tolist() == ["src_fall_a", "src_fall_b"]
    # starts 28 days apart, ends 11 days apart: the spread is the larger
    assert out["spread_days"].tolist() == [28, 28]
    assert not out["overlap"].any()


def test_readings_that_differ_only_in_precision_overlap() -> None:
    events = make_events([
        ("kill_a", "kill", "massacre", "1989-01-01", "year", None, None),
        ("kill_b", "kill", "massacre", "1989-07-09", "day", None, None),
        ("lone", "lone", "other", "1990-01-01", "day", None, None),
    ])
    out = disputed_dates(events)
    assert out["fact_id"].unique().tolist() == ["kill"]
    assert out["overlap"].all()
    assert out["spread_days"].iloc[0] == 189  # 1 Jan vs 9 Jul; 31 Dec vs 9 Jul is 175


def test_no_disputes_give_an_empty_table(events) -> None:
    out = disputed_dates(events.loc[events["fact_id"] != "fall"])
    assert out.empty
    assert "spread_days" in out.columns


def test_disputed_dates_without_source_column(events) -> None:
    out = disputed_dates(events.drop(columns="source"))
    assert out["source"].isna().all()
    assert len(out) == 2


# --- plot_timeline --------------------------------------------------------------------

def artists(fig, prefix: str) -> list:
    ax = fig.axes[0]
    return [a for a in list(ax.lines) + list(ax.patches)
            if (a.get_gid() or "").startswith(prefix + ":")]


def gids(fig, prefix: str) -> list[str]:
    return sorted(a.get_gid().split(":", 1)[1] for a in artists(fig, prefix))


@pytest.fixture
def figure(events):
    return plot_timeline(events, source_line="test source")


def test_one_artist_per_reading(figure) -> None:
    # markers: one-day exact events (accord drawn once: its two rows agree)
    assert gids(figure, "marker") == ["accord_a+accord_b", "coup", "fall_b", "withdrawal"]
    assert gids(figure, "bar") == ["fall_a", "offensive"]
    assert gids(figure, "imprecise") == ["battle", "clashes"]
    assert gids(figure, "dispute") == ["fall"]


def test_month_precision_spans_the_whole_month(figure) -> None:
    bar = next(a for a in artists(figure, "imprecise") if a.get_gid() == "imprecise:clashes")
    assert bar.get_x() == mdates.date2num(pd.Timestamp("1990-06-01"))
    assert bar.get_x() + bar.get_width() == mdates.date2num(pd.Timestamp("1990-07-01"))
    assert bar.get_hatch() == "////"
    assert bar.get_facecolor()[:3] == (1.0, 1.0, 1.0)


def test_disputed_fact_shows_both_readings_in_its_range(figure) -> None:
    (band,) = artists(figure, "dispute")
    (period,) = [a for a in artists(figure, "bar") if a.get_gid() == "bar:fall_a"]
    (day,) = [a for a in artists(figure, "marker") if a.get_gid() == "marker:fall_b"]
    assert band.get_x() == mdates.date2num(pd.Timestamp("1991-03-14"))
    assert band.get_x() + band.get_width() == mdates.date2num(pd.Timestamp("1991-04-12"))
    assert period.get_width() == 18
    assert day.get_xdata()[0] == mdates.date2num(pd.Timestamp("1991-04-11"))
    # both readings sit on the fact's row, one above the other
    y_band = (band.get_y(), band.get_y() + band.get_height())
    y_period = period.get_y() + period.get_height() / 2
    assert y_band[0] < y_period < y_band[1]
    assert y_band[0] < day.get_ydata()[0] < y_band[1]
    assert y_period != day.get_ydata()[0]


def test_rows_labels_and_legend(figure) -> None:
    ax = figure.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # "early" lies outside the default window and is not drawn
    assert labels == ["Withdrawal", "Battle", "Coup", "Offensive", "Clashes",
                      "Fall A (2 readings)", "Accord A"]
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["battle", "siege", "offensive", "clash", "coup attempt", "agreement",
                      "withdrawal", "imprecise date", "disputed: range of readings"]
    assert ax.get_title() == "Events, 15 Feb 1989 – 30 Apr 1992"
    assert "test source" in [t.get_text().removeprefix("Source: ") for t in figure.texts]


def test_kinds_have_their_colours(figure) -> None:
    (coup,) = [a for a in artists(figure, "marker") if a.get_gid() == "marker:coup"]
    colour, marker = KIND_STYLES["coup_attempt"]
    assert coup.get_color() == colour
    assert coup.get_marker() == marker


def test_window_and_label_length(events) -> None:
    events.loc[events["event_id"] == "fall_a", "name"] = "A very long name " * 5
    fig = plot_timeline(events, start="1991-01-01", end="1991-12-31", max_label=20,
                        title="Khost")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A very long name A… (2 readings)"]
    assert ax.get_xlim()[0] == mdates.date2num(pd.Timestamp("1990-12-17"))
    assert ax.get_title() == "Khost"


def test_without_disputes_no_dispute_legend(events) -> None:
    fig = plot_timeline(events.loc[~events["fact_id"].eq("fall")])
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "disputed: range of readings" not in legend
    assert artists(fig, "dispute") == []


@pytest.fixture
def participants() -> pd.DataFrame:
    return pd.DataFrame({"event_id": ["fall_b", "coup", "battle"],
                         "actor_id": ["jamiat", "tanai_faction", "hig"]})


@pytest.mark.parametrize(("actors", "expected"), [
    (["jamiat"], ["fall"]),  # the whole fact, although only one reading names jamiat
    (["tanai_faction", "hig"], ["battle", "coup"]),
])
def test_select_by_actor(events, participants, actors, expected) -> None:
    fig = plot_timeline(events, actors, participants=participants)
    drawn = {g.split("+")[0].removesuffix("_a").removesuffix("_b")
             for p in ("marker", "bar", "imprecise") for g in gids(fig, p)}
    assert sorted(drawn) == expected


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"actors": ["hig"]}, "needs the event_participants table"),
    ({"actors": ["nobody"], "participants": "fixture"}, "actor.*'nobody' take part in no event"),
    ({"start": "1995-01-01", "end": "1995-12-31"}, "no events between 1995-01-01"),
])
def test_plot_errors(events, participants, kwargs, message) -> None:
    if kwargs.get("participants") == "fixture":
        kwargs = {**kwargs, "participants": participants}
    with pytest.raises(ValueError, match=message):
        plot_timeline(events, **kwargs)


def test_unknown_kind_is_named(events) -> None:
    frame = events.astype({"kind": "object"})
    frame.loc[frame["event_id"] == "coup", "kind"] = "skirmish"
    with pytest.raises(ValueError, match="unknown event kind.*'skirmish'"):
        plot_timeline(frame)


def test_participants_need_their_columns(events) -> None:
    with pytest.raises(ValueError, match=r"the participants table lacks the column\(s\): actor_id"):
        plot_timeline(events, ["hig"], participants=pd.DataFrame({"event_id": ["coup"]}))


def test_deterministic(events) -> None:
    def svg() -> bytes:
        buffer = io.BytesIO()
        plot_timeline(events).savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()
    assert svg() == svg()
