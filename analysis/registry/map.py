"""Figures of the chapter on where the events took place."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import Dataset
from analysis.geo import NATURAL_EARTH_CREDIT, events_by_place, load_countries, plot_event_map
from analysis.registry import FigureSpec
from analysis.registry.timeline import period_events

__all__ = ["SPECS"]


def _map(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    events = period_events(ds.events)
    source = spec.source.removesuffix(f"; {NATURAL_EARTH_CREDIT}")
    fig = plot_event_map(events, ds.places, load_countries(), source_line=source,
                         title=spec.title)
    return fig, events_by_place(events, ds.places)


SPECS = [
    FigureSpec(
        fig_id="fig-event-map",
        title="Where the events of February 1989 to April 1992 took place",
        caption="Where the events of February 1989 to April 1992 took place: one circle per "
                "place, its area proportional to the number of events there (readings of one "
                "event counted once). Events placed only in the country as a whole, at a place "
                "without coordinates or at no place are listed in the box. The borders are "
                "today's (Natural Earth): until late 1991 Turkmenistan, Uzbekistan and "
                "Tajikistan were republics of the Soviet Union.",
        alt="Map of Afghanistan and its neighbours with a circle for each place where events "
            "of 1989 to 1992 took place: by far the largest at Kabul, a smaller one at "
            "Jalalabad, and small ones at Mazar-i-Sharif, Khost, Paghman, Bagram, Logar, "
            "Parwan and Farkhar, and at Peshawar, Islamabad and Rawalpindi in Pakistan; a box "
            "lists the events not on the map.",
        source=f"events and places tables of this book (sources per row); {NATURAL_EARTH_CREDIT}",
        chapter="book/map",
        make=_map,
    ),
]
