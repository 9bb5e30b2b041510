"""Word lists the extraction rules read: triggers, titles, group nouns.

Each list is a small piece of English grammar or vocabulary about sanctions
news, never a name from a particular article. Lemmas are lower case.
"""

# Verbs (lemmas) that put an order to a party: "told banks to ...".
ORDER_VERBS = {
    "order", "instruct", "tell", "direct", "require", "oblige", "command", "mandate",
}
# Nouns for a directive, addressed with "to": "a written order to banks".
ORDER_NOUNS = {"order", "instruction", "directive", "notice", "notification", "guidance"}

# Verbs whose object is the party a measure, accusation or threat aims at.
TARGET_VERBS = {
    "sanction", "target", "accuse", "punish", "blacklist", "designate", "penalize",
    "penalise", "pressure", "pressurize", "isolate", "squeeze", "rebuke", "condemn",
    "threaten", "tame", "hit", "cut", "freeze", "ban", "bar", "prohibit", "restrict",
    "block", "blast", "attack", "criticize", "criticise", "warn", "fine", "list",
    "expel", "deny", "suspend", "exclude", "disconnect", "shut", "close", "evict",
    "go", "sever", "curb", "limit", "cap", "embargo", "strangle", "choke", "lock",
    "strip", "indict", "charge", "denounce", "oust", "topple", "force",
}
# Of those, the ones that need a sanction-like object or preposition to count
# ("cut off banks" yes, "cut costs" no; "deny accounts to X" yes).
TARGET_VERBS_NEED_ARGUMENT = {
    "hit", "cut", "block", "deny", "suspend", "exclude", "close", "shut", "go", "limit",
    "curb", "list", "lock", "strip", "attack", "warn", "sever", "force",
}
# Nouns that carry a measure against an "on/against/upon/at" party.
TARGET_NOUNS = {
    "sanction", "sanctions", "embargo", "ban", "freeze", "pressure", "penalty",
    "restriction", "measure", "blacklist", "designation", "cap", "tariff", "action",
    "effort", "campaign", "squeeze", "crackdown", "accusation", "threat", "order",
    "step", "curb", "limit", "prohibition", "closure", "move", "decision", "screw",
    "charge", "charges", "complaint", "indictment", "lawsuit",
    "screws", "noose",
}
TARGET_PREPS = {"on", "against", "upon", "over", "from", "to", "for", "toward", "towards"}

DENY_VERBS = {
    "deny", "reject", "dismiss", "dispute", "refute", "rebut", "contest", "repudiate",
}
# Predicates that call a claim false: "is not consistent with the facts".
DENY_PHRASES = (
    "not consistent with the facts", "groundless", "baseless", "unfounded", "untrue",
    "false", "fabricated", "not true", "lies", "without foundation", "no basis",
    "pushed back", "push back", "pushes back", "inconsistent with the facts",
    "not accord with the facts",
)
CLAIM_NOUNS = {
    "claim", "claims", "talk", "account", "comment", "comments", "remark", "remarks",
    "statement", "accusation", "allegation", "assertion", "description", "report",
    "charge", "charges", "suggestion", "blame", "version", "accusations", "allegations",
    "case", "pretext",
}

TRADE_NOUNS = {"trade", "import", "export", "imports", "exports", "shipment", "commerce",
               "purchase", "purchases", "sale", "sales", "supplies", "deliveries"}
TRADE_VERBS = {"trade", "import", "export", "buy", "sell", "ship", "supply", "purchase", "carry",
               "send", "deliver"}
TRADE_PARTNER_NOUNS = {"partner", "supplier", "buyer", "customer", "market"}

SPEECH_VERBS = {
    "say", "tell", "claim", "report", "announce", "state", "allege", "add", "insist",
    "argue", "write", "note", "explain", "assert", "suggest", "confirm", "declare",
    "reveal", "credit", "quote", "cite", "warn", "believe", "think",
}
HEDGE_WORDS = {"reportedly", "allegedly", "apparently", "purportedly", "supposedly"}
HEDGE_SOURCES = {"source", "sources", "person", "people", "official", "officials", "diplomat"}
MODAL_FUTURE = {"will", "would", "could", "may", "might", "shall", "should"}
INTENT_VERBS = {
    "threaten", "want", "wish", "propose", "plan", "seek", "consider", "push", "call",
    "urge", "aim", "intend", "hope", "prepare", "weigh", "mull", "vow", "demand",
    "ask", "press", "suggest", "favor", "favour", "lobby", "try",
}
WITHDRAW_WORDS = {"back", "drop", "abandon", "lift", "water", "instead", "scrap", "remove", "ease"}

# Titles that make a named person an official.
OFFICIAL_TITLES = {
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "governor", "chancellor", "premier", "ambassador", "envoy", "official", "leader",
    "director", "deputy", "chairman", "chairwoman", "chair", "head", "chief", "senator",
    "representative", "undersecretary", "commissioner", "king", "prince", "dictator",
    "vice", "mayor", "general", "admiral", "diplomat", "negotiator", "prosecutor",
    "attorney", "lawmaker", "congressman", "congresswoman", "adviser", "advisor",
    "ceo", "executive", "chairperson",
}
# Advisers and executives are officials only when acting for a government or bank.
SOFT_TITLES = {"adviser", "advisor", "ceo", "executive", "director", "head", "chief"}

# Heads of collective noun phrases and the class each one belongs to.
GROUP_HEADS = {
    "bank": "banks", "lender": "banks", "institution": "banks", "financier": "banks",
    "citizen": "citizens", "national": "citizens", "individual": "citizens",
    "customer": "citizens", "resident": "citizens", "people": "citizens",
    "company": "companies", "firm": "companies", "entity": "companies",
    "business": "companies", "venture": "companies", "enterprise": "companies",
    "shipper": "companies", "exporter": "companies", "importer": "companies",
    "laborer": "laborers", "labourer": "laborers", "worker": "laborers",
    "ship": "vessels", "vessel": "vessels", "aircraft": "vessels", "plane": "vessels",
    "tanker": "vessels",
    "official": "officials", "oligarch": "oligarchs", "state": "member states",
    "country": "member states", "government": "member states", "elite": "oligarchs",
    "businessman": "oligarchs",
}
# "Institutions" is a group of banks only when financial or state-owned.
GROUP_NEEDS_MODIFIER = {"institution": {"financial", "state", "credit", "banking"},
                        "state": {"member"},
                        "entity": set(), "people": set(), "individual": set(),
                        "business": set(), "customer": set()}
# Modifiers that make a different group. "State banks" and "private banks" of a
# country stay in its group of banks: the article names their members.
GROUP_DISTINCT = {"provincial", "local", "consular"}
GROUP_TYPES = {"banks": ("Group", "Bank"), "officials": ("Group", "Official")}

# Words in an organisation's name that tell its type.
BANK_WORDS = {"bank", "banco", "banque", "bancorp", "sberbank", "gazprombank", "vtb"}
CENTRAL_BANK_WORDS = ("central bank", "reserve bank", "federal reserve", "national bank of")
GOVERNMENT_WORDS = {
    "ministry", "department", "treasury", "customs", "administration", "agency",
    "office", "commission", "kremlin", "congress", "senate", "parliament", "duma",
    "government", "cabinet", "council", "bureau", "directorate", "service", "army",
    "navy", "command", "house",
}
NOT_GOVERNMENT_COUNCILS = ("security council", "crisis group", "atlantic council")

# Definite descriptions that point back to an entity of a type.
ANAPHORA = {
    "lender": "Bank", "bank": "Bank", "ministry": "Government", "department": "Government",
    "treasury": "Government", "regime": "Government", "government": "Government",
    "administration": "Government", "council": "Organization", "president": "Official",
    "spokesman": "Official", "spokeswoman": "Official", "spokesperson": "Official",
    "minister": "Official", "secretary": "Official", "leader": "Official",
    "dictator": "Official", "governor": "Official", "company": "Organization",
    "firm": "Organization", "country": "Government", "bloc": "Government",
    "neighbour": "Government", "neighbor": "Government", "north": "Government",
    "order": "ExecutiveOrder", "text": "UNResolution", "resolution": "UNResolution",
}

# Measure kinds, chosen by words in the measure's clause (first match wins).
MEASURE_KINDS = (
    ("vessel-entry-ban", {"ship", "vessel", "aircraft", "plane", "tanker", "port"}),
    ("travel-ban", {"travel", "visa", "entry"}),
    ("asset-freeze", {"asset", "assets", "freeze", "property", "reserves", "frozen"}),
    ("labor-ban", {"labor", "labour", "laborer", "worker", "working", "workers"}),
    ("business-closure", {"close", "closure", "shut", "joint", "venture"}),
    ("secondary-sanctions", {"foreign", "third", "secondary"}),
    ("financial-services-ban", {
        "account", "accounts", "financial", "transaction", "loan", "deposit", "swift",
        "correspondent", "payment", "banking", "lend", "credit", "capital", "debt",
        "equity", "financing",
    }),
    ("designation", {"designate", "blacklist", "list", "designation", "laundering", "sdn"}),
    ("export-cap", {"cap", "reduction", "reduce", "limit", "ceiling", "barrel", "barrels"}),
    ("import-ban", {"import", "imports", "coal", "textile", "textiles", "seafood", "iron"}),
    ("export-ban", {"export", "exports", "oil", "crude", "fuel", "petroleum", "refined"}),
    ("trade-embargo", {"embargo", "trade"}),
)
MEASURE_TRIGGERS = {
    "ban", "bar", "prohibit", "freeze", "embargo", "sanction", "sanctions", "blacklist",
    "designate", "cap", "close", "shut", "restrict", "restriction", "cut", "limit",
    "block", "suspend", "exclude", "disconnect", "curb", "closure", "designation",
    "penalty", "prohibition", "evict", "expel", "deny", "stop", "halt",
    "cease", "reduction", "reduce",
}

# Verbs whose whole clause names the targets of a sanctions step
# ("add" and "extend" only with a list or restrictions in the clause).
SANCTION_VERBS = {
    "sanction", "blacklist", "designate", "sever", "ban", "bar", "prohibit", "freeze", "restrict",
    "cut", "shut", "block", "exclude", "disconnect", "cap", "limit", "slash", "outlaw", "add",
    "extend", "subject", "penalize", "penalise", "impose", "expel", "seize",
}

# "denies any role in the attacks": what a party denies about itself.
DENIED_ROLES = {"role", "involvement", "responsibility", "part", "link", "links", "wrongdoing",
                "accusation", "accusations", "allegation", "allegations", "charge", "charges",
                "claim", "claims", "report", "reports"}
# Asking a party to take back what it said or did is rejecting it.
RETRACT_VERBS = {"withdraw", "retract", "revoke", "rescind", "lift", "drop", "reverse"}

# Nouns for instruments that act for whoever issued them ("the rule bars ...").
INSTRUMENT_NOUNS = {"rule", "order", "regulation", "law", "decree", "notice", "directive",
                    "measure", "measures", "statement", "text", "package", "decision", "action",
                    "step", "steps"}

# Appositions that say a name is a person's: "Chen, an economist".
PERSON_KINDS = OFFICIAL_TITLES | {"economist", "analyst", "expert", "researcher", "professor",
                                  "scholar", "businessman", "owner", "founder", "journalist"}

COMPANY_SUFFIXES = {"co", "corp", "corporation", "ltd", "inc", "llc", "plc", "gmbh", "jsc", "pjsc"}

# Acts that an accuser says a party committed ("the Treasury said the bank had facilitated ...").
WRONGDOING_VERBS = {"facilitate", "launder", "finance", "fund", "smuggle", "evade", "conceal",
                    "help", "provide", "supply", "carry", "transfer", "violate", "breach",
                    "sponsor", "support", "steal", "attack", "divert"}
