"""The README tells the truth: its commands exist and its figures are current."""

from __future__ import annotations

import re
from pathlib import Path

from sanctions_graph.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_setup_commands_exist():
    for script in re.findall(r"bash (scripts/[\w-]+\.sh)", README):
        assert (ROOT / script).is_file(), script
    assert "bash scripts/build.sh" in README and "bash scripts/test.sh" in README


def test_readme_cli_commands_exist():
    used = set(re.findall(r"sanctions-graph (\w+)", README))
    assert used, "README shows no sanctions-graph commands"
    assert used <= set(main.commands), used - set(main.commands)


def test_ci_runs_the_readme_test_command():
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_readme_named_queries_exist():
    queries = {p.stem for p in (ROOT / "ontology" / "queries").glob("*.rq")}
    for name in re.findall(r"--name ([\w-]+)", README):
        assert name in queries, name
