"""The merge driver's table encoder writes exactly what `canonical_bytes` writes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ctotui.data.canonical import table_bytes
from ctotui.data.jsonfile import canonical_bytes

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=8)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(allow_nan=False), text
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
records = st.dictionaries(text, st.dictionaries(text, values, max_size=5), max_size=4)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["clients", "événements"]), records)
def test_same_bytes_as_canonical_bytes(table: str, recs: dict[str, dict[str, Any]]) -> None:
    assert table_bytes(table, recs) == canonical_bytes({table: recs})


def test_awkward_strings() -> None:
    recs = {"01J": {"note": 'a "quoted"\nline\t\\ é ☃ \u2028 \x00', "tags": [], "nda": {}}}
    assert table_bytes("notes", recs) == canonical_bytes({"notes": recs})
