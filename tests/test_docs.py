"""Docs that are generated or that list extension points stay in step with the code."""

from pathlib import Path

from resources.loaders import LOADERS
from resources.store.docs import render

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_data_model_doc_is_current():
    assert (DOCS / "data-model.md").read_text() == render(), (
        "regenerate: python -m resources.store.docs > docs/data-model.md")


def test_every_loader_is_documented():
    text = (DOCS / "formats.md").read_text()
    missing = [kind for kind in LOADERS if f"## {kind}" not in text]
    assert not missing, f"docs/formats.md lacks a section for {missing}"
