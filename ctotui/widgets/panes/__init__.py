"""The four panes of the dashboard, one per module, on the `Pane` of `base`."""

from ctotui.widgets.panes.agenda import AgendaPane
from ctotui.widgets.panes.base import FilterInput, Pane
from ctotui.widgets.panes.clients import ClientsPane
from ctotui.widgets.panes.progress import ProgressPane
from ctotui.widgets.panes.recs import RecsPane

__all__ = ["AgendaPane", "ClientsPane", "FilterInput", "Pane", "ProgressPane", "RecsPane"]
