"""Geo (or audience, or message) panels: detection, the pooled fit and per-geo results.

``load_panel(path, geo=None)`` gives a :class:`PanelLoad`; ``PanelModel().fit(panel).result_``
is a :class:`PanelFit` with the national fit the shared shapes come from, each geo's
:class:`GeoFit` (a :class:`~model_engine.mmm.HistoryFit` with its pooling) and pooled ROI per
channel. ``save_panel_model`` / ``load_panel_model`` keep it as JSON.
"""

from model_engine.panel.data import PanelHistory, PanelLoad, detect_geo_column, load_panel
from model_engine.panel.fit import PanelModel
from model_engine.panel.result import ChannelPooling, GeoFit, PanelFit, PooledChannel

__all__ = [
    "ChannelPooling",
    "GeoFit",
    "PanelFit",
    "PanelHistory",
    "PanelLoad",
    "PanelModel",
    "PooledChannel",
    "detect_geo_column",
    "load_panel",
]
