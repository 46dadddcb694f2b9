"""The wheel carries the bundled themes and every sample data file, and nothing else of them."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _force_include() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    return mapping


def test_every_sample_data_file_goes_into_the_wheel() -> None:
    mapping = _force_include()
    for path in sorted((ROOT / "sample_data").glob("*.json")):
        key = f"sample_data/{path.name}"
        assert mapping.get(key) == f"ctotui/_bundled/{key}", f"{key} missing from the wheel"
    listed = {k for k in mapping if k.startswith("sample_data/")}
    assert all((ROOT / k).is_file() for k in listed)


def test_themes_go_into_the_wheel() -> None:
    assert _force_include()["themes"] == "ctotui/_bundled/themes"
