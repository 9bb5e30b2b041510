"""The project's vocabulary as Python names.

Every term here is declared in ``ontology/sanctions.ttl``; a misspelled term
raises at import time of the calling module instead of minting a new IRI
(``_fail = True``). ``tests/test_ontology.py`` checks that this list and the
Turtle file agree in both directions.
"""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

ONTOLOGY_IRI = "https://w3id.org/sanctions-graph/ontology#"
ID_BASE = "https://w3id.org/sanctions-graph/id/"
GRAPH_BASE = "https://w3id.org/sanctions-graph/graph/"

ID = Namespace(ID_BASE)
GRAPH = Namespace(GRAPH_BASE)
REFERENCE_GRAPH = URIRef(GRAPH_BASE + "reference")
ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontology")
CURATION_GRAPH = URIRef(GRAPH_BASE + "curation")


class SG(DefinedNamespace):
    """Terms of the sanctions-graph ontology."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # Entity classes
    Entity: URIRef
    Organization: URIRef
    Person: URIRef
    Bank: URIRef
    CentralBank: URIRef
    Government: URIRef
    Official: URIRef
    UNResolution: URIRef
    ExecutiveOrder: URIRef
    Group: URIRef

    # Provenance classes
    Article: URIRef
    Assertion: URIRef
    ExtractionActivity: URIRef
    Curation: URIRef

    # Measures
    SanctionsMeasure: URIRef
    FinancialServicesBan: URIRef
    ImportBan: URIRef
    ExportBan: URIRef
    ExportCap: URIRef
    AssetFreeze: URIRef
    TravelBan: URIRef
    LaborBan: URIRef
    BusinessClosure: URIRef
    SecondarySanctions: URIRef
    VesselEntryBan: URIRef
    Designation: URIRef
    TradeEmbargo: URIRef
    SanctionsEnforcement: URIRef

    # Value classes and their individuals
    MeasureStatus: URIRef
    Proposed: URIRef
    InForce: URIRef
    Withdrawn: URIRef
    Denied: URIRef
    Reported: URIRef

    Factuality: URIRef
    Certain: URIRef
    Probable: URIRef
    Possible: URIRef
    Negated: URIRef

    Tense: URIRef
    Past: URIRef
    Present: URIRef
    Future: URIRef

    # Relations between entities (also used from measures: targets)
    orders: URIRef
    targets: URIRef
    denies: URIRef
    tradesWith: URIRef

    # Measures
    imposedBy: URIRef
    implementedBy: URIRef
    legalBasis: URIRef
    status: URIRef
    measureKind: URIRef
    quantity: URIRef
    deadline: URIRef

    # Assertions and their evidence
    evidenceText: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    claimant: URIRef
    factuality: URIRef
    polarity: URIRef
    tense: URIRef
    deniesAssertion: URIRef
    trigger: URIRef
    eventDate: URIRef

    # Articles and extraction runs
    articleId: URIRef
    softwareVersion: URIRef

    # Curation
    retractedBy: URIRef
    canonical: URIRef

    # Reference entity facts
    country: URIRef
    demonym: URIRef
    adoptionDate: URIRef
    resolutionNumber: URIRef
    officialSymbol: URIRef
    kindSlug: URIRef
    relationName: URIRef
