"""Relations and measures from dependency parses.

Each rule starts at a trigger word (a verb such as "instructed", a noun such
as "sanctions", a phrase such as "not consistent with the facts") and reads
its arguments off the parse: subject and object in either voice, controllers
of infinitives ("told banks to ban ..." makes the banks the ones who ban and
the teller the one who imposes), lists and their named members, possessors
("Trump's claim"), and the speech verb or hedge that attributes the clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from ..model import Assertion, Measure
from ..model import Span as TextSpan
from . import lexicon as lx
from .dates import event_date
from .mentions import Mentions, issuing_agents

# What a party holds somewhere: "assets in Turkey" are not Turkey's.
_HOLDINGS = {"asset", "property", "account", "holding", "deposit", "reserve", "estate"}
# "its Chinese counterparts" are people of that state, not the state.
_PEOPLE_NOUNS = {
    "counterpart",
    "official",
    "diplomat",
    "leader",
    "people",
    "citizen",
    "national",
    "media",
    "newspaper",
    "journalist",
    "expert",
    "analyst",
    "partner",
    "ally",
}
OBJECT_CONTROL = {
    "order",
    "instruct",
    "tell",
    "direct",
    "require",
    "oblige",
    "force",
    "ask",
    "urge",
    "allow",
    "press",
    "call",
    "push",
    "empower",
    "authorize",
    "authorise",
    "command",
    "persuade",
    "get",
    "credit",
    "accuse",
}


# Verbs whose object is punished or charged for what a "for"/"of" clause says it did.
_PUNISHING_VERBS = lx.SANCTION_VERBS | {
    "punish",
    "fine",
    "penalize",
    "penalise",
    "charge",
    "indict",
    "prosecute",
    "convict",
}


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


@dataclass
class Context:
    """Who says a clause and how sure it is."""

    claimant: str | None = None
    # everyone who says it: "the European Union and Canada said ..." (the claimant first)
    speakers: list[str] = field(default_factory=list)
    factuality: str = "certain"
    polarity: str = "positive"
    tense: str = "past"
    status: str = "in-force"


class SentenceRules:
    def __init__(self, sent: Span, m: Mentions):
        self.sent = sent
        self.m = m
        self.doc: Doc = sent.doc

    @cached_property
    def evidence(self) -> TextSpan:
        """The sentence in the article's own text (before any headline casing), trimmed.

        Made when a rule first finds something: most sentences are read for
        their entities only.
        """
        sent = self.sent
        # doc.text joins every token of the article: build it only when there is no original.
        original = self.doc.user_data.get("original")
        if original is None:
            original = self.doc.text
        text = original[sent.start_char : sent.end_char]
        stripped = text.strip()
        start = sent.start_char + (len(text) - len(text.lstrip()))
        return TextSpan(start, start + len(stripped), stripped)

    @cached_property
    def text(self) -> str:
        """The sentence as the model read it: sent.text, cut from the parsed text when the
        doc keeps it rather than joined token by token."""
        parsed = self.doc.user_data.get("parsed")
        if parsed is None:
            return self.sent.text
        return parsed[self.sent.start_char : self.sent.end_char]

    # -- arguments -----------------------------------------------------------

    def ents(self, token: Token | None, depth: int = 0) -> list[str]:
        """Entities of the noun phrase headed by token, lists and partitives included."""
        if token is None or depth > 6:
            return []
        out: list[str] = []
        key = self.m.key(token)
        if key:
            out.append(key)
            out += self.m.listed.get(token.i, [])
        else:
            for child in token.children:
                if (
                    child.dep_ == "prep"
                    and child.lower_ == "of"
                    and token.lemma_.lower()
                    in {
                        "one",
                        "some",
                        "many",
                        "four",
                        "three",
                        "two",
                        "five",
                        "all",
                        "most",
                        "several",
                        "each",
                        "any",
                        "none",
                        "dozen",
                        "number",
                        "list",
                        "half",
                        "majority",
                        "part",
                        "round",
                        "rounds",
                        "series",
                        "set",
                        "package",
                        # parts of an organisation act for it: "branches of Bank of China"
                        "branch",
                        "unit",
                        "division",
                        "arm",
                        "office",
                        "service",  # "the Persian service of Deutsche Welle"
                    }
                    or (child.dep_ == "prep" and child.lower_ == "of" and token.pos_ == "NUM")
                ):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            out += self.ents(pobj, depth + 1)
            if not out and token.lemma_.lower() == "member":
                # "19 of the league's 22 members": an organisation's members act for it
                out += [
                    k
                    for c in token.children
                    if c.dep_ == "poss" and (k := self.m.key(c)) and self.m.country_of(k) != k
                ]
            count = lx.COUNT_WORDS.get(token.lower_)
            if (
                not out
                and count
                and token.pos_ == "NUM"
                and any(c.lower_ in {"all", "the", "both"} for c in token.children)
            ):
                # "the company and all four": the last four people named
                people: list[str] = []
                for i in range(token.i - 1, -1, -1):
                    k = self.m.token_key.get(i)
                    if k and k not in people and set(self.m.types(k)) & {"Person", "Official"}:
                        people.append(k)
                        if len(people) == count:
                            break
                if len(people) == count:
                    out += people
            if not out and token.pos_ == "NOUN" and not self._sent_by_state(token):
                # "the Chosun Ilbo newspaper", "the tanker Patriot": a name with its kind
                for child in token.children:
                    key = self.m.key(child)
                    if (
                        child.dep_ in {"compound", "appos"}
                        and key
                        and self.m.country_of(key) != key
                    ):
                        out.append(key)
                        break
                following = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
                key = self.m.key(following) if following is not None else None
                if (
                    not out
                    and key
                    and self.m.country_of(key) != key
                    and following.text[:1].isupper()
                ):
                    # "conglomerate Rostec", however the parser hangs the name
                    out.append(key)
            if not out and token.lemma_.lower() in lx.OFFICIAL_TITLES:
                # "China's foreign ministry spokesman", "finance ministers from the Group of
                # Seven": the body they speak for
                for child in token.children:
                    if child.dep_ in {"compound", "poss"} and self.m.key(child):
                        out.append(self.m.key(child))
                        break
                    if (
                        child.dep_ == "prep"
                        and child.lower_ in {"from", "of", "for"}
                        and token.dep_ != "appos"
                    ):
                        # "two executives of TPAO, A and B", however parsed: the people; but
                        # "Zhu, a former party chief of Xinjiang" describes Zhu
                        named = [
                            k for p in child.children if p.dep_ == "pobj" for k in self.ents(p)
                        ]
                        people = [k for k in named if set(self.m.types(k)) & {"Person", "Official"}]
                        out += people or [
                            k
                            for k in named
                            if not set(self.m.types(k)) & {"Person", "Official", "Group"}
                        ]
                        if out:
                            break
        for child in token.children:
            if child.dep_ == "conj" and self.m.key(child) and _speaks(self, child):
                continue  # "A, B and C, Secretary Suga told reporters": no list member
            if (
                child.dep_ == "conj"
                and child.i >= 2
                and self.doc[child.i - 1].lower_ == "or"
                and self.doc[child.i - 2].text == ","
                and self.m.key(child)
                in {self.m.key(t) for t in self.doc[self.sent.start : child.i - 2]}
            ):
                continue  # "..., the Sanctions Act, or CAATSA": the name again, no member
            if (
                child.dep_ == "appos"
                and key
                and not self.m.key(child)
                and child.lemma_.lower() not in lx.OFFICIAL_TITLES
            ):
                # "Gazprom Neft, the oil arm of Gazprom": a description, no party; but
                # "Hemmati, the CBI governor" speaks for his bank
                continue
            if child.dep_ in {"conj", "appos"}:
                out += self.ents(child, depth + 1)
            elif (
                child.dep_ == "nmod"
                and key
                and self.m.key(child) not in {None, key}
                and any(g.dep_ == "cc" for g in child.children)
            ):
                # "Justice Minister A and Interior Minister B", the first name parsed as a
                # modifier of the second: both named
                out += self.ents(child, depth + 1)
        return _dedupe(out)

    def _sent_by_state(self, title: Token) -> bool:
        """ "Iraq's U.N. ambassador": an official whose state is named as the possessor,
        who speaks for that state, not for the body he is sent to."""
        return title.lemma_.lower() in lx.OFFICIAL_TITLES and any(
            c.dep_ == "poss" and (k := self.m.key(c)) and self.m.country_of(k) == k
            for c in title.children
        )

    def members(self, token: Token) -> list[str]:
        """Named members given with 'including X' or 'such as X': the names listed,
        not the names inside what a clause says of them ("Butikofer, who chairs the
        delegation for relations with China")."""
        out: list[str] = []

        def listed(name: Token) -> None:
            key = self.m.key(name)
            if key and not _speaks(self, name):
                out.append(key)
            for child in name.children:
                if child.dep_ in {"conj", "appos"}:
                    listed(child)

        for child in token.subtree:
            # "such as X", parsed either way round
            such_as = child.lower_ == "as" and any(c.lower_ == "such" for c in child.children)
            if child.dep_ == "prep" and (
                child.lemma_.lower() in {"include", "such", "like"} or such_as
            ):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        listed(pobj)
                    elif pobj.dep_ == "prep":  # "such as X"
                        for inner in pobj.children:
                            if inner.dep_ == "pobj":
                                listed(inner)
        return _dedupe(out)

    def subjects(self, verb: Token, depth: int = 0) -> list[str]:
        if depth > 5:
            return []
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        auxpass = any(c.dep_ == "auxpass" for c in verb.children)
        for child in verb.children:
            # "The Taliban remain listed by the Treasury": the subject of a passive
            if child.dep_ == "nsubj" and not _postposed_object(child) and not auxpass:
                found = self.ents(child)
                if found:
                    return found
                if child.lemma_.lower() in lx.INSTRUMENT_NOUNS:
                    # "A final rule announced by FinCEN bars ...": the rule's issuer acts
                    issuer = self.noun_owner(child) or self._earlier_issuer(child)
                    if issuer:
                        return issuer
                if child.lower_ in {"that", "which"} and verb.dep_ == "relcl":
                    # "introduced a bill, the X Act, that would impose ...": who made it
                    enactors = self._enacted_by(verb.head)
                    if enactors:
                        return enactors
                if child.lower_ in {"that", "which", "who"}:
                    # "..., a shipping firm, Dalian Co., which it said had carried goods": the
                    # name just before the pronoun, wherever the parser hangs the clause
                    before = self.doc[child.i - 1] if child.i > 0 else None
                    if before is not None and before.text == "," and before.i > 0:
                        before = self.doc[before.i - 1]
                    if before is not None and self.m.key(before):
                        head = before
                        while head.head != head and self.m.key(head.head) == self.m.key(before):
                            head = head.head
                        coordinated = (
                            head.dep_ == "conj"
                            and self.m.key(head.head)
                            or any(c.dep_ == "conj" for c in head.children)
                        )
                        if not coordinated:  # "A, B and C, which ...": the parser's reading
                            return [self.m.key(before)]
                    # "companies which it said had bought coal": the relative clause's noun
                    clause = verb
                    while clause.dep_ != "relcl" and clause.head != clause:
                        clause = clause.head
                    if clause.dep_ == "relcl":
                        # "Hongxiang Co., a trading house that handled ...": the house's name
                        head = clause.head
                        return (
                            self.ents(head)
                            or (self.ents(head.head) if head.dep_ == "appos" else [])
                            or self._enacted_by(head)
                        )
            if child.dep_ == "agent" and passive:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return self.ents(pobj)
        if not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children):
            # "In Tehran, Nasser Kanaani ... dismissed ...": the subject the parser joined to
            # the place the sentence opens with
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.i < verb.i and prep.lower_ in {"in", "at"}:
                    for place in (p for p in prep.children if p.dep_ == "pobj"):
                        named = [
                            k for c in place.children if c.dep_ == "conj" for k in self.ents(c)
                        ]
                        if named:
                            return named
        if passive:
            return []
        head = verb.head
        to = [c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"]
        if to and head != verb:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "for" and prep.i < verb.i:
                    for pobj in prep.children:
                        if (
                            pobj.dep_ == "pobj"
                            and pobj.right_edge.i + 1 == to[0].i
                            and self.ents(pobj)
                        ):
                            # "pushing for the Security Council to impose": the Council imposes,
                            # and whoever pushes for it is a party to the measure too
                            advocates = (
                                self.subjects(head, depth + 1)
                                if head.lemma_.lower()
                                in {"push", "call", "press", "lobby", "urge", "ask", "campaign"}
                                else []
                            )
                            return _dedupe(self.ents(pobj) + advocates)
        if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            for child in head.children:
                if child.dep_ in {"dobj", "dative"}:
                    found = self.ents(child)
                    if found:
                        return found
            return self.subjects(head, depth + 1)
        if (
            verb.dep_ == "advcl"
            and (verb.tag_ == "VBN" or verb.tag_ == "VB" and verb.i == self.sent.start)
            and not any(c.dep_ in {"aux", "mark", "nsubj"} for c in verb.children)
        ):
            return []  # "Shut out of the U.S., PDVSA turned to Asia": PDVSA was shut out
        main = _misjoined_conjunct(verb)
        if main is not None:
            return self.subjects(main, depth + 1)
        if verb.dep_ in {"conj", "advcl"} and any(
            c.dep_ == "nsubj"
            and c.pos_ in {"NOUN", "PROPN"}
            and c.i < verb.i
            and c.lemma_.lower() not in _STEP_NOUNS | lx.TARGET_NOUNS
            for c in verb.children
        ):
            return []  # "..., while a consumer boycott has cut imports": a subject of its own
        if (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and head.dep_ == "acl"
            and any(c.dep_ == "mark" for c in head.children)
            and self.doc[verb.i - 1].text == ","
        ):
            # "repeated Iraq's demand that the sanctions be lifted, accusing the United
            # States of ...": a participle after the comma is the speaker's, however the
            # parser hangs it inside the content clause of a noun
            clause = head.head
            while clause.pos_ not in {"VERB", "AUX"} and clause.head != clause:
                clause = clause.head
            if clause.pos_ in {"VERB", "AUX"}:
                return self.subjects(clause, depth + 1)
        patient = (
            next((c for c in head.children if c.dep_ == "nsubjpass"), None)
            if verb.dep_ == "conj" and not passive
            else None
        )
        if patient is not None:
            # "The firm, which is owned by the ministry and has been under U.S. sanctions":
            # the conjunct's subject is the passive's, not its agent
            if patient.lower_ in {"which", "that", "who"} and head.dep_ == "relcl":
                return self.ents(head.head)  # the noun the clause is of, named or not
            found = self.ents(patient)
            if found:
                return found
        if verb.dep_ in {"xcomp", "conj", "advcl"} and head != verb:
            found = self.subjects(head, depth + 1)
            objects = {
                k
                for c in verb.children
                if c.dep_ == "dobj" and c.pos_ == "PRON"
                for k in self.ents(c)
            }
            if verb.dep_ == "conj" and head.dep_ == "ccomp" and (not found or objects & set(found)):
                # "Mnuchin said the sanctions took effect and called the company ...": when
                # the reported clause has no agent, the conjunct is the speaker's; "told
                # lawmakers the junta was illegitimate and accused it of ...": the junta
                # does not accuse itself, the speaker does
                return self.subjects(head.head, depth + 1)
            return found
        if verb.dep_ == "acl" and self.m.key(head) and (verb.tag_ == "VBD" or head.dep_ == "ROOT"):
            # "Abbas Mousavi, a spokesman, dismissed ...": a verb the parser hung off its subject
            return self.ents(head)
        if (
            verb.dep_ == "acl"
            and verb.tag_ == "VBG"
            and verb.i > 0
            and self.doc[verb.i - 1].text == ","
        ):
            # ", freezing the assets": a participle of result, whose subject is the main clause's
            clause = head
            while clause.pos_ not in {"VERB", "AUX"} and clause.head != clause:
                clause = clause.head
            if clause.pos_ in {"VERB", "AUX"}:
                return self.subjects(clause, depth + 1)
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG"):
            return self.ents(head)
        if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            # an infinitive of purpose: "a decision to stop X" is the decider's; "imposed sanctions
            # on X ..., to force Maduro from power" is the imposer's
            owner = (
                self.noun_owner(head)
                if head.lemma_.lower()
                in lx.INSTRUMENT_NOUNS | {"move", "effort", "plan", "bid", "attempt", "campaign"}
                else []
            )
            if owner:
                return owner
            clause = head
            while clause.pos_ not in {"VERB", "AUX"} and clause.head != clause:
                clause = clause.head
            if clause.pos_ in {"VERB", "AUX"}:
                return self.subjects(clause, depth + 1)
        if verb.dep_ == "acl" and head.pos_ == "NOUN":
            if verb.tag_ == "VBN":
                # "sanctions imposed outside the U.N.": a measure's owner imposed it;
                # "the national listed as owner": a described noun is no agent.
                return (
                    self.noun_owner(head)
                    if head.lemma_.lower() in lx.INSTRUMENT_NOUNS | lx.TARGET_NOUNS
                    else []
                )
            return self.noun_owner(head) or self.subjects(head.head, depth + 1)
        if verb.dep_ == "pcomp":
            prep = head
            governor = prep.head
            if governor.dep_ == "acl" and governor.tag_ == "VBN":
                # "companies accused of supplying North Korea": the accused supply
                return self.ents(governor.head)
            if prep.lower_ in {"for", "of"}:
                # "a refiner was sanctioned for buying Iranian crude", "fined the bank for
                # clearing payments": who is punished or charged is who did it
                punished = [c for c in governor.children if c.dep_ == "nsubjpass"]
                if not punished and governor.lemma_.lower() in _PUNISHING_VERBS:
                    punished = [c for c in governor.children if c.dep_ == "dobj"]
                if punished:
                    return [k for c in punished for k in self.ents(c)]
            if governor.lemma_.lower() in OBJECT_CONTROL:
                for child in governor.children:
                    if child.dep_ == "dobj" and self.ents(child):
                        return self.ents(child)
            if governor.pos_ in {"VERB", "AUX"}:
                return self.subjects(governor, depth + 1)
            if prep.lower_ in {"for", "of"} and governor.pos_ in {"NOUN", "PROPN"}:
                # "blacklisted a refiner, Hengli, for buying oil": the refiner bought;
                # "sanctions on the bank for helping X": the bank helped
                if governor.lemma_.lower() in lx.TARGET_NOUNS | lx.MEASURE_TRIGGERS:
                    return self.prep_objects(governor, {"on", "against", "upon"})
                found = self.ents(governor)
                if found or governor.lemma_.lower() in lx.GROUP_HEADS:
                    return found
            return self.noun_owner(governor)
        if verb.dep_ in {"ccomp"} and head.pos_ == "VERB":
            return []
        if verb.dep_ == "ROOT" and verb.tag_ in {"VBD", "VBZ", "VBP"}:
            return self._names_just_before(verb)
        return []

    def _names_just_before(self, verb: Token) -> list[str]:
        """ "In a step that stunned Russian officials, the United States, the EU and Japan
        froze ...": a main verb the parser left without a subject, after a list of names
        it hung on a word before them. The names that end right before the verb."""
        before = self.doc[verb.i - 1] if verb.i > self.sent.start else None
        if before is None or not self.m.key(before) or before.dep_ not in {"conj", "appos"}:
            return []
        top = before
        while (
            top.dep_ == "conj"
            and self.m.key(top.head)
            and self.m.key(top.head) not in self.m.group_class  # "stunned Russian officials"
        ):
            top = top.head
        names = [k for k in self.ents(top) if k not in self.m.group_class]
        return names if self.m.key(before) in names else []

    def noun_owner(self, noun: Token) -> list[str]:
        """Whose is a noun: 'the administration's decision', 'U.S. sanctions'.

        A possessive pronoun in an object is bound by the clause's subject:
        "the U.S. and the EU stepped up their sanctions" (both of them).
        """
        for child in noun.children:
            if (
                child.dep_ == "poss"
                and child.lower_ in {"its", "their"}
                and noun.dep_ in {"dobj", "pobj"}
            ):
                verb = noun.head if noun.dep_ == "dobj" else noun.head.head
                # not what a copula says of its subject: "X is among its suppliers"
                if verb.pos_ in {"VERB", "AUX"} and verb.lemma_ != "be":
                    bound = self.subjects(verb)
                    if bound:
                        return bound
            if child.dep_ == "poss":
                found = self.ents(child)
                if found:
                    return found
        for child in noun.children:
            if child.lemma_.lower() in {"era", "period", "time"}:
                continue  # "Trump-era sanctions" are dated by him, not his
            if child.dep_ in {"compound", "amod", "nmod"}:
                # "new U.S. North Korea sanctions": the leftmost name owns, the nearest is the topic
                for grand in child.children:
                    if (
                        grand.dep_ in {"compound", "nmod"}
                        and grand.i < child.i
                        and self.m.key(grand)
                        and self.m.key(grand) != self.m.key(child)
                    ):
                        return [self.m.key(grand)]
                key = self.m.key(child)
                if key:
                    return [key]
                state = self.m.kb.state_of_demonym(child.text)
                if state:
                    # "the British and European allegations": each state named
                    more = (self.m.kb.state_of_demonym(c.text) for c in child.conjuncts)
                    return _dedupe([state, *(s for s in more if s)])
                for grand in child.children:
                    if self.m.key(grand):
                        return [self.m.key(grand)]
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return self.ents(pobj)
        for pobj in issuing_agents(noun):  # "a decision announced by X"
            return self.ents(pobj)
        return []

    def _enacted_by(self, noun: Token) -> list[str]:
        """Who makes an instrument the sentence names: "Trump signed a bill that imposes
        sanctions on X" (Trump), "the Treasury's order that bars ..." (the Treasury),
        "signed a bill, the X Act, that ..." (whoever signed it)."""
        node = noun.head if noun.dep_ == "appos" else noun
        if noun.lemma_.lower() not in lx.INSTRUMENT_NOUNS and node.lemma_.lower() not in (
            lx.INSTRUMENT_NOUNS
        ):
            return []
        own = self.m.key(noun)
        owner = [k for k in self.noun_owner(noun) if k != own]
        if owner:
            return owner
        if node.dep_ in {"dobj", "npadvmod"} and node.head.lemma_.lower() in lx.ADOPT_VERBS:
            return self.subjects(node.head)
        return []

    def _earlier_issuer(self, noun: Token) -> list[str]:
        """ "In a notice on its website, the ministry said ... X must stop, the notice said":
        "the notice" is the one named in the sentences before, and acts for its issuer,
        the subject of the clause that named it."""
        if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in noun.children):
            return []
        start = self.doc[self.sent.start - 1].sent.start if self.sent.start > 0 else 0
        start = self.doc[start - 1].sent.start if start > 0 else start
        lemma = noun.lemma_.lower()
        for earlier in reversed(self.doc[start : noun.i]):
            if earlier.lemma_.lower() != lemma or earlier.pos_ != "NOUN":
                continue
            verb = earlier.head
            while verb.pos_ not in {"VERB", "AUX"} and verb.head != verb:
                verb = verb.head
            if verb == noun.head:
                return []
            rules = SentenceRules(earlier.sent, self.m)
            return rules.noun_owner(earlier) or [
                k for k in rules.subjects(verb) if "Group" not in self.m.types(k)
            ]
        return []

    def objects(self, verb: Token) -> list[str]:
        out: list[str] = []
        # "The Taliban remain listed": a passive whose auxiliary the parser took for "be"
        patients = {"dobj", "dative", "nsubjpass"}
        if any(c.dep_ == "auxpass" for c in verb.children):
            patients = patients | {"nsubj"}
        for child in verb.children:
            if child.dep_ in patients or _postposed_object(child):
                out += self.ents(child) or self._inside(child)
        if _object_relative(verb):
            # "the lender that the United States blacklisted": the noun the clause is of
            head = verb.head
            out += self.ents(head) or (self.ents(head.head) if head.dep_ == "appos" else [])
        return _dedupe(out)

    def _inside(self, noun: Token) -> list[str]:
        """Targets inside an object phrase: 'Kim's assets', 'shipments to the regime'."""
        out: list[str] = []
        for child in noun.children:
            if child.dep_ == "poss":
                out += self.ents(child)
            if child.dep_ in {"nmod", "compound"} and self.m.key(child):
                out += self.ents(child)  # "People's Daily and Global Times newspapers"
            if child.dep_ == "prep" and child.lower_ in lx.TARGET_PREPS | {"with", "of", "in"}:
                if (
                    child.lower_ == "in"
                    and noun.lemma_.lower() in _HOLDINGS
                    # an owner named, however the parser hangs "of X"
                    and any(
                        c.dep_ == "prep" and c.lower_ == "of"
                        for h in (noun, *child.children)
                        for c in h.children
                    )
                ):
                    continue  # "the assets in Turkey of X": where X's assets are
                if (
                    child.lower_ == "in"
                    and noun.tag_ == "NNS"
                    and noun.lemma_.lower() in lx.GROUP_HEADS
                ):
                    continue  # "armed groups in the Central African Republic": where they are
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self.ents(pobj) or self._inside(pobj)
                        people = [k for k in found if set(self.m.types(k)) & {"Person", "Official"}]
                        if child.lower_ == "of" and noun.lemma_.lower() in _PERSON_ROLES and people:
                            found = people  # "executives of TPAO, A and B": the named people
                        out += found
            if (
                child.dep_ in {"amod", "compound"}
                and child.pos_ in {"ADJ", "PROPN"}
                and noun.lemma_.lower() not in _PEOPLE_NOUNS
            ):
                state = self.state_of_modifier(child)
                if state:
                    out.append(state)
        return _dedupe(out)

    def state_of_modifier(self, modifier: Token) -> str | None:
        """The state a demonym before a noun names ("Chinese banks", "North Korean
        ships"); None for one member of a group ("a small Chinese lender" is one firm
        of China, not China)."""
        noun = modifier.head
        if noun.tag_ == "NN" and noun.lemma_.lower() in lx.GROUP_HEADS:
            return None
        state = self.m.kb.state_of_demonym(modifier.text)
        if state is None and modifier.i > 0:
            state = self.m.kb.state_of_demonym(f"{self.doc[modifier.i - 1].text} {modifier.text}")
        return state

    def prep_objects(self, token: Token, preps: set[str]) -> list[str]:
        out: list[str] = []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                # "aimed at the agency and at its president": the conjoined prepositions too
                for prep in [child, *(c for c in child.children if c.dep_ == "conj")]:
                    if prep is not child and prep.lower_ not in preps:
                        continue
                    for pobj in prep.children:
                        # "sanctions on behalf of Ethiopia" are for it, not on it
                        if pobj.dep_ == "pobj" and pobj.lower_ != "behalf":
                            out += self.ents(pobj) or self._inside(pobj)
        return _dedupe(out)

    # -- modality and attribution --------------------------------------------

    def context(self, trigger: Token) -> Context:
        ctx = Context()
        chain = [trigger, *trigger.ancestors]
        for token in chain:
            # "did not order", "did not want to sanction": a negation on the trigger or on a
            # verb before it that governs it in the same clause
            governs = token == trigger or (
                token.dep_ in {"xcomp", "ROOT", "conj", "ccomp"}
                and token.i < trigger.i
                and self._governs_directly(token, trigger)
            )
            for child in token.children:
                negator = (
                    child.dep_ == "neg"
                    or (child.lower_ in {"never", "not", "n't"} and child.dep_ == "advmod")
                    # "Neither China nor Thailand has taken any measures"
                    or child.dep_ in {"nsubj", "nsubjpass"}
                    and any(g.lower_ == "neither" for g in child.children)
                )
                if negator and governs:
                    ctx.polarity, ctx.factuality = "negative", "negated"
                if (
                    child.dep_ in {"aux"}
                    and child.lower_ in lx.MODAL_FUTURE
                    and self._governs_directly(token, trigger)
                ):
                    ctx.tense, ctx.factuality, ctx.status = "future", "possible", "proposed"
                if child.lower_ in lx.HEDGE_WORDS:
                    ctx.factuality = "probable" if ctx.factuality == "certain" else ctx.factuality
                    ctx.status = "reported" if ctx.status == "in-force" else ctx.status
            lemma = token.lemma_.lower()
            if (
                token != trigger
                and (
                    lemma in _NOT_DOING_VERBS
                    # "has yet to blacklist any bank", "is yet to act"
                    or lemma in {"have", "be"}
                    and any(c.lower_ == "yet" for c in token.children)
                )
                and any(c.dep_ == "xcomp" and c in chain for c in token.children)
            ):
                # "has failed to impose effective controls", "refused to freeze the assets":
                # the step was not taken
                ctx.polarity, ctx.factuality = "negative", "negated"
            if (
                token != trigger
                and lemma in lx.INTENT_VERBS
                and self._governs_directly(token, trigger)
            ):
                ctx.tense, ctx.factuality, ctx.status = "future", "possible", "proposed"
            if (
                token != trigger
                and lemma in lx.WITHDRAW_WORDS
                and token.pos_ in {"VERB", "ADV", "ADP"}
            ):
                ctx.status = "withdrawn"
            if token != trigger and lemma in lx.SPEECH_VERBS and token.pos_ == "VERB":
                speakers = self.subjects(token)
                if speakers and ctx.claimant is None:
                    ctx.claimant, ctx.speakers = speakers[0], speakers
                subj = [c for c in token.children if c.dep_ == "nsubj"]
                if lemma == "report" or any(s.lemma_.lower() in lx.HEDGE_SOURCES for s in subj):
                    if ctx.factuality == "certain":
                        ctx.factuality = "probable"
                    if ctx.status == "in-force":
                        ctx.status = "reported"
        # a subtree is a span: spaCy's parses are projective
        if "instead" in self.m.lemmas[trigger.left_edge.i : trigger.right_edge.i + 1]:
            ctx.status = "withdrawn"
        doc, lowers = self.doc, self.m.values("lower")
        for i in range(self.sent.start, self.sent.end):
            low = lowers[i]
            if low == "according" and i + 1 < len(doc) and lowers[i + 1] == "to":
                for pobj in doc[i + 1].children:
                    if pobj.dep_ == "pobj" and self.ents(pobj) and ctx.claimant is None:
                        ctx.claimant = self.ents(pobj)[0]
                if ctx.factuality == "certain":
                    ctx.factuality = "probable"
            hedged = low in lx.HEDGE_WORDS and doc[i].head in chain
            if hedged and ctx.factuality == "certain":
                ctx.factuality = "probable"
        if trigger.tag_ in {"VBP", "VBZ", "VB"} and ctx.tense == "past":
            ctx.tense = "present"
        return ctx

    def words(self, words: Iterable[str], by: str = "lemma") -> Iterator[Token]:
        """This sentence's tokens whose lemma (or text) is one of some words, in order."""
        return self.m.where_words(words, by=by, start=self.sent.start, end=self.sent.end)

    @staticmethod
    def _governs_directly(governor: Token, trigger: Token) -> bool:
        """Whether the trigger is in governor's clause (not inside a reported ccomp)."""
        if governor == trigger:
            return True
        token = trigger
        while token != governor and token.head != token:
            if (
                token.dep_ in {"ccomp", "relcl", "advcl", "csubj", "parataxis"}
                and token.head != governor
            ):
                return False
            if token.dep_ in {"ccomp", "relcl", "parataxis"} and token.head == governor:
                return governor.lemma_.lower() in lx.INTENT_VERBS
            token = token.head
        return True

    # -- the rules -----------------------------------------------------------

    def assertion(self, s: str, p: str, o: str, trigger: Token, ctx: Context) -> Assertion:
        return Assertion(
            subject=s,
            predicate=p,
            object=o,
            evidence=self.evidence,
            trigger=trigger.text,
            claimant=ctx.claimant if ctx.claimant != s else None,
            factuality=ctx.factuality,
            polarity=ctx.polarity,
            tense=ctx.tense,
            event_date=event_date(
                trigger,
                self.doc.user_data.get("published"),
                dates=self.m.dates_in(self.sent.start, self.sent.end),
            ),
        )

    def measure(
        self, trigger: Token, imposers: list[str], targets: list[str], ctx: Context, **details
    ) -> Measure:
        """A measure read off this sentence, its kind and quantities from the trigger's clause."""
        measure = Measure(
            # a group's words can tell the kind ("North Korean workers"), other names not
            kind=_measure_kind(trigger, self.m.tokens_of_names()),
            imposed_by=list(imposers),
            targets=list(targets),
            evidence=self.evidence,
            status=ctx.status,
            quantities=_quantities(trigger, self.m.ents),
            claimant=ctx.claimant,
            trigger=trigger.text,
            **details,
        )
        # how deep in the sentence it was said: the main clause's step is the news
        self.__dict__.setdefault("depths", {})[id(measure)] = sum(1 for _ in trigger.ancestors)
        return measure

    def pairs(self, subjects: list[str], objects: list[str]) -> list[tuple[str, str]]:
        return [(s, o) for s in subjects for o in objects if s != o]

    def side(self, keys: list[str]) -> set[str]:
        """Parties and their states: whoever is on the side of any of them."""
        return set(keys) | {self.m.country_of(k) for k in keys} - {None}

    def outside(self, keys: list[str], side: set[str]) -> list[str]:
        """The parties not of a side, nor a group of its people ("U.S. banks")."""
        return [
            k for k in keys if k not in side and self.m.group_class.get(k, (None,))[0] not in side
        ]


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


@dataclass
class ArticleState:
    """What earlier sentences said, for denials that point back to a claim."""

    assertions: list[Assertion]
    measures: list[Measure]
    accusations: list[Assertion] = field(default_factory=list)  # accuser targets accused
    # Sanctions a party is said to be under ("has been under U.S. sanctions since 2008"):
    # a standing state of things, which "the sanctions" and passive steps never point to
    standing: list[Measure] = field(default_factory=list)


def _reason(token: Token) -> bool:
    """Whether a token heads a reason: "for buying Iranian oil", "over its role"."""
    return (
        token.dep_ == "prep"
        and token.lower_ in {"for", "over"}
        and any(c.dep_ == "pcomp" for c in token.children)
    )


def _without_reported(verb: Token) -> list[Token]:
    """A verb's subtree less what it reports ("adding that ..."): clauses with "that"."""
    out = []
    for child in verb.children:
        if child.dep_ == "ccomp" and any(
            c.dep_ == "mark" and c.lower_ in {"that", "whether", "if"} for c in child.children
        ):
            continue
        out += list(child.subtree)
    return [verb, *out]


def _own_clause(token: Token) -> list[Token]:
    """The token's subtree without the clauses joined to it (conj, ccomp, advcl, relcl)
    and without a reason ("for buying Iranian oil" is no export ban)."""
    out = [token]
    for child in token.children:
        if child.dep_ not in {"conj", "ccomp", "advcl", "relcl", "parataxis"} and not _reason(
            child
        ):
            out += _own_clause(child)
    return out


def _measure_kind(trigger: Token, named: Container[int] = ()) -> str:
    """The kind of a measure from the words of its clause, leaving out the words of
    names (``named``: "the foreign ministry" imposes no secondary sanctions)."""
    clause = [t for t in _own_clause(trigger) if t.i not in named]
    words = {t.lemma_.lower() for t in clause} | {t.lower_ for t in clause}
    words.add(trigger.lemma_.lower())
    if trigger.dep_ in {"dobj", "pobj", "nsubjpass"}:
        words |= {
            t.lemma_.lower() for t in trigger.head.subtree if t.i < trigger.i and t.i not in named
        }
    for kind, cues in lx.MEASURE_KINDS:
        if words & cues:
            return kind
    return "sanctions"


_QUANTITY_LABELS = {"PERCENT", "MONEY", "QUANTITY", "DATE"}


def _quantities(trigger: Token, ents: Iterable[Span]) -> list[str]:
    """Amounts, shares and dates named inside the trigger's phrase (ents: the doc's)."""
    inside = {t.i for t in trigger.subtree}
    return [ent.text for ent in ents if ent.label_ in _QUANTITY_LABELS and ent.root.i in inside]


# The trigger words (lemmas) of extract_sentence's rules, joined once rather than per token.
_ORDER_TRIGGERS = lx.ORDER_VERBS | {"oblige", "obliges", "forbid"}
_URGE_VERBS = {"urge", "call", "demand", "ask", "press"}
# Verbs that say their complement did not happen: "failed to impose", "refused to freeze"
_NOT_DOING_VERBS = {"fail", "refuse", "decline", "neglect"}
# Steps against a party that one may urge another to take
_URGED_STEPS = {"sanction", "blacklist", "punish", "penalize", "penalise", "designate"}
_AIM_VERBS = {"aim", "direct", "target"}
_NAME_CALLING_VERBS = {"call", "brand", "label", "dub"}
# "described the decision as illegal", "regards such restrictions as illegitimate"
_CHARACTERISING_VERBS = _NAME_CALLING_VERBS | {
    "describe",
    "regard",
    "denounce",
    "condemn",
    "consider",
    "deem",
    "view",
    "see",
    "decry",
    "term",
    "characterize",
    "characterise",
}
_TARGET_VERB_TRIGGERS = lx.TARGET_VERBS | lx.MEASURE_TRIGGERS | lx.SANCTION_VERBS
_TARGET_NOUN_TRIGGERS = lx.TARGET_NOUNS | lx.MEASURE_TRIGGERS
_FACING_VERBS = {"face", "risk"}
# Taking over another's measure: "mirrored the EU's list", "adopted the same sanctions",
# "followed suit".
_MIRRORING_VERBS = {"mirror", "match", "copy", "replicate", "adopt", "follow", "join"}
# What a measure does to whom it hits: "the sanctions target X", "they cover X", "the
# curbs were extended to X", "the ban applies to X".
_REACHING_VERBS = {"target", "cover", "hit", "affect", "include", "apply", "extend"}
_REACHING_TO = {"apply", "extend"}
# Putting a party under a measure or on a list: the preposition and the words after it.
_PLACING_VERBS = {"hit", "slap", "place", "put", "add"}
_PLACED_UNDER = {
    "with": {
        "sanction",
        "sanctions",
        "penalty",
        "ban",
        "embargo",
        "restriction",
        "fine",
        "tariff",
        "duty",
        "levy",
    },
    "under": {"sanction", "sanctions", "embargo", "restriction", "ban"},
    "on": {"list", "blacklist"},
    "onto": {"list", "blacklist"},
    "to": {"list", "blacklist"},
}
# Every rule of the loop starts at one of these; most words are none of them.
_TRIGGERS = (
    _ORDER_TRIGGERS
    | lx.ORDER_NOUNS
    | lx.DENY_VERBS
    | {"push"}  # "pushed back"
    | _URGE_VERBS
    | _AIM_VERBS
    | _CHARACTERISING_VERBS
    | _TARGET_VERB_TRIGGERS
    | _TARGET_NOUN_TRIGGERS
    | _FACING_VERBS
    | _MIRRORING_VERBS
    | _REACHING_VERBS
    | _PLACING_VERBS
)


def extract_sentence(sent: Span, m: Mentions, state: ArticleState) -> None:
    r = SentenceRules(sent, m)
    found: list[Assertion] = []
    measures: list[Measure] = []

    def add(s: list[str], p: str, o: list[str], trigger: Token, ctx: Context) -> list[Assertion]:
        made = [r.assertion(a, p, b, trigger, ctx) for a, b in r.pairs(s, o)]
        found.extend(made)
        return made

    lemmas, doc = m.lemmas, sent.doc
    for i in range(sent.start, sent.end):
        lemma = lemmas[i]
        if lemma not in _TRIGGERS:
            continue  # most words: tested without making a token
        token = doc[i]

        # orders: "China instructed banks to ...", "banks were told to ...", "an order to banks"
        verbal = token.pos_ == "VERB" or (
            token.dep_ == "ROOT"
            and token.tag_ in {"NNS", "VBZ"}
            and any(c.dep_ in {"dobj", "xcomp"} for c in token.children)
        )
        # "the resolution demanded that Eritrea stop ...": a demand by an instrument of the
        # Security Council, or any requirement, put as what is to be done
        mandate = _mandate(r, token) if verbal else None
        # "forbids European firms to comply": a directive; "forbids exports" is a ban
        if (
            verbal
            and lemma in _ORDER_TRIGGERS
            and (lemma != "forbid" or any(c.dep_ == "xcomp" for c in token.children))
            or mandate is not None
        ):
            complement = [c for c in token.children if c.dep_ in {"xcomp", "ccomp"}]
            if (
                lemma in {"tell", "require", "direct", "command"}
                and not complement
                and not is_passive(token)
            ):  # "commands the Fourth Armoured Division" leads it
                continue
            if lemma == "tell" and complement and complement[0].dep_ == "ccomp":
                continue  # "told reporters that ..." is speech, not an order
            if lemma == "order" and not complement and not is_passive(token):
                # "ordered the closure of X": an order aimed at X's closure
                objs = r.objects(token)
                if not objs:
                    continue
            subjects = r.subjects(token)
            objects = r.objects(token)
            if not subjects and is_passive(token) and token.dep_ == "conj":
                # "member states are required to ..., and banks are obliged to ...": who
                # gave the first order gives the second
                subjects = _dedupe(
                    a.subject
                    for a in found
                    if a.predicate == "orders" and a.trigger == token.head.text
                )
            if not subjects and is_passive(token):
                # "banks had been told to ...": whoever last gave them orders
                subjects = _dedupe(
                    a.subject
                    for a in state.assertions
                    if a.predicate == "orders" and a.object in objects
                )[-1:]
                if not subjects and lemma != "forbid":
                    # "... had been required to close, the ministry said": the speaker, else
                    # whoever imposed the measure the article is about ("U.S. financial
                    # institutions are required to block any transactions"); "Americans
                    # were forbidden to touch" is a bar, not an order
                    speaker = r.context(token).claimant
                    last = state.measures[-1].imposed_by if state.measures else []
                    subjects = [k for k in ([speaker] if speaker else last) if _can_impose(r, k)]
            if not objects and is_passive(token):
                objects = r.ents(token.head) if token.dep_ == "acl" else []
            if not objects and token.dep_ == "acl":
                objects = r.ents(token.head)
            if not objects and mandate is not None:
                objects = r.subjects(mandate)
            if not objects:
                objects = r.prep_objects(token, {"to"})
            ctx = r.context(token)
            add(subjects, "orders", objects, token, ctx)
            for member_owner in [
                c for c in token.children if c.dep_ in {"dobj", "dative", "nsubjpass"}
            ]:
                members = r.members(member_owner)
                if members:
                    add(subjects, "orders", members, token, ctx)
            _order_measures(r, token, subjects, objects, ctx, measures, found)
            continue
        if (
            token.pos_ == "NOUN"
            and lemma in lx.ORDER_NOUNS
            and token.dep_ in {"dobj", "nsubj", "pobj"}
        ):
            objects = r.prep_objects(token, {"to"})
            if objects:
                subjects = r.noun_owner(token) or (
                    r.subjects(token.head) if token.dep_ == "dobj" else []
                )
                ctx = r.context(token)
                add(subjects, "orders", objects, token, ctx)
            continue

        # denies: "denied Beijing had agreed", "rejects Trump's talk",
        # "not consistent with the facts"
        if (
            token.pos_ == "VERB"
            and lemma in lx.DENY_VERBS
            or (lemma == "push" and any(c.lower_ == "back" for c in token.children))
        ):
            obj_tokens = [c for c in token.children if c.dep_ in {"dobj", "ccomp", "xcomp"}]
            # "denied supplying weapons to Haftar": denies having done it (the parser may
            # read the gerund as an adjective of the weapons)
            gerund = any(
                c.tag_ == "VBG" or c.left_edge.tag_ == "VBG" and c.left_edge.i == token.i + 1
                for c in obj_tokens
            )
            # "Rwanda denies it": a pronoun alone stands for what was said ("denied it
            # entry" withholds, with a second object)
            said = (
                len(obj_tokens) == 1
                and obj_tokens[0].lower_ in {"it", "this", "that", "so"}
                and not any(c.dep_ == "dative" for c in token.children)
            )
            is_claim = (
                gerund
                or said
                or any(
                    c.dep_ == "ccomp"
                    or c.lemma_.lower() in lx.CLAIM_NOUNS
                    or any(g.dep_ == "poss" for g in c.children)
                    for c in obj_tokens
                )
            )
            # "deny accounts to any foreign lender" withholds;
            # "deny the president's account" rejects
            withholding = (
                not gerund
                # "denied any link to the group" rejects a claim
                and not any(c.lemma_.lower() in lx.DENIED_ROLES for c in obj_tokens)
                and any(
                    t.lower_ == "to"
                    and t.dep_ == "prep"
                    and (t.head == token or t.head in obj_tokens)
                    for t in token.subtree
                )
                and not any(
                    t.lemma_.lower() in lx.CLAIM_NOUNS and any(c.dep_ == "poss" for c in t.children)
                    for t in token.subtree
                )
            )
            if (
                obj_tokens
                and all(c.pos_ == "NOUN" and c.lemma_.lower() in _STEP_NOUNS for c in obj_tokens)
                and not lx.DENY_PHRASE_PATTERN.search(r.text.lower())
            ):
                continue  # "rejected the decision": a step is no claim ("as groundless" is)
            if lemma == "deny" and (
                withholding
                or not is_claim
                and obj_tokens
                and not any(c.lemma_.lower() in lx.DENIED_ROLES for c in obj_tokens)
            ):
                pass  # "deny accounts to X" falls through to targets below
            else:
                # "Turkish officials have long dismissed ...": the state denies
                deniers = _officials_as_state(r, r.subjects(token))
                _denial(r, token, deniers, state, found)
                continue

        # "urged Washington to withdraw its accusation": a denial of Washington's claim
        if token.pos_ == "VERB" and lemma in _URGE_VERBS:
            withdraw = [
                c
                for c in token.subtree
                if c.lemma_.lower() in lx.RETRACT_VERBS and c.pos_ == "VERB"
            ]
            if withdraw:
                addressees = r.objects(token) or r.prep_objects(token, {"on", "upon"})
                deniers = r.subjects(token)
                ctx = r.context(token)
                for s_, o_ in r.pairs(deniers, addressees):
                    found.append(r.assertion(s_, "denies", o_, token, ctx))
                if deniers and addressees:
                    continue

        # "the order was aimed at a single country": the instrument targets it; "a round of
        # American sanctions that was aimed at X" is a measure of its owner's on X
        if token.pos_ == "VERB" and lemma in _AIM_VERBS and is_passive(token):
            aimed = r.prep_objects(token, {"at", "against"})
            if aimed:
                said_of = [
                    _aimed_instrument(token, c) for c in token.children if c.dep_ == "nsubjpass"
                ]
                instruments = [k for c in said_of for k in r.ents(c)]
                step = None
                if not instruments:
                    owned = [(c, r.noun_owner(c)) for c in said_of]
                    instruments = [k for _, keys in owned for k in keys]
                    step = next((c for c, keys in owned if keys and _is_step_noun(c)), None)
                if not instruments and state.measures:
                    instruments = list(state.measures[-1].imposed_by)
                ctx = r.context(token)
                for s_, o_ in r.pairs(instruments, aimed):
                    found.append(r.assertion(s_, "targets", o_, token, ctx))
                if step is not None and ctx.polarity != "negative":
                    aimed = [k for k in aimed if k not in instruments]
                    if aimed:
                        measures.append(r.measure(step, instruments, aimed, ctx))
                if instruments:
                    continue

        # "calling them a violation of international law": a measure called unlawful is
        # aimed at by its caller at its imposer
        if (
            token.pos_ == "VERB"
            and lemma in _CHARACTERISING_VERBS
            and state is not None
            and _called_unlawful(r, token, state, found)
        ):
            continue

        # "calling Kim a madman", "calls Guaido's claim a coup attempt": name-calling
        if token.pos_ == "VERB" and lemma in _NAME_CALLING_VERBS:
            oprd = [c for c in token.children if c.dep_ == "oprd" and c.pos_ in {"NOUN", "PROPN"}]
            named = [c for c in token.children if c.dep_ == "dobj"]
            # "calling Kim a madman", parsed as two objects: the second names the first
            if (
                not oprd
                and len(named) == 2
                and named[1].pos_ == "NOUN"
                and any(d.lower_ in {"a", "an"} for d in named[1].children)
            ):
                oprd, named = named[1:], named[:1]
            text = r.text.lower()
            if oprd and named and not lx.DENY_PHRASE_PATTERN.search(text):
                callers = r.subjects(token)
                sides = r.side(callers)
                called = [
                    k
                    for k in (r.ents(named[0]) or r.noun_owner(named[0]))
                    if k not in sides and _can_be_hit(r, k)
                ]
                for s_, o_ in r.pairs(callers, called):
                    found.append(r.assertion(s_, "targets", o_, token, r.context(token)))
                continue

        # measures read around one verb (_MEASURE_VERB_RULES); the first that takes the
        # verb ends its reading
        if any(
            lemma in verbs and token.pos_ in tags and rule(r, token, state, found, measures)
            for verbs, tags, rule in _MEASURE_VERB_RULES
        ):
            continue

        # targets: verbs
        if token.pos_ == "VERB" and lemma in _TARGET_VERB_TRIGGERS:
            _target_verb(r, token, found, measures, state)
            continue

        # targets: nouns "sanctions on X", "a travel ban upon X", "pressure on X"
        if token.pos_ in {"NOUN", "PROPN"} and lemma in _TARGET_NOUN_TRIGGERS:
            _target_noun(r, token, found, measures, state)

        # trade
    state.accusations += _accusations(r, found)
    # "The Justice Department accused the bank of moving money": an accusation too, to be
    # answered by a denial in a later sentence (in this one, the denial came first)
    state.accusations += [
        a
        for a in found
        if a.predicate == "targets" and a.trigger.lower() in {"accuse", "accused", "accuses"}
    ]
    _obligations(r, state, found, measures)
    _prohibitions(r, found, measures)
    _deny_phrases(r, state, found)
    _contradictions(r, state, found)
    _trade(r, found, state)
    _said_unlawful(r, state, found)
    _opposed_unlawful(r, state, found)
    _target_of(r, state, found, measures)
    _evaders(r, found)
    _among_them(r, found, measures)
    state.assertions.extend(found)
    # The main clause's step last: "the sanctions" of the next sentence point back to it,
    # not to one its clauses mention ("Iran imposed sanctions ..., retaliating against
    # penalties that the EU has placed on ...")
    depths = r.__dict__.get("depths", {})
    measures.sort(key=lambda measure: -depths.get(id(measure), 0))
    state.measures.extend(_one_per_step(measures))


_EVADING_VERBS = {"evade", "circumvent", "skirt", "dodge", "bypass", "bust"}
_EVADING_TEXT = re.compile("evad|circumvent|skirt|dodg|bypass|bust")


def _evaders(r: SentenceRules, found: list[Assertion]) -> None:
    """ "a scheme to help Iran evade U.S. sanctions": who evades a party's sanctions is
    under them, so the party's sanctions target it."""
    if not _EVADING_TEXT.search(r.text):
        return
    for verb in r.sent:
        if verb.lemma_.lower() not in _EVADING_VERBS or verb.pos_ != "VERB":
            continue
        for step in verb.children:
            if step.dep_ != "dobj" or step.lemma_.lower() not in _STEP_NOUNS:
                continue
            owners = [k for k in r.noun_owner(step) if _can_impose(r, k)]
            evaders = r.outside([k for k in r.subjects(verb) if _can_be_hit(r, k)], r.side(owners))
            if owners and evaders:
                ctx = r.context(verb)
                found.extend(
                    r.assertion(s_, "targets", o_, verb, ctx) for s_, o_ in r.pairs(owners, evaders)
                )


def _target_of(
    r: SentenceRules, state: ArticleState, found: list[Assertion], measures: list[Measure]
) -> None:
    """ "Allseas is the main target of the measures", "Gazprom was among the targets of
    the EU's sanctions": a party said to be a measure's target is hit by its owner, else
    by whoever imposed the measure it points back to."""
    if "target" not in r.text and "mong" not in r.text:  # "among", "Among"
        return
    for verb in r.sent:
        if verb.lemma_.lower() not in {"be", "become", "remain"}:
            continue
        role = [c for c in verb.children if c.dep_ == "attr"]
        role += [
            p
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "among"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        target = next((c for c in role if c.lemma_.lower() == "target"), None)
        # "among those designated", "among the ships blacklisted"
        listed = next((c for c in role if _named_by_a_step(c)), None)
        if target is None and listed is not None and state.measures:
            # "Among those designated alongside the group was Ivan Maslov": the parties
            # of the measure the article is about, every name of the list however the
            # parser chains it ("were X and Y, the tanker operator Z, and three houses")
            hit = [
                k
                for c in verb.children
                if c.dep_ in {"nsubj", "attr"} or (c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"})
                for k in _names_listed(r, c)
                if _can_be_hit(r, k)
            ]
            imposers = [k for k in state.measures[-1].imposed_by if _can_impose(r, k)]
            hit = r.outside(hit, r.side(imposers))
            if imposers and hit:
                _report_step(r, verb, listed, imposers, hit, found, measures)
            continue
        if target is None:
            continue
        step = next(
            (
                p
                for c in target.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            ),
            None,
        )
        if step is None or step.lemma_.lower() not in _STEP_NOUNS:
            continue
        hit = [
            k for c in verb.children if c.dep_ == "nsubj" for k in r.ents(c) if _can_be_hit(r, k)
        ]
        imposers = r.noun_owner(step)
        if not imposers and state.measures:
            imposers = list(_referred_measure(state, step).imposed_by)
        imposers = [k for k in imposers if _can_impose(r, k)]
        hit = r.outside(hit, r.side(imposers))
        if imposers and hit:
            _report_step(r, verb, step, imposers, hit, found, measures)


def _named_by_a_step(noun: Token) -> bool:
    """ "those listed", "those designated", "the firms sanctioned": parties a measure
    named, by the participle after them."""
    return any(
        c.dep_ == "acl"
        and c.tag_ == "VBN"
        and c.lemma_.lower() in lx.SANCTION_VERBS | lx.TARGET_VERBS | {"list", "name"}
        for c in noun.children
    )


def _among_them(r: SentenceRules, found: list[Assertion], measures: list[Measure]) -> None:
    """ "sanctions on ten Europeans and four entities, among them five lawmakers,
    including Reinhard Butikofer, as well as Adrian Zenz": the named members are hit by
    the sentence's measure too."""
    if not measures or "among" not in r.text:
        return
    for noun in r.sent:
        if not any(
            c.dep_ == "prep"
            and c.lower_ == "among"
            and any(p.lower_ in {"them", "those"} for p in c.children)
            for c in noun.children
        ):
            continue
        named = [k for k in _dedupe(r.ents(noun) + r.members(noun)) if _can_be_hit(r, k)]
        # "them": the plural just before, which must be hit by the measure ("some smaller
        # lenders, among them SPDB" are told to act, not hit)
        them = next(
            (
                t
                for t in reversed(r.doc[r.sent.start : noun.left_edge.i])
                if t.tag_ in {"NNS", "NNPS"}
            ),
            None,
        )
        antecedents = set(r.ents(them)) if them is not None else set()
        for measure in measures:
            if not antecedents & set(measure.targets):
                continue
            added = [k for k in named if k not in measure.targets + measure.imposed_by]
            measure.targets.extend(added)
            ctx = r.context(noun)
            found.extend(
                r.assertion(s_, "targets", o_, noun, ctx)
                for s_, o_ in r.pairs(measure.imposed_by, added)
            )


def _can_be_hit(r: SentenceRules, key: str) -> bool:
    """Whether a party can be a measure's target: not a legal instrument, nor the list
    parties are added to ("added 22 firms to its Entity List")."""
    entity = r.m.entities.get(key)
    if entity is not None and entity.label.lower().split()[-1:] == ["list"]:
        return False
    return not set(r.m.types(key)) & _NOT_TARGET_TYPES


def _measure_reaches(
    r: SentenceRules,
    verb: Token,
    state: ArticleState,
    found: list[Assertion],
    measures: list[Measure],
) -> bool:
    """A measure as the subject of a verb of reaching: "The sanctions target Sberbank
    and VTB", "They also cover Rosneft", "The financing curbs were extended to
    Transneft", "The measures, announced by the Treasury, apply to five firms". The
    measure's owner ("the EU's curbs", "announced by the Treasury", "were extended by
    Brussels") imposes it, else whoever imposed the measure it points back to."""
    lemma = verb.lemma_.lower()
    role = "nsubjpass" if is_passive(verb) else "nsubj"
    step = next((c for c in verb.children if c.dep_ == role), None)
    objects = {"dobj"}
    if verb.pos_ == "NOUN":
        # The parser's noun readings of "target": "The sanctions target Sberbank, VTB"
        # (the names in apposition), "The measures, announced ..., target Sberbank" (a
        # clause hung on the measures)
        if step is None and verb.dep_ == "acl":
            step = verb.head
        objects = {"dobj", "appos"}
    if step is None:
        return False
    # "Those listed included Zhu Hailun", "The Chinese companies named include ...": the
    # parties of the measure the article is about
    listed = _named_by_a_step(step)
    if r.m.key(step) and not listed:
        return False
    if listed and not state.measures:
        return False
    if (
        step.lemma_.lower() not in _STEP_NOUNS | lx.TARGET_NOUNS
        and not (step.lower_ in {"they", "it"} and state.measures)
        # "The list also covers ...": the list of the measure the article reported
        and not (step.lemma_.lower() == "list" and state.measures)
        and not listed
    ):
        return False
    if lemma in _REACHING_TO or role == "nsubjpass":
        hit = r.prep_objects(verb, {"to"})
    else:
        hit = _dedupe(
            k
            for c in verb.children
            if c.dep_ in objects
            # "those listed include the newspaper Bild, the Persian service of X and ...":
            # every name of the list, however the parser chains it
            for k in (_names_listed(r, c) if listed else r.ents(c) + r.members(c))
        )
    hit = [k for k in hit if _can_be_hit(r, k)]
    if not hit:
        return False
    imposers = [] if step.pos_ == "PRON" or listed else r.noun_owner(step)
    if not imposers and role == "nsubjpass":
        imposers = r.subjects(verb)  # "were extended by Brussels to ..."
    referred = (
        state.measures[-1] if listed else _referred_measure(state, step) if state.measures else None
    )
    if not imposers and referred is not None:
        imposers = list(referred.imposed_by)
    imposers = [k for k in imposers if _can_impose(r, k)]
    sides = r.side(imposers)
    hit = r.outside(hit, sides)
    if not imposers or not hit:
        return False
    measure = _report_step(r, verb, step, imposers, hit, found, measures)
    if measure and measure.kind == "sanctions" and referred and not r.noun_owner(step):
        measure.kind = referred.kind  # "the sanctions" are of the kind they point back to
    return True


def _names_listed(r: SentenceRules, token: Token, depth: int = 0) -> list[str]:
    """The names of a list, following appositions and conjuncts the parser chains from one
    name to the next ("the newspaper Bild, the service of X and three members ...")."""
    if depth > 8:
        return []
    out = list(r.ents(token))
    for child in token.children:
        if child.dep_ in {"appos", "conj"}:
            out += _names_listed(r, child, depth + 1)
        elif child.dep_ == "prep" and child.lower_ == "of" and out and not r.m.key(token):
            # "the service of Deutsche Welle, the newspaper Bild, ...": the list goes on
            # from the name the part is of
            out += [
                k
                for p in child.children
                if p.dep_ == "pobj"
                for g in p.children
                if g.dep_ in {"appos", "conj"}
                for k in _names_listed(r, g, depth + 1)
            ]
    return _dedupe(out)


def _report_step(
    r: SentenceRules,
    verb: Token,
    step: Token,
    imposers: list[str],
    hit: list[str],
    found: list[Assertion],
    measures: list[Measure],
    ctx: Context | None = None,
) -> Measure | None:
    """A step read around a verb: each imposer targets each party hit, and, unless the
    clause denies it, the step is a measure (returned for its kind to be set)."""
    ctx = ctx or r.context(verb)
    found.extend(r.assertion(s_, "targets", o_, verb, ctx) for s_, o_ in r.pairs(imposers, hit))
    if ctx.polarity == "negative":
        return None
    measure = r.measure(step, imposers, hit, ctx)
    measures.append(measure)
    return measure


def _placed_under(
    r: SentenceRules,
    verb: Token,
    state: ArticleState,
    found: list[Assertion],
    measures: list[Measure],
) -> bool:
    """A party put under a measure or on a list: "three firms were hit with U.S.
    sanctions", "the bank was placed on the Entity List by the Commerce Department",
    "the Treasury put the operator under sanctions", "added Huawei to its Entity
    List". The party is the object (the subject, passive); the one who puts it there
    imposes (the agent, else the owner of the measure or list, else whoever imposed the
    measure the article is about). The list is no party."""
    step = None
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    # the preposition on the verb, or on its object ("hits an agency with sanctions"),
    # or on the last of the objects listed ("adding X, and his deputy, Y, to the list")
    for child in [*verb.children, *(c for o in objects for c in o.subtree if c.head != verb)]:
        words = _PLACED_UNDER.get(child.lower_) if child.dep_ == "prep" else None
        if words:
            step = next(
                (p for p in child.children if p.dep_ == "pobj" and p.lemma_.lower() in words),
                None,
            )
            if step is not None:
                break
    if step is None and verb.lemma_.lower() == "add" and is_passive(verb):
        # "Brussels lengthened its list ... The Commercial Bank of Syria was added in
        # October": added to the list the sentence before names
        start = r.sent.start
        before = r.doc[start - 1].sent if start > 0 else None
        step = next(
            (t for t in before if t.lemma_.lower() in {"list", "blacklist"}) if before else (),
            None,
        )
    if step is None:
        return False
    passive = is_passive(verb)
    hit = _dedupe(
        k
        for c in verb.children
        if c.dep_ == ("nsubjpass" if passive else "dobj")
        for k in r.ents(c)
    )
    # "was added along with its subsidiary, the Syrian Lebanese Commercial Bank"
    hit += [
        k
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in {"along", "together"}
        for w in c.children
        if w.lower_ == "with"
        for p in w.children
        if p.dep_ == "pobj"
        for k in r.ents(p)
        if k not in hit
    ]
    hit = [k for k in hit if _can_be_hit(r, k)]
    imposers = r.subjects(verb)
    if not imposers:
        owners = [k for k in r.noun_owner(step) if k != r.m.key(step)]
        referred = _referred_measure(state, step) if state.measures else None
        # "was added to the list", "..., adding X to the list": the list's keeper
        agentless = passive or verb.tag_ == "VBG"
        imposers = owners or (list(referred.imposed_by) if agentless and referred else [])
    imposers = [k for k in imposers if _can_impose(r, k)]
    sides = r.side(imposers)
    hit = r.outside(hit, sides)
    if not imposers:
        return False
    if not hit:
        return True  # "hits an arms agency with CAATSA sanctions": the act is no party
    measure = _report_step(r, verb, step, imposers, hit, found, measures)
    if measure and step.lemma_.lower() in {"list", "blacklist"}:
        measure.kind = "designation"
    return True


_FACED_STEPS = {
    "sanction",
    "penalty",
    "measure",
    "restriction",
    "fine",
    "ban",
    "punishment",
    "blacklisting",
    "designation",
    "treatment",  # "would face the same treatment"
    "consequence",
}
_WARNING_VERBS = lx.SPEECH_VERBS | {"warn", "threaten", "caution"}


def _mirrors_measure(
    r: SentenceRules,
    verb: Token,
    state: ArticleState,
    found: list[Assertion],
    measures: list[Measure],
) -> bool:
    """ "Britain and Canada mirrored the EU's list on the same day", "Switzerland adopted
    the EU's sanctions", "Japan followed suit": the subject takes over a measure reported
    before, with its targets. The measure is the last one of the owner named ("the EU's
    list"), else the last one reported."""
    taken = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if taken is None or not state.measures:
        return False
    word = taken.lemma_.lower()
    if verb.lemma_.lower() == "follow":
        # "followed suit"; "follow the U.N. measures" is to comply with them
        if word != "suit":
            return False
        owners: list[str] = []
    elif word in _STEP_NOUNS | {"list", "sanctions", "listing"}:
        owners = r.noun_owner(taken)
    else:
        return False
    taker = [k for k in r.subjects(verb) if _can_impose(r, k)]
    model = next(
        (
            measure
            for measure in reversed(state.measures)
            if not owners or set(measure.imposed_by) & set(owners)
        ),
        None,
    )
    if model is None or not taker:
        return False
    hit = [k for k in model.targets if k not in taker]
    if not hit:
        return False
    measure = _report_step(r, verb, taken, taker, hit, found, measures)
    if measure:
        measure.kind = model.kind
    return True


def _faces_measure(
    r: SentenceRules,
    verb: Token,
    state: ArticleState,
    found: list[Assertion],
    measures: list[Measure],
) -> bool:
    """ "Officials warned that Rosoboronexport could face sanctions", "banks that deal
    with Tehran risk U.S. penalties": a threat aimed at the subject, by whoever's step it
    would be: the owner of the step ("U.S. penalties", "penalties from Washington"),
    else whoever warns of it. A group of a state's officials warns for the state."""
    step = next(
        (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _FACED_STEPS),
        None,
    )
    if step is None:
        return False
    imposers = (
        r.noun_owner(step) or r.prep_objects(step, {"from"}) or r.prep_objects(verb, {"from"})
    )
    if not imposers:
        warning = next(
            (a for a in verb.ancestors if a.pos_ == "VERB" and a.lemma_.lower() in _WARNING_VERBS),
            None,
        )
        if warning is not None:
            imposers += _officials_as_state(r, r.subjects(warning))
    imposers = [k for k in _dedupe(imposers) if _can_impose(r, k)]
    sides = r.side(imposers)
    hit = [k for k in r.subjects(verb) if k not in sides and _can_be_hit(r, k)]
    if not imposers or not hit:
        return False
    ctx = r.context(verb)
    if ctx.polarity == "negative":
        return True  # "will not face sanctions": no threat
    ctx.factuality, ctx.status = "possible", "proposed"
    _report_step(r, verb, step, imposers, hit, found, measures, ctx)
    return True


# Rules that read a measure around one verb, tried in this order: (its lemmas, the
# parts of speech the parser may give it, the rule). Each says whether it took the verb.
_MEASURE_VERB_RULES: tuple[tuple[set[str], set[str], Callable[..., bool]], ...] = (
    # "Britain and Canada mirrored the EU's list", "Canada followed suit"
    (_MIRRORING_VERBS, {"VERB"}, _mirrors_measure),
    # "Rosoboronexport could face sanctions, officials warned": a threat to the subject
    (_FACING_VERBS, {"VERB"}, _faces_measure),
    # "The sanctions target Sberbank" (the parser may make "target" a noun), "the curbs
    # were extended to Rosneft"
    (_REACHING_VERBS, {"VERB", "NOUN"}, _measure_reaches),
    # "were hit with U.S. sanctions", "placed on the Entity List", "put under sanctions"
    (_PLACING_VERBS, {"VERB"}, _placed_under),
)


def _one_per_step(measures: list[Measure]) -> list[Measure]:
    """ "Japan imposed new sanctions on Pyongyang": the verb and its noun report one
    step, not two. Measures of a sentence with the same parties and status are one
    when their kinds agree or one of them is only "sanctions"; the specific kind wins."""
    out: list[Measure] = []
    for measure in measures:
        same = next(
            (
                kept
                for kept in out
                if set(kept.imposed_by) == set(measure.imposed_by)
                and set(kept.targets) == set(measure.targets)
                and kept.status == measure.status
                and (kept.kind == measure.kind or "sanctions" in {kept.kind, measure.kind})
            ),
            None,
        )
        if same is None:
            out.append(measure)
            continue
        if same.kind == "sanctions":
            same.kind = measure.kind
        if measure.trigger.lower() in {"sanction", "sanctions"}:
            same.trigger = measure.trigger  # what "the sanctions" later points back to
        same.implemented_by = _dedupe(same.implemented_by + measure.implemented_by)
        same.legal_basis = _dedupe(same.legal_basis + measure.legal_basis)
        same.quantities = _dedupe(same.quantities + measure.quantities)
        same.deadline = same.deadline or measure.deadline
        same.claimant = same.claimant or measure.claimant
    return out


_OBLIGATION_MODALS = {"must"}
_BE_TO = re.compile(r"\b(?:is|are|was|were|be)\s+to\b")


_ACCUSING_VERBS = {"say", "allege", "claim", "charge", "assert"}
_ACCUSATION_NOUNS = {"accusation", "allegation", "charge", "claim"}


def _accusations(r: SentenceRules, found: list[Assertion]) -> list[Assertion]:
    """ "The Treasury said the central bank had provided funds to the IRGC", "an accusation by
    Pompeo that Iran was behind the attacks", "attacks that Washington blames on Tehran":
    an authority accusing a party targets it. Returns the accusations made."""
    made: list[Assertion] = []
    for token in r.words(_ACCUSING_WORDS):
        if token.pos_ == "VERB" and token.lemma_.lower() == "blame":
            # "blames the attacks on Tehran", "blamed Tehran for the attacks"
            blamed = r.prep_objects(token, {"on"}) or (
                r.objects(token) if r.prep_objects(token, {"for"}) or token.dep_ != "relcl" else []
            )
            accusers = [k for k in r.subjects(token) if _can_impose(r, k)]
            ctx = r.context(token)
            ctx.claimant = None
            for s_, o_ in r.pairs(accusers, blamed):
                made.append(r.assertion(s_, "targets", o_, token, ctx))
            continue
        lemma = token.lemma_.lower()
        if lemma not in _ACCUSING_VERBS and lemma not in _ACCUSATION_NOUNS:
            continue
        accusers: list[str] = []
        clauses: list[Token] = []
        if token.pos_ == "VERB" and lemma in _ACCUSING_VERBS:
            accusers = [k for k in r.subjects(token) if _can_impose(r, k)]
            said = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if said is None and token.dep_ == "parataxis":
                said = token.head  # "the firm, it said, had been used to conceal ..."
            # "said the bank had laundered funds, and that the fund had helped ...": each
            # clause of what was said, but only those that tell of wrongdoing
            clauses = [c for c in _with_conjuncts(said) if _wrongdoing(c)]
        elif token.pos_ == "NOUN" and lemma in _ACCUSATION_NOUNS:
            accusers = [k for k in r.noun_owner(token) if _can_impose(r, k)]
            clauses = [
                c
                for c in token.children
                if c.dep_ in {"acl", "ccomp", "relcl"}
                and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            ][:1]
        if not accusers:
            continue
        sides = r.side(accusers)
        for clause in clauses:
            if any(c.dep_ == "neg" for c in clause.children):
                continue
            accused = [
                k
                for c in clause.children
                if c.dep_ in {"nsubj", "nsubjpass"}
                # "Wagner's fighters have committed atrocities": Wagner, through its people
                for k in r.ents(c) or (r.noun_owner(c) if c.tag_ == "NNS" else [])
                if k not in sides and _can_be_hit(r, k)
            ]
            ctx = r.context(clause)
            ctx.claimant = None
            for s_, o_ in r.pairs(accusers, accused):
                made.append(r.assertion(s_, "targets", o_, token, ctx))
    found.extend(made)
    return made


_ACCUSING_WORDS = {"blame"} | _ACCUSING_VERBS | _ACCUSATION_NOUNS


def _with_conjuncts(verb: Token | None) -> list[Token]:
    """A verb and the verbs conjoined to it ("had laundered ... and had helped ...")."""
    if verb is None:
        return []
    return [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"})]


def _wrongdoing(clause: Token) -> bool:
    """A clause that says someone did wrong: "had helped Pyongyang evade sanctions", was
    caught at something ("had been caught red-handed"), or was used or set up to do wrong
    ("had been used to conceal transfers")."""
    lemma = clause.lemma_.lower()
    if lemma in lx.WRONGDOING_VERBS or (lemma == "catch" and is_passive(clause)):
        return True
    if lemma == "commit" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in lx.WRONGDOING_NOUNS for c in clause.children
    ):
        return True  # "Wagner's fighters have committed atrocities"
    return any(
        c.dep_ == "xcomp" and c.lemma_.lower() in lx.WRONGDOING_VERBS for c in clause.children
    )


def _recent_instrument(r: SentenceRules, token: Token) -> list[str]:
    """The resolution or order named last in this or the previous sentence."""
    start = r.sent.start
    if start > 0:
        start = r.doc[start - 1].sent.start
    for i in range(token.i - 1, start - 1, -1):
        key = r.m.token_key.get(i)
        if (
            key
            and set(r.m.types(key)) & {"UNResolution", "ExecutiveOrder"}
            and key != "unsc-resolutions"
        ):
            return [key]
    return []


def _obligations(
    r: SentenceRules, state: ArticleState, found: list[Assertion], measures: list[Measure]
) -> None:
    """ "X must close within 120 days, the ministry said": the speaker orders X.

    Also "Under the resolution, X must ...": the instrument orders X.
    """
    low = r.text.lower()
    if "must" not in low and not _BE_TO.search(low):
        return  # most sentences: no obligation, found without reading the parse
    for verb in r.sent:
        must = any(c.dep_ == "aux" and c.lower_ in _OBLIGATION_MODALS for c in verb.children)
        # "workers are to be repatriated": 'be to' is an obligation too
        be_to = (
            verb.dep_ in {"xcomp", "ccomp"}
            and verb.head.lemma_ == "be"
            and any(c.dep_ in {"aux", "auxpass"} and c.lower_ == "to" for c in verb.children)
        )
        if not must and not be_to:
            continue
        if be_to:
            verb_subject = [c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        else:
            verb_subject = []
        bound = []
        for child in [*verb.children, *verb_subject]:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                bound = r.ents(child)
        if not bound:
            continue
        ctx = r.context(verb)
        authorities = [ctx.claimant] if ctx.claimant else []
        for token in r.sent:
            if token.dep_ == "prep" and token.lower_ == "under":
                for p in token.children:
                    if p.dep_ != "pobj":
                        continue
                    # "Under the rules, U.S. refiners must ...": the rules' owner, else
                    # whoever imposed the measure the article is about
                    authorities += (
                        r.ents(p)
                        or r.noun_owner(p)
                        or (
                            list(_referred_measure(state, p).imposed_by)
                            if state.measures and p.lemma_.lower() in _STEP_NOUNS
                            else []
                        )
                    )
        if not authorities:
            # a paragraph describing an instrument: the instrument named last binds
            authorities = _recent_instrument(r, verb)
        authorities = [a for a in _dedupe(authorities) if a not in bound and _can_impose(r, a)]
        if not authorities:
            continue
        ctx.claimant = None
        for s_, o_ in r.pairs(authorities, bound):
            found.append(r.assertion(s_, "orders", o_, verb, ctx))
        addressees = all(r.m.group_class.get(k, (None, ""))[1] == "member states" for k in bound)
        if not addressees and verb.lemma_.lower() in {
            "close",
            "shut",
            "cease",
            "stop",
            "leave",
            "repatriate",
            "send",
            "return",
            "expel",
        }:
            # "North Korean firms must close": they are hit. "Chinese traders must stop buying
            # North Korean textiles": the authority's own people carry the step out, and the
            # party it reaches is in the clause.
            sides = set(authorities) | {r.m.country_of(a) for a in authorities} - {None}
            hit = [
                b
                for b in bound
                if r.m.group_class.get(b, (None,))[0] not in sides
                and r.m.country_of(b) not in sides
            ]
            if not hit and bound:
                hit = _subtree_targets(r, verb, authorities)
            if not hit:
                continue
            measures.append(r.measure(verb, authorities, hit, ctx))
            for s_, o_ in r.pairs(authorities, hit):
                found.append(r.assertion(s_, "targets", o_, verb, ctx))


def _prohibitions(r: SentenceRules, found: list[Assertion], measures: list[Measure]) -> None:
    """ "Under the new U.S. rules, Americans may no longer buy debt issued by Sberbank":
    a prohibition; the rules' owner imposes it on the parties the clause names."""
    low = r.text.lower()
    if "under" not in low or not ("may" in low or "can" in low):
        return  # no "under" authority or no modal: found without reading the parse
    for verb in r.sent:
        if verb.pos_ != "VERB" or not any(
            c.dep_ == "aux" and c.lower_ in {"may", "can"} for c in verb.children
        ):
            continue
        if not any(
            c.dep_ == "neg" or c.lower_ in {"longer", "not"}
            for c in verb.subtree
            if c.head == verb or c.head.head == verb
        ):
            continue
        authorities: list[str] = []
        for token in r.sent:
            if token.dep_ == "prep" and token.lower_ == "under":
                authorities += [
                    k
                    for p in token.children
                    if p.dep_ == "pobj"
                    for k in r.ents(p) or r.noun_owner(p)
                ]
        authorities = [a for a in _dedupe(authorities) if _can_impose(r, a)]
        if not authorities:
            continue
        targets = _subtree_targets(r, verb, authorities)
        if not targets:
            continue
        ctx = r.context(verb)
        ctx.polarity, ctx.factuality = "positive", "certain"  # the prohibition itself holds
        for s_, o_ in r.pairs(authorities, targets):
            found.append(r.assertion(s_, "targets", o_, verb, ctx))
        measures.append(r.measure(verb, authorities, targets, ctx))


_DIRECTIVE_CONTENT = {"stop", "cease", "halt", "wind", "turn", "limit", "shut", "close"}
_DIRECTIVE_TRIGGERS = lx.MEASURE_TRIGGERS | _DIRECTIVE_CONTENT


# Verbs whose that-clause says what is to be done: "required that banks report",
# "demanded that Eritrea stop arming"; only instruments and bodies that bind, such as
# a resolution or the Security Council, give orders by demanding.
_MANDATIVE_VERBS = {"require", "order", "direct", "mandate", "stipulate", "demand"}
_MANDATE_MODALS = {"should", "must", "shall"}


def _binds(r: SentenceRules, key: str) -> bool:
    return key == "unsc" or bool(set(r.m.types(key)) & _NOT_TARGET_TYPES)


def _mandate(r: SentenceRules, verb: Token) -> Token | None:
    """What a requirement or a binding demand says is to be done (see _mandative_clause)."""
    if verb.lemma_.lower() not in _MANDATIVE_VERBS:
        return None
    clause = _mandative_clause(verb)
    if (
        clause is not None
        and verb.lemma_.lower() == "demand"
        and not any(_binds(r, k) for k in r.subjects(verb))
    ):
        return None
    return clause


def _mandative_clause(verb: Token) -> Token | None:
    """The that-clause of a requirement: its verb bare, the subjunctive ("that Eritrea
    stop"), or with "should", "must" or "shall"; not a report ("that it had")."""
    for clause in verb.children:
        if clause.dep_ != "ccomp" or not any(
            g.dep_ == "mark" and g.lower_ == "that" for g in clause.children
        ):
            continue
        modals = [g.lower_ for g in clause.children if g.dep_ in {"aux", "auxpass"}]
        if any(w in _MANDATE_MODALS for w in modals):
            return clause
        if clause.tag_ in {"VB", "VBP"} and not modals:
            return clause
    return None


def _order_measures(
    r: SentenceRules,
    verb: Token,
    orderers: list[str],
    ordered: list[str],
    ctx: Context,
    measures: list[Measure],
    found: list[Assertion],
) -> None:
    """What an order tells its addressees to do is the orderer's measure."""
    for comp in [c for c in verb.children if c.dep_ in {"xcomp", "ccomp"}]:
        for token in comp.subtree:
            lemma = token.lemma_.lower()
            if lemma not in _DIRECTIVE_TRIGGERS:
                continue
            targets = [
                t
                for t in r.objects(token) + r.prep_objects(token, lx.TARGET_PREPS | {"with"})
                if t not in ordered and t not in orderers
            ]
            for child in token.children:
                if child.dep_ in {"dobj", "xcomp", "prep"}:
                    for inner in child.subtree:
                        # "stop serving North Korean customers": whom the stopped act is done to
                        served = (
                            child.dep_ == "xcomp" and inner.dep_ == "dobj" and inner.head == child
                        )
                        if (
                            inner.dep_ == "pobj"
                            and not _place_of_a_name(r, inner)
                            and inner.head.dep_ != "agent"  # "designated by the secretary"
                            or served
                        ) and r.ents(inner):
                            targets += [
                                t for t in r.ents(inner) if t not in ordered and t not in orderers
                            ]
            # "in line with U.N. sanctions": an instrument is the basis, not a target
            targets = [t for t in targets if not set(r.m.types(t)) & _NOT_TARGET_TYPES]
            if (
                not targets
                and lemma in {"shut", "close"}
                and not any(c.dep_ == "dobj" for c in token.children)
            ):
                # "ordered North Korean firms to close": the firms are closed; "to close
                # the borders" closes something else
                targets = ordered
                implementers: list[str] = []
            else:
                implementers = ordered
            targets = _dedupe(targets)
            if not targets or not orderers:
                continue
            inner_ctx = r.context(token)
            status = ctx.status if ctx.status != "in-force" else inner_ctx.status
            measures.append(
                Measure(
                    kind=_measure_kind(token),
                    imposed_by=list(orderers),
                    targets=targets,
                    evidence=r.evidence,
                    implemented_by=implementers,
                    status=status,
                    quantities=_quantities(comp, r.m.ents),
                    claimant=ctx.claimant,
                    trigger=token.text,
                )
            )
            for s, o in r.pairs(orderers, targets):
                found.append(r.assertion(s, "targets", o, token, ctx))
            return


# Verbs of stopping: a step on others, unless one stops one's own work.
_HALTING_VERBS = {"suspend", "halt", "stop", "cease", "pause", "end", "freeze"}
# What is halted when a party stops doing something, not when it hits someone.
_ACTIVITIES = {
    "offensive",
    "operation",
    "attack",
    "assault",
    "incursion",
    "war",
    "fighting",
    "hostility",
    "campaign",
    "work",
    "activity",
    "construction",
    "production",
    "testing",
    "test",
}
_MEASURE_NOUNS = {"sanction", "sanctions", "resolution", "rule", "rules", "measure", "law", "order"}
_MOTION_VERBS = {"enter", "visit", "travel", "call", "sail", "fly", "dock"}
_SKIP_PREPS = {
    "except",  # "except to civilian aircraft": who is spared
    "outside",
    "under",
    "after",
    "since",
    "during",
    "by",
    "in",
    "over",
    "at",
    "before",
    "until",
    "despite",
    "amid",
    "like",
    "as",
    "about",
    "through",
    "within",
}
_SKIP_DEPS = {"nsubj", "advcl", "ccomp", "relcl", "parataxis", "csubj", "npadvmod", "punct"}
_NOT_TARGET_TYPES = {"UNResolution", "ExecutiveOrder"}


# People by their role in an organisation: "two executives of TPAO".
_PERSON_ROLES = (
    lx.OFFICIAL_TITLES
    | lx.SOFT_TITLES
    | {"member", "employee", "manager", "relative", "son", "daughter", "wife", "associate"}
)


def _sanctioned_state(r: SentenceRules, state: ArticleState) -> list[str]:
    """The state the article's measures keep aiming at, if one stands out. Only
    measures count: the state the critics of the measures aim at is not sanctioned."""
    measured = {m.evidence for m in state.measures}
    counts: dict[str, int] = {}
    for a in state.assertions:
        if (
            a.predicate == "targets"
            and r.m.country_of(a.object) == a.object
            and a.direct
            and a.evidence in measured
        ):
            counts[a.object] = counts.get(a.object, 0) + 1
    if not counts:
        return []
    best = max(counts, key=lambda k: counts[k])
    return [best] if counts[best] >= 2 else []


def _with_speaking_bodies(r: SentenceRules, verb: Token, subjects: list[str]) -> list[str]:
    """ "The Ministry of Commerce and the customs administration said China would halt
    exports": bodies announcing their own state's measure impose it with the state."""
    states = {k for k in subjects if r.m.country_of(k) == k}
    if not states:
        return subjects
    for ancestor in verb.ancestors:
        if ancestor.lemma_.lower() in {"say", "announce", "state"} and ancestor.pos_ == "VERB":
            speakers = r.subjects(ancestor)
            return _dedupe(
                subjects + [k for k in speakers if r.m.country_of(k) in states and k not in states]
            )
    return subjects


def _speaks(r: SentenceRules, token: Token) -> bool:
    """Whether the name at a token is right before a verb of saying ("Suga told
    reporters"): its speaker, however the parser attaches it."""
    key = r.m.key(token)
    end = token.i
    while end + 1 < len(r.doc) and r.m.token_key.get(end + 1) == key:
        end += 1
    after = r.doc[end + 1] if end + 1 < len(r.doc) else None
    return (
        after is not None
        and after.pos_ == "VERB"
        and after.lemma_.lower() in lx.SPEECH_VERBS
        and after not in token.ancestors  # "the ministry and the customs office said"
    )


def _step_as_subject(verb: Token) -> Token | None:
    """ "The step froze ... and barred ...", "This measure bans ...": a step pointed back to,
    as the subject of the verb or of the clause it is joined to."""
    node = verb
    for _ in range(3):
        subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in {"which", "that"} and node.dep_ == "relcl":
            # "The economic package, which would ban imports ...": the step the clause is of
            step = node.head
            pointed = any(d.lower_ in {"the", "this", "that"} for d in step.children)
            steps = _STEP_NOUNS | _BATCH_NOUNS
            return step if pointed and step.lemma_.lower() in steps else None
        if subject is not None:
            pointed = any(d.lower_ in {"the", "this", "that"} for d in subject.children)
            return subject if pointed and subject.lemma_.lower() in _STEP_NOUNS else None
        if node.dep_ != "conj":
            return None
        node = _misjoined_conjunct(node) or node.head
    return None


def _misjoined_conjunct(verb: Token) -> Token | None:
    """ "The step froze any assets the bank holds and barred Americans ...": a verb of
    the main clause's tense that the parser joined to a relative clause inside it is the
    main clause's; the main verb, if so."""
    head = verb.head
    main = head.head.head
    if verb.dep_ != "conj" or head.dep_ != "relcl" or main.pos_ != "VERB":
        return None
    if head.tag_ != verb.tag_ and main.tag_ == verb.tag_:
        return main
    # "the listings froze any assets that X held ... and barred Americans from ...": two
    # steps joined, the clause between them no step
    steps = lx.MEASURE_TRIGGERS
    if (
        verb.lemma_.lower() in steps
        and main.lemma_.lower() in steps
        and head.lemma_.lower() not in steps
    ):
        return main
    return None


def _holdings_state(r: SentenceRules, verb: Token) -> str | None:
    """The state a demonym names as where a party's holdings are: "whose British assets
    were frozen", "his Swiss accounts were blocked" (not "Russian assets", which are
    Russians')."""
    for noun in verb.children:
        if noun.dep_ != "nsubjpass" or noun.lemma_.lower() not in _HOLDINGS:
            continue
        if not any(c.dep_ == "poss" for c in noun.children):
            continue
        for c in noun.children:
            state = r.state_of_modifier(c) if c.dep_ == "amod" else None
            if state:
                return state
    return None


def _place_of_a_name(r: SentenceRules, pobj: Token) -> bool:
    """ "the Kilcoy Pastoral Company in Queensland", "armed groups in Somalia": where a
    named party or plural parties are, not a party."""
    prep = pobj.head
    return prep.lower_ in {"in", "at", "near"} and (
        r.m.key(prep.head) is not None or prep.head.tag_ == "NNS" and prep.lower_ == "in"
    )


def _barred_destinations(r: SentenceRules, verb: Token, imposers: list[str]) -> list[str]:
    """The states a barring verb forbids going to: "barred cruise ships from travelling to
    Cuba", "banned its airlines from flying to Belarus". A place of the imposer's own
    ("barred Russian ships from docking in British ports") is where the measure
    applies, not whom it hits."""
    sides = r.side(imposers)
    found = []
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "from":
            continue
        for motion in prep.children:
            if motion.dep_ != "pcomp" or motion.lemma_.lower() not in _MOTION_VERBS:
                continue
            places = [
                p
                for c in motion.children
                if c.dep_ == "prep" and c.lower_ in {"to", "into"}
                for p in c.children
                if p.dep_ == "pobj"
            ]
            places += [c for c in motion.children if c.dep_ == "dobj"]  # "from visiting Cuba"
            found += [
                k
                for p in places
                for k in r.ents(p)
                if k not in sides and "Government" in r.m.types(k) and _can_be_hit(r, k)
            ]
    return _dedupe(found)


def _subtree_targets(r: SentenceRules, verb: Token, imposers: list[str]) -> list[str]:
    """The parties a sanctions verb reaches anywhere in its own clause.

    "bars U.S. banks from holding any correspondent account for Bank of
    Dandong": the bank is the target although it is three levels down. The
    imposer, its state and its own people (U.S. banks, European investors)
    are the ones bound by the measure, not its targets; legal instruments are
    its basis; other clauses, places and times are skipped.
    """
    sides = r.side(imposers)
    out: list[str] = []

    def walk(token: Token) -> None:
        for child in token.children:
            named_party = (
                child.dep_ == "npadvmod"
                and r.m.key(child)
                and set(r.m.types(r.m.key(child))) & {"Person", "Official", "Organization", "Bank"}
            )
            if (
                child.dep_ in _SKIP_DEPS
                and not (child.dep_ == "ccomp" and token == verb and child.i > verb.i)
                and not (child.dep_ == "nsubj" and token != verb)
                and not named_party
            ):
                continue
            if child.dep_ == "agent" and token == verb:
                continue  # the verb's own agent imposes; "bonds issued by Sberbank" is a target
            if child.dep_ == "conj" and any(
                c.dep_ in {"nsubj", "nsubjpass"} for c in child.children
            ):
                continue  # "..., and Chinese customs stopped ...": a clause of its own
            if (
                child.dep_ == "conj"
                and token == verb
                and child.lemma_.lower() in lx.ORDER_VERBS
                and any(c.dep_ == "xcomp" for c in child.children)
            ):
                # "banned all trade with Iraq and required member states to freeze ...": the
                # parties ordered to act carry the measure out and are not hit by it; whom
                # they must act against is ("... ordering states to send home laborers")
                for order in child.children:
                    if order.dep_ == "xcomp":
                        walk(order)
                continue
            if child.dep_ == "prep" and child.lower_ in _SKIP_PREPS:
                continue
            if child.dep_ == "prep" and child.lower_ == "in" and token.tag_ == "NNS":
                continue  # "its commanders and affiliates in Mali": where they are
            if (
                child.dep_ == "prep"
                and child.lower_ == "of"
                and token.lemma_.lower() in _PERSON_ROLES
            ):
                # "two executives of TPAO, A and B": A and B are hit, not TPAO, however the
                # parser hangs the names
                people = [
                    k
                    for p in child.children
                    if p.dep_ == "pobj"
                    for k in r.ents(p)
                    if set(r.m.types(k)) & {"Person", "Official"}
                ]
                if people or any(c.dep_ == "appos" and r.m.key(c) for c in token.children):
                    out.extend(people)
                    continue
            if (
                child.dep_ == "prep"
                and child.lower_ == "from"
                and token.lemma_.lower() in _CUT_OFF_VERBS
                and not any(c.dep_ == "pcomp" for c in child.children)
            ):
                # "cut off from SWIFT": what they lose, not who is hit; but "barred from
                # holding accounts for Bank of Dandong" names the target inside
                continue
            if (
                child.dep_ == "prep"
                and child.lower_ == "for"
                and any(c.dep_ == "pcomp" for c in child.children)
            ):
                continue  # "sanctioned X for conducting a transaction for Y": the reason
            key = r.m.key(child)
            if key and _speaks(r, child):
                continue  # "..., X and Y, Chief Secretary Suga told reporters": the speaker
            if key:
                out.append(key)
                out.extend(r.m.listed.get(child.i, []))
                if key == r.m.key(token):
                    continue
            elif token.lemma_.lower() in _MEASURE_NOUNS and child.dep_ in {
                "amod",
                "compound",
                "nmod",
                "poss",
            }:
                continue  # "United Nations sanctions": who imposes them, not whom they hit
            elif child.dep_ in {"amod", "compound", "nmod"}:
                state = r.state_of_modifier(child)
                if state:
                    out.append(state)
            if key and token.lemma_.lower() not in _MOTION_VERBS:
                # Inside a named party only its list continues: "Sberbank, VTB and VEB".
                for grand in child.children:
                    if grand.dep_ in {"conj", "appos"}:
                        walk_party(grand)
                continue
            if child.lemma_.lower() in _MOTION_VERBS:
                continue  # "barred from entering the United States": a place, not a target
            walk(child)

    def walk_party(token: Token) -> None:
        key = r.m.key(token)
        if key and _speaks(r, token):
            return
        if key:
            out.append(key)
        for grand in token.children:
            if grand.dep_ in {"conj", "appos"}:
                walk_party(grand)

    walk(verb)
    eligible = []
    for key in _dedupe(out):
        origin = r.m.group_class.get(key, (None, ""))[0]
        if key in sides or origin in sides or set(r.m.types(key)) & _NOT_TARGET_TYPES:
            continue
        eligible.append(key)
    return eligible


# Trade whose other party a sanctions step may leave to the context.
_TRADE_NOUNS = {"import", "export", "sale", "purchase", "shipment", "delivery", "cargo"}
_CUT_OFF_VERBS = {"cut", "disconnect", "exclude", "shut", "sever", "lock", "bar", "block"}
# What a bank does to its own customers: "froze their accounts", "barred them from ...".
_BANK_STEPS = {
    "bar",
    "ban",
    "freeze",
    "block",
    "close",
    "suspend",
    "stop",
    "halt",
    "cease",
    "refuse",
}
_IMPOSER_TYPES = {
    "Government",
    "CentralBank",
    "Official",
    "Organization",
    "UNResolution",
    "ExecutiveOrder",
}


def _under_which(r: SentenceRules, verb: Token) -> list[str]:
    """ "Washington applied pressure through the Act, which Congress passed and under
    which any foreign bank ... can be cut off": a passive step in a clause "under which"
    an instrument acts is its maker's (the clause's other subject) and the main clause
    subject's."""
    clause = verb
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause.head
    under = any(
        c.dep_ == "prep" and c.lower_ == "under" and any(p.lower_ == "which" for p in c.children)
        for c in verb.children
    )
    if not under or clause.dep_ != "relcl":
        return []
    instrument = clause.head
    makers = r.subjects(clause) if clause is not verb else []
    main = instrument.head
    while main.pos_ not in {"VERB", "AUX"} and main.head != main:
        main = main.head
    return _dedupe([k for k in r.ents(instrument) + makers + r.subjects(main) if _can_impose(r, k)])


def _officials_as_state(r: SentenceRules, keys: list[str]) -> list[str]:
    """ "U.S. officials warned", "Syrian officials have long accused Brussels": a state's
    officials, as a group, speak and act for the state."""
    out = []
    for key in keys:
        origin, cls = r.m.group_class.get(key, (None, ""))
        out.append(origin if origin and origin != "foreign" and cls == "officials" else key)
    return _dedupe(out)


def _can_impose(r: SentenceRules, key: str, lemma: str = "") -> bool:
    """Sanctions, accusations and threats come from states, their bodies and people, and
    international organisations; not from groups of firms, which are the ones a measure
    binds. A named bank is the author of a step it takes itself ("Bank of China barred
    North Koreans from opening accounts"), but of no sanctions or accusations."""
    types = set(r.m.types(key))
    if "Group" in types:
        return False
    return bool(types & _IMPOSER_TYPES) or ("Bank" in types and lemma in _BANK_STEPS)


def _target_verb(
    r: SentenceRules,
    verb: Token,
    found: list[Assertion],
    measures: list[Measure],
    state: ArticleState | None = None,
) -> None:
    lemma = verb.lemma_.lower()
    if lemma == "go" and not any(c.lower_ == "after" for c in verb.children):
        return  # "go after a sector" aims at it; "went on buying oil" does not
    # Inside an order's complement the order rule already made the measure; a clause
    # of its own joined to the order ("It requires ..., and it bars ...") is not inside.
    node = verb
    while node.head != node:
        if node.dep_ == "conj" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in node.children):
            break
        node = node.head
        if (
            node.lemma_.lower() in lx.ORDER_VERBS
            and node.pos_ == "VERB"
            # a directive complement; "told lawmakers that ..." is speech
            and any(
                c.dep_ == "xcomp"
                or c.dep_ == "ccomp"
                and not any(g.dep_ == "mark" for g in c.children)
                for c in node.children
            )
        ) or (node.pos_ == "VERB" and _mandate(r, node) is not None):
            return
    subjects = r.subjects(verb)
    objects = r.objects(verb)
    preps = r.prep_objects(verb, lx.TARGET_PREPS - ({"from"} if lemma in _CUT_OFF_VERBS else set()))
    if lemma == "warn" and any(
        t.lemma_.lower() in _FACING_VERBS
        and any(c.dep_ == "dobj" and c.lemma_.lower() in _FACED_STEPS for c in t.children)
        for t in verb.subtree
    ):
        return  # "warned that X could face sanctions": the threat is read where X faces them
    if lemma in {"threaten", "warn"}:
        # "warned of additional sanctions if China did not comply": the condition's subject
        for child in verb.subtree:
            if child.dep_ == "advcl" and any(m.lower_ == "if" for m in child.children):
                objects += [k for c in child.children if c.dep_ == "nsubj" for k in r.ents(c)]
    if lemma in lx.TARGET_VERBS_NEED_ARGUMENT or lemma in lx.MEASURE_TRIGGERS - lx.TARGET_VERBS:
        # "cut off banks", "stop doing business with X": the party is in a preposition
        inner = []
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in {"from", "out"} and lemma in _CUT_OFF_VERBS:
                continue  # "cut off from SWIFT": what they lose, not who is hit
            if child.dep_ in {"dobj", "xcomp", "prt", "prep", "ccomp"}:
                for t in child.subtree:
                    if t.dep_ == "pobj" and not _place_of_a_name(r, t):
                        inner += r.ents(t) or r._inside(t)
        objects = _dedupe(objects + preps + inner)
    else:
        objects = _dedupe(objects + [p for p in preps if lemma not in {"warn"}])
    sanction_verb = lemma in lx.SANCTION_VERBS and (
        lemma not in {"add", "extend", "subject"}
        or any(
            t.lemma_.lower()
            in {
                "list",
                "blacklist",
                "restriction",
                "sanction",
                "limit",
                "measure",
                "ban",
                "freeze",
                "rule",
            }
            # "adding that the department was imposing visa restrictions": speech
            for t in _without_reported(verb)
        )
    )
    if is_passive(verb) and not subjects and verb.dep_ == "xcomp":
        # "the EU named the banks to be cut off": the namer imposes, the named are hit
        subjects = r.subjects(verb.head)
        objects = _dedupe(objects + r.objects(verb.head))
    # "limits deliveries of gasoline" hits a party only through the article's sanctioned
    # state (below); "curbs spending" hits no one
    needs_party = lemma in {"limit", "curb", "cut", "block"} and not objects
    if is_passive(verb) and not subjects and sanction_verb:
        subjects = _under_which(r, verb)
    if is_passive(verb) and not subjects and sanction_verb:
        # "whose British assets were frozen": the state where a party's assets are froze them
        located = _holdings_state(r, verb)
        if located:
            subjects = [located]
            objects = [k for k in objects if k != located]
            if not objects and verb.dep_ == "relcl":
                objects = r.ents(verb.head)  # "seven Russians whose British assets ..."
    if (
        is_passive(verb)
        and not subjects
        and sanction_verb
        and state is not None
        and state.measures
        and not any(c.dep_ == "agent" for c in verb.children)  # "blocked by intermediaries"
    ):
        # "Five companies were cut off from ...": the imposer the article is talking about
        subjects = list(state.measures[-1].imposed_by)
    if not subjects and state is not None and state.measures:
        step = _step_as_subject(verb)
        if step is not None:
            # "The step froze any assets the bank holds": the step reported before
            subjects = list(_referred_measure(state, step).imposed_by)
    subjects = [k for k in _officials_as_state(r, subjects) if _can_impose(r, k, lemma)]
    if lemma in _HALTING_VERBS and any(
        r.m.key(p) in subjects
        for c in verb.children
        if c.dep_ == "dobj" and c.lemma_.lower() not in _STEP_NOUNS
        for p in c.children
        if p.dep_ == "poss"
    ):
        return  # "Allseas has suspended its pipelay activities": a firm stops its own work
    taken = [c for c in verb.children if c.dep_ == "dobj"]
    if (
        lemma in {"seize", "capture", "take"}
        and taken
        and all(r.m.key(c) and r.m.country_of(r.m.key(c)) == r.m.key(c) for c in taken)
    ):
        return  # "since the Taliban seized Kabul": a capital taken, not assets
    if lemma in {"close", "shut", "turn"} and any(
        c.dep_ == "dobj" and c.lemma_.lower() in {"eye", "ear"} for c in verb.children
    ):
        return  # "it closes its eyes to the weapons flowing to Haftar": it ignores them
    if lemma in _HALTING_VERBS and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _ACTIVITIES for c in verb.children
    ):
        return  # "pressed Ankara into halting an offensive": the fighting stops, no one is hit
    subjects = _with_speaking_bodies(r, verb, subjects)
    if subjects:
        # "Under the order, the Treasury can deny ...": the order acts too. A state acting
        # "under resolution 2371" applies the council's measure: the resolution is its basis.
        un_acts = any(k in {"un", "unsc"} for k in subjects)
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "under":
                subjects += [
                    k
                    for p in child.children
                    if p.dep_ == "pobj"
                    for k in r.ents(p)
                    if "ExecutiveOrder" in r.m.types(k)
                    or (un_acts and "UNResolution" in r.m.types(k) and k != "unsc-resolutions")
                ]
        subjects = _dedupe(subjects)
    if sanction_verb and subjects:
        objects = _dedupe(objects + _subtree_targets(r, verb, subjects))
        if lemma in _BARRING_VERBS and (destinations := _barred_destinations(r, verb, subjects)):
            # "barred cruise ships from travelling to Cuba": the state they may not go to is
            # hit; ships or people of no other state named are the ones bound, not targets
            objects = [
                k
                for k in objects
                if k not in r.m.group_class or r.m.group_class[k][0] not in {None, *destinations}
            ] + destinations
        goods = [
            c
            for c in verb.children
            if c.dep_ in {"dobj", "nsubjpass"}
            and c.lemma_.lower() not in _MEASURE_NOUNS | lx.TARGET_NOUNS
        ]
        if (
            not objects
            and goods
            and state is not None
            and (
                any(set(r.m.types(k)) & {"UNResolution"} or k == "unsc" for k in subjects)
                or any(c.lemma_.lower() in _TRADE_NOUNS for c in goods)
            )
        ):
            # "Resolution 2397 limits deliveries of gasoline", "the ministry banned imports of
            # the listed goods": the state the article's measures are about
            objects = _sanctioned_state(r, state)
    referred = None
    if not objects and subjects and state is not None and state.measures and is_passive(verb):
        # "The ban was imposed by resolution 2371": whoever imposed the step pointed back
        # to aims it at its targets, and is one more imposer of that step
        step = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if (
            step is not None
            and step.lemma_.lower() in _STEP_NOUNS
            and any(d.lower_ in {"the", "this", "these", "that"} for d in step.children)
        ):
            referred = _referred_measure(state, step)
            objects = [k for k in referred.targets if k not in subjects]
    if needs_party and not objects:
        return
    if not objects and state is not None and state.measures and lemma in _CRITICISING_VERBS:
        # "Russia denounced the sanctions as illegal interference": aimed at their imposer
        for child in verb.children:
            if child.dep_ == "dobj" and child.lemma_.lower() in _MEASURE_NOUNS | {
                "measure",
                "penalty",
            }:
                imposers = r.noun_owner(child) or list(_referred_measure(state, child).imposed_by)
                objects = [r.m.country_of(k) or k for k in imposers if _can_be_hit(r, k)]
    own = r.side(subjects)
    # a step hits no legal instrument; a resolution denounced is what is attacked
    objects = [
        k for k in r.outside(objects, own) if _can_be_hit(r, k) or lemma in _CRITICISING_VERBS
    ]
    if not subjects or not objects:
        return
    ctx = r.context(verb)
    if lemma in {"threaten", "warn"}:
        ctx.factuality, ctx.status = "possible", "proposed"
    parties = _dedupe(subjects + _announcer(r, ctx, subjects) + _urgers(r, verb, subjects))
    made = [r.assertion(s, "targets", o, verb, ctx) for s, o in r.pairs(parties, objects)]
    found.extend(made)
    if ctx.polarity == "negative":
        return
    designating = lemma == "accuse" and any(
        t.lemma_.lower() in {"concern", "designation", "list"} for t in verb.subtree
    )
    if referred is not None:
        referred.imposed_by = _dedupe(referred.imposed_by + subjects)
        return
    if lemma in lx.MEASURE_TRIGGERS or sanction_verb or designating:
        # An accusation is a measure only when it formally labels the party
        # ("accused the bank, a primary money laundering concern, ...").
        measures.append(r.measure(verb, subjects, objects, ctx))


_CRITICISING_VERBS = {"denounce", "condemn", "criticize", "criticise", "attack", "blast"}
_BATCH_NOUNS = {"round", "wave", "package", "set", "series", "raft", "batch", "layer", "slew"}
_CAMPAIGN_NOUNS = {"campaign", "policy", "strategy", "programme", "program", "drive"}


# Cases brought against a party before a court or a body.
_LEGAL_ACTIONS = {"complaint", "lawsuit"}
# Nouns of a measure made heavier: "a doubling of tariffs on X", "an increase in duties".
_CHANGE_NOUNS = {
    "doubling",
    "tripling",
    "increase",
    "hike",
    "rise",
    "raising",
    "expansion",
    "extension",
    "tightening",
}


_RETALIATION_NOUNS = {"countermeasure", "retaliation", "reprisal"}


def _answered(r: SentenceRules, noun: Token, state: ArticleState) -> list[str]:
    """The states whose measure, named in the sentence, a retaliation answers."""
    for step in r.sent:
        if step == noun or step.lemma_.lower() not in _MEASURE_NOUNS | {"measure", "penalty"}:
            continue
        imposers = r.noun_owner(step) or (
            list(_referred_measure(state, step).imposed_by) if state.measures else []
        )
        hit = _hit_back(r, imposers)
        if hit:
            return hit
    return []


def _goods_of_state(r: SentenceRules, noun: Token) -> list[str]:
    """ "Turkish steel tariffs", "Iranian oil sanctions": a measure on the goods of the
    state whose demonym the goods carry (a demonym on the measure itself, "Turkish
    tariffs", says whose the measure is)."""
    goods = [
        c
        for c in noun.children
        if c.dep_ == "compound"
        and c.pos_ == "NOUN"
        and c.i < noun.i
        and not r.m.key(c)
        and c.lemma_.lower() not in _PEOPLE_NOUNS
        and c.lemma_.lower() not in lx.GROUP_HEADS
    ]
    if not goods:
        return []
    # the demonym on the goods, or before them on the measure, as the parser may hang it
    demonyms = [g for c in goods for g in c.children if g.dep_ == "amod"]
    demonyms += [c for c in noun.children if c.dep_ == "amod" and c.i < goods[0].i]
    states = [r.state_of_modifier(d) for d in demonyms]
    return [s for s in states if s][:1]


# Verbs that put a measure on someone: "the penalties the EU has placed on X".
_IMPOSING_VERBS = {"impose", "place", "put", "slap", "level", "lay"}


def _object_relative(clause: Token) -> bool:
    """Whether a relative clause is about its noun as its object: "the lender that the
    United States blacklisted", "penalties which the EU placed on X" (a "that" the
    parser reads as a mark counts when the verb has no object of its own)."""
    if clause.dep_ != "relcl":
        return False
    has_object = any(c.dep_ == "dobj" for c in clause.children)
    return any(
        c.lower_ in {"that", "which", "whom"}
        and (c.dep_ == "dobj" or c.dep_ == "mark" and not has_object)
        for c in clause.children
    )


def _is_step_noun(noun: Token) -> bool:
    """A noun that names a measure: "sanctions", "a ban", "the freeze", "restrictions"."""
    return noun.lemma_.lower() in lx.MEASURE_TRIGGERS


def _relative_antecedent(pronoun: Token) -> Token | None:
    """The noun a relative pronoun follows, past one participle phrase set off by commas
    ("a round of sanctions, announced on March 10, that was aimed at ..."): the
    parser often hangs such a clause on a noun further back, or on the main verb."""
    doc = pronoun.doc
    j = pronoun.i - 1
    if j > 0 and doc[j].text == ",":
        j -= 1
        phrase = doc[j]
        while (
            phrase.head != phrase
            and phrase.head.i < pronoun.i
            and phrase.head.right_edge.i <= j + 1
        ):
            phrase = phrase.head
        if (
            phrase.tag_ == "VBN"
            and phrase.left_edge.i >= 2
            and doc[phrase.left_edge.i - 1].text == ","
        ):
            j = phrase.left_edge.i - 2
    before = doc[j] if j >= 0 else None
    return before if before is not None and before.pos_ in {"NOUN", "PROPN"} else None


def _aimed_instrument(verb: Token, subject: Token) -> Token:
    """The noun a passive 'aimed at' is said of: the antecedent of a relative pronoun
    ("a round of sanctions that was aimed at ..."), and the measures a batch is of
    ("an earlier round of American sanctions"), whose owner is the imposer."""
    noun = subject
    if subject.lower_ in {"that", "which"} and subject.tag_ == "WDT":
        noun = _relative_antecedent(subject) or (verb.head if verb.dep_ == "relcl" else subject)
    if noun.lemma_.lower() in _BATCH_NOUNS:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                return next((p for p in prep.children if p.dep_ == "pobj"), noun)
    return noun


# What a measure is called when it is called a wrong done by its imposer, not a mistake:
# unlawful, interference, or a hostile act ("robbery in broad daylight", "economic
# terrorism", "an open assault on Turkey's sovereign rights").
_UNLAWFUL = {
    "illegal",
    "unlawful",
    "illegitimate",
    "violation",
    "breach",
    "interference",
    "robbery",
    "theft",
    "piracy",
    "terrorism",
    "assault",
    "aggression",
    "blackmail",
    "extortion",
    "bullying",
}
# The words of _UNLAWFUL as they may be written ("violations", "illegally").
_UNLAWFUL_WORDS = re.compile("|".join(sorted(_UNLAWFUL)))
_STEP_NOUNS = _MEASURE_NOUNS | {
    "penalty",
    "step",
    "move",
    "decision",
    "designation",
    "restriction",
    "listing",
    "blacklist",
    "blacklisting",
    "cap",
    "ban",
    "embargo",
    "freeze",
    "curb",
    "tariff",
}


def _called_unlawful(
    r: SentenceRules, verb: Token, state: ArticleState, found: list[Assertion]
) -> bool:
    """ "opposed unilateral sanctions, calling them a violation of international law",
    "called the sanctions illegal": calling a measure unlawful targets its imposers (the
    guide's "illegal interference"); calling it a mistake does not."""
    named = next((c for c in verb.children if c.dep_ == "dobj"), None)
    oprds = [c for c in verb.children if c.dep_ == "oprd"]
    if named is None and len(oprds) == 2:
        named = oprds[0]  # "called the U.S. measure an interference", read as two complements
    # a measure with no owner of its own is one reported before
    if named is None or not state.measures and not r.noun_owner(named):
        return False
    if named.lower_ in {"them", "it", "which"}:
        # the measure named just before in the sentence ("the cap, which he called ...")
        named = next(
            (t for t in reversed(r.doc[r.sent.start : named.i]) if t.lemma_.lower() in _STEP_NOUNS),
            None,
        )
    if named is None or named.lemma_.lower() not in _STEP_NOUNS:
        return False
    said = [
        c
        for c in (*verb.children, *named.children)  # "as illegal", wherever it hangs
        if c.dep_ in {"oprd", "xcomp", "ccomp", "attr", "acomp"}
        and c.head == verb
        or (c.dep_ == "prep" and c.lower_ == "as")
    ]
    # "which he called a gross violation": the parser's second object is what it is called
    said += [c for c in verb.children if c.dep_ == "dobj"][1:]
    # "condemned the designations at the time as ...": "as" hung on the time
    said += [
        g
        for c in verb.children
        if c.dep_ == "prep"
        for p in c.children
        if p.dep_ == "pobj"
        for g in p.children
        if g.dep_ == "prep" and g.lower_ == "as"
    ]
    # 'called the U.S. freeze of Afghan reserves "theft"': a quoted word the parser took
    # into the measure's phrase is what it is called
    said += [t for t in named.subtree if t.i > 0 and r.doc[t.i - 1].text in {'"', "\u201c"}]
    if not any(t.lemma_.lower() in _UNLAWFUL for c in said for t in c.subtree):
        return False
    return _aimed_back(r, verb, named, state, found)


def _aimed_back(
    r: SentenceRules, verb: Token, step: Token, state: ArticleState, found: list[Assertion]
) -> bool:
    """The subjects of ``verb``, which called ``step`` unlawful, aim at its imposers."""
    callers = [k for k in r.subjects(verb) if _can_impose(r, k)]
    sides = r.side(callers)
    hit = _criticised(r, state, step, sides)
    if not callers or not hit:
        return False
    ctx = r.context(verb)
    speaker = ctx.claimant
    if speaker and speaker not in callers and r.m.country_of(speaker) in sides:
        callers.append(speaker)  # "Hua said Beijing opposed ...": the spokeswoman too
    ctx.claimant = None
    for s_, o_ in r.pairs(callers, hit):
        found.append(r.assertion(s_, "targets", o_, verb, ctx))
    return True


_OPPOSING_VERBS = {"oppose", "reject", "resist", "protest"}


def _opposed_unlawful(r: SentenceRules, state: ArticleState, found: list[Assertion]) -> None:
    """ "China firmly opposes illegal unilateral sanctions": opposing a step called
    unlawful by its own adjective aims at its imposers, as calling it so does (opposing
    sanctions alone, "opposes unilateral sanctions", does not)."""
    if not state.measures or not _UNLAWFUL_WORDS.search(r.text.lower()):
        return
    for verb in r.sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _OPPOSING_VERBS:
            continue
        steps = [c for c in verb.children if c.dep_ == "dobj"]
        steps += [c for s in steps for c in s.children if c.dep_ == "conj"]
        step = next(
            (
                s
                for s in steps
                if s.lemma_.lower() in _STEP_NOUNS
                and any(a.dep_ == "amod" and a.lemma_.lower() in _UNLAWFUL for a in s.children)
            ),
            None,
        )
        if step is not None:
            _aimed_back(r, verb, step, state, found)


def _imposers_by_word(state: ArticleState, step: Token) -> list[str]:
    """ "the higher tariffs": who last aimed a step called by the same word at someone."""
    words = {step.lower_, step.lemma_.lower()}
    for assertion in reversed(state.assertions):
        if assertion.predicate == "targets" and assertion.trigger.lower() in words:
            return [assertion.subject]
    return []


def _hit_back(r: SentenceRules, imposers: Iterable[str], critics: Container[str] = ()) -> list[str]:
    """Whom an answer to a step is aimed at: its imposers' states (a body with none
    itself), less legal instruments and the answering side."""
    return _dedupe(
        r.m.country_of(k) or k
        for k in imposers
        if _can_be_hit(r, k) and (r.m.country_of(k) or k) not in critics
    )


def _criticised(r: SentenceRules, state: ArticleState, step: Token, critics: set[str]) -> list[str]:
    """Whom a step called unlawful is aimed back at (see _hit_back): its owner's ("the
    EU's sanctions") imposers, else those of the measure it points back to."""
    owned = r.noun_owner(step) or _imposers_by_word(state, step)
    if owned or not state.measures:
        return _hit_back(r, owned, critics)
    # the measure pointed back to, else the last one with an imposer who can be hit (not
    # an instrument alone: "the order ... directed the Treasury to block ...")
    referred = _referred_measure(state, step)
    for measure in [referred, *reversed(state.measures)]:
        found = _hit_back(r, measure.imposed_by, critics)
        if found:
            return found
    return []


# Verbs that say a step breaks the law ("the ban violated international law").
_BREAKING_VERBS = {"violate", "breach", "contravene", "flout", "break", "infringe"}
_LAW_NOUNS = {"law", "charter", "norm", "rule", "principle", "convention", "treaty", "agreement"}
# What a step is called by its use: "the extraterritorial application of Title III".
_USE_NOUNS = {"application", "use", "enforcement", "extension", "imposition"}
_SAID_UNLAWFUL_TEXT = re.compile(
    f"{_UNLAWFUL_WORDS.pattern}|violat|contrar|contraven|flout|infring"
)


def _said_unlawful(r: SentenceRules, state: ArticleState, found: list[Assertion]) -> None:
    """ "Muallem said the Arab decision was a breach of the league's own charter": a
    measure said to be unlawful, by a copula ("was illegal", "was contrary to international
    law") or a verb of breaking ("the ban violated international law"), is aimed at by the
    speaker at its imposer, as when it is called so."""
    if not state.measures or not _SAID_UNLAWFUL_TEXT.search(r.text.lower()):
        return
    for verb in r.sent:
        lemma = verb.lemma_.lower()
        if lemma == "be":
            said = [c for c in verb.children if c.dep_ in {"attr", "acomp"}]
            if not any(_unlawful(t) for c in said for t in c.subtree):
                continue
        elif lemma in _BREAKING_VERBS and verb.pos_ == "VERB":
            if not any(c.dep_ == "dobj" and c.lemma_.lower() in _LAW_NOUNS for c in verb.children):
                continue
        else:
            continue
        step = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if step is not None and step.lemma_.lower() in _USE_NOUNS:
            # "the application of Title III was contrary to ...": the step applied
            step = next(
                (
                    p
                    for c in step.children
                    if c.lower_ == "of"
                    for p in c.children
                    if p.dep_ == "pobj"
                ),
                step,
            )
        if step is None or step.lemma_.lower() not in _STEP_NOUNS:
            continue
        ctx = r.context(verb)
        speakers = [k for k in ctx.speakers or [ctx.claimant] if k and _can_impose(r, k)]
        hit = _criticised(r, state, step, r.side(speakers))
        ctx.claimant = None
        found.extend(r.assertion(s_, "targets", o_, verb, ctx) for s_, o_ in r.pairs(speakers, hit))


def _unlawful(token: Token) -> bool:
    """A word that calls a step unlawful: "illegal", "a breach", "contrary to the law"."""
    lemma = token.lemma_.lower()
    return lemma in _UNLAWFUL or (
        lemma == "contrary" and any(t.lemma_.lower() in _LAW_NOUNS for t in token.subtree)
    )


def _announcer(r: SentenceRules, ctx: Context, imposers: list[str]) -> list[str]:
    """ "Obama said Washington would intensify its sanctions on Russia": an official who
    announces his own state's coming measure threatens its target himself."""
    speaker = ctx.claimant
    if ctx.factuality != "possible" or not speaker or speaker in imposers:
        return []
    if "Official" not in r.m.types(speaker):
        return []
    states = {r.m.country_of(k) or k for k in imposers}
    return [speaker] if r.m.country_of(speaker) in states else []


def _urgers(r: SentenceRules, verb: Token, imposers: list[str]) -> list[str]:
    """ "urging Washington and Brussels to sanction Rwanda": whoever urges others to take a
    step against a party aims it at that party too (the step stays the others')."""
    head = verb.head
    if (
        verb.dep_ != "xcomp"
        or verb.lemma_.lower() not in _URGED_STEPS
        or head.lemma_.lower() not in _URGE_VERBS
    ):
        return []
    return [k for k in r.subjects(head) if k not in imposers]


def _referred_measure(state: ArticleState, noun: Token) -> Measure:
    """What "the sanctions" or "the measures" point back to: the last measure, or for
    "sanctions" the last one reported as sanctions (not an order or a bank's own step)."""
    if noun.lemma_.lower() == "sanction":
        for measure in reversed(state.measures):
            if measure.kind == "sanctions" or measure.trigger.lower() in {"sanction", "sanctions"}:
                return measure
    return state.measures[-1]


# Verbs by which a party is under sanctions: "is under", "remains under", "came under",
# "was placed under".
_BEING_UNDER_VERBS = {"be", "remain", "stay", "come", "fall", "place", "put", "keep"}


def _target_noun(
    r: SentenceRules,
    noun: Token,
    found: list[Assertion],
    measures: list[Measure],
    state: ArticleState,
) -> None:
    lemma = noun.lemma_.lower()
    objects = r.prep_objects(
        noun,
        lx.TARGET_PREPS - {"for", "from"} | ({"from"} if lemma in {"import", "imports"} else set()),
    )
    if not objects and noun.dep_ == "dobj":
        objects = r.prep_objects(noun.head, {"on", "against", "upon"})
    if not objects and noun.dep_ == "dobj" and lemma in _LEGAL_ACTIONS:
        # "filed a complaint with the WTO against X", "against" hung on the forum
        for forum in noun.head.children:
            if forum.dep_ == "prep" and forum.lower_ in {"with", "at", "before", "in"}:
                for pobj in forum.children:
                    if pobj.dep_ == "pobj":
                        objects += r.prep_objects(pobj, {"against"})
    placing = next(
        (c for c in noun.children if c.lemma_.lower() in _IMPOSING_VERBS and _object_relative(c)),
        None,
    )
    if not objects and placing is not None:
        # "penalties that the EU and Britain have placed on Iranian officials"
        objects = r.prep_objects(placing, {"on", "against", "upon"})
    batch = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    if not objects and batch is not None and batch.lemma_.lower() in _BATCH_NOUNS:
        # "rounds of sanctions on North Korea": the parser hangs the target on the rounds
        objects = r.prep_objects(batch, {"on", "against", "upon"})
    change = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in {"of", "in"} else None
    if change is not None and change.lemma_.lower() not in _CHANGE_NOUNS:
        change = None
    for holder in [noun] if change is None else [noun, change]:
        # "tariffs on steel imports from Turkey", the origin hung on the imports or higher
        imports = [
            p
            for c in holder.children
            if c.dep_ == "prep" and c.lower_ == "on"
            for p in c.children
            if p.dep_ == "pobj" and p.lemma_.lower() in {"import", "imports"}
        ]
        if not objects and imports:
            objects = r.prep_objects(imports[0], {"from"}) or r.prep_objects(holder, {"from"})
    if not objects and lemma in _RETALIATION_NOUNS:
        # "Iran would answer the sanctions with countermeasures": aimed at their imposers
        objects = _answered(r, noun, state)
    standing = False
    if not objects and noun.dep_ == "pobj" and noun.head.lower_ == "under":
        # "Nangaa was already under U.S. sanctions", "the bank was placed under EU
        # sanctions": whoever is under them is hit (the imposer is the sanctions' owner)
        verb = noun.head.head
        if verb.pos_ in {"VERB", "AUX"} and verb.lemma_.lower() in _BEING_UNDER_VERBS:
            objects = r.objects(verb) if is_passive(verb) else r.subjects(verb)
            standing = True
    # "in breach of a U.N. cap on ...", "evading U.S. sanctions on ...": a step named as
    # what someone breaks stands; the article is not reporting it
    standing = standing or _broken(noun)
    goods = _goods_of_state(r, noun) if not objects else []
    objects = objects or goods
    if not objects:
        return
    owners = [k for k in r.noun_owner(noun) if k not in goods]
    if not owners and change is not None and change.dep_ == "dobj" and change.head.pos_ == "VERB":
        # "authorised a doubling of tariffs on X": who authorised the change imposes it
        owners = r.subjects(change.head)
    if not owners and placing is not None:
        owners = r.subjects(placing)
    if not owners and batch is not None and batch.lemma_.lower() in _BATCH_NOUNS | _CAMPAIGN_NOUNS:
        # "the U.S.-led campaign of maximum pressure on Pyongyang": the campaign's owner
        owners = r.noun_owner(batch)
    if not owners:
        # "imposed a travel ban and an arms embargo on X": the first of the list says how
        first = noun
        while first.dep_ == "conj" and first.head != first:
            first = first.head
        head = first.head
        if first.dep_ in {"dobj", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
            owners = r.subjects(head)
        elif first.dep_ == "pobj" and head.head.pos_ in {"VERB", "AUX"}:
            owners = r.subjects(head.head)
        elif first.dep_ == "pobj" and lemma in _RETALIATION_NOUNS:
            # "answer the sanctions with countermeasures", "with" hung on the sanctions
            verb = next((a for a in first.ancestors if a.pos_ == "VERB"), None)
            owners = r.subjects(verb) if verb is not None else []
        elif first.dep_ == "nsubj":
            owners = []
    objects = [o for o in objects if o not in owners]
    owners = [k for k in owners if _can_impose(r, k)]
    if not owners or not objects:
        return
    ctx = r.context(noun)
    parties = owners + _announcer(r, ctx, owners)
    found.extend(r.assertion(s, "targets", o, noun, ctx) for s, o in r.pairs(parties, objects))
    if ctx.polarity == "negative":
        return
    if _is_step_noun(noun):
        (state.standing if standing else measures).append(r.measure(noun, owners, objects, ctx))


_BREACH_NOUNS = {"breach", "violation", "defiance", "contravention", "evasion", "circumvention"}
_BREAKING_OR_EVADING = _BREAKING_VERBS | _EVADING_VERBS


def _broken(noun: Token) -> bool:
    """Whether a step is named as what is broken: "in breach of a cap", "violating the
    sanctions", "helped evade the ban"."""
    head = noun.head
    if noun.dep_ == "dobj":
        return head.lemma_.lower() in _BREAKING_OR_EVADING
    return noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _BREACH_NOUNS


def _denied_party(
    r: SentenceRules, trigger: Token, deniers: list[str], state: ArticleState
) -> tuple[list[str], Assertion | None]:
    """Whose claim is denied, nearest evidence first.

    The owner of the denied thing ("rejects Trump's talk", "dismissed new U.S.
    sanctions", "an accusation by Pompeo"), the other party of a conjoined
    clause, then the people who spoke or accused in the sentences just
    before ("Kiev, Washington and Brussels accuse Russia ... Moscow denies
    the accusations"), then the last claimant in the article.
    """
    sides = r.side(deniers)

    def others(keys: list[str]) -> list[str]:
        return [k for k in _dedupe(keys) if k not in sides]

    for child in trigger.children:
        if child.dep_ in {"dobj", "nsubjpass"} and child.pos_ in {"NOUN", "PROPN"}:
            # "rejected complaints from Canberra": a claim's source owns it
            claim = child.lemma_.lower() in lx.CLAIM_NOUNS or child.lower_ in lx.CLAIM_NOUNS
            owners = others(_claim_source(r, child) if claim else r.noun_owner(child))
            if owners:
                return owners, _last_claim(state, owners)
            if claim and _in_unnamed_media(r, child):
                return [], None  # "denied reports in the French press": no party's claim
            against = _accusations_against(state, sides)
            if child.lemma_.lower() in _ACCUSATION_NOUNS and against:
                # "the bank called the accusations groundless": whoever accused the denier,
                # all of those who did in the last sentence that did
                last = against[-1]
                accusers = [a.subject for a in against if a.evidence == last.evidence]
                return _dedupe(accusers), last
    if trigger.dep_ == "relcl":  # "..., a charge Maduro rejects"
        owners = others(r.noun_owner(trigger.head))
        if owners:
            return owners, _last_claim(state, owners)
    for token in r.sent:
        if token.lemma_.lower() in lx.CLAIM_NOUNS or token.lower_ in lx.CLAIM_NOUNS:
            owners = others(_claim_source(r, token))
            if owners:
                return owners, _last_claim(state, owners)
    # "resists America's approach and denies ...": the other party of the sentence
    for conj in [trigger.head] if trigger.dep_ == "conj" else []:
        for child in conj.children:
            if child.dep_ in {"dobj"}:
                owners = others(r.noun_owner(child) + r.ents(child))
                if owners:
                    return owners, _last_claim(state, owners)
    for token in r.sent:
        if (
            token.lemma_.lower() in {"measure", "sanction", "penalty", "action", "step"}
            and token.tag_ in {"NNS", "NNPS"}
            and (state.measures or r.noun_owner(token))
        ):
            # "the measures rested on a false pretext": the last measures' imposer;
            # "the EU's sanctions rested on lies": the EU
            imposers = r.noun_owner(token) or _referred_measure(state, token).imposed_by
            owners = others([r.m.country_of(k) or k for k in imposers])
            if owners:
                return owners, None
    speakers = _recent_speakers(r, trigger, sides)
    if speakers:
        # "officials in Seoul say ...": their state is whose claim is denied
        return _officials_as_state(r, speakers), _last_claim(state, speakers)
    against = _accusations_against(state, sides)
    if against:
        # "Tehran denies any role in the strikes": whoever last accused Tehran
        return [against[-1].subject], against[-1]
    for assertion in reversed(state.assertions):
        # "Halkbank has denied any wrongdoing": whoever last aimed a step at the denier
        if (
            assertion.predicate == "targets"
            and assertion.object in sides
            and assertion.subject not in sides
        ):
            return [assertion.subject], assertion
    for assertion in reversed(state.assertions):
        if (
            assertion.claimant
            and assertion.claimant not in sides
            and assertion.predicate != "denies"
        ):
            return [assertion.claimant], _main_of_sentence(state, assertion)
    return [], None


_MEDIA_NOUNS = {"press", "media", "newspaper", "paper", "outlet", "report"}


def _in_unnamed_media(r: SentenceRules, claim: Token) -> bool:
    """ "reports in the French press", "media reports": a claim sourced to no one named."""
    sources = [
        p
        for c in claim.children
        if c.dep_ == "prep" and c.lower_ in {"in", "by", "from"}
        for p in c.children
        if p.dep_ == "pobj"
    ]
    sources += [c for c in claim.children if c.dep_ in {"compound", "amod"}]
    return any(s.lemma_.lower() in _MEDIA_NOUNS and not r.ents(s) for s in sources)


def _accusations_against(state: ArticleState, sides: set) -> list[Assertion]:
    """The accusations so far against a side (a party and its state) from outside it."""
    return [a for a in state.accusations if a.object in sides and a.subject not in sides]


def _claim_source(r: SentenceRules, claim: Token) -> list[str]:
    """Whose a claim is: its owner ("Washington's claims", "an accusation by Pompeo"), the
    paper it appeared in ("a report in the Asahi Shimbun"), or, when the parser reads
    "U.S. claims that ..." as a clause, the subject it gives the verb "claims"."""
    owners = r.noun_owner(claim)
    if owners:
        return owners
    for child in claim.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "from"}:
            owners += [k for p in child.children if p.dep_ == "pobj" for k in r.ents(p)]
        if (
            child.dep_ == "nsubj"
            and claim.dep_ in {"pobj", "dobj", "parataxis", "ccomp"}
            and child.i == claim.i - 1
        ):
            # "rejected as lies U.S. claims that ...", read as "U.S. claims" a clause
            owners += r.ents(child)
    return owners


_CLAIM_VERBS = {
    "say",
    "accuse",
    "claim",
    "allege",
    "report",
    "charge",
    "blame",
    "tell",
    "insist",
    "argue",
    "assert",
    "contend",
    "find",  # "the experts found that ...": a report's findings are its claims
    "conclude",
}


def _recent_speakers(r: SentenceRules, trigger: Token, sides: set) -> list[str]:
    """Who spoke or accused in this sentence (before the denial) or the two before it."""
    doc = r.doc
    sentences = [r.sent]
    start = r.sent.start
    while len(sentences) < 3 and start > 0:
        previous = doc[start - 1].sent
        sentences.append(previous)
        start = previous.start
    for n, sent in enumerate(sentences):
        rules = SentenceRules(sent, r.m)
        speakers: list[str] = []
        for token in sent:
            if n == 0 and token.i >= trigger.i:
                break
            if token.pos_ == "VERB" and token.lemma_.lower() in _CLAIM_VERBS:
                # "Hemmati, the CBI governor, said": one who speaks for the denier's side
                # is no accuser of it
                said = rules.subjects(token)
                if not any(k in sides or r.m.country_of(k) in sides for k in said):
                    speakers += said
        if speakers:
            return _dedupe(speakers)
    return []


def _last_claim(state: ArticleState, claimants: list[str]) -> Assertion | None:
    """The main assertion of the last sentence in which one of the claimants speaks."""
    for assertion in reversed(state.assertions):
        if assertion.claimant in claimants and assertion.predicate != "denies":
            return _main_of_sentence(state, assertion)
    return None


def _main_of_sentence(state: ArticleState, assertion: Assertion) -> Assertion:
    # Rules add the clause's own relation before what follows from it (an
    # order before the measure it orders), so the first one is the claim.
    for other in state.assertions:
        if other.evidence == assertion.evidence and other.claimant == assertion.claimant:
            return other
    return assertion


def _denial(
    r: SentenceRules,
    trigger: Token,
    deniers: list[str],
    state: ArticleState,
    found: list[Assertion],
) -> None:
    if not deniers:
        return
    parties, denied = _denied_party(r, trigger, deniers, state)
    ctx = r.context(trigger)
    for s, o in r.pairs(deniers, parties):
        a = r.assertion(s, "denies", o, trigger, ctx)
        a.denies = denied
        found.append(a)
    if denied is not None and ctx.polarity == "positive":
        # A measure is denied by its own side ("Norway denies any blockade"); its targets
        # deny the charges behind it, not that it was taken
        sides = r.side(deniers)
        for measure in state.measures:
            if measure.evidence != denied.evidence:
                continue
            imposers = r.side(measure.imposed_by)
            imposers |= {r.m.group_class[k][0] for k in measure.imposed_by if k in r.m.group_class}
            if sides & imposers:
                measure.status = "denied"


# Nouns that make one charge, whichever is negated: "not a countermeasure" answers
# "economic retaliation".
_SAME_CHARGE = ({"retaliation", "countermeasure", "reprisal", "revenge", "punishment"},)
_CONTRADICTION_REACH = 25  # sentences back that a contradicted claim may be


def _contradictions(r: SentenceRules, state: ArticleState, found: list[Assertion]) -> None:
    """A denial made by negating what another party said: "Evraz has said it does not
    supply steel to the Russian army" after the Foreign Office said Evraz was supplying
    it; "the measures are not retaliation of any kind" after Seoul called them
    retaliation. The claims are those, by someone else, that used the word (see
    :func:`_contradicted`)."""
    negations = [t for t in r.sent if t.dep_ == "neg"]
    if not negations or any(a.predicate == "denies" for a in found):
        return
    for neg in negations:
        head = neg.head
        if head.lemma_.lower() == "be":
            said = [c for c in head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
            words = _charge_words(said[0].lemma_.lower()) if said else set()
            pos = "NOUN"
        elif head.pos_ == "VERB" and head.lemma_.lower() not in lx.SPEECH_VERBS:
            words, pos = {head.lemma_.lower()}, "VERB"
        else:
            continue
        if next(r.m.where_words(words, end=r.sent.start), None) is None:
            continue  # no earlier sentence has the word: the common case, found cheaply
        ctx = r.context(head)
        deniers = [k for k in ctx.speakers or [ctx.claimant] if k]
        if not deniers:
            continue
        claimers = _contradicted(r, words, pos, r.side(deniers))
        if claimers:
            # the negation is the denial, which is itself said outright
            ctx.claimant, ctx.polarity, ctx.factuality = None, "positive", "certain"
            for s_, o_ in r.pairs(deniers, claimers):
                found.append(r.assertion(s_, "denies", o_, head, ctx))
            return


def _charge_words(lemma: str) -> set[str]:
    return next((words for words in _SAME_CHARGE if lemma in words), {lemma})


def _contradicted(r: SentenceRules, words: set[str], pos: str, sides: set) -> list[str]:
    """Who claimed, in the sentences before, what a word says: the subject of the verb
    of saying, calling or accusing that governs the word. A deed (a verb) must be
    claimed of the denier's side ("said Evraz was supplying ..."), and the latest claim
    of it counts; a characterisation (a noun) is denied to everyone who gave it."""
    sentence = r.sent
    found: list[str] = []
    for _ in range(_CONTRADICTION_REACH):
        if sentence.start == 0:
            break
        sentence = r.doc[sentence.start - 1].sent
        rules = SentenceRules(sentence, r.m)
        for token in rules.words(words):
            if token.pos_ != pos or any(c.dep_ == "neg" for c in token.children):
                continue
            if pos == "VERB" and not (set(rules.subjects(token)) & sides):
                continue
            claim = next(
                (a for a in token.ancestors if a.lemma_.lower() in _CLAIMING_VERBS),
                None,
            )
            claimers = rules.subjects(claim) if claim is not None else []
            found += [k for k in claimers if k not in sides and r.m.country_of(k) not in sides]
        if found and pos == "VERB":
            return _dedupe(found)  # a deed claimed: the latest claim of it
    # a characterisation: everyone who gave it ("Seoul says ... retaliation", "Moon called
    # the curbs retaliation")
    return _dedupe(found)


_CLAIMING_VERBS = _CLAIM_VERBS | {"call", "describe", "brand", "label", "term"}


def _deny_phrases(r: SentenceRules, state: ArticleState, found: list[Assertion]) -> None:
    text = r.text.lower().replace("\u2019", "'")
    if not lx.DENY_PHRASE_PATTERN.search(text):
        return
    if any(a.predicate == "denies" for a in found):
        return
    if any(t.pos_ == "VERB" and t.lemma_.lower() in lx.DENY_VERBS for t in r.sent):
        return  # "rejected as lies ...": the denial verb has had its say
    root = r.sent.root
    speakers: list[str] = []
    trigger = root
    for token in r.sent:
        if token.lemma_.lower() in lx.SPEECH_VERBS and token.pos_ == "VERB":
            speakers = r.subjects(token)
            trigger = token
            if speakers:
                break
    if not speakers:
        speakers = r.subjects(root)
    _denial(r, trigger, speakers, state, found)


def _goods_origin(r: SentenceRules, noun: Token) -> list[str]:
    """Where goods come from: "North Korean coal", "North Korea's exports", "coal from X"."""
    out = r.noun_owner(noun) + r.prep_objects(noun, {"from", "of"})
    for child in noun.children:
        if child.dep_ in {"amod", "compound"}:
            state = r.state_of_modifier(child)
            if state:
                out.append(state)
        # "an average of 1.75 million barrels per day of Russian oil"
        if child.dep_ == "prep" and child.lower_ in {"of", "per"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out += _goods_origin(r, pobj)
    return _dedupe(out)


_BUYING_VERBS = {"import", "buy", "purchase"}
_BUYING_WORDS = _BUYING_VERBS | {"imports", "purchases"}


def _trade(r: SentenceRules, found: list[Assertion], state: ArticleState | None = None) -> None:
    """Trade between parties: owners and partners of trade words in one sentence.

    Nouns ("China's trade with North Korea", "trade between X and Y", "Y's
    largest trading partner", "X accounts for 90 percent of Y's trade") and
    verbs of buying, selling and carrying goods ("bought North Korean coal",
    "supplying North Korea with fuel", "carried goods to the North").
    """
    lemmas, texts = r.m.lemmas, r.m.texts
    if not any(
        lemmas[i] in _TRADE_WORDS or texts[i].lower() in _TRADE_WORDS
        for i in range(r.sent.start, r.sent.end)
    ):
        return  # most sentences: no trade word, found without reading the parse
    owners: list[str] = []
    partners: list[str] = []
    trigger: Token | None = None
    # What each trade word found, (owners, partners): a word that finds both pairs only
    # its own; the others pool theirs ("China's imports ... while Canada does trade with
    # it": China and Canada do not trade because they share a sentence)
    found_by_word: list[tuple[list[str], list[str], str]] = []
    marks = (0, 0)
    word = ""
    for token in r.sent:
        if (len(owners), len(partners)) != marks:
            found_by_word.append((owners[marks[0] :], partners[marks[1] :], word))
            marks = (len(owners), len(partners))
        word = token.lemma_.lower()
        pos = token.pos_
        if pos != "NOUN" and pos != "VERB":
            continue
        lemma = token.lemma_.lower()
        is_trade_noun = pos == "NOUN" and (
            lemma in lx.TRADE_NOUNS or token.lower_ in lx.TRADE_NOUNS
        )
        is_partner = (
            pos == "NOUN"
            and lemma in lx.TRADE_PARTNER_NOUNS
            and (
                any(c.lower_ in {"trading", "trade"} for c in token.children)
                # "China, Iran's largest customer": a state's buyer or supplier
                or lemma in {"customer", "buyer", "supplier"}
                and (token.dep_ in {"appos", "attr"} or _among_predicate(token))
                and any(
                    c.dep_ == "poss" and r.m.country_of(r.m.key(c) or "") == r.m.key(c)
                    for c in token.children
                )
            )
        )
        if pos == "NOUN" and lemma in _BUYER_NOUNS and _buyer_of_goods(r, token, found):
            trigger = trigger or token
            continue
        is_trade_verb = pos == "VERB" and lemma in lx.TRADE_VERBS
        if not (is_trade_noun or is_partner or is_trade_verb):
            continue
        if is_trade_verb and (
            _purpose(token)
            or _barred(token)
            or _conditional_buyer(token)
            or any(
                c.dep_ == "aux"
                and c.lower_ in {"may", "might", "can", "could"}
                or c.dep_ == "neg"
                and c.lower_ == "never"
                for c in token.children
            )
        ):
            # "set up a channel so that European firms could trade with Iran", "member states
            # may supply no more than ...", "banks that buy Venezuelan gold risk being
            # sanctioned": trade allowed, hoped for or supposed, not reported; "had never
            # traded a single ounce": denied
            continue
        if is_trade_verb and any(
            c.dep_ == "dobj"
            and c.lemma_.lower() in _NOT_GOODS
            or c.dep_ == "prt"
            and c.lower_ == "out"
            for c in token.children
        ):
            # "sent lenders a written notice": words, not goods; "carried out the
            # council's resolutions": done, not shipped
            continue
        if is_trade_verb:
            subj = r.subjects(token)
            # "countries like India could keep buying ...": the members named too
            clause = token.head if token.dep_ == "xcomp" else token
            subj += [
                k
                for c in clause.children
                if c.dep_ == "nsubj" and r.m.key(c)
                for k in r.members(c)
                if k not in subj
            ]
            partner = r.prep_objects(token, {"with", "from", "to"})
            if not partner:
                # "exported goods worth $1 billion to Haiti": the parser hangs the partner
                # on the goods or on their worth
                partner = [
                    k
                    for c in token.children
                    if c.dep_ in {"dobj", "oprd", "acomp"}
                    for k in r.prep_objects(c, {"from", "to"})
                ]
            for child in token.children:
                if child.dep_ in {"dobj", "dative"}:
                    # "supplying North Korea with fuel" / "bought North Korean coal"
                    partner += (
                        r.ents(child)
                        if r.prep_objects(token, {"with"}) == []
                        and any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children)
                        else []
                    )
                    partner += r.ents(child) if child.dep_ == "dative" else []
                    partner += _goods_origin(r, child) if not r.ents(child) else []
                    if lemma == "supply" and r.ents(child):
                        partner += r.ents(child)
                    elif child.dep_ == "dobj" and lemma in {"sell", "ship", "send", "deliver"}:
                        # "sold Cuba $220 million of food": the parser's object is a state
                        partner += [k for k in r.ents(child) if r.m.country_of(k) == k]
            if subj and partner:
                trigger = trigger or token
                owners += subj
                partners += partner
            elif subj and lemma in _BUYING_VERBS and state is not None:
                # "India had been importing 350,000 barrels a day": from whom, the article
                # says elsewhere (below)
                trigger = trigger or token
                owners += subj
            continue
        trigger = trigger or token
        between = r.prep_objects(token, {"between"})
        if len(between) >= 2:
            owners.append(between[0])
            partners += between[1:]
            continue
        amount_owner = _amount_owner(r, token)
        owner = r.noun_owner(token) or amount_owner
        partner = r.prep_objects(token, {"with", "from", "to"})
        if not partner and lemma in _TRADE_NOUNS:
            # "purchases of Russian oil", "imports of Iranian crude by India": where the
            # goods come from (an export's goods come from its owner)
            goods = [
                g
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj" and not r.m.key(g)
            ]
            if not owner:
                owner = [k for g in goods for k in r.prep_objects(g, {"by"})]
            if lemma != "export":
                partner = [k for g in goods for k in _goods_origin(r, g) if k not in owner]
        # the verb of the clause the trade word is in
        governor = token.head
        while governor.pos_ not in {"VERB", "AUX"} and governor.head != governor:
            governor = governor.head
        if not partner and token.dep_ == "pobj" and governor.pos_ == "VERB":
            # "handled a fifth of China's commerce with North Korea": the parser hangs the
            # partner on the verb
            partner = r.prep_objects(governor, {"with"})
        if (
            token.dep_ == "dobj"
            and token.head == governor
            and governor.pos_ == "VERB"
            and governor.lemma_.lower() not in lx.SANCTION_VERBS | lx.MEASURE_TRIGGERS
            and lemma in _SENDING_NOUNS
        ):
            # "resumed shipments to Belarus", "would keep expanding supplies to countries
            # such as India and China" (the destination hung on the verb, its members
            # named): the one who sends them trades with where they go
            places = [
                p
                for holder in (token, governor)
                for c in holder.children
                if c.dep_ == "prep" and c.lower_ == "to"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            sent_to = _dedupe(k for p in places for k in r.ents(p) + r.members(p))
            partner = _dedupe(partner + sent_to)
            if sent_to and not owner:
                owner = [k for k in r.subjects(governor) if k not in partner]
        if (
            not owner
            and partner
            and token.dep_ == "pobj"
            and token.head.lower_ == "of"
            and token.head.head.dep_ == "dobj"
            and token.head.head.head == governor
            and governor.pos_ == "VERB"
            and governor.lemma_.lower() not in lx.SANCTION_VERBS | lx.MEASURE_TRIGGERS
        ):
            # "Canada does roughly C$1 billion of trade with it": the one who does it
            owner = [k for k in r.subjects(governor) if k not in partner]
        if is_partner:
            # "X served as Y's trading partner", "X is Y's largest trading partner", "X is
            # Y's largest investor and its biggest trading partner", "China, its biggest
            # trading partner"
            noun = token
            while noun.dep_ == "conj" and noun.head != noun:
                noun = noun.head
            verb = noun.head.head if noun.dep_ == "pobj" else noun.head
            # "Pakistan and Iran are among its biggest suppliers": each of them
            described = r.ents(noun.head) if noun.dep_ == "appos" else []
            if described:
                owners += described
            elif verb.pos_ in {"VERB", "AUX"}:
                owners += r.subjects(verb)
            if noun is not token and set(owner) <= set(owners):
                # "Cuba's largest investor and its biggest trading partner": "its" is Cuba
                owner = r.noun_owner(noun)
            # "its" in an apposition never stands for the name it describes
            partners += [k for k in owner if k not in described]
            continue
        if (
            owner
            and token.dep_ in {"pobj", "dobj"}
            and (
                token.head.lower_ == "of"
                or token.head.pos_ in {"VERB", "NOUN", "NUM"}
                or (token.head.lower_ == "in" and amount_owner)
            )
        ):
            # "X accounts for 90 percent of Y's trade", "China buys the bulk of North Korea's
            # exports"; with a partner, "X handled a fifth of China's commerce with Y": X
            # trades with Y as well as China
            # "banned Iranian arms exports": who bans trade does not trade
            restricts = governor.lemma_.lower() in lx.SANCTION_VERBS | lx.MEASURE_TRIGGERS
            subj = (
                [k for k in r.subjects(governor) if k not in owner]
                if governor.pos_ == "VERB" and not restricts
                else []
            )
            if subj and not partner:
                owners += subj
                partners += owner
                continue
            owners += subj
        owners += owner
        partners += partner
    if trigger is None:
        return
    if (len(owners), len(partners)) != marks:
        found_by_word.append((owners[marks[0] :], partners[marks[1] :], word))
    pooled: tuple[list[str], list[str]] = ([], [])
    buyers: list[str] = []
    unowned = False
    pairs: list[tuple[list[str], list[str]]] = []
    for word_owners, word_partners, word in found_by_word:
        if word_owners and word_partners:
            pairs.append((word_owners, word_partners))
        else:
            pooled[0].extend(word_owners)
            pooled[1].extend(word_partners)
            if word in _BUYING_WORDS:
                buyers += word_owners
            unowned = unowned or word in {"trade", "commerce"} and not word_owners
    if pooled[0] and not pooled[1] and buyers and state is not None:
        # "Japan cut its imports by a fifth", in an article about Iran's oil: states that
        # buy with no seller named buy from the state the article's measures hit
        seller = _sanctioned_state(r, state)
        pooled = ([k for k in buyers if r.m.country_of(k) == k], seller)
    elif pooled[1] and not pooled[0] and unowned and state is not None:
        # "Two-way trade with China was worth $12 billion", in an article about Myanmar:
        # the trade of the state the article's measures hit
        pooled = ([k for k in _sanctioned_state(r, state) if k not in pooled[1]], pooled[1])
    pairs.append(pooled)
    ctx = r.context(trigger)
    if ctx.polarity == "negative":
        ctx.polarity, ctx.factuality = (
            "positive",
            "certain",
        )  # "did not trade" is still about trade ties
    seen = set()
    for word_owners, word_partners in pairs:
        for s in _traders(r, _dedupe(word_owners)):
            for o in _traders(r, _dedupe(word_partners)):
                if s != o and frozenset((s, o)) not in seen:
                    seen.add(frozenset((s, o)))
                    found.append(r.assertion(s, "tradesWith", o, trigger, ctx))


def _among_predicate(noun: Token) -> bool:
    """ "X and Y are among its biggest suppliers": a noun said of a copula's subject."""
    return (
        noun.dep_ == "pobj"
        and noun.head.lower_ == "among"
        and noun.head.head.lemma_.lower() in {"be", "remain"}
    )


_BUYER_NOUNS = {"buyer", "purchaser", "importer", "customer", "consumer"}
# Goods sent somewhere: "supplies to India", "shipments to Belarus".
_SENDING_NOUNS = {"supply", "supplies", "shipment", "export", "exports", "delivery"}
# Every word a trade rule starts from.
_TRADE_WORDS = lx.TRADE_NOUNS | lx.TRADE_VERBS | lx.TRADE_PARTNER_NOUNS | _BUYER_NOUNS


def _buyer_of_goods(r: SentenceRules, noun: Token, found: list[Assertion]) -> bool:
    """ "China remained the biggest buyer of Iranian oil": whoever the buyer is trades
    with the state the goods come from."""
    if noun.dep_ not in {"attr", "appos"}:
        return False
    goods = [
        g
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj" and not r.m.key(g)
    ]
    sellers = _traders(r, [k for g in goods for k in _goods_origin(r, g)])
    buyers = r.ents(noun.head) if noun.dep_ == "appos" else r.subjects(noun.head)
    buyers = [k for k in _traders(r, buyers) if k not in sellers]
    if not sellers or not buyers:
        return False
    ctx = r.context(noun)
    ctx.polarity, ctx.factuality = "positive", "certain"
    found.extend(
        r.assertion(s_, "tradesWith", o_, noun, ctx) for s_, o_ in r.pairs(buyers, sellers)
    )
    return True


def _amount_owner(r: SentenceRules, noun: Token) -> list[str]:
    """Whose trade an amount is: "North Korea's $6.5 billion in trade", wherever the
    parser hangs the amount (on the possessor itself, often)."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in {"in", "of"}:
        return []
    amount = noun.head.head
    if amount.pos_ not in {"NUM", "NOUN", "SYM"}:
        return []

    def possessor(token: Token) -> list[str]:
        key = r.m.key(token)
        return [key] if key and any(c.dep_ == "case" for c in token.children) else []

    return (
        possessor(amount)
        or [k for c in amount.children if c.dep_ == "poss" for k in r.ents(c)]
        # the parser often makes the possessor the amount's head
        or possessor(amount.head)
    )


# What is sent or carried without being traded.
_NOT_GOODS = {
    "notice",
    "letter",
    "message",
    "signal",
    "warning",
    "note",
    "request",
    "delegation",
    "envoy",
    "team",
    "troops",
}


_BARRING_VERBS = {"ban", "bar", "prohibit", "forbid", "block", "prevent", "stop", "restrict"}


def _postposed_object(noun: Token) -> bool:
    """ "..., bars U.S. banks from holding accounts": a subject the parser puts after a verb
    of barring, before its "from" clause, is the one barred (its object)."""
    verb = noun.head
    return (
        noun.dep_ == "nsubj"
        and noun.i > verb.i
        and verb.lemma_.lower() in _BARRING_VERBS
        and any(c.dep_ == "prep" and c.lower_ == "from" and c.i > noun.i for c in verb.children)
    )


def _barred(verb: Token) -> bool:
    """Whether a verb says what someone is kept from doing ("barred American firms from
    buying or selling Venezuelan bonds"): trade forbidden is not trade reported."""
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head
    return (
        verb.dep_ == "pcomp"
        and verb.head.lower_ == "from"
        and verb.head.head.lemma_.lower() in _BARRING_VERBS
    )


def _conditional_buyer(verb: Token) -> bool:
    """Whether a trade verb describes whoever would be hit: "traders that buy Venezuelan
    gold risk being sanctioned", "any company that buys it could be added to the list"."""
    if verb.dep_ != "relcl":
        return False
    party = verb.head
    clause = party.head
    return any(c.lower_ in {"any", "every"} for c in party.children) or (
        clause.pos_ in {"VERB", "AUX"}
        and (
            clause.lemma_.lower() in _FACING_VERBS
            or any(
                c.dep_ == "aux" and c.lower_ in {"could", "would", "may", "might"}
                for c in clause.children
            )
        )
    )


def _purpose(verb: Token) -> bool:
    """Whether a verb heads a clause of purpose ("so that ...", "in order to ..."): what
    someone means to happen, not what happened."""
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in {"so", "order"} or c.lower_ == "order"
        for c in verb.children
    )


def _traders(r: SentenceRules, keys: list[str]) -> list[str]:
    """Parties that can trade: states, companies, banks and groups of them; not people."""
    allowed = {"Government", "Organization", "Bank", "CentralBank", "Group"}
    return [
        k
        for k in keys
        if set(r.m.types(k)) & allowed
        and not set(r.m.types(k)) & {"Official", "Person", "UNResolution", "ExecutiveOrder"}
    ]
