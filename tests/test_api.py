"""The Python API: the README's example runs as written, and the package exports KnowledgeGraph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the Python API section should show one python block"
    return blocks[0]


def test_the_package_exports_knowledge_graph() -> None:
    import sanctions_graph
    from sanctions_graph import KnowledgeGraph
    from sanctions_graph.graph import KnowledgeGraph as Direct

    assert KnowledgeGraph is Direct
    assert "KnowledgeGraph" in sanctions_graph.__all__
    for method in ("open", "ingest", "ingest_text", "query", "select", "dataframe", "network",
                   "export", "render", "validate", "import_file", "apply_curation"):  # fmt: skip
        assert callable(getattr(KnowledgeGraph, method)), method
    with pytest.raises(AttributeError):
        sanctions_graph.NoSuchThing  # noqa: B018


def test_the_readme_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(readme_example(), "README.md", "exec"), {"__name__": "__readme__"})
    printed = capsys.readouterr().out
    assert "People's Bank of China -> Chinese banks" in printed
    assert (tmp_path / "sanctions.graphml").stat().st_size > 500
    assert (tmp_path / "notebook-store").is_dir()
