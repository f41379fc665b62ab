"""Figures of the chapter on where the events took place (and the landing page's map)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import Dataset, load_boundaries, load_roads
from analysis.geo import city_control, events_by_place, reference_places, road_lines
from analysis.geo_plots import (
    NATURAL_EARTH_10M_CREDIT,
    plot_city_control,
    plot_event_maps_by_phase,
    plot_reference_map,
)
from analysis.registry import FigureSpec
from analysis.registry.timeline import period_events

__all__ = ["SPECS", "PHASES", "CONTROL_DATES", "CONTROL_EXTRA"]

#: The phases of the event maps: label -> (first day, last day).
PHASES: dict[str, tuple[str, str]] = {
    "1989 (from 15 February)": ("1989-02-15", "1989-12-31"),
    "1990 and 1991": ("1990-01-01", "1991-12-31"),
    "1992 (to 30 April)": ("1992-01-01", "1992-04-30"),
}
#: The days of the control map.
CONTROL_DATES: tuple[str, ...] = ("1989-06-01", "1991-06-01", "1992-04-30")
#: Cities drawn on the control map although no sourced row records who held them.
CONTROL_EXTRA: tuple[str, ...] = ("herat", "kandahar", "gardez", "ghazni")


def _source(spec: FigureSpec) -> str:
    return spec.source.removesuffix(f"; {NATURAL_EARTH_10M_CREDIT}")


def _reference(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    roads = road_lines(load_roads(), ds.places)
    fig = plot_reference_map(ds.places, load_boundaries(), roads, source_line=_source(spec),
                             title=spec.title)
    shown = reference_places(ds.places)
    data = pd.concat([shown.assign(layer="place"),
                      roads[["road_id", "name", "places", "source", "locator"]]
                      .assign(layer="road")], ignore_index=True)
    return fig, data


def _phases(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    events = period_events(ds.events)
    fig = plot_event_maps_by_phase(events, ds.places, load_boundaries(), PHASES,
                                   source_line=_source(spec), title=spec.title)
    start = pd.to_datetime(events["start_date"])
    frames = [events_by_place(events.loc[start.between(pd.Timestamp(a), pd.Timestamp(b))],
                              ds.places).assign(phase=label)
              for label, (a, b) in PHASES.items()]
    return fig, pd.concat(frames, ignore_index=True)


def _control(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    control = city_control(ds.events, ds.places, CONTROL_DATES, extra=CONTROL_EXTRA)
    fig = plot_city_control(control, load_boundaries(), source_line=_source(spec),
                            title=spec.title)
    data = control.assign(records=control["records"].map(";".join),
                          sources=control["sources"].map(";".join))
    return fig, data


_CREDIT = f"; {NATURAL_EARTH_10M_CREDIT}"

SPECS = [
    FigureSpec(
        fig_id="fig-reference-map",
        title="Afghanistan and its borderlands",
        caption="Afghanistan and its borderlands: today's international borders and province "
                "boundaries (Natural Earth, 1:10m), the main cities, the border crossings at "
                "Torkham, Spin Boldak and Hairatan, the Salang Pass, and Peshawar, Quetta and "
                "Islamabad across the border. The main roads are drawn as straight lines "
                "between the towns each joins, as the sources describe them: the road from "
                "Kabul over the Salang to Mazar-i-Sharif and Kunduz, the road from Kabul by "
                "Ghazni to Kandahar and Herat, the roads from Kabul by Jalalabad and Torkham to "
                "Peshawar, from Kandahar by Spin Boldak to Quetta, and from Kabul by Gardez to "
                "Khost. Until late 1991, Turkmenistan, Uzbekistan and Tajikistan were "
                "republics of the Soviet Union.",
        alt="Reference map of Afghanistan and its neighbours, with province boundaries: Kabul "
            "in the east centre; the road north over the Salang Pass to Mazar-i-Sharif and "
            "Kunduz; the road south-west by Ghazni to Kandahar and on to Herat in the west; the "
            "road east by Jalalabad to the Torkham crossing and Peshawar in Pakistan; Kandahar "
            "joined by Spin Boldak to Quetta; Gardez and Khost south of Kabul; Hairatan on the "
            "northern border facing Uzbekistan.",
        source="places table and roads of this book (sources per row)" + _CREDIT,
        chapter="book/map",
        make=_reference,
    ),
    FigureSpec(
        fig_id="fig-event-maps-by-phase",
        title="Where the events took place, by phase",
        caption="Where the events took place, by phase: the events of February 1989 to April "
                "1992 in three phases (1989 from the withdrawal; 1990 and 1991; 1992 to the end "
                "of April): one "
                "circle per place, its area proportional to the number of events that began "
                "there in the phase (the readings of one event counted once), with the count "
                "beside the name; each panel counts the events it cannot place.",
        alt="Three maps of Afghanistan stacked top to bottom. In 1989 the largest circles are "
            "at Jalalabad and Kabul, with events also at Rawalpindi and Peshawar in Pakistan; "
            "in 1990 and 1991 at Kabul and Khost; in 1992 at Kabul, with circles at "
            "Mazar-i-Sharif, Bagram, Parwan and Peshawar.",
        source="events and places tables of this book (sources per row)" + _CREDIT,
        chapter="book/map",
        make=_phases,
    ),
    FigureSpec(
        fig_id="fig-city-control",
        title="Who held the cities, as far as the sources record",
        caption="Who held the cities, as far as the sources record: on 1 June 1989, 1 June 1991 "
                "and 30 April 1992, by the data's sourced event rows alone. A city changes colour "
                "only at a recorded change of hands (Khost in 1991, Mazar-i-Sharif in March "
                "1992, Kabul in April 1992), keeps the side that lost it before and the side "
                "that took it after; a city held against an attack (Jalalabad in 1989, Kunduz "
                "in 1988) counts as held for a year. Hollow rings: no sourced row says who held "
                "the city on that day; grey: the sources disagree whether the change had "
                "happened.",
        alt="Three maps of Afghanistan stacked top to bottom with a few cities coloured by the "
            "side that held them. On 1 June 1989 Kabul, Jalalabad, Khost, Mazar-i-Sharif and "
            "Kunduz are government-held and Herat, Kandahar, Gardez and Ghazni hollow. On 1 "
            "June 1991 Khost is held by the mujahideen, Kabul and Mazar-i-Sharif by the "
            "government, the others hollow. On 30 April 1992 Kabul is contested, "
            "Mazar-i-Sharif held by the northern coalition and Khost by the mujahideen.",
        source="events and places tables of this book (sources per row)" + _CREDIT,
        chapter="book/map",
        make=_control,
    ),
]
