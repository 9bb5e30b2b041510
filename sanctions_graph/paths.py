"""Where the ontology files live, installed or in a source checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The folder with sanctions.ttl, shapes.ttl, reference.ttl and queries/.

    A wheel carries it inside the package; a source checkout (and an editable
    install) has it beside the package.
    """
    for candidate in (_PACKAGE / "ontology", _PACKAGE.parent / "ontology"):
        if (candidate / "sanctions.ttl").is_file():
            return candidate
    raise FileNotFoundError("ontology/sanctions.ttl not found beside the sanctions_graph package")


ONTOLOGY_FILE = "sanctions.ttl"
SHAPES_FILE = "shapes.ttl"
REFERENCE_FILE = "reference.ttl"
QUERIES_DIR = "queries"
