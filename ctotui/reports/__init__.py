"""Client-ready documents: the client status report and the portfolio summary (no Textual).

`render_report` is what the client detail screen calls; the `report` subcommand uses the same.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from ctotui.domain.clock import Clock
from ctotui.domain.entities import Client
from ctotui.reports.options import (
    DEFAULT_HORIZON_DAYS,
    DEFAULT_SINCE_DAYS,
    FORMATS,
    Format,
    ReportError,
)
from ctotui.visible import visible

if TYPE_CHECKING:
    from ctotui.data.store import Store
    from ctotui.reports.document import Document

__all__ = ["FORMATS", "Format", "ReportError", "render", "render_portfolio", "render_report"]

# The builders and renderers are imported inside the functions: `ctotui report --help`, the
# command line's start-up and the dashboard's first frame do not need them.


def render(doc: Document, fmt: str) -> str:
    """*doc* as Markdown or HTML; a control character that slipped past validation (a file
    edited by hand) is written as an escape, so neither the preview nor `cat report.md` obeys it."""
    from ctotui.reports.html import render_html
    from ctotui.reports.markdown import render_markdown

    if fmt == "md":
        return visible(render_markdown(doc), lines=True)
    if fmt == "html":
        return visible(render_html(doc), lines=True)
    raise ReportError(f"unknown report format {fmt!r} (one of: {', '.join(FORMATS)})")


def render_report(
    store: Store,
    client_id: str,
    since: date | None,
    fmt: str,
    redact: bool,
    clock: Clock,
    *,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    default_currency: str = "EUR",
) -> str:
    """The status report of one client, as Markdown (`fmt="md"`) or a self-contained HTML page.

    *since* starts the "recommended and decided" period (default: 30 days before today);
    *redact* is presentation mode: codename, masked amounts, no contacts, owners or notes.
    """
    from ctotui.reports.client_report import ReportOptions, client_document

    client = store.get(Client, client_id)
    today = clock.today()
    start = since if since is not None else today - timedelta(days=DEFAULT_SINCE_DAYS)
    if start > today:
        raise ReportError(f"--since {start.isoformat()} is after today ({today.isoformat()})")
    opts = ReportOptions(today, start, redact, horizon_days, default_currency)
    return render(client_document(store, client, opts), fmt)


def render_portfolio(
    store: Store,
    fmt: str,
    redact: bool,
    clock: Clock,
    *,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    default_currency: str = "EUR",
) -> str:
    """The one-page summary across clients (closed ones left out)."""
    from ctotui.reports.portfolio import PortfolioOptions, portfolio_document

    opts = PortfolioOptions(clock.today(), redact, horizon_days, default_currency)
    return render(portfolio_document(store, opts), fmt)
