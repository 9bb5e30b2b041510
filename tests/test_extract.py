"""Extraction rules, one phrasing class at a time, on short sentences written for the tests."""

from __future__ import annotations

import pytest

from sanctions_graph.documents import document_from_text
from sanctions_graph.extract import extract_document


def extract(text: str):
    return extract_document(document_from_text(text, doc_id="t"))


def triples(x, *, direct_only: bool = True) -> set[tuple[str, str, str]]:
    return {(a.subject, a.predicate, a.object) for a in x.assertions if a.direct or not direct_only}


def relations(text: str) -> set[tuple[str, str, str]]:
    """The direct relations extracted from a text."""
    return triples(extract(text))


def test_order_with_list_of_named_members():
    x = extract(
        "China instructed its banks, including Bank of China and ICBC, to stop "
        "opening accounts for North Korean citizens."
    )
    got = triples(x)
    assert ("china", "orders", "bank-of-china") in got
    assert ("china", "orders", "icbc") in got
    assert any(s == "china" and p == "orders" and "banks" in o for s, p, o in got)


def test_order_content_is_the_orderers_measure():
    x = extract("China ordered Chinese banks to ban North Korean citizens from opening accounts.")
    (measure,) = [m for m in x.measures if "china" in m.imposed_by]
    assert measure.kind == "financial-services-ban"
    assert "dprk-citizens" in measure.targets
    assert "china-banks" in measure.implemented_by


def test_passive_order_without_agent_takes_the_last_orderer():
    x = extract(
        "The People's Bank of China ordered lenders to comply with the sanctions. "
        "The lenders were told to turn away North Korean customers."
    )
    orders = [a for a in x.assertions if a.predicate == "orders"]
    assert len(orders) == 2
    assert {a.subject for a in orders} == {"pboc"}


def test_reported_speech_keeps_the_claimant():
    x = extract(
        "Trump said Xi Jinping had ordered Chinese banks to cease business with North Korea."
    )
    (order,) = [a for a in x.assertions if a.predicate == "orders"]
    assert (order.subject, order.object) == ("xi-jinping", "china-banks")
    assert order.claimant == "trump"


def test_hedge_makes_it_probable():
    x = extract("China reportedly instructed Bank of China to freeze North Korean accounts.")
    (order,) = [a for a in x.assertions if a.predicate == "orders"]
    assert order.factuality == "probable"


def test_negation_gives_no_direct_triple():
    x = extract("The Treasury did not sanction Bank of China.")
    assert ("us-treasury", "targets", "bank-of-china") not in triples(x)
    negated = [a for a in x.assertions if a.polarity == "negative"]
    assert negated and negated[0].factuality == "negated"


def test_threat_is_possible_not_certain():
    x = extract("Washington threatened to sanction Bank of Dandong.")
    (a,) = [a for a in x.assertions if a.predicate == "targets"]
    assert a.factuality == "possible"
    assert a.direct


def test_denial_points_at_the_claimant_and_the_claim():
    x = extract(
        "Trump said Xi Jinping had ordered Chinese banks to stop lending to North Korea. "
        "China's foreign ministry denied that Beijing had given such an order."
    )
    (denial,) = [a for a in x.assertions if a.predicate == "denies"]
    assert denial.object == "trump"
    assert denial.subject in {"china-foreign-ministry", "china"}
    assert denial.denies is not None and denial.denies.predicate == "orders"


def test_denial_phrase_with_possessor():
    x = extract(
        "Lu Kang, a foreign ministry spokesman, said Trump's remarks were "
        "not consistent with the facts."
    )
    assert ("lu-kang", "denies", "trump") in triples(x)


def test_trade_between_two_states():
    x = extract("China's trade with North Korea fell sharply in September.")
    assert ("china", "tradesWith", "dprk") in triples(x)


def test_trade_share():
    x = extract("China accounts for about 90 percent of North Korea's trade.")
    assert ("china", "tradesWith", "dprk") in triples(x)


def test_sanctions_noun_with_preposition():
    x = extract("The European Union imposed sanctions on Sberbank.")
    assert ("eu", "targets", "sberbank") in triples(x)
    assert any("sberbank" in m.targets for m in x.measures)


@pytest.mark.parametrize(
    "text, key",
    [
        (
            "Industrial and Commercial Bank of China (ICBC) said it would comply. "
            "ICBC declined to comment.",
            "icbc",
        ),
        ("The Trump administration sanctioned the bank.", "usa"),
        ("Pyongyang condemned the move.", "dprk"),
    ],
)
def test_names_resolve_to_reference_entities(text, key):
    x = extract(text)
    assert key in x.entities


def test_acronym_in_parentheses_is_an_alias():
    x = extract("The Zorvan Trade Bank (ZTB) was named. Later ZTB denied the accusation.")
    keys = [k for k, e in x.entities.items() if "ZTB" in e.aliases]
    assert len(keys) == 1
    assert "Bank" in x.entities[keys[0]].types


def test_surname_and_title_mentions_corefer():
    x = extract(
        "Chinese foreign ministry spokesman Lu Kang spoke on Friday. "
        "Lu said the spokesman had nothing to add."
    )
    assert {"Lu Kang", "Lu"} <= x.entities["lu-kang"].aliases


def test_collective_group_is_typed():
    x = extract("Beijing told Chinese banks to stop serving North Korean citizens.")
    assert "Bank" in x.entities["china-banks"].types
    assert "Group" in x.entities["dprk-citizens"].types


def test_evidence_offsets_point_into_the_text():
    text = "Headline about sanctions\n\nWashington sanctioned Bank of Dandong on Thursday."
    x = extract(text)
    (a,) = [a for a in x.assertions if a.object == "bank-of-dandong"]
    assert text[a.evidence.start : a.evidence.end] == a.evidence.text
    assert a.evidence.text.startswith("Washington sanctioned")


def test_title_case_headline_is_parsed():
    x = extract(
        "China Rejects Trump's Claim Over Banks\n\n"
        "Beijing answered a claim that President Trump made about its banks."
    )
    assert ("china", "denies", "trump") in triples(x)


def test_colon_list_names_the_members_of_a_group():
    x = extract("Washington sanctioned three Russian banks: Sberbank, VTB and Gazprombank.")
    got = triples(x)
    assert {("usa", "targets", k) for k in ("sberbank", "vtb", "gazprombank")} <= got


def test_prohibition_under_rules_targets_the_issuers():
    x = extract("Under the new U.S. rules, Americans may no longer buy debt issued by Sberbank.")
    got = triples(x)
    assert ("usa", "targets", "sberbank") in got
    assert not any(o == "usa-citizens" for _, _, o in got)


def test_adopter_acts_through_its_resolution():
    x = extract(
        "The Security Council adopted Resolution 2397 on Friday. "
        "Resolution 2397 bans North Korean exports of food."
    )
    got = triples(x)
    assert ("unsc-2397", "targets", "dprk") in got
    assert ("unsc", "targets", "dprk") in got


def test_urging_withdrawal_is_a_denial():
    x = extract("Lu Kang urged Washington to withdraw its accusation against the bank.")
    assert ("lu-kang", "denies", "usa") in triples(x)


def test_denying_a_role_after_an_accusation():
    x = extract("Washington accused Iran of the attacks. Tehran denies any role in the attacks.")
    assert ("iran", "denies", "usa") in triples(x)


def test_buying_goods_is_trade_with_their_origin():
    x = extract("Dalian Global Unity Shipping Co. bought North Korean coal.")
    traders = {(s, o) for s, p, o in triples(x) if p == "tradesWith"}
    assert any(o == "dprk" for _, o in traders)


def test_withholding_accounts_is_a_measure():
    x = extract("The Treasury Department can deny correspondent accounts to any foreign lender.")
    assert ("us-treasury", "targets", "foreign-banks") in triples(x)


def test_group_named_around_its_dash_list_is_ordered_with_its_members():
    # The parser heads this phrase with a name inside the list, not with "banks".
    got = relations(
        "Moscow had instructed the three largest state-owned banks - Sberbank, VTB Bank "
        "and Gazprombank - as well as some smaller lenders to stop serving Ukrainian customers."
    )
    ordered = {o for s, p, o in got if s == "russia" and p == "orders"}
    assert {"sberbank", "vtb", "gazprombank"} <= ordered
    assert any("banks" in o for o in ordered)


@pytest.mark.parametrize(
    "text",
    [
        "Branches of Sberbank and VTB in Crimea froze the accounts of Ukrainian citizens.",
        "Kommersant reported that branches of Sberbank and VTB in Moscow had barred "
        "Ukrainian citizens from opening accounts.",
    ],
)
def test_branches_act_for_their_bank(text):
    got = relations(text)
    assert ("sberbank", "targets", "ukraine-citizens") in got
    assert ("vtb", "targets", "ukraine-citizens") in got


def test_object_pronoun_is_not_its_own_clause_subject():
    got = relations(
        "The Treasury said that if Turkey kept buying Iranian oil, "
        "the United States would impose sanctions on it."
    )
    assert ("usa", "targets", "turkey") in got
    assert ("usa", "targets", "usa") not in got


def test_its_neighbour_is_another_state_than_its_possessor():
    got = relations(
        "Iranian firms working in Iraq must close within 60 days, the ministry said, "
        "as Baghdad enforces the latest American sanctions on its neighbour."
    )
    assert ("usa", "targets", "iran") in got
    assert ("usa", "targets", "iraq") not in got


def test_a_name_fused_with_led_is_the_leader():
    got = relations(
        "Years of U.S.-led efforts to punish Russia for the annexation have cut its exports."
    )
    assert ("usa", "targets", "russia") in got


def test_the_sanctions_point_back_to_sanctions_not_to_a_banks_own_step():
    got = relations(
        "The EU imposed sanctions on Rosneft. Sberbank froze the accounts of Rosneft. "
        "China denounced the sanctions as illegal interference."
    )
    assert ("china", "targets", "eu") in got
    assert ("china", "targets", "russia") not in got


def test_caught_in_a_reported_clause_is_an_accusation():
    assert ("trump", "targets", "russia") in relations(
        "President Trump said Russia had been caught helping Iran."
    )


def test_a_conjunct_of_an_agentless_reported_clause_is_the_speakers():
    got = relations(
        "The Treasury imposed sanctions on Rosneft, Russia's state oil company. Mnuchin said "
        "the sanctions took effect on Monday and called the company a vehicle for corruption."
    )
    assert ("mnuchin", "targets", "rosneft") in got


def test_sanctions_counted_in_rounds_reach_the_target_of_the_rounds():
    # The parser hangs "on its Asian neighbour" on "rounds", not on "sanctions".
    x = extract(
        "Iron ore imports from North Korea dropped in June, officials said, as Moscow enforced "
        "several rounds of United Nations sanctions on its Asian neighbour."
    )
    assert ("un", "targets", "dprk") in triples(x)


def test_a_common_noun_capitalised_as_first_word_is_no_organisation():
    x = extract(
        "Coal purchases from North Korea shrank in May, traders said, as Beijing enforced "
        "successive rounds of United Nations sanctions on its isolated neighbour."
    )
    assert "coal" not in x.entities
    assert not any(p == "tradesWith" for s, p, o in triples(x))


def test_a_campaign_of_pressure_is_its_leaders():
    assert ("usa", "targets", "venezuela") in relations(
        "Officials said the decision backed the U.S.-led campaign of maximum pressure on Caracas."
    )


def test_names_after_among_them_are_members_of_the_group_before():
    from sanctions_graph.extract.mentions import find_mentions
    from sanctions_graph.extract.nlp import pipeline
    from sanctions_graph.resolve import reference_kb

    doc = pipeline()(
        "The Treasury blacklisted 40 Iranian banks, among them Bank Sepah and Bank Mellat, "
        "and froze their assets."
    )
    m = find_mentions(doc, reference_kb())
    banks = next(t for t in doc if t.text == "banks")
    assert m.listed[banks.i] == ["bank-sepah", "bank-mellat"]


@pytest.mark.parametrize(
    "text",
    ["Washington blames the attacks on Tehran.", "Washington blamed Tehran for the attacks."],
)
def test_blaming_is_an_accusation(text):
    assert ("usa", "targets", "iran") in relations(text)


def test_a_denial_answers_the_last_accusation_not_a_speaker_of_its_own_side():
    got = relations(
        "The EU imposed sanctions on Russia after attacks on Ukrainian ports that Brussels "
        "blames on Moscow. Dmitry Peskov, the Kremlin spokesman, said the new step showed "
        "how weak the EU had become. Moscow denies any role in the attacks."
    )
    assert ("russia", "denies", "eu") in got
    assert ("russia", "denies", "peskov") not in got


def test_trade_in_a_clause_of_purpose_is_no_trade():
    got = relations(
        "Italy and Spain created a barter scheme so that their firms could trade with Venezuela."
    )
    assert not {t for t in got if t[1] == "tradesWith"}


def test_a_ban_on_imports_hits_the_state_the_article_sanctions_not_the_next_clause():
    got = relations(
        "The Security Council banned Iranian arms exports. Turkey has enforced the ban on "
        "Iran. Its trade ministry banned imports of the listed weapons from May 1, and "
        "Turkish customs stopped clearing such cargoes from June 3."
    )
    # "Its" is Turkey, the subject before it, not Iran, the state named last.
    assert ("turkish-trade-ministry", "targets", "iran") in got
    assert not any(s == "turkish-trade-ministry" and o != "iran" for s, p, o in got)
    # Banning exports is not trading.
    assert not any(p == "tradesWith" for s, p, o in got)


def _mentions_with_entities(text: str, labels: dict[str, str | None]):
    """The mentions of ``text`` after setting the recogniser's labels of some names
    (None: not recognised), to test what follows from a recogniser's mistake."""
    from spacy.tokens import Span

    from sanctions_graph.extract.mentions import find_mentions
    from sanctions_graph.extract.nlp import pipeline
    from sanctions_graph.resolve import reference_kb

    doc = pipeline()(text)
    ents = [e for e in doc.ents if e.text not in labels]
    for name, label in labels.items():
        start = text.index(name)
        span = doc.char_span(start, start + len(name))
        if label is not None:
            ents.append(Span(doc, span.start, span.end, label=label))
    doc.ents = sorted(ents, key=lambda e: e.start)
    return doc, find_mentions(doc, reference_kb())


def test_a_name_listed_between_people_is_a_person():
    # The recogniser sometimes takes a Chinese name ending in a city's name for a place.
    _, m = _mentions_with_entities(
        "OFAC designated the firm together with its founder Zhang Wei and three executives, "
        "Chen Ling, Li Dalian and Wang Fang.",
        {"Chen Ling": "PERSON", "Li Dalian": "GPE", "Wang Fang": "PERSON"},
    )
    assert m.types("li-dalian") == ("Person",)


def test_an_unrecognised_name_between_named_banks_is_a_bank():
    doc, m = _mentions_with_entities(
        "The Treasury barred Bank Melli, Novinbank, Sinabank, Bank Tejarat and Bank Sepah "
        "from U.S. markets.",
        {"Sinabank": None},
    )
    assert m.types("sinabank") == ("Bank",)


def test_the_north_is_the_state_named_north():
    got = relations(
        "North Korea tested a missile. The Treasury cut Bank of Dandong off from the United "
        "States financial system and barred its clients from the United States. Treasury "
        "officials said Ningbo Ocean Star Shipping Co. had carried luxury goods to the North."
    )
    assert ("ningbo-ocean-star-shipping", "tradesWith", "dprk") in got
    assert ("ningbo-ocean-star-shipping", "tradesWith", "usa") not in got


def test_a_relative_pronoun_belongs_to_the_name_just_before_it():
    got = relations(
        "The United States has long pressed North Korea over its weapons. On the same day, "
        "OFAC blacklisted two Chinese nationals, Zhang Lei and Chen Ming Hui, whom it "
        "accused of helping North Korean financial networks, and a shipping firm, Yantai "
        "Blue Sea Shipping Co., which it said had carried banned luxury goods to the North."
    )
    traders = {s for s, p, o in got if p == "tradesWith"}
    assert traders == {"yantai-blue-sea-shipping"}


def test_a_firm_handling_a_states_commerce_with_another_trades_with_it():
    got = relations(
        "OFAC designated Hunchun Golden Bridge Trading Co., a trading house that reportedly "
        "handled about a tenth of Russia's commerce with North Korea last year."
    )
    assert ("russia", "tradesWith", "dprk") in got
    assert ("hunchun-golden-bridge-trading", "tradesWith", "dprk") in got


def test_an_official_announcing_his_states_coming_sanctions_threatens_their_target():
    got = relations(
        "President Joe Biden said on Friday that Washington would expand its sanctions on Iran."
    )
    assert ("biden", "targets", "iran") in got
    assert ("usa", "targets", "iran") in got


def test_a_name_right_after_its_description_is_the_party():
    # The parser makes "Rostec" an adjective clause; it still names the conglomerate.
    got = relations(
        "OFAC added Sovcomflot to a list of shipping firms barred from raising U.S. debt, and "
        "subjected aerospace and engine conglomerate Rostec to a 14-day limit."
    )
    assert ("ofac", "targets", "rostec") in got


def test_a_comma_list_of_names_is_reached_from_any_of_its_names():
    got = relations(
        "The measure follows a decision announced on Tuesday by the United States, the "
        "European Union, Japan and Canada to stop the Central Bank of Iran from using its "
        "reserves."
    )
    for state in ("usa", "eu", "japan", "canada"):
        assert (state, "targets", "central-bank-of-iran") in got


def test_cut_off_from_a_network_does_not_target_the_network():
    got = relations(
        "The European Union named the five Iranian lenders to be cut off from SWIFT on Tuesday."
    )
    assert ("eu", "targets", "swift") not in got
    assert ("eu", "targets", "iran-banks") in got


def test_all_business_is_no_group():
    got = relations(
        "The Kremlin credited Medvedev with ordering the country's lenders to halt all "
        "business with Iran at once."
    )
    assert ("medvedev", "targets", "iran") in got
    assert not any(o == "business" for s, p, o in got)


def test_an_order_to_stop_serving_customers_targets_them_not_the_resolutions():
    got = relations(
        "Japan's central bank told lenders to stop serving Iranian customers, "
        "in line with U.N. sanctions."
    )
    assert ("japanese-central-bank", "targets", "iran-citizens") in got
    assert not any(o == "unsc-resolutions" for s, p, o in got)


def test_sending_a_notice_is_no_trade():
    got = relations(
        "Kyodo reported that the Bank of Japan had sent lenders a written notice telling them "
        "to stop serving new Iranian customers."
    )
    assert not any(p == "tradesWith" for s, p, o in got)


def test_an_acronym_for_a_thing_is_no_organisation():
    x = extract(
        "The Security Council adopted new sanctions on Iran. Exports of jet fuel and liquefied "
        "petroleum gas (LPG) to Iran were banned outright, the statement said."
    )
    assert "lpg" not in x.entities
    assert ("unsc", "targets", "iran") in triples(x)


def test_a_state_acting_under_a_resolution_has_it_as_basis_not_as_co_author():
    x = extract(
        "Japan's trade ministry banned imports of Iranian steel and copper under resolution "
        "2231, which the Security Council passed in July."
    )
    assert triples(x) == {("japanese-trade-ministry", "targets", "iran")}
    assert [m.legal_basis for m in x.measures] == [["unsc-2231"]]


def test_trade_that_may_happen_is_no_trade():
    got = relations(
        "Under the deal, member states together may sell Iran no more than "
        "300,000 barrels of diesel."
    )
    assert not any(p == "tradesWith" for s, p, o in got)


def test_calling_someone_a_name_parsed_as_two_objects():
    got = relations(
        "Venezuelan President Nicolas Maduro mocked the new sanctions. Trump responded by "
        "calling Maduro a “madman” whose regime would be “tested like never before.”"
    )
    assert ("trump", "targets", "maduro") in got


def test_it_after_a_rule_announced_by_a_body_is_that_body():
    # The parser reads "announced" as the main verb; "it" is still the rule's issuer.
    got = relations(
        "A final rule announced this week by the Office of Foreign Assets Control (OFAC), the "
        "Treasury's sanctions unit, bars U.S. banks from holding any correspondent account "
        "for Bank Sepah or run on its behalf. It also obliges them to make reasonable efforts "
        "to keep transactions involving the bank out of their accounts."
    )
    assert ("ofac", "orders", "usa-banks") in got
    assert ("bank-sepah", "orders", "usa-banks") not in got


def test_barred_from_dealing_with_a_party_targets_it():
    got = relations(
        "A final decision issued this week by the Office of Foreign Assets Control (OFAC), "
        "the Treasury's sanctions unit, bars U.S. banks from keeping accounts for Bank Sepah."
    )
    assert ("ofac", "targets", "bank-sepah") in got


def test_each_conjoined_reported_clause_of_wrongdoing_is_an_accusation():
    got = relations(
        "The Commerce Department said Halvor Marine Co. had smuggled diesel to Syria, and "
        "that Orsk Freight Co. had helped the navy buy parts, and that Orsk Freight was "
        "owned by a general."
    )
    assert ("us-commerce-department", "targets", "halvor-marine") in got
    assert ("us-commerce-department", "targets", "orsk-freight") in got


def test_a_parenthetical_speaker_accuses_the_subject_of_the_sentence():
    # "it" is the Treasury, who spoke last, not the firm just named.
    got = relations(
        "The Treasury said on Tuesday that Kestrel Tanker Co. had carried fuel for the army. "
        "Kestrel Tanker, it said, had been used to hide payments for arms."
    )
    assert ("us-treasury", "targets", "kestrel-tanker") in got
    assert ("kestrel-tanker", "targets", "kestrel-tanker") not in got


def test_a_firm_named_again_without_its_suffix_is_the_same_firm():
    x = extract(
        "The ministry froze the assets of Varna Cement Trading Ltd. on Monday. "
        "Varna Cement Trading denied any wrongdoing."
    )
    firms = [key for key in x.entities if "varna" in key]
    assert firms == ["varna-cement-trading"]
    assert {"Varna Cement Trading Ltd.", "Varna Cement Trading"} <= x.entities[firms[0]].aliases


def test_the_head_noun_of_a_name_points_back_to_it():
    got = relations(
        "Washington blacklisted the Caspian Reconstruction Fund on Friday. The Treasury said "
        "the fund had financed militias in the region."
    )
    assert ("us-treasury", "targets", "caspian-reconstruction-fund") in got


@pytest.mark.parametrize(
    "text",
    [
        "Ottawa barred Canadian insurers from buying or selling bonds issued by Belarus.",
        "The European Union prohibited its members from importing steel from Belarus.",
    ],
)
def test_trade_someone_is_barred_from_is_not_trade(text):
    got = relations(text)
    assert not {t for t in got if t[1] == "tradesWith"}
    assert {t for t in got if t[1] == "targets" and t[2] == "belarus"}


def test_trade_that_stopped_is_still_trade():
    got = relations("Austria stopped buying timber from Belarus in May.")
    assert ("austria", "tradesWith", "belarus") in got


def test_a_rule_announced_by_a_body_bars_what_the_parser_makes_its_subject():
    # The parser reads "announced" as the main verb and "U.S. banks" as the subject of
    # "bars"; the banks are the ones barred, and the rule is the Office's.
    got = relations(
        "A final rule announced this week by the Office of Foreign Assets Control (OFAC), the "
        "Treasury's sanctions unit, bars U.S. banks from holding any correspondent account "
        "for Bank Sepah or run on its behalf."
    )
    assert ("ofac", "targets", "bank-sepah") in got


def test_an_acronym_in_parentheses_and_its_later_uses_are_the_named_body():
    x = extract(
        "An order issued on Friday by the Export Control Agency (ECA), the ministry's trade "
        "unit, bars Swiss banks from trading with Belarus. The ECA said the order was final."
    )
    agencies = [key for key in x.entities if "export" in key or key == "eca"]
    assert agencies == ["export-control-agency"]
    assert "ECA" in x.entities["export-control-agency"].aliases


def test_a_resolution_limiting_goods_hits_the_state_the_article_sanctions():
    got = relations(
        "The Security Council put sanctions on Eritrea. Britain has also imposed sanctions on "
        "Eritrea. Resolution 2444 limits deliveries of jet fuel."
    )
    assert ("unsc-2444", "targets", "eritrea") in got


def test_a_limit_on_nothing_sanctioned_hits_no_one():
    got = relations(
        "The Security Council put sanctions on Eritrea. Britain has also imposed sanctions on "
        "Eritrea. The new budget limits spending on roads."
    )
    assert {o for _, p, o in got if p == "targets"} == {"eritrea"}


def test_a_year_in_a_date_is_not_a_resolution_number():
    x = extract(
        "Under the resolution, member states may sell Eritrea no more than 90,000 barrels of "
        "fuel a year from Jan. 1, 2019. A resolution passed in August, 2444, had banned arms."
    )
    assert "unsc-2019" not in x.entities
    assert "unsc-2444" in x.entities


def test_the_cause_of_sanctions_after_over_is_not_their_target():
    got = relations("Canada tightened sanctions on Russia on Monday over Ukraine.")
    assert ("canada", "targets", "russia") in got
    assert ("canada", "targets", "ukraine") not in got


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            'Moscow rejected as "baseless" British claims that its navy had seized the ship.',
            "uk",
        ),
        (
            "Iran's foreign ministry dismissed as false a report in the Financial Times that "
            "Iranian oil was reaching Syria.",
            "financial-times",
        ),
    ],
)
def test_a_denied_claim_belongs_to_who_made_or_printed_it(text, claimant):
    got = relations(text)
    assert claimant in {o for _, p, o in got if p == "denies"}


def test_the_notice_said_speaks_for_whoever_issued_the_notice():
    got = relations(
        "Japan banned Iranian oil. In a notice on Monday, the Japanese trade ministry said it "
        "would apply the ban. Japanese refiners must stop buying Iranian crude, the notice "
        "said."
    )
    assert ("japanese-trade-ministry", "orders", "japan-companies") in got


def test_own_people_told_to_stop_carry_the_step_and_the_clause_names_who_is_hit():
    got = relations(
        "Japan banned Iranian oil on Monday. Japanese firms must stop buying Iranian crude, "
        "the Japanese trade ministry said."
    )
    assert ("japanese-trade-ministry", "orders", "japan-companies") in got
    assert ("japanese-trade-ministry", "targets", "iran") in got
    assert ("japanese-trade-ministry", "targets", "japan-companies") not in got


@pytest.mark.parametrize(
    "text",
    [
        "The Jordan Ministry of Finance froze the accounts of Sidon Trading Co.",
        "Jordan's Ministry of Finance froze the accounts of Sidon Trading Co.",
    ],
)
def test_a_body_named_after_its_state_belongs_to_that_state(text):
    x = extract("Russia's finance ministry said on Monday it would act. " + text)
    assert ("jordan-ministry-of-finance", "targets", "sidon-trading") in triples(x)
    assert x.entities["jordan-ministry-of-finance"].types == ("Government",)


def test_a_state_the_reference_lists_is_a_state_to_the_rules():
    # Italy is no special case: its demonym makes a group of its firms.
    got = relations("Italy ordered Italian banks to close the accounts of Eritrean firms.")
    assert ("italy", "orders", "italy-banks") in got
    assert ("italy", "targets", "eritrea-companies") in got


def test_a_name_right_before_told_is_the_speaker_not_a_list_member():
    # The parser makes the secretary one more conjunct of the list of firms.
    got = relations(
        "Japan will freeze the assets of 19 groups, including two Laos-based firms, Vientiane "
        "Ore Trading Co and Pakse Freight Logistics, as well as Myanmar's Union Gem Bank and "
        "Mandalay Jade Corp, Chief Cabinet Secretary Yoshihide Suga told reporters."
    )
    hit = {o for _, p, o in got if p == "targets"}
    assert "mandalay-jade" in hit
    assert "yoshihide-suga" not in hit


def test_a_share_of_a_states_amount_in_trade_is_trade_with_it():
    got = relations(
        "Thailand, by contrast, accounted for 80 percent of Laos's $4 billion in trade."
    )
    assert ("thailand", "tradesWith", "laos") in got


@pytest.mark.parametrize(
    ("call", "hit"),
    [
        ("Hanoi opposed the sanctions, calling them a violation of international law.", True),
        ("Hanoi called the sanctions illegal.", True),
        ("Hanoi called the sanctions a mistake.", False),
    ],
)
def test_calling_a_measure_unlawful_targets_its_imposer(call, hit):
    got = relations("Australia imposed sanctions on Laotian banks on Friday. " + call)
    assert (("vietnam", "targets", "australia") in got) is hit


def test_a_name_cut_short_as_a_person_ends_at_its_word_for_a_bank():
    x = extract("The U.S. Justice Department accused Yanbian Xinlong Commercial Bank on Wednesday.")
    assert "yanbian-xinlong-commercial-bank" in x.entities
    assert x.entities["yanbian-xinlong-commercial-bank"].types == ("Bank",)


def test_the_accusations_denied_are_those_made_against_the_denier():
    got = relations(
        "The U.S. Justice Department accused Yanbian Xinlong Commercial Bank on Wednesday of "
        "moving money for Syrian front companies. In a statement on Thursday, the bank "
        'called the accusations "groundless".'
    )
    assert ("yanbian-xinlong-commercial-bank", "denies", "us-justice-department") in got


def test_a_firm_of_a_state_is_not_the_state():
    got = relations("The Treasury accused a small Chinese lender of helping Syria.")
    assert ("us-treasury", "targets", "china") not in got


@pytest.mark.parametrize(
    "text",
    [
        "The Treasury blacklisted a Chinese refiner, Hengli Petrochemical, for buying oil "
        "from Iran.",
        "A Chinese refiner was sanctioned by Washington for buying Iranian crude.",
    ],
)
def test_who_is_punished_for_buying_did_the_buying_and_is_no_state(text):
    got = relations(text)
    assert not {s for s, p, o in got if p == "tradesWith"} & {"us-treasury", "usa", "china"}
    assert not any(p == "targets" and o == "china" for s, p, o in got)


def test_the_firm_blacklisted_for_buying_trades_with_the_seller():
    got = relations(
        "The Treasury blacklisted a Chinese refiner, Hengli Petrochemical, for buying oil "
        "from Iran."
    )
    assert ("us-treasury", "targets", "hengli-petrochemical") in got
    assert ("hengli-petrochemical", "tradesWith", "iran") in got


def test_a_name_in_apposition_with_a_word_for_a_firm_is_a_firm():
    x = extract(
        "Washington sanctioned Kuo Feng, a Taiwanese shipping firm, for carrying Iranian crude."
    )
    assert x.entities["kuo-feng"].types == ("Organization",)
    assert ("kuo-feng", "tradesWith", "iran") in triples(x)
    person = extract("Washington sanctioned Mei Lan, a Chinese official, for her role.")
    assert "Organization" not in person.entities["mei-lan"].types


def test_a_verb_and_its_noun_report_one_measure():
    x = extract("Tokyo said it would impose fresh penalties on Pyongyang.")
    assert [(m.imposed_by, m.targets, m.status) for m in x.measures] == [
        (["japan"], ["dprk"], "proposed")
    ]
    two = extract("Australia imposed travel bans and asset freezes on five Myanmar generals.")
    assert sorted(m.kind for m in two.measures) == ["asset-freeze", "travel-ban"]


def test_the_reason_for_a_measure_is_not_its_kind():
    x = extract("Washington imposed sanctions on Bank of Dandong for buying Iranian oil.")
    assert [m.kind for m in x.measures] == ["sanctions"]


@pytest.mark.parametrize(
    "text, hit",
    [
        (
            "Australia imposed asset freezes on five Myanmar generals.",
            "myanmar-military-commanders",
        ),
        ("Beijing imposed sanctions on ten Canadian lawmakers.", "canada-lawmakers"),
    ],
)
def test_generals_and_lawmakers_of_a_state_are_a_group(text, hit):
    got = relations(text)
    assert any(p == "targets" and o == hit for s, p, o in got)
    assert not any(p == "targets" and o in {"myanmar", "canada"} for s, p, o in got)


@pytest.mark.parametrize(
    "text, threat",
    [
        (
            "Officials in Washington warned that Rosoboronexport could face sanctions if "
            "Moscow did not withdraw.",
            ("usa", "targets", "rosoboronexport"),
        ),
        (
            "Chinese banks that keep serving North Korean clients could face U.S. sanctions, "
            "Mnuchin said.",
            ("usa", "targets", "china-banks"),
        ),
    ],
)
def test_a_party_that_could_face_sanctions_is_threatened(text, threat):
    x = extract(text)
    assert threat in triples(x)
    assert [(m.imposed_by[0], m.targets[0], m.status) for m in x.measures] == [
        (threat[0], threat[2], "proposed")
    ]


def test_a_party_that_will_not_face_sanctions_is_not_threatened():
    got = relations("Bank of Dandong will not face sanctions, the Treasury said.")
    assert not any(p == "targets" for s, p, o in got)


@pytest.mark.parametrize(
    "text, imposer",
    [
        ("The EU imposed new sanctions on Russia. The sanctions target Sberbank and VTB.", "eu"),
        ("The EU imposed new sanctions on Russia. They also cover Sberbank and VTB.", "eu"),
        (
            "The measures, announced by the Treasury on Friday, target Sberbank and VTB.",
            "us-treasury",
        ),
        ("The European Union's lending curbs were also extended to Sberbank and VTB.", "eu"),
        (
            "Britain froze the assets of two oligarchs. The freeze applies to Sberbank and VTB.",
            "uk",
        ),
    ],
)
def test_a_measure_that_reaches_a_party_is_aimed_at_it(text, imposer):
    x = extract(text)
    assert {(imposer, "targets", "sberbank"), (imposer, "targets", "vtb")} <= triples(x)
    assert any(set(m.targets) == {"sberbank", "vtb"} for m in x.measures)


@pytest.mark.parametrize(
    "text, imposer, hit",
    [
        ("Three Chinese firms were hit with U.S. sanctions on Tuesday.", "usa", "china-companies"),
        (
            "Bank of Dandong was placed on the Entity List by the Commerce Department.",
            "us-commerce-department",
            "bank-of-dandong",
        ),
        ("The Treasury put Bank of Dandong under sanctions.", "us-treasury", "bank-of-dandong"),
        (
            "The Treasury imposed sanctions on Iran in May. In June, two Indian refiners were "
            "added to the list.",
            "us-treasury",
            "india-companies",
        ),
    ],
)
def test_a_party_put_under_sanctions_or_on_a_list_is_their_target(text, imposer, hit):
    assert (imposer, "targets", hit) in relations(text)


def test_the_list_a_party_is_added_to_is_no_target():
    got = relations("The Commerce Department added Huawei and 68 affiliates to its Entity List.")
    assert ("us-commerce-department", "targets", "huawei") in got
    assert not any(o == "entity-list" for s, p, o in got)


@pytest.mark.parametrize(
    "text, pair",
    [
        ("India and China sharply increased their purchases of Russian oil.", ("china", "russia")),
        ("Imports of Russian crude by India jumped tenfold in April.", ("india", "russia")),
        ("China remained the biggest buyer of Iranian oil last year.", ("china", "iran")),
        ("India, the third-largest buyer of Iranian crude, cut its orders.", ("india", "iran")),
    ],
)
def test_buying_goods_of_a_state_is_trade_with_it(text, pair):
    got = relations(text)
    assert (pair[0], "tradesWith", pair[1]) in got or (pair[1], "tradesWith", pair[0]) in got


def test_countermeasures_against_a_party_target_it():
    assert ("china", "targets", "usa") in relations(
        "In response, China announced countermeasures against the United States."
    )


def test_forbidding_a_party_to_act_orders_it_but_forbidding_goods_does_not():
    got = relations(
        "The EU blocking statute forbids European companies to comply with U.S. sanctions."
    )
    assert ("eu", "orders", "eu-companies") in got
    assert not any(
        p == "orders" for s, p, o in relations("The EU forbids exports of steel to Russia.")
    )


def test_a_bank_described_by_its_state_is_a_bank_or_the_name_it_describes():
    x = extract("The Treasury accused a Chinese border bank of laundering money.")
    assert x.entities["chinese-border-bank"].types == ("Bank",)
    named = extract("The bloc blacklisted Sberbank, Russia's biggest bank, in June.")
    assert all(
        "Government" not in e.types or k in {"russia", "eu"} for k, e in named.entities.items()
    )


def test_a_list_of_names_right_before_a_verb_the_parser_left_without_subject_is_its_subject():
    got = relations(
        "In a parallel step that stunned Russian officials, the United States, the EU, "
        "Britain and Japan froze the assets of the Bank of Russia."
    )
    assert {(k, "targets", "bank-of-russia") for k in ("usa", "eu", "uk", "japan")} <= got


def test_ministers_from_an_organisation_act_for_it():
    got = relations(
        "Finance ministers from the Group of Seven agreed to cap the price of Russian oil."
    )
    assert ("g7", "targets", "russia") in got


def test_brokers_of_a_state_told_to_stop_are_a_group():
    got = relations(
        "Russia's central bank responded by ordering domestic brokers to stop selling bonds."
    )
    assert ("bank-of-russia", "orders", "russia-companies") in got


@pytest.mark.parametrize(
    "text, hit",
    [
        (
            "The Treasury blacklisted Rosneft on Tuesday. The company described the decision "
            "as illegal.",
            ("rosneft", "targets", "usa"),
        ),
        (
            "Washington imposed sanctions on Ankara. President Tayyip Erdogan described the "
            "sanctions as an open assault on Turkey's sovereign rights.",
            ("tayyip-erdogan", "targets", "usa"),
        ),
        (
            "Washington imposed sanctions on Rosneft. Peskov said Russia regarded such "
            "unilateral restrictions as illegitimate.",
            ("peskov", "targets", "usa"),
        ),
    ],
)
def test_describing_a_measure_as_unlawful_or_an_attack_targets_its_imposer(text, hit):
    assert hit in relations(text)


def test_describing_a_measure_as_a_mistake_targets_no_one():
    got = relations(
        "Washington imposed sanctions on Ankara. President Tayyip Erdogan described the "
        "sanctions as a mistake."
    )
    assert ("tayyip-erdogan", "targets", "usa") not in got


def test_going_on_buying_is_no_attack_but_going_after_is():
    got = relations("India and China went on buying Venezuelan oil, much of it taken by Reliance.")
    assert not any(p == "targets" for s, p, o in got)
    assert ("usa", "targets", "venezuela") in relations(
        "The order allows Washington to go after any sector of the Venezuelan economy."
    )


def test_a_party_shut_out_in_a_participle_clause_shuts_out_no_one():
    got = relations("Shut out of the United States, PDVSA turned to Asia.")
    assert ("pdvsa", "targets", "usa") not in got


def test_a_description_in_apposition_adds_no_party():
    got = relations(
        "The EU imposed sanctions on Russia. The financing curbs were also extended to "
        "Rosneft, Transneft and Gazprom Neft, the oil arm of state gas exporter Gazprom."
    )
    assert ("eu", "targets", "gazprom-neft") in got
    assert ("eu", "targets", "gazprom") not in got


def test_those_listed_are_the_parties_of_the_last_measure():
    got = relations(
        "The EU imposed sanctions on four Chinese officials. Those listed included Zhu "
        "Hailun, a former party chief of Xinjiang, and Wang Junzheng."
    )
    assert {("eu", "targets", "zhu-hailun"), ("eu", "targets", "wang-junzheng")} <= got
    assert not any(o == "xinjiang" for s, p, o in got)  # where Zhu was chief is no party


def test_sanctions_said_to_rest_on_lies_are_denied_to_their_owner():
    got = relations(
        "The EU imposed sanctions on four Chinese officials. Hua Chunying, a foreign "
        'ministry spokeswoman, said the EU\'s sanctions rested on "nothing but lies".'
    )
    assert ("hua-chunying", "denies", "eu") in got


def test_a_dateline_is_no_part_of_the_first_sentence():
    x = extract(
        "LONDON, Sept 2, 2022 (Wire) - Finance ministers from the Group of Seven agreed on "
        "Friday to cap the price of Russian oil."
    )
    assert ("uk", "targets", "russia") not in triples(x)
    assert ("g7", "targets", "russia") in triples(x)
    (measure,) = x.measures
    assert measure.evidence.text.startswith("Finance ministers")


def test_named_executives_of_a_firm_are_hit_not_the_firm():
    got = relations(
        "The EU had already blacklisted two executives of the Turkish Petroleum Corporation, "
        "Mehmet Akalin and Ali Namoglu, in February."
    )
    assert not any(o == "turkish-petroleum" for s, p, o in got)
    assert ("eu", "targets", "ali-namoglu") in got


def test_the_act_a_party_is_hit_with_is_no_party():
    got = relations("Turkey vows no retreat after U.S. hits arms agency with CAATSA sanctions")
    assert not any(o == "caatsa" for s, p, o in got)


def test_rejecting_a_decision_denies_no_claim_but_dismissing_it_as_groundless_does():
    rejected = relations(
        "Washington imposed sanctions on Ankara. The Turkish foreign ministry said it "
        "condemned and rejected the decision, which it called a grave mistake."
    )
    assert not any(p == "denies" for s, p, o in rejected)
    dismissed = relations(
        "Washington imposed sanctions on Moscow. Russia dismissed the U.S. sanctions as groundless."
    )
    assert ("russia", "denies", "usa") in dismissed


def test_a_measure_called_a_violation_in_a_relative_clause_targets_its_imposer():
    got = relations(
        "G7 ministers agreed to cap the price of Russian oil. Dmitry Peskov told reporters "
        "that Russia would stop supplying oil to countries that joined the cap, which he "
        "called a gross violation of market rules."
    )
    assert ("peskov", "targets", "g7") in got


def test_a_known_firms_unit_named_after_it_is_a_firm_of_its_own():
    x = extract(
        "The United States imposed sanctions on Rosneft Trading S.A., the Geneva-registered "
        "unit of the oil producer Rosneft. Later Rosneft Trading said it had done nothing wrong."
    )
    assert ("usa", "targets", "rosneft-trading") in triples(x)
    assert ("usa", "targets", "rosneft") not in triples(x)
    assert "Rosneft Trading" in x.entities["rosneft-trading"].aliases


@pytest.mark.parametrize(
    "text",
    [
        "Washington sanctioned the Presidency of Defence Industries, known by its Turkish "
        "initials SSB. The SSB said it would appeal.",
        "Washington sanctioned the Presidency of Defence Industries, or SSB. The SSB said it "
        "would appeal.",
    ],
)
def test_an_acronym_a_body_is_known_by_names_it(text):
    x = extract(text)
    body = x.entities["presidency-of-defence-industries"]
    assert "SSB" in body.aliases
    assert "Government" in body.types


def test_a_measure_aimed_at_one_party_and_at_another_hits_both():
    got = relations(
        "The United States imposed sanctions on Turkey. The measures, announced by Mike "
        "Pompeo, are aimed at the Presidency of Defence Industries and at its president, "
        "Ismail Demir."
    )
    assert {
        ("pompeo", "targets", "presidency-of-defence-industries"),
        ("pompeo", "targets", "ismail-demir"),
    } <= got


def test_members_named_among_the_parties_hit_are_hit_too():
    x = extract(
        "The Chinese foreign ministry announced sanctions on ten Europeans and four entities, "
        "among them five members of the European Parliament - including Reinhard Butikofer "
        "and the French lawmaker Raphael Glucksmann - as well as Adrian Zenz, a German "
        "researcher."
    )
    hit = {o for s, p, o in triples(x) if p == "targets"}
    assert {"reinhard-butikofer", "raphael-glucksmann", "adrian-zenz"} <= hit
    (measure,) = x.measures
    assert "adrian-zenz" in measure.targets


def test_members_named_among_those_told_to_act_are_not_hit():
    got = relations(
        "Beijing instructed the big state banks as well as some smaller lenders, among them "
        "Shanghai Pudong Development Bank, to stop North Korean citizens from opening accounts."
    )
    assert not any(p == "targets" and o == "spdb" for s, p, o in got)


def test_the_imposers_name_gives_no_kind_to_its_measure():
    x = extract("The Chinese foreign ministry announced sanctions on ten Europeans.")
    assert [m.kind for m in x.measures] == ["sanctions"]


def test_a_firm_name_keeps_every_suffix_and_its_place_is_no_party():
    x = extract(
        "The Treasury designated Oceanic Crest Shipping Co. Ltd. of Hong Kong and Baltimar "
        "Navigation Co. of Panama."
    )
    firm = x.entities["oceanic-crest-shipping"]
    assert firm.label == "Oceanic Crest Shipping Co. Ltd."
    assert "Oceanic Crest Shipping" in firm.aliases  # the name without its suffixes
    got = triples(x)
    assert ("us-treasury", "targets", "oceanic-crest-shipping") in got
    assert not any(o in {"hong-kong", "panama"} for s, p, o in got)


@pytest.mark.parametrize(
    "text, order",
    [
        (
            "The Treasury designated Baltimar Navigation Co. on Thursday. U.S. financial "
            "institutions are required to block any transactions involving the firm.",
            ("us-treasury", "orders", "usa-banks"),
        ),
        (
            "Chinese banks are required to close the accounts of North Korean firms, "
            "China's central bank said.",
            ("pboc", "orders", "china-banks"),
        ),
    ],
)
def test_a_party_required_to_act_is_ordered_by_the_speaker_or_the_last_imposer(text, order):
    assert order in relations(text)


def test_a_party_forbidden_to_act_is_barred_not_ordered():
    got = relations(
        "The Treasury designated PDVSA in January. Americans have been forbidden to touch "
        "its cargoes since then."
    )
    assert not any(p == "orders" for s, p, o in got)


@pytest.mark.parametrize(
    "text, pair",
    [
        ("China, Iran's largest customer, was granted its waiver last week.", ("china", "iran")),
        (
            "The EU is Cuba's largest foreign investor and its biggest trading partner.",
            ("eu", "cuba"),
        ),
        (
            "Even under the embargo the United States sold Cuba about $220 million of food.",
            ("usa", "cuba"),
        ),
    ],
)
def test_a_states_customer_or_partner_and_a_sale_to_a_state_are_trade(text, pair):
    got = relations(text)
    assert (pair[0], "tradesWith", pair[1]) in got or (pair[1], "tradesWith", pair[0]) in got


def test_its_in_an_apposition_is_not_the_name_it_describes():
    got = relations("Neither China, its biggest trading partner, nor Thailand has acted.")
    assert not any(p == "tradesWith" for s, p, o in got)


def test_neither_nor_negates_the_clause():
    x = extract("Neither China nor Thailand has taken any measures against Myanmar.")
    assert not triples(x)
    assert {a.polarity for a in x.assertions} == {"negative"}


@pytest.mark.parametrize(
    "text, taken",
    [
        (
            "The EU imposed sanctions on four Chinese officials. Those listed included Zhu "
            "Hailun and Wang Junzheng. Britain and Canada mirrored the EU's list on the same day.",
            {("uk", "targets", "zhu-hailun"), ("canada", "targets", "wang-junzheng")},
        ),
        (
            "The EU imposed sanctions on Rosneft. Japan followed suit a week later.",
            {("japan", "targets", "rosneft")},
        ),
    ],
)
def test_a_state_that_takes_over_a_measure_hits_its_targets(text, taken):
    assert taken <= relations(text)


def test_following_a_measure_is_complying_not_taking_it_over():
    got = relations(
        "The UN imposed new measures on North Korea. Mnuchin warned that if China failed to "
        "follow the new U.N. measures, Washington would act."
    )
    assert ("china", "targets", "dprk") not in got


def test_a_subject_pronoun_continues_the_main_subject_of_the_sentence_before():
    got = relations(
        "Resolution 2270 came eight weeks after Pyongyang carried out its fourth nuclear "
        "test. It requires all UN member states to inspect every cargo."
    )
    assert ("unsc-2270", "orders", "un-member-states") in got
    assert ("dprk", "orders", "un-member-states") not in got


def test_a_name_run_into_a_date_ends_before_it_and_the_council_is_the_council_named():
    x = extract(
        "The Security Council met on Friday. The resolution was adopted by the council on March 2."
    )
    assert not any("march" in k for k in x.entities)
    assert not any(k == "council" for k in x.entities)


def test_a_spokesman_for_a_states_ministry_speaks_for_it():
    got = relations(
        "The UN Security Council adopted Resolution 2270. A spokesman for North Korea's "
        "foreign ministry denounced the resolution as a grave violation of its sovereignty."
    )
    assert ("dprk-foreign-ministry", "targets", "unsc-2270") in got


def test_a_clause_joined_to_an_order_is_a_measure_of_its_own():
    got = relations(
        "Resolution 2270 requires all UN member states to inspect every cargo, and it bars "
        "North Korea from exporting coal, except for shipments for livelihood purposes."
    )
    assert ("unsc-2270", "targets", "dprk") in got


def test_those_spared_by_an_exception_are_not_hit():
    got = relations(
        "The ministry said China would ban sales of jet fuel to North Korea, except to "
        "civilian passenger aircraft."
    )
    assert not any("aircraft" in o for s, p, o in got)


def test_a_passive_step_by_an_unnamed_agent_is_not_the_last_imposers():
    got = relations(
        "The EU froze the reserves of the Bank of Russia. Peskov said the payments had been "
        "blocked by foreign intermediaries."
    )
    assert [t for t in got if t[0] == "eu"] == [("eu", "targets", "bank-of-russia")]


def test_a_states_officials_accuse_for_the_state():
    got = relations(
        "Syrian officials have long accused Brussels of waging economic war on the people."
    )
    assert ("syria", "targets", "eu") in got


def test_facing_the_same_treatment_is_a_threat_read_once():
    got = relations(
        "The Treasury cut off Bank of Dandong. Mnuchin warned that other Chinese lenders "
        "would face the same treatment if they kept handling North Korean money."
    )
    assert ("mnuchin", "targets", "china-banks") in got
    assert not any(o == "dprk" for s, p, o in got)


def test_officials_before_a_list_of_states_are_not_its_head():
    got = relations(
        "In a parallel step that stunned Russian officials, the United States, the EU, "
        "Britain and Japan froze the assets of the Bank of Russia."
    )
    assert ("russia", "targets", "bank-of-russia") not in got


def test_a_group_joined_to_a_states_group_shares_its_state():
    got = relations(
        "The Treasury blacklisted Bank of Dandong. Any property it holds under American "
        "jurisdiction is now frozen, and U.S. citizens and companies are generally barred "
        "from dealing with it."
    )
    assert not any(p == "targets" and o in {"companies", "usa-companies"} for s, p, o in got)


def test_own_people_are_no_group_of_their_own():
    x = extract("The officials said the generals were shooting their own people.")
    assert not any("own" in k for k in x.entities)


@pytest.mark.parametrize(
    "text",
    [
        "American citizens may not travel to Cuba. Both laws forbid companies to comply "
        "with the U.S. measures, and they require European companies to notify the "
        "authorities.",
        "American citizens may not visit. Carnival and Royal Caribbean said they would divert "
        "their ships.",
    ],
)
def test_they_for_what_no_single_name_names_stays_unresolved(text):
    got = relations(text)
    assert not any(s == "usa-citizens" for s, p, o in got)


def test_trade_pairs_only_what_one_trade_word_joins():
    got = relations(
        "The EU is Cuba's biggest trading partner, while Canada does roughly C$1 billion of "
        "trade with Cuba."
    )
    assert ("eu", "tradesWith", "cuba") in got
    assert ("canada", "tradesWith", "cuba") in got
    assert ("canada", "tradesWith", "eu") not in got and ("eu", "tradesWith", "canada") not in got


def test_denying_having_ordered_something_is_a_denial():
    got = relations(
        "The Treasury said India had ordered its banks to cut ties with Iran. India denied "
        "that it had ordered the banks to cut ties."
    )
    assert any(s == "india" and p == "denies" for s, p, o in got)


def test_a_head_noun_with_a_name_of_its_own_is_not_the_name_before():
    x = extract(
        "Crude exports fell, according to the International Energy Agency. David Cohen, "
        "the US Treasury's under-secretary, told a panel that the currency was in free fall. "
        "Mahmoud Bahmani, the governor of the Central Bank of Iran, told the semi-official "
        "Fars news agency that Cohen's assertion was baseless."
    )
    assert not any(
        a.predicate == "denies" and a.object == "international-energy-agency" for a in x.assertions
    )


def test_it_after_an_unnamed_main_subject_is_that_thing():
    got = relations(
        "The ban, which EU ministers agreed in January after Iran again refused to curb its "
        "enrichment of uranium, prohibits the import of Iranian crude. It has forced Italy, "
        "Spain and Greece to look for other suppliers."
    )
    assert not any(s == "iran" for s, p, o in got)


def test_a_passive_step_under_an_instrument_is_its_makers():
    got = relations(
        "Washington has applied pressure through the National Defense Authorization Act, "
        "which Congress passed in December and under which any foreign bank that settles "
        "oil transactions with Iran can be cut off from the US financial system."
    )
    assert {("us-congress", "targets", "foreign-banks"), ("usa", "targets", "foreign-banks")} <= got


def test_a_state_orders_its_security_forces_to_close_borders_with_others():
    got = relations(
        "ECOWAS closed its borders with Mali. Mali said it had instructed its security "
        "forces to close the country's borders with ECOWAS member states."
    )
    assert ("mali", "orders", "mali-forces") in got
    assert ("mali", "targets", "mali-forces") not in got


def test_the_speaker_accuses_in_a_clause_joined_to_what_he_said():
    got = relations(
        "ECOWAS closed its borders with Mali. Jean-Yves Le Drian, the French foreign "
        "minister, told lawmakers that the junta was illegitimate and accused it of bringing "
        "in mercenaries."
    )
    assert ("jean-yves-le-drian", "targets", "mali") in got


@pytest.mark.parametrize(
    "text",
    [
        "Officials said any company that buys Venezuelan gold could now be added to the list.",
        "Firms that buy Iranian oil will face sanctions, the Treasury said.",
        "Gulf Meridian Trading said it had never traded a single ounce of Venezuelan gold.",
    ],
)
def test_supposed_or_denied_buying_is_no_trade(text):
    assert not any(p == "tradesWith" for s, p, o in relations(text))


def test_a_headline_surname_taken_for_a_place_is_the_persons():
    x = extract(
        "Treasury lifts sanctions on Rusal as Deripaska gives up control\n\n"
        "The Treasury said the Russian billionaire Oleg Deripaska had agreed to cut his stake. "
        "It had required Deripaska to cut his stake in En+."
    )
    assert "deripaska" not in x.entities
    assert ("us-treasury", "orders", "oleg-deripaska") in triples(x)


def test_the_administration_is_the_state_named_by_its_administration():
    got = relations(
        "The Trump administration lifted the sanctions on Rusal. Chuck Schumer, the Senate "
        "Democratic leader, accused the administration of going soft on Moscow."
    )
    assert ("chuck-schumer", "targets", "usa") in got


def test_a_measure_said_by_a_copula_to_be_a_breach_targets_its_imposer():
    got = relations(
        "The Arab League voted sanctions on Syria. The foreign minister, Walid al-Muallem, "
        "said the Arab decision was a breach of the league's own charter."
    )
    assert ("walid-al-muallem", "targets", "arab-league") in got


def test_a_title_with_a_name_in_apposition_is_that_person_not_the_last_holder():
    got = relations(
        "Sheikh Hamad bin Jassim, the prime minister of Qatar, said the league had acted. "
        "The Arab League voted sanctions on Syria. The foreign minister, Walid al-Muallem, "
        "said the Arab decision was a breach of the league's charter."
    )
    assert not any(s.startswith("hamad") and p == "targets" for s, p, o in got)


def test_an_organisations_members_act_for_it():
    got = relations(
        "Foreign ministers from 19 of the Arab League's 22 members voted to freeze the Syrian "
        "government's assets."
    )
    assert ("arab-league", "targets", "syria") in got


def test_commanding_a_unit_is_no_order():
    got = relations("Maher al-Assad commands the army's elite Fourth Armoured Division.")
    assert not any(p == "orders" for s, p, o in got)


def test_a_party_added_after_a_list_was_named_is_added_to_it_with_its_companions():
    got = relations(
        "Brussels has also lengthened its list of those whose assets are frozen. The "
        "Commercial Bank of Syria was added in October along with its Beirut-based "
        "subsidiary, the Syrian Lebanese Commercial Bank."
    )
    assert {
        ("eu", "targets", "commercial-bank-of-syria"),
        ("eu", "targets", "syrian-lebanese-commercial-bank"),
    } <= got


def test_a_bank_ordered_to_stop_in_a_complement_of_its_own_imposes_nothing():
    got = relations(
        "China ordered X<img src=x onerror=alert(1)>Star Bank to stop opening accounts for "
        "North Koreans, officials said."
    )
    assert not any(p == "targets" and "bank" in s for s, p, o in got)


def test_a_state_buying_with_no_seller_named_buys_from_the_state_the_article_hits():
    got = relations(
        "The EU imposed an embargo on Iranian crude. The US also sanctioned Iran's central "
        "bank and imposed sanctions on Iran's oil exports. Japan, which cut its imports by "
        "about a fifth, won an exemption, and India had been importing around 350,000 "
        "barrels a day."
    )
    assert ("japan", "tradesWith", "iran") in got or ("iran", "tradesWith", "japan") in got
    assert ("india", "tradesWith", "iran") in got or ("iran", "tradesWith", "india") in got


def test_selling_with_no_buyer_named_is_no_trade_with_the_state_the_article_hits():
    got = relations(
        "The UN imposed sanctions on North Korea. The UN also banned North Korea's coal "
        "exports. The U.S. wanted to bar crude oil shipments to the regime as well as its "
        "textile exports."
    )
    assert not any(p == "tradesWith" and "usa" in (s, o) for s, p, o in got)


def test_parties_bound_under_the_rules_are_ordered_by_the_rules_imposer():
    got = relations(
        "The Treasury imposed sanctions on PDVSA on Monday. Under the rules, U.S. refiners "
        "that keep buying Venezuelan crude must pay into blocked accounts."
    )
    assert ("us-treasury", "orders", "usa-companies") in got


def test_a_states_officials_deny_for_the_state():
    got = relations(
        "Washington argued that the S-400 could expose the F-35. Turkish officials have long "
        "dismissed Washington's argument."
    )
    assert ("turkey", "denies", "usa") in got


def test_members_named_after_including_are_the_names_not_what_is_said_of_them():
    got = relations(
        "The Chinese foreign ministry announced sanctions on ten Europeans and four entities, "
        "among them five lawmakers - including Reinhard Butikofer, the German Green who chairs "
        "the delegation for relations with China - as well as Adrian Zenz, whose work on "
        "Xinjiang has been widely cited."
    )
    assert ("china-foreign-ministry", "targets", "adrian-zenz") in got
    assert not any(o in {"china", "xinjiang"} for s, p, o in got)


def test_an_acronym_after_or_is_the_name_again_not_one_more_member():
    got = relations(
        "The United States imposed sanctions on Turkey. The measures, announced by Secretary "
        "of State Mike Pompeo under Section 231 of the Countering America's Adversaries "
        "Through Sanctions Act, or CAATSA, are aimed at the Presidency of Defence Industries."
    )
    assert ("pompeo", "targets", "presidency-of-defence-industries") in got
    assert not any(s == "caatsa" for s, p, o in got)


def test_the_company_as_subject_continues_the_main_subject_of_the_sentence_before():
    got = relations(
        "The Treasury blacklisted Rosneft Trading on Tuesday. Rosneft, which has lent "
        "billions to Caracas, rejected the Treasury's assertion, saying its dealings with "
        "PDVSA were lawful. The company described the decision as illegal."
    )
    assert ("rosneft", "targets", "usa") in got
    assert ("pdvsa", "targets", "usa") not in got


def test_the_state_an_article_sanctions_is_the_one_its_measures_hit_not_its_critics():
    got = relations(
        "The Treasury blacklisted PDVSA and froze its assets. Maduro called the measure "
        "illegal and said the United States was trying to seize Venezuela's wealth. Peskov "
        "said Russia regarded such restrictions as illegitimate. India and China went on "
        "buying Venezuelan oil, with India's purchases averaging 300,000 barrels a day."
    )
    assert not any(p == "tradesWith" and "usa" in (s, o) for s, p, o in got)


def test_claims_rejected_as_lies_are_the_claimants_even_when_misread_as_a_clause():
    got = relations(
        "The United States imposed sanctions on PDVSA on Monday. Speaking on state "
        'television, Maduro called the sanctions "illegal" and accused Washington of trying '
        "to steal Citgo. He said he had ordered PDVSA to take legal action in U.S. courts. "
        'He also rejected as "lies" U.S. claims that last year\'s presidential election '
        "had been rigged."
    )
    assert ("maduro", "denies", "usa") in got
    assert ("usa", "denies", "maduro") not in got


def test_a_round_of_sanctions_aimed_at_someone_is_its_owners_measure_for_what_follows():
    got = extract(
        "The Treasury Department said the firms had bankrolled the coup. The move follows "
        "a first package of British sanctions, unveiled in May, that was aimed at the "
        "relatives of General Hamid Okonjo. His brother, Tunde Okonjo, was blacklisted too."
    )
    # The relative clause is the package's, past the participle phrase, whatever noun
    # the parser hangs it on; the package is Britain's measure, and so the next step.
    assert ("uk", "targets", "hamid-okonjo") in triples(got)
    assert ("uk", "targets", "tunde-okonjo") in triples(got)
    assert not any(s == "us-treasury" and "okonjo" in o for s, p, o in triples(got))
    assert any(m.imposed_by == ["uk"] and "hamid-okonjo" in m.targets for m in got.measures)


@pytest.mark.parametrize(
    ("text", "hit", "not_hit"),
    [
        ("The Trump administration barred tour boats from sailing to Cuba.", "cuba", None),
        ("The EU banned European airlines from flying to Belarus.", "belarus", "eu-airlines"),
        ("The Treasury barred Americans from visiting Cuba.", "cuba", None),
        # a place of the imposer's own is where the ban applies, not whom it hits
        ("Britain barred Russian ships from docking in British ports.", "russia-vessels", "uk"),
    ],
)
def test_the_state_a_ban_forbids_going_to_is_its_target(text, hit, not_hit):
    got = relations(text)
    targets = {o for s, p, o in got if p == "targets"}
    assert hit in targets
    assert not_hit not in targets
    assert not any("boats" in o or "americans" in o for o in targets)


@pytest.mark.parametrize(
    "said",
    [
        "the penalties were contrary to international law",
        "the extraterritorial application of the penalties was illegal",
        "the ban on Cuban nickel violated international law",
    ],
)
def test_a_step_said_to_break_the_law_is_aimed_at_its_imposer_by_every_speaker(said):
    got = relations(
        "Washington imposed penalties on Cuba in May. In a joint statement, Mexico and "
        f"Canada said {said}."
    )
    assert ("mexico", "targets", "usa") in got
    assert ("canada", "targets", "usa") in got


def test_a_step_contrary_to_expectations_is_not_called_unlawful():
    got = relations(
        "Washington imposed penalties on Cuba in May. Canada said the penalties were "
        "contrary to what it had expected."
    )
    assert ("canada", "targets", "usa") not in got


def test_an_instrument_that_imposes_sanctions_is_its_signers_step():
    got = relations(
        "President Joe Biden signed a bill that imposes sanctions on Gazprom and Rosneft."
    )
    assert ("biden", "targets", "gazprom") in got
    assert ("biden", "targets", "rosneft") in got


@pytest.mark.parametrize(
    "said",
    [
        "Rosneft is the main target of the measures.",
        "Rosneft was among the targets of the measures.",
    ],
)
def test_a_party_said_to_be_the_target_of_a_measure_is_hit_by_its_imposer(said):
    got = relations(f"The European Union imposed sanctions on Gazprom. {said}")
    assert ("eu", "targets", "rosneft") in got


def test_a_party_said_not_to_be_a_target_is_not_hit():
    got = relations(
        "The European Union imposed sanctions on Gazprom. Rosneft was not a target of the measures."
    )
    assert ("eu", "targets", "rosneft") not in got


def test_a_name_written_again_where_the_recogniser_missed_it_is_the_same_entity():
    got = relations(
        "Halvard said on Monday that it had hired lawyers. Washington imposed sanctions on "
        "Gazprom in June. Halvard, whose tankers call at Latakia, is the main target of the "
        "measures."
    )
    assert ("usa", "targets", "halvard") in got


def test_a_firm_that_stops_its_own_work_imposes_nothing():
    got = relations(
        "The Treasury imposed sanctions on Gazprom. Halvard Offshore said it had suspended "
        "its Nord Stream 2 pipelay activities."
    )
    # "it" stops its own work: neither the firm nor the Treasury hits the pipeline here
    assert not any(o == "nord-stream-2" for s, p, o in got)
    assert not any(s == "halvard-offshore" for s, p, o in got)


def test_a_claim_argued_in_the_sentence_before_is_the_one_dismissed():
    got = relations(
        "Lars Jensen, a consultant, said the pipeline would be finished. Senator Ted Cruz has "
        "argued that the pipeline would make Europe dependent on Russia. Kremlin spokesman "
        "Dmitry Peskov dismissed that claim as groundless."
    )
    assert ("peskov", "denies", "ted-cruz") in got
    assert ("peskov", "denies", "lars-jensen") not in got


def test_a_plural_picked_out_by_a_relative_clause_is_a_group_of_its_own():
    x = extract(
        "The penalties will hurt European companies, the Commission said. Senator Ted Cruz "
        "warned that Congress would extend the penalties to companies that insure the "
        "pipeline if work resumed."
    )
    hit = {o for s, p, o in triples(x) if s == "ted-cruz"}
    assert hit == {"companies-that-insure-the-pipeline"}


def test_a_hyphenated_word_is_no_company_suffix():
    x = extract("Ted Cruz, a Republican co-author of the law, praised the decision.")
    assert not any(key.startswith("republican") for key in x.entities)


def test_a_bill_named_in_apposition_is_still_its_makers_step():
    got = relations(
        "President Joe Biden on Tuesday signed a bill, the Arctic Pipeline Act, that imposes "
        "sanctions on Gazprom."
    )
    assert ("biden", "targets", "gazprom") in got
    assert not any(s.startswith("arctic") for s, p, o in got)


def test_pressing_a_state_to_halt_an_offensive_hits_no_one():
    got = relations(
        "The United States imposed sanctions on Turkey, as Washington sought to pressure "
        "Ankara into halting an offensive against Kurdish forces in northern Syria."
    )
    assert ("usa", "targets", "turkey") in got
    assert not any(o == "syria" for s, p, o in got)


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Prosecutors charged the bank with a scheme to help Iran evade U.S. sanctions.", "usa"),
        ("Halkbank helped Iran to evade U.N. sanctions, the indictment said.", "un"),
    ],
)
def test_who_evades_a_partys_sanctions_is_under_them(text, owner):
    assert (owner, "targets", "iran") in relations(text)


def test_a_complaint_rejected_is_the_one_its_source_made():
    got = relations(
        "China's customs agency suspended coal imports from Australia. Foreign Ministry "
        "spokesman Wang Wenbin rejected complaints from Canberra that Australian coal was "
        "being singled out."
    )
    assert ("wang-wenbin", "denies", "australia") in got


def test_findings_said_to_lack_evidence_are_denied_to_their_owner():
    got = relations(
        "China's Commerce Ministry imposed duties on Australian barley. Trade Minister Simon "
        "Birmingham said the ministry's findings were not supported by the evidence."
    )
    assert ("simon-birmingham", "denies", "china-commerce-ministry") in got


def test_where_a_named_firm_is_is_no_target():
    got = relations(
        "China's customs agency suspended imports of beef from four abattoirs, including "
        "the Kilcoy Pastoral Company in Queensland."
    )
    assert not any(o == "queensland" for s, p, o in got)


def test_a_party_hit_with_a_duty_is_a_target():
    got = relations(
        "China imposed duties on Australian wine in May. Penfolds Group was hit with a duty "
        "of 169 percent."
    )
    assert ("china", "targets", "penfolds-group") in got


def test_what_a_bank_becomes_is_no_new_bank():
    x = extract(
        "Caspian Trade Bank said it would close, becoming the first Lebanese bank in a decade "
        "to be driven out of business. The Treasury had designated the bank in August."
    )
    assert ("us-treasury", "targets", "caspian-trade-bank") in triples(x)
    assert [k for k, e in x.entities.items() if "Bank" in e.types] == ["caspian-trade-bank"]


def test_the_lender_a_relative_clause_is_about_is_its_object():
    got = relations(
        "Caspian Trade Bank, the Lebanese lender that the United States blacklisted last "
        "month, said on Friday it would liquidate itself."
    )
    assert ("usa", "targets", "caspian-trade-bank") in got


def test_the_step_pointed_back_to_acts_for_its_imposer_in_every_conjunct():
    got = relations(
        "The U.S. Treasury designated Caspian Trade Bank on Aug. 29. The step froze any "
        "assets the bank holds under U.S. jurisdiction and barred Americans from dealing "
        "with it."
    )
    assert ("us-treasury", "targets", "caspian-trade-bank") in got
    assert not any(s == "caspian-trade-bank" for s, p, o in got)


def test_the_central_bank_is_no_commercial_bank_named_before():
    x = extract(
        "Washington blacklisted Caspian Trade Bank in Lebanon. The bank said the "
        "liquidation, approved by the central bank, would allow depositors to be repaid."
    )
    assert "central bank" not in {a.lower() for a in x.entities["caspian-trade-bank"].aliases}


def test_a_name_in_apposition_to_a_state_body_is_that_body():
    x = extract(
        "The Treasury blacklisted Caspian Trade Bank. Banque du Liban, Lebanon's central "
        "bank, instructed the lender to repay its customers in full."
    )
    (order,) = [(s, o) for s, p, o in triples(x) if p == "orders"]
    central = x.entities[order[0]]
    assert "Banque du Liban" in central.aliases
    assert "CentralBank" in central.types
    assert order[1] == "caspian-trade-bank"  # the lender, not the central bank itself


def test_a_measure_called_names_read_as_two_complements():
    got = relations(
        "The Treasury designated Caspian Trade Bank. Finance Minister Ali Hassan Khalil said "
        "the banking sector remained sound but called the U.S. measure an unacceptable "
        "interference in Lebanon's affairs."
    )
    assert ("ali-hassan-khalil", "targets", "usa") in got


@pytest.mark.parametrize(
    "text",
    [
        "Washington froze the reserves of the Afghan central bank. The Taliban called the U.S. "
        'freeze of Afghan reserves "theft".',
        # a headline: the measure has its owner, though no measure was reported before
        'Taliban call U.S. freeze of Afghan reserves "theft" as aid resumes\n\n'
        "KABUL, Sept 24 (Wire) - Aid groups welcomed the licences on Friday.",
    ],
)
def test_a_quoted_word_the_parser_took_into_the_measure_is_what_it_is_called(text):
    assert ("taliban", "targets", "usa") in relations(text)


def test_a_capital_seized_is_no_measure():
    got = relations("The Treasury froze Afghan reserves after the Taliban seized Kabul last month.")
    assert ("us-treasury", "targets", "afghanistan") in got
    assert not any(s == "taliban" for s, p, o in got)


def test_assets_seized_are_still_a_measure():
    got = relations(
        "The United States imposed sanctions on PDVSA. Maduro said Washington was trying to "
        "seize Venezuela's wealth."
    )
    assert ("usa", "targets", "venezuela") in got


def test_an_order_under_which_a_party_is_listed_is_not_its_target():
    got = relations(
        "The Taliban remain listed by the Treasury as a terrorist group under Executive Order "
        "13224."
    )
    assert not any(o == "eo-13224" for s, p, o in got)


def test_among_those_designated_are_the_parties_of_the_measure_before():
    got = relations(
        "The U.S. Treasury designated the Wagner Group on Thursday. Among those designated "
        "alongside the group was Ivan Maslov, the head of its operations in Mali."
    )
    assert ("us-treasury", "targets", "ivan-maslov") in got


def test_a_second_passive_order_is_given_by_whoever_gave_the_first():
    got = relations(
        "The U.S. Treasury said U.S. banks must block the funds. The European Union froze "
        "the assets of Sahel Aurum on Saturday. Under the decision, the bloc's member states "
        "are required to refuse entry to the two men, and banks in the bloc are obliged to "
        "freeze the companies' accounts."
    )
    assert ("eu", "orders", "banks-in-the-bloc") in got
    assert not any(s == "us-treasury" and o != "usa-banks" for s, p, o in got if p == "orders")


def test_the_members_listed_after_a_groups_clause_and_colon_are_hit_when_it_is():
    x = extract(
        "The EU froze the assets of two mining companies that the bloc said serve as fronts "
        "for the group: Sahel Aurum SARL, which holds a permit near Kenieba, and Lobaye "
        "Goldfields, a Central African firm. Britain froze the assets of the two companies "
        "on Monday."
    )
    got = triples(x)
    sahel = next(k for k in x.entities if k.startswith("sahel-aurum"))
    assert ("uk", "targets", sahel) in got
    assert ("uk", "targets", "lobaye-goldfields") in got
    assert not any(o == "kenieba" for s, p, o in got)


def test_a_clause_after_a_colon_is_no_list_of_members():
    got = relations(
        "Afghanistan depends heavily on imports. Pakistan and Iran are among its biggest "
        "suppliers: imports from Pakistan alone were put at about $1.5 billion."
    )
    assert ("pakistan", "tradesWith", "afghanistan") in got
    assert ("iran", "tradesWith", "afghanistan") in got
    assert ("pakistan", "tradesWith", "iran") not in got


def test_what_a_copula_says_of_its_subject_is_not_the_subjects_own():
    x = extract("Cuba depends on food imports. Canada is its largest supplier of wheat.")
    assert ("canada", "tradesWith", "cuba") in triples(x)
    assert not any("canada" in k and k != "canada" for k in x.entities)


@pytest.mark.parametrize(
    "quote",
    [
        "Wagner's fighters have committed atrocities across Africa",
        "The Wagner Group is a tool of the Kremlin, and it is plundering gold",
    ],
)
def test_a_quoted_charge_of_atrocities_or_plunder_is_an_accusation(quote):
    got = relations(f'"{quote}," Foreign Secretary James Cleverly said on Monday.')
    assert any(s == "james-cleverly" and o.startswith("wagner") for s, p, o in got)


def test_committing_to_a_plan_is_no_wrongdoing():
    got = relations(
        '"Wagner has committed to leaving Mali," Foreign Secretary James Cleverly said.'
    )
    assert not any(s == "james-cleverly" for s, p, o in got)


def test_every_step_of_a_list_is_its_verbs_subjects():
    got = relations(
        "The Security Council on Friday adopted a travel ban and an arms embargo on Jimmy "
        "Cherizier, a gang leader."
    )
    assert ("unsc", "targets", "jimmy-cherizier") in got


def test_a_year_in_a_sentence_about_a_resolution_is_no_resolution():
    x = extract(
        "Resolution 2653 accuses Cherizier of serious abuses, including a 2018 massacre in "
        "which at least 71 people were killed."
    )
    assert "unsc-2653" in x.entities
    assert "unsc-2018" not in x.entities


def test_the_council_is_the_security_council_not_the_last_organisation_named():
    got = relations(
        "Resolution 2653 condemns the massacre at the Saline Foundation. The council also "
        "told member states to prevent arms transfers to Cherizier."
    )
    assert ("unsc", "orders", "member-states") in got
    assert not any(s == "saline-foundation" for s, p, o in got)


def test_carrying_out_resolutions_is_no_trade():
    got = relations(
        "The Security Council imposed an embargo on North Korea. Lu Kang said China had "
        "carried out the council's resolutions in full."
    )
    assert not any(p == "tradesWith" for s, p, o in got)


@pytest.mark.parametrize(
    "text",
    [
        "The Dominican Republic exported goods worth more than $1 billion to Haiti last year.",
        "The Dominican Republic exported textiles to Haiti despite the embargo.",
    ],
)
def test_the_partner_of_an_export_hung_on_its_goods_or_worth(text):
    assert ("dominican-republic", "tradesWith", "haiti") in relations(text)


def test_a_surname_names_the_person_with_it_mentioned_last():
    x = extract(
        "The Treasury sanctioned Laureano Ortega Murillo, who advises his mother, Vice "
        "President Rosario Murillo. Murillo called the measures imperialist aggression. She "
        "rejected the Treasury's accusation as lies."
    )
    got = triples(x)
    assert ("rosario-murillo", "denies", "us-treasury") in got
    assert not any(s == "laureano-ortega-murillo" for s, p, o in got)


def test_an_executive_order_by_its_number_is_an_order():
    x = extract(
        "Executive Order 14088, signed on Monday, lets the Treasury blacklist anyone "
        "operating in the gold sector."
    )
    assert x.entities["eo-14088"].types == ("ExecutiveOrder",)


def test_its_in_an_apposition_stands_for_the_state_named_before():
    got = relations(
        "Myanmar's commercial ties are untouched. Neither China, its biggest trading "
        "partner, nor Thailand has taken any measures."
    )
    assert ("china", "tradesWith", "myanmar") in got


def test_trade_with_a_partner_and_no_owner_is_the_sanctioned_states():
    got = relations(
        "The EU imposed sanctions on Myanmar in March. Britain froze assets in Myanmar and "
        "Canada imposed sanctions on Myanmar. Two-way trade with China was worth some "
        "$12 billion last year."
    )
    assert ("myanmar", "tradesWith", "china") in got or ("china", "tradesWith", "myanmar") in got


def test_adding_parties_to_the_list_in_a_participle_is_the_lists_keepers_step():
    got = relations(
        "Canada imposed sanctions on 12 Russians on Tuesday. Foreign Minister Melanie Joly "
        "said the same powers were being used against members of Myanmar's military, adding "
        "the commander-in-chief, Senior General Min Aung Hlaing, and his deputy, Vice Senior "
        "General Soe Win, to the list."
    )
    assert ("canada", "targets", "min-aung-hlaing") in got
    assert ("canada", "targets", "soe-win") in got


def test_an_acronym_of_a_names_initials_is_that_name():
    x = extract(
        "Fighting went on between the army and the paramilitary Rapid Support Forces. "
        "Washington blamed the RSF for the collapse of the truce."
    )
    assert ("usa", "targets", "rapid-support-forces") in triples(x)
    assert "rsf" not in x.entities


def test_a_firm_named_again_by_its_first_words_is_the_same_firm():
    x = extract(
        "The Treasury blacklisted Al Junaid Multi Activities Co on Thursday. Al Junaid said "
        "the U.S. allegations were without any foundation."
    )
    assert not any(k == "al-junaid" for k in x.entities)
    assert ("al-junaid-multi-activities", "denies", "usa") in triples(x)


def test_a_description_followed_by_the_name_is_that_name():
    got = relations(
        "The Treasury sanctioned the Rapid Support Forces and two firms, among them the "
        "gold-mining company Al Junaid Multi Activities Co."
    )
    assert ("us-treasury", "targets", "al-junaid-multi-activities") in got
    assert not any(o == "rapid-support-forces" and p != "targets" for s, p, o in got)


def test_adding_that_a_step_was_taken_is_speech_not_a_listing():
    got = relations(
        "Secretary of State Antony Blinken blamed both sides, adding that the State "
        "Department was imposing visa restrictions on officials of the former regime."
    )
    assert not any(s == "blinken" and o == "us-state-department" for s, p, o in got)


def test_a_firm_named_again_by_its_distinctive_first_word_is_the_same_firm():
    x = extract(
        "Seoul designated the Chinyong Information Technology Cooperation Company on "
        "Thursday. In Washington, the Treasury Department imposed sanctions on Chinyong."
    )
    assert "chinyong" not in x.entities
    assert (
        "us-treasury",
        "targets",
        "chinyong-information-technology-cooperation-company",
    ) in triples(x)


def test_a_state_named_alone_is_not_a_firm_named_after_it():
    x = extract(
        "The Treasury blacklisted Korea Kwangson Banking Corp. Korea rejected the decision."
    )
    assert "korea-kwangson-banking" not in {a.subject for a in x.assertions}


def test_penalties_a_relative_clause_says_were_placed_are_the_placers():
    got = relations(
        "Iran retaliated against penalties that the EU and Britain have placed on Iranian "
        "officials."
    )
    assert ("eu", "targets", "iran-officials") in got
    assert ("uk", "targets", "iran-officials") in got


def test_penalties_a_relative_clause_only_describes_are_not_the_describers():
    got = relations(
        "The United States imposed sanctions on the Central Bank of Iran, measures that "
        "President Donald Trump described as the highest ever placed on a country."
    )
    assert not any(s == "trump" for s, p, o in got)


@pytest.mark.parametrize(
    "text",
    [
        "Turkey's purchase of the S-400 system angered Washington.",
        "Japan bought about 6 million tonnes of LNG from Russia last year.",
    ],
)
def test_goods_named_in_capitals_are_not_parties(text):
    got = relations(text)
    assert not any(o in {"s-400", "lng"} or s in {"s-400", "lng"} for s, p, o in got)


def test_a_firm_named_again_by_its_one_distinctive_word_is_the_same_firm():
    x = extract(
        "OFAC designated Shenzhen Qianhe Electronics Co on Thursday. The Commerce Department "
        "added Qianhe to its Entity List."
    )
    assert "qianhe" not in x.entities
    assert ("us-commerce-department", "targets", "shenzhen-qianhe-electronics") in triples(x)


def test_a_word_many_firms_share_names_none_of_them():
    x = extract(
        "OFAC designated Shenzhen Qianhe Electronics Co on Thursday. Trading resumed later."
    )
    assert {a.subject for a in x.assertions} <= {"ofac"}


def test_the_army_is_the_armed_forces_named_before():
    got = relations(
        "Sudan Master Technology produces weapons for the Sudanese Armed Forces. The army, "
        "led by General Abdel Fattah al-Burhan, accused the Rapid Support Forces of "
        "occupying hospitals."
    )
    assert ("sudanese-armed-forces", "targets", "rapid-support-forces") in got


def test_denying_having_supplied_weapons_is_a_denial_not_a_withholding():
    got = relations(
        "Turkey accused the UAE of arming Haftar. The UAE has repeatedly denied supplying "
        "weapons to Haftar."
    )
    assert ("uae", "denies", "turkey") in got
    assert not any(s == "uae" and p == "targets" for s, p, o in got)


def test_closing_ones_eyes_to_something_is_no_closure():
    got = relations(
        "Turkey's foreign ministry said Operation Irini was biased because it closes its "
        "eyes to the weapons flowing to Haftar."
    )
    assert not any(o == "khalifa-haftar" or o == "haftar" for s, p, o in got)


def test_the_sanctions_point_back_to_the_main_clauses_step_not_one_it_mentions():
    got = relations(
        "Iran imposed sanctions on EU officials on Wednesday, retaliating against penalties "
        "that the EU and Britain have placed on Iranian officials. Those listed include "
        "Deutsche Welle."
    )
    assert ("iran", "targets", "deutsche-welle") in got
    assert ("eu", "targets", "deutsche-welle") not in got


def test_those_listed_are_every_name_of_the_chained_list():
    got = relations(
        "Iran imposed sanctions on EU officials on Wednesday. Those listed include the "
        "Persian service of Germany's Deutsche Welle, the German newspaper Bild, and the "
        "Persian service of Radio France Internationale."
    )
    assert {
        ("iran", "targets", "deutsche-welle"),
        ("iran", "targets", "radio-france-internationale"),
    } <= got


def test_a_claim_by_a_states_officials_is_denied_to_the_state():
    got = relations(
        "Officials in Seoul say thousands of North Korean IT workers are still employed in "
        "China. North Korea's foreign ministry dismissed the allegations as sheer fabrication."
    )
    assert ("dprk-foreign-ministry", "denies", "south-korea") in got


def test_a_surname_described_by_apposition_is_the_person_not_a_firm():
    x = extract(
        "Britain froze the assets of Mikhail Fridman on Tuesday. "
        "Fridman, the 58-year-old billionaire who founded Alfa Group, has contested the listing."
    )
    assert "fridman" not in x.entities
    assert ("uk", "targets", "mikhail-fridman") in triples(x)


def test_a_states_military_is_no_other_body_of_that_state():
    x = extract(
        "Britain sanctioned Igor Sechin, the chief executive of state oil company Rosneft. "
        "The Foreign Office said Evraz was supplying steel to the Russian military."
    )
    assert not any("military" in alias for alias in x.entities["rosneft"].aliases)


def test_an_unnamed_spokesman_of_a_person_speaks_for_that_person():
    got = relations(
        "The EU froze the assets of Petr Aven, saying he was close to the Kremlin. "
        "His spokesman called the European allegations baseless."
    )
    assert ("petr-aven", "denies", "eu") in got


def test_the_tycoon_points_back_to_the_person_named_before():
    x = extract(
        "Canada sanctioned Roman Abramovich on Thursday. "
        "The tycoon rejected the claim that he was close to the Kremlin."
    )
    assert ("roman-abramovich", "denies", "canada") in triples(x)


def test_allegations_of_two_states_by_their_demonyms_are_both_denied():
    got = relations(
        "Britain and the EU froze the assets of Petr Aven, saying he was close to the "
        "Kremlin. His spokesman called the British and European allegations baseless."
    )
    assert {("petr-aven", "denies", "uk"), ("petr-aven", "denies", "eu")} <= got


@pytest.mark.parametrize(
    "text",
    [
        "Resolution 1907 demanded that Eritrea withdraw its troops from the border.",
        "Resolution 1907 required that Eritrea should withdraw its troops from the border.",
    ],
)
def test_a_resolutions_that_clause_of_what_is_to_be_done_is_an_order(text):
    assert ("unsc-1907", "orders", "eritrea") in relations(text)


def test_a_states_demand_of_another_is_no_order():
    got = relations("Beijing demanded that Washington withdraw its troops from the region.")
    assert not any(p == "orders" for _, p, _ in got)


def test_a_required_report_is_no_order():
    got = relations("The resolution required that a report be sent; Iran said that it complies.")
    assert not any(p == "orders" and o == "iran" for _, p, o in got)


def test_it_in_a_joined_clause_is_the_first_clauses_subject():
    got = relations(
        "Resolution 2094 demanded that North Korea halt its missile launches, and it "
        "required all U.N. member states to inspect its cargo."
    )
    assert ("unsc-2094", "orders", "un-member-states") in got
    assert ("dprk", "orders", "un-member-states") not in got


def test_stopping_arming_groups_somewhere_does_not_target_the_place():
    got = relations("Resolution 1907 demanded that Eritrea stop arming groups in Somalia.")
    assert not any(o == "somalia" for _, _, o in got)


def test_a_portfolio_before_minister_is_part_of_the_title():
    x = extract(
        "Washington sanctioned Iran's Intelligence Minister Esmail Khatib and "
        "Interior Minister Ahmad Vahidi on Friday."
    )
    assert "interior" not in x.entities and "intelligence" not in x.entities
    assert {("usa", "targets", "esmail-khatib"), ("usa", "targets", "ahmad-vahidi")} <= triples(x)


def test_tariffs_on_a_states_goods_target_that_state():
    assert ("usa", "targets", "china") in relations("U.S. raises Chinese solar panel tariffs")


def test_a_demonym_on_the_tariffs_themselves_says_whose_they_are():
    assert ("china", "targets", "usa") in relations("Chinese tariffs on U.S. soybeans rose.")


def test_authorising_an_increase_of_tariffs_on_imports_from_a_state_targets_it():
    got = relations(
        "Trump said he had approved an increase of tariffs on aluminium imports from Canada."
    )
    assert ("trump", "targets", "canada") in got


def test_a_step_called_unlawful_is_imposed_by_whoever_used_that_word_before():
    got = relations(
        "Washington raised its tariffs on Turkish steel. "
        "Moscow froze the assets of two Turkish firms. "
        "Turkey's trade ministry said the tariffs violated WTO rules."
    )
    assert ("turkish-trade-ministry", "targets", "usa") in got
    assert not any(p == "targets" and o == "russia" for _, p, o in got)


def test_assets_somewhere_are_not_that_places():
    got = relations(
        "President Tayyip Erdogan said he had instructed the authorities to freeze the "
        "assets in Turkey of U.S. Attorney General Jeff Sessions."
    )
    assert ("tayyip-erdogan", "targets", "turkey") not in got
    assert ("tayyip-erdogan", "targets", "jeff-sessions") in got


def test_people_familiar_with_the_matter_are_no_party():
    x = extract(
        "Two people familiar with the matter said the Treasury was weighing a penalty "
        "against Halkbank. Halkbank has denied any wrongdoing."
    )
    assert not any("people" in k for k in x.entities)
    assert ("halkbank", "denies", "us-treasury") in triples(x)


def test_a_clause_with_a_subject_of_its_own_borrows_none():
    got = relations(
        "Samsung Electronics and SK Hynix have built up stockpiles, while a consumer "
        "boycott in South Korea has cut imports of Japanese beer."
    )
    assert not any(s == "samsung-electronics" for s, _, _ in got)


def test_a_complaint_filed_with_a_body_against_a_states_controls_targets_the_state():
    got = relations(
        "Canada on Monday filed a complaint with the World Trade Organization against "
        "China's curbs on imports of canola."
    )
    assert ("canada", "targets", "china") in got


def test_a_spokeswoman_for_a_named_person_speaks_for_that_person():
    x = extract(
        "EU foreign policy chief Catherine Ashton said the bloc would act. Turkey accused "
        "Ashton of bias. A spokeswoman for Ashton rejected the accusation as groundless."
    )
    assert ("catherine-ashton", "denies", "turkey") in triples(x)


def test_reports_in_the_press_are_no_partys_claim():
    got = relations(
        "The State Department said it was weighing sanctions on Laurent Gbagbo. "
        "A spokeswoman for the EU denied reports in the French press that the bloc "
        "would close its ports to Ivorian ships."
    )
    assert not any(p == "denies" for _, p, _ in got)
    assert not any(o == "france" for _, _, o in got)


def test_a_step_condemned_as_unlawful_at_a_time_targets_its_imposer():
    got = relations(
        "The United States imposed sanctions on ICC prosecutor Fatou Bensouda. The "
        "International Criminal Court condemned the designations at the time as "
        '"another unlawful attempt to interfere with the court\'s independence."'
    )
    assert ("international-criminal-court", "targets", "usa") in got


def test_who_signed_or_designated_is_not_hit_by_the_orders_measure():
    got = relations(
        "Executive Order 13928 was signed by President Donald Trump in June. The order "
        "had directed the Treasury to block the property of court officials designated by "
        "the secretary of state."
    )
    assert ("eo-13928", "targets", "court-officials") in got
    assert not any(o == "trump" for _, p, o in got if p == "targets")


def test_sanctions_of_a_leaders_era_are_not_that_leaders():
    got = relations("The United States lifted Trump-era sanctions on Fatou Bensouda.")
    assert not any(s == "trump" for s, _, _ in got)


def test_a_person_listed_with_his_wife_is_a_person_pronouns_point_to():
    x = extract(
        "The EU froze the assets of Laurent Gbagbo on Monday. Gbagbo, his wife Simone and "
        "dozens of aides are barred from the EU. The State Department said it was weighing "
        "further sanctions against him."
    )
    assert "Person" in x.entities["gbagbo"].types
    assert ("us-state-department", "targets", "gbagbo") in triples(x)


def test_the_court_described_by_a_relative_clause_is_the_court_named_before():
    got = relations(
        "The International Criminal Court opened an inquiry. The United States sanctioned "
        "its prosecutor, Fatou Bensouda. The court, which is not recognised by the "
        "United States, condemned the sanctions as unlawful."
    )
    assert ("international-criminal-court", "targets", "usa") in got


def trade_pairs(got: set[tuple[str, str, str]]) -> set[frozenset[str]]:
    """Trade relations, in either direction."""
    return {frozenset((s, o)) for s, p, o in got if p == "tradesWith"}


def test_states_described_as_a_states_suppliers_trade_with_it():
    got = relations(
        "Russia has overtaken Iraq and Saudi Arabia, long India's top suppliers, whose "
        "shipments to the country have fallen this year."
    )
    pairs = trade_pairs(got)
    assert {frozenset(("iraq", "india")), frozenset(("saudi-arabia", "india"))} <= pairs


def test_goods_bought_per_day_come_from_the_state_named_on_them():
    got = relations("Turkey imported an average of 200,000 barrels per day of Iranian oil.")
    assert frozenset(("turkey", "iran")) in trade_pairs(got)


def test_supplies_sent_to_countries_such_as_named_states_trade_with_each():
    got = relations(
        "Iran said it would keep expanding supplies to countries such as Syria and Iraq."
    )
    assert {frozenset(("iran", "syria")), frozenset(("iran", "iraq"))} <= trade_pairs(got)


def test_shipments_resumed_to_a_state_are_trade_with_it():
    assert frozenset(("russia", "belarus")) in trade_pairs(
        relations("Russia resumed shipments to Belarus.")
    )


def test_countries_like_a_named_state_buying_goods_name_that_state():
    got = relations(
        "The cap was designed so that countries like India could keep buying Russian oil."
    )
    assert frozenset(("india", "russia")) in trade_pairs(got)


def test_a_states_embassy_in_a_city_is_a_body_of_that_state():
    x = extract(
        "Australia froze the assets of two Russian banks. Russia's embassy in Canberra "
        "called the Australian sanctions illegitimate."
    )
    assert "Government" in x.entities["russia-embassy-canberra"].types
    assert ("russia-embassy-canberra", "targets", "australia") in triples(x)


def test_a_body_described_as_a_states_never_targets_that_state():
    got = relations(
        "Switzerland has frozen Russian assets. The Federal Council, Switzerland's "
        "seven-member executive, decided to freeze the assets of President Vladimir Putin. "
        "The council barred all transactions with the Central Bank of Russia and closed "
        "Swiss airspace to flights from Russia."
    )
    assert ("federal-council", "targets", "bank-of-russia") in got
    assert not any(o == "switzerland" for _, p, o in got if p == "targets")


def test_the_list_covering_banks_such_as_named_ones_hits_each():
    got = relations(
        "The EU froze the assets of President Vladimir Putin. The list also covers banks "
        "such as VTB Bank and Bank Rossiya."
    )
    assert {("eu", "targets", "vtb"), ("eu", "targets", "bank-rossiya")} <= got


def test_the_government_in_a_capital_is_that_capitals_state():
    got = relations(
        "Ethiopia backed the sanctions, and Eritrea denied the charges. Ethiopia's prime "
        "minister spoke. The government in Asmara accused Washington of orchestrating the "
        "sanctions."
    )
    assert ("eritrea", "targets", "usa") in got
    assert ("ethiopia", "targets", "usa") not in got


def test_a_partys_holdings_frozen_in_a_state_were_frozen_by_it():
    got = relations("Roman Abramovich's British assets were frozen on March 10.")
    assert ("uk", "targets", "roman-abramovich") in got


def test_a_counted_group_of_a_nationality_is_that_group_not_every_citizen():
    x = extract(
        "Roman Abramovich was one of seven wealthy Russians whose British assets were "
        "frozen on March 10."
    )
    assert "russia-citizens" not in x.entities
    assert ("uk", "targets", "seven-wealthy-russians") in triples(x)


def test_sanctions_on_behalf_of_a_state_do_not_target_it():
    got = relations(
        "Eritrea's government accused Washington of orchestrating sanctions on behalf of Ethiopia."
    )
    assert not any(o == "ethiopia" for _, p, o in got if p == "targets")


def test_saying_one_does_not_do_what_another_said_one_did_is_a_denial():
    got = relations(
        "The Foreign Office said Evraz was supplying steel to the Russian army. "
        "Evraz has said it does not supply steel to the Russian army."
    )
    assert ("evraz", "denies", "foreign-office") in got


def test_saying_a_step_is_not_what_another_called_it_is_a_denial():
    got = relations(
        "South Korea's President Moon Jae-in called the curbs clear economic retaliation. "
        "Chief Cabinet Secretary Yoshihide Suga told reporters that the measures are not "
        "retaliation of any kind."
    )
    assert ("yoshihide-suga", "denies", "moon-jae-in") in got


def test_a_negation_no_one_claimed_otherwise_is_no_denial():
    got = relations(
        "Evraz exports steel to Europe. Evraz has said it does not supply steel to the "
        "Russian army."
    )
    assert not any(p == "denies" for _, p, _ in got)


def test_ones_own_holdings_in_a_state_or_its_firms_are_aimed_at_them():
    got = relations(
        "Norway's finance ministry ordered the wealth fund to freeze its holdings in "
        "Russian companies. It later froze its holdings in Russia."
    )
    assert ("norwegian-finance-ministry", "targets", "russia-companies") in got


def test_a_subject_after_the_place_a_sentence_opens_with_is_the_subject():
    got = relations(
        "The EU and Britain accused Iran of supplying drones. In Tehran, Nasser Kanaani, a "
        'spokesman for Iran\'s foreign ministry, dismissed the accusations as "baseless."'
    )
    assert any(s == "nasser-kanaani" and p == "denies" for s, p, _ in got)


def test_countermeasures_answering_sanctions_are_aimed_at_their_imposers():
    got = relations(
        "The EU and Britain imposed sanctions on Iran. Nasser Kanaani, a spokesman for "
        "Iran's foreign ministry, warned that Iran would answer the sanctions with "
        '"appropriate" countermeasures.'
    )
    assert {("iran", "targets", "eu"), ("iran", "targets", "uk")} <= got
    # the spokesman of the state that threatens threatens too
    assert ("nasser-kanaani", "targets", "eu") in got


def test_chipmakers_of_a_state_are_a_group_and_the_list_is_no_target():
    x = extract(
        "The U.S. Commerce Department added 22 Chinese chipmakers to its Entity List on Tuesday."
    )
    got = triples(x)
    assert ("us-commerce-department", "targets", "china-companies") in got
    assert not any(o == "entity-list" for _, _, o in got)
    assert ("us-commerce-department", "targets", "china") not in got


def test_a_group_named_after_among_them_leaves_the_words_out():
    x = extract(
        "The department added 22 Chinese companies, among them three chipmakers, to its list."
    )
    assert "three-chipmakers" in x.entities
    assert not any(k.startswith("among") for k in x.entities)


def test_armed_groups_somewhere_are_a_group_not_the_place():
    got = relations(
        "The U.N. Security Council extended its arms embargo on armed groups in the "
        "Central African Republic."
    )
    assert ("unsc", "targets", "central-african-republic") not in got
    assert any(s == "unsc" and "armed-groups" in o for s, _, o in got)


def test_denying_any_link_to_a_group_rejects_a_claim():
    got = relations(
        "The U.S. Treasury froze the assets of Midas Ressources and Diamville, a diamond "
        "trader, and said they worked for the Wagner Group. Diamville said it was a "
        "legitimate business and denied any link to the group."
    )
    assert not any(o == "wagner-group" and p == "targets" and s != "us-treasury" for s, p, o in got)
    assert ("diamville", "denies", "us-treasury") in got


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Resolution 661 banned all trade with Iraq.", "unsc-661"),
        ("The council passed Security Council resolution 986 in April.", "unsc-986"),
        ("The embargo was kept in place by resolutions 661, 687 and 986.", "unsc-987"),
    ],
)
def test_resolutions_numbered_below_a_thousand_are_named_after_the_word(text, key):
    x = extract(text)
    if key == "unsc-987":  # every number of the list, and no other
        assert {"unsc-661", "unsc-687", "unsc-986"} <= set(x.entities)
        assert key not in x.entities
    else:
        assert key in x.entities


def test_a_small_number_without_the_word_resolution_is_no_resolution():
    x = extract("The resolution has 120 paragraphs, and 661 diplomats signed a letter.")
    assert not any(k.startswith("unsc-") for k in x.entities)


def test_a_numbered_resolution_acts_for_the_security_council():
    x = extract("Resolution 661 banned all trade with Iraq.")
    got = relations("Resolution 661 banned all trade with Iraq.")
    assert {("unsc-661", "targets", "iraq"), ("unsc", "targets", "iraq")} <= got
    (measure,) = x.measures
    assert {"unsc", "unsc-661"} <= set(measure.imposed_by)


def test_parties_a_ban_goes_on_to_require_to_act_are_bound_not_hit():
    got = relations(
        "The Security Council banned all trade with Iraq and required all member states "
        "to freeze the funds of the Iraqi government."
    )
    assert ("unsc", "targets", "iraq") in got
    assert ("unsc", "orders", "member-states") in got
    assert ("unsc", "targets", "member-states") not in got


def test_whom_the_parties_required_to_act_must_act_against_is_hit():
    got = relations(
        "The Security Council imposed tougher sanctions on North Korea and ordered all "
        "member states to send home North Korean laborers."
    )
    assert ("unsc", "targets", "dprk-laborers") in got
    assert ("unsc", "targets", "member-states") not in got


def test_an_accusation_after_a_comma_is_the_speakers_wherever_parsed():
    got = relations(
        "Deputy Prime Minister Tariq Aziz repeated Iraq's demand that the sanctions be "
        "lifted altogether, accusing the United States of using its seat on the committee "
        "to block contracts."
    )
    assert ("tariq-aziz", "targets", "usa") in got


def test_a_states_ambassador_to_a_body_speaks_for_the_state_not_the_body():
    got = relations(
        "U.S. envoy Madeleine Albright accused Iraq of hiding weapons. Iraq's U.N. "
        "ambassador, Nizar Hamdoon, rejected her charge as lies."
    )
    assert ("nizar-hamdoon", "denies", "madeleine-albright") in got
    assert not any(s == "un" for s, _, _ in got)


def test_a_persons_deputy_is_named_by_the_apposition_not_the_pronoun():
    got = relations(
        "Foreign Minister Marise Payne said the powers were used against the military, "
        "adding the army chief, Min Aung Hlaing, and his deputy, Soe Win, to the list."
    )
    assert any(p == "targets" and o == "soe-win" for _, p, o in got)
    assert not any(o == "marise-payne" for _, _, o in got)


def test_organisations_are_a_group():
    x = extract(
        "The European Union imposed asset freezes on 78 Belarusian officials and eight "
        "organisations."
    )
    hit = {o for s, p, o in triples(x) if s == "eu" and p == "targets"}
    assert len(hit) == 2 and "belarus-officials" in hit  # and the organisations


@pytest.mark.parametrize(
    ("text", "imposer", "target"),
    [
        (
            "Corneille Nangaa was already under U.S. sanctions for corruption.",
            "usa",
            "corneille-nangaa",
        ),
        ("Rosneft has been under EU sanctions since 2014.", "eu", "rosneft"),
        ("Bank Melli was placed under U.S. sanctions in 2019.", "usa", "bank-melli"),
    ],
)
def test_a_party_under_a_states_sanctions_is_hit_by_that_state(text, imposer, target):
    x = extract(text)
    assert (imposer, "targets", target) in triples(x)
    assert any(imposer in m.imposed_by and target in m.targets for m in x.measures)


def test_being_under_sanctions_with_no_owner_names_no_imposer():
    assert relations("Rosneft is under sanctions.") == set()


def test_sanctions_a_party_is_under_are_not_what_a_later_passive_step_is():
    x = extract(
        "The Treasury designated Rosneft on Monday. Lukoil has been under EU sanctions "
        "since 2014. As a result, any property of Rosneft in the United States is blocked."
    )
    got = triples(x)
    assert ("eu", "targets", "lukoil") in got
    assert ("eu", "targets", "rosneft") not in got


@pytest.mark.parametrize("pronoun", ["it", "this"])
def test_denying_it_alone_rejects_what_was_said(pronoun):
    got = relations(
        "A U.N. group of experts said Rwandan soldiers were fighting alongside the M23. "
        f"Rwanda denies {pronoun}."
    )
    assert ("rwanda", "denies", "un-panel-of-experts") in got
    assert not any(s == "rwanda" and p == "targets" for s, p, _ in got)


def test_denying_a_party_access_is_still_a_step():
    got = relations("The Treasury denied Bank Melli access to the U.S. financial system.")
    assert not any(p == "denies" for _, p, _ in got)


def test_a_panel_of_experts_speaks_as_one_body_named_again_as_the_experts():
    x = extract(
        "The U.N. panel of experts on Libya accused the UAE of shipping arms to Haftar. "
        "The experts also found that Jordan had trained his fighters."
    )
    panel = x.entities["un-panel-of-experts"]
    assert {"panel of experts", "U.N. panel of experts on Libya"} <= panel.aliases
    assert ("un-panel-of-experts", "targets", "uae") in triples(x)
    assert "un" not in {a.subject for a in x.assertions}


def test_the_subject_of_a_verb_joined_to_a_passive_is_the_passives():
    got = relations(
        "The firm, which is owned by the Iranian defence ministry and has itself been "
        "under U.S. sanctions since 2008, was named again."
    )
    assert not any(o == "iran-defence-ministry" or "ministry" in o for _, _, o in got)


def test_who_urges_others_to_sanction_a_party_aims_at_it_without_imposing():
    x = extract(
        "Foreign Minister Therese Kayikwamba Wagner urged Washington and Brussels to "
        "sanction Rwanda."
    )
    got = triples(x)
    assert {("usa", "targets", "rwanda"), ("eu", "targets", "rwanda")} <= got
    assert ("therese-kayikwamba-wagner", "targets", "rwanda") in got
    assert all("therese-kayikwamba-wagner" not in m.imposed_by for m in x.measures)


def test_his_ministry_is_of_the_state_of_the_person_his_stands_for():
    x = extract(
        "Chinese Foreign Minister Wang Yi spoke in Beijing on Monday. The EU later imposed "
        "sanctions on Iran. His foreign ministry dismissed the sanctions as illegal."
    )
    assert "china-foreign-ministry" in x.entities
    assert not any("european" in k for k in x.entities)


@pytest.mark.parametrize("verb", ["failed", "refused", "declined"])
def test_a_step_one_failed_or_refused_to_take_was_not_taken(verb):
    x = extract(f"China {verb} to impose sanctions on North Korea.")
    assert x.measures == []
    assert all(a.polarity == "negative" for a in x.assertions)


def test_who_imposed_the_step_pointed_back_to_is_one_more_imposer_of_it():
    x = extract(
        "The Security Council banned North Korea's coal exports. "
        "The ban was imposed by resolution 2371 in August."
    )
    assert ("unsc-2371", "targets", "dprk") in triples(x)
    (measure,) = x.measures
    assert {"unsc", "unsc-2371"} <= set(measure.imposed_by)


def test_a_package_pointed_back_to_in_a_relative_clause_is_its_imposers_step():
    got = relations(
        "The EU imposed sanctions on Belarus. The economic package, which would restrict "
        "Belarusian banks' access to European capital markets, still needs approval."
    )
    assert ("eu", "targets", "belarus-banks") in got


def test_a_colon_does_not_end_the_sentence():
    from sanctions_graph.extract.nlp import line_breaks, pipeline

    text = "The Treasury named three trading houses: Tianhe Trading and Bluecoast Logistics."
    doc = line_breaks(pipeline().make_doc(text))  # what the parser is given
    after = next(t for t in doc if t.i > 0 and doc[t.i - 1].text == ":")
    assert after.is_sent_start is False
    assert len(list(pipeline()(text).sents)) == 1


def test_those_designated_are_every_name_of_the_list_however_chained():
    got = relations(
        "The United States imposed sanctions on five firms on Monday. Among those designated "
        "were Blue Harbor Trading and Redwood Marine Co, the ship manager Eastgate Maritime "
        "Ltd, and two brokers: Sunfield Energy Trading and Kestrel Petroleum Logistics."
    )
    for firm in (
        "blue-harbor-trading",
        "redwood-marine",
        "eastgate-maritime",
        "sunfield-energy-trading",
        "kestrel-petroleum-logistics",
    ):
        assert ("usa", "targets", firm) in got


def test_opposing_a_step_called_illegal_aims_at_its_imposer():
    text = (
        "The United States imposed sanctions on three Chinese firms. A foreign ministry "
        'spokesman said China "firmly opposes {} sanctions".'
    )
    assert ("china", "targets", "usa") in relations(text.format("illegal unilateral"))
    assert ("china", "targets", "usa") not in relations(text.format("unilateral"))


def _mentions(text: str):
    from sanctions_graph.extract.mentions import find_mentions
    from sanctions_graph.extract.nlp import pipeline
    from sanctions_graph.resolve import reference_kb

    doc = pipeline()(text)
    return doc, find_mentions(doc, reference_kb())


def test_a_list_after_the_colon_that_closes_the_groups_own_phrase_names_its_members():
    doc, m = _mentions(
        "Britain sanctioned two companies and one banker accused of moving funds for the "
        "army: the Dubai-based Silver Crest Trading LLC and the Cyprus-registered Harrow "
        "Finance Ltd."
    )
    group = next(t.i for t in doc if t.lower_ == "companies")
    # the places that say where a member is based are no members
    assert m.listed[group] == ["silver-crest-trading", "harrow-finance"]


def test_a_counted_group_named_in_apposition_has_as_many_members():
    got = relations(
        "Britain said it had frozen the assets of two other fuel importers, Jade Harbor "
        "Trading and Saffron Energy Logistics, while France did not."
    )
    assert ("uk", "targets", "jade-harbor-trading") in got
    assert ("uk", "targets", "saffron-energy-logistics") in got


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Britain froze the assets of Golden Reed and of two other fuel importers, Lotus "
            "Horizon Trading and Myint Energy Logistics, while Canada did not.",
            {"lotus-horizon-trading", "myint-energy-logistics"},
        ),
        ("Japan sanctioned Eastern Oil and Gas Enterprise.", {"eastern-oil-and-gas-enterprise"}),
    ],
)
def test_two_firms_joined_by_and_are_two_unless_the_name_goes_on(text, names):
    _, m = _mentions(text)
    assert names <= set(m.entities)
    assert not {k for k in m.entities if "-and-" in k} - names


def test_a_target_denying_the_charges_does_not_deny_the_measure():
    x = extract(
        "Britain said it had frozen the assets of Orion Fuel Trading Ltd, while Canada added "
        "the firm to its list. Orion Fuel Trading said it had never supplied the army, "
        'calling the British allegations "completely false."'
    )
    assert {m.status for m in x.measures} == {"in-force"}
    assert ("orion-fuel-trading", "denies", "uk") in triples(x)


def test_a_measure_denied_by_its_own_side_is_denied():
    x = extract(
        "Trump said China had ordered its banks to stop all business with North Korea. "
        "China's foreign ministry said the claim was not consistent with the facts."
    )
    (step,) = [m for m in x.measures if "china" in m.imposed_by]
    assert step.status == "denied"


def test_denouncing_the_blacklists_as_illegal_aims_at_who_drew_them_up():
    got = relations(
        "South Korea added six North Korean banks to its sanctions blacklist on Monday. "
        'North Korea\'s foreign ministry denounced the blacklists as "an illegal act".'
    )
    assert ("dprk-foreign-ministry", "targets", "south-korea") in got


def test_an_unnamed_ministry_spokesman_speaks_for_the_ministry_named_last():
    got = relations(
        "Trump met South Korean President Moon Jae-in on Tuesday. North Korea's foreign "
        "ministry issued a statement on the talks. A ministry spokesman rejected as "
        '"a sheer fabrication" Seoul\'s claim that its banks had financed the weapons.'
    )
    assert ("dprk-foreign-ministry", "denies", "south-korea") in got
    assert not {s for s, p, o in got if p == "denies"} & {"moon-jae-in", "trump"}


@pytest.mark.parametrize("phrase", ["has yet to blacklist", "is yet to blacklist"])
def test_a_step_one_has_yet_to_take_was_not_taken(phrase):
    x = extract(f"China has backed the resolutions but {phrase} any North Korean bank.")
    assert not [a for a in x.assertions if a.subject == "china" and a.direct]


def test_the_parties_among_a_plural_named_by_a_step_are_hit_by_the_reported_measure():
    got = relations(
        "The United States imposed sanctions on nine companies on Wednesday. Pacific Dawn "
        "Shipping Ltd and Sea Pearl Maritime Co were among the firms blacklisted. The Chinese "
        "companies named include Liaoning Haixing Trading Co, which exported steel to North "
        "Korea, and Dalian Shengda Shipping."
    )
    for party in (
        "pacific-dawn-shipping",
        "sea-pearl-maritime",
        "liaoning-haixing-trading",
        "dalian-shengda-shipping",
    ):
        assert ("usa", "targets", party) in got


def test_a_step_named_as_what_is_broken_is_not_the_one_later_steps_point_back_to():
    x = extract(
        "The United States imposed sanctions on nine companies on Wednesday. Vostok "
        "Maritime shipped fuel to North Korea in breach of a U.N. cap on its imports. "
        "Its director, Igor Malkov, was also sanctioned."
    )
    assert ("usa", "targets", "igor-malkov") in triples(x)
    assert ("un", "targets", "igor-malkov") not in triples(x)
