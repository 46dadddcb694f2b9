from __future__ import annotations

import pytest
from portfolio_data import Ids, populate

from ctotui.data.store import Store


@pytest.fixture
def practice(store: Store) -> Ids:
    """Acme Logistics (codename Falcon), Borealis Bank (Heron) and a closed client."""
    return populate(store)
