"""Positions a careful reader infers from what a speaker advocates or does to a side: policy nouns aimed at or
benefiting a side (sanctions, pressure, weapons, air defence, evacuation), speakers who only appear as the
subject of a report with a noun-phrase object ("discussed X"), plural subjects ("The leaders discussed"), hedged
and undone cues ("whether", "the lifting of"), and the unnamed agent of an aggression. Invented sentences only."""

import pandas as pd
import pytest

from helpers import acts, positioning

from test_positioning import TITLE, build, row


def narrative(text: str) -> dict:
    """Each speaker's ``row`` of a fixture article without quotes: its speech acts only."""
    *_, st, pos = build(("a1", TITLE + text + "\n", []))
    return {s: row(pos, s) for s in set(st["speaker"])} | {"_stances": st}


def quoted(quote: str, side: str = "eu") -> dict:
    text = TITLE + f'The envoy spoke. "{quote}" the envoy said.\n'
    *_, pos = build(("a1", text, [(quote, "direct", "Envoy One", side)]))
    return row(pos, "Envoy One")


@pytest.mark.parametrize("sentence, speaker, target, expected", [
    ("Emmanuel Macron discussed further sanctions against Russia.", "Emmanuel Macron", "russia", "negative"),
    ("Emmanuel Macron called for more pressure on the aggressor.", "Emmanuel Macron", "russia", "negative"),
    ("Emmanuel Macron discussed strengthening Ukraine's air defence.", "Emmanuel Macron", "ukraine", "positive"),
    ("Emmanuel Macron announced new weapons deliveries to Ukraine.", "Emmanuel Macron", "ukraine", "positive"),
    ("Emmanuel Macron raised the evacuation of Ukrainian children.", "Emmanuel Macron", "ukraine", "positive"),
    ("Vladimir Putin congratulated the servicemen on the success of the special military operation.",
     "Vladimir Putin", "russia", "positive"),
])
def test_a_speaker_who_advocates_a_policy_takes_its_side(sentence, speaker, target, expected):
    found = narrative("The minister arrived in the morning. " + sentence)
    assert found[speaker][f"label_{target}"] == expected
    cues = found["_stances"]
    cues = cues[(cues["speaker"] == speaker) & (cues["target"] == target)]["cue_words"]
    assert cues.str.len().gt(0).all()  # the words that drove the label are kept in the row


def test_the_leaders_stand_for_each_principal():
    found = narrative("Volodymyr Zelensky had a phone conversation with Emmanuel Macron. "
                      "The leaders discussed further sanctions against Russia.")
    assert found["Emmanuel Macron"]["label_russia"] == "negative"
    assert found["Volodymyr Zelensky"]["label_russia"] == "negative"
    # no principal named before: nobody
    alone = narrative("The weather was cold. The parties discussed further sanctions against Russia.")
    assert set(alone) == {positioning.ARTICLE_SPEAKER, "_stances"}


def test_both_subjects_of_a_joint_report_get_the_unit():
    found = narrative("Emmanuel Macron and Volodymyr Zelensky discussed strengthening Ukraine's air defence.")
    assert found["Emmanuel Macron"]["label_ukraine"] == "positive"
    assert found["Volodymyr Zelensky"]["label_ukraine"] == "positive"


@pytest.mark.parametrize("sentence", ["Emmanuel Macron discussed whether new sanctions against Russia were needed.",
                                      "Emmanuel Macron warned of consequences if Russia refused the truce."])
def test_a_hedged_cue_is_a_question_or_a_condition_not_a_stance(sentence):
    assert narrative(sentence)["Emmanuel Macron"]["stance_russia"] == 0  # the cue is read and counts 0: no tone, no model


@pytest.mark.parametrize("sentence", ["Emmanuel Macron discussed the lifting of sanctions against Russia.",
                                      "Emmanuel Macron opposed new sanctions against Russia."])
def test_lifting_or_opposing_sanctions_undoes_them(sentence):
    assert narrative(sentence)["Emmanuel Macron"]["stance_russia"] > 0
    # only pressure is undone: opposing the aggression stays against its agent
    assert narrative("Emmanuel Macron opposed the Russian aggression.")["Emmanuel Macron"]["label_russia"] == "negative"


def test_help_aimed_against_a_side_is_no_support_of_it():
    assert quoted("Iran sends weapons against Ukraine every week,")[f"label_ukraine"] != "positive"
    assert quoted("Europe sends weapons to Ukraine every week,")[f"label_ukraine"] == "positive"


def test_an_unnamed_aggressor_is_the_opponent_of_the_side_hit():
    assert quoted("The aggression against Ukraine has to stop,")["label_russia"] == "negative"
    assert quoted("The attacks on Russian border towns have to stop,")["label_ukraine"] == "negative"
    # a side never blames itself through the rule
    assert quoted("The attacks on Ukrainian towns have to stop,", side="ukraine")["label_ukraine"] != "negative"
    # "of" names no victim: translated releases write "the invasion of Russia" for Russia's invasion
    assert quoted("This is the second year of the full-scale invasion of Russia,")["label_ukraine"] != "negative"


def test_accountability_falls_on_the_side_held_accountable():
    assert quoted("We will hold Russia accountable,")["label_russia"] == "negative"
    assert quoted("A special tribunal will be set up,")["label_russia"] == "negative"


def test_a_quote_of_another_speaker_does_not_silence_a_named_subject():
    reported = "the harvest was good"
    text = TITLE + f"The visit ended. Emmanuel Macron condemned the Russian invasion, and the farmer said {reported}.\n"
    *_, st, pos = build(("a1", text, [(reported, "indirect", "Farmer Five", "other")]))
    assert row(pos, "Emmanuel Macron")["label_russia"] == "negative"


def test_a_person_the_actors_table_lacks_is_a_speaker_of_noun_phrase_reports():
    found = narrative("Prime Minister of Freedonia Rufus Firefly spoke with Volodymyr Zelensky. "
                      "Rufus Firefly reaffirmed support for Ukraine. Firefly also condemned the Russian invasion.")
    firefly = found["Rufus Firefly"]  # the role and the country before the name are no part of it
    assert firefly["label_ukraine"] == "positive" and firefly["label_russia"] == "negative"
    assert set(found["_stances"].query("speaker == 'Rufus Firefly'")["side"]) == {"unknown"}
    # both subjects of "X and Y discussed"; a plural subject stands for the unknown person too
    found = narrative("Volodymyr Zelensky and Rufus Firefly discussed strengthening Ukraine's air defence. "
                      "They also discussed further sanctions against Russia.")
    assert found["Rufus Firefly"]["label_ukraine"] == "positive"
    assert found["Rufus Firefly"]["label_russia"] == "negative"
    # capitalised words that are no name: a place, a role alone
    found = narrative("Yesterday the Foreign Minister discussed sanctions against Russia. "
                      "Freedonia Parliament discussed the aid to Ukraine.")
    assert set(found) == {positioning.ARTICLE_SPEAKER, "_stances"}


def test_losses_of_the_speakers_opponent_are_no_victimhood():
    reported = "the Ukrainian army suffered heavy losses"
    text = TITLE + f"The minister spoke. Sergei Shoigu noted that {reported}.\n"
    *_, st, pos = build(("a1", text, [(reported, "indirect", "Sergei Shoigu", "russia")]))
    assert row(pos, "Sergei Shoigu")["stance_ukraine"] <= 0
    assert quoted("The Ukrainian army suffered heavy losses,", side="eu")["stance_ukraine"] > 0


def test_a_side_named_as_a_place_after_the_is_no_actor():
    found = narrative("Emmanuel Macron expressed his condolences over the victims of the attack in the Moscow region.")
    assert found["Emmanuel Macron"]["label_russia"] != "negative"


def test_support_that_names_no_one_helps_the_other_principal():
    found = narrative("Emmanuel Macron had a phone call with Volodymyr Zelensky. "
                      "Emmanuel Macron reaffirmed his unwavering support. "
                      "The leaders discussed cooperation in the defence sphere.")
    assert found["Emmanuel Macron"]["label_ukraine"] == "positive"
    assert "support" in ";".join(found["_stances"].query("speaker == 'Emmanuel Macron'")["cue_words"])
    # a policy noun helps only the side named as its recipient ("weapons in Ukraine" go to no one)
    found = narrative("Emmanuel Macron had a phone call with Vladimir Putin. "
                      "Emmanuel Macron said that he would not deploy weapons in Ukraine.")
    assert found.get("Emmanuel Macron", {}).get("label_russia", "neutral") == "neutral"
    # with three principals there is no single partner
    found = narrative("Emmanuel Macron met Volodymyr Zelensky and Olaf Scholz. "
                      "Emmanuel Macron reaffirmed his unwavering support.")
    assert found.get("Emmanuel Macron", {}).get("label_ukraine", "neutral") == "neutral"


def test_the_terrorist_state_is_the_speakers_opponent():
    assert quoted("The terrorist state keeps lying,", side="ukraine")["label_russia"] == "negative"
    assert quoted("The terrorist regime keeps lying,", side="russia")["label_ukraine"] == "negative"


def test_a_guest_the_actors_table_lacks_is_a_principal():
    found = narrative("Volodymyr Zelensky had a phone conversation with Prime Minister of Freedonia Rufus Firefly "
                      "on Independence Day. The leaders discussed further sanctions against Russia.")
    assert found["Rufus Firefly"]["label_russia"] == "negative"  # "Independence Day" is no guest
    found = narrative("Volodymyr Zelensky had a phone conversation with Prime Minister of Freedonia Rufus Firefly. "
                      "Rufus Firefly reaffirmed his full support.")
    assert found["Rufus Firefly"]["label_ukraine"] == "positive"  # the guest's support helps the host's side


def test_a_body_named_in_a_meeting_is_no_guest():
    found = narrative("Volodymyr Zelensky met with the Commander of the Armed Forces of Freedonia Rufus Firefly and "
                      "the Defense Reform Advisory Board (DRAB) and the Head of the Freedonia Platform on Friday. "
                      "The leaders discussed further sanctions against Russia.")
    assert not {"Armed Forces", "Reform Advisory Board", "Defense Reform Advisory Board", "Freedonia Platform"} \
        & set(found)
    assert found["Rufus Firefly"]["label_russia"] == "negative"  # a principal of the plural subject


@pytest.mark.parametrize("run, name", [("Prime Minister of Israel Naftali Bennett", "Naftali Bennett"),
                                       ("Tuesday John Smith", "John Smith"), ("John Smith", "John Smith"),
                                       ("Foreign Minister", None), ("Rufus", None)])
def test_person_names_at_the_end_of_a_capitalised_run(run, name):
    reader = acts.load_roles(pd.DataFrame()).reader
    found = [n for _, end, (n, words) in reader.names_in(run, 0, len(run)) if end == len(run) and words > 1]
    assert (found[-1] if found else None) == name


@pytest.mark.parametrize("quote, side, target, expected", [
    ("Hungary spoke against new sanctions on Russia,", "eu", "russia", "positive"),
    ("We reject accusations of war crimes against the Russian army,", "russia", "russia", "positive"),
    ("Moscow denied that its troops had shelled the city,", "eu", "russia", "neutral"),
    ("The ministers discussed the use of frozen Russian assets,", "eu", "russia", "negative"),
    ("Denmark is training Ukrainian pilots,", "eu", "ukraine", "positive"),
    ("Trade suffers from the illegitimate sanctions against Russia,", "other", "russia", "positive"),
    ("Kyiv keeps evading its commitments,", "russia", "ukraine", "negative"),
    ("Nobody may dismiss Ukraine's legitimate interests,", "eu", "ukraine", "positive"),
    # a negator's reach ends at a preposition, "that" or "only", not at "to"
    ("Ukraine does not give in to provocations from Russia,", "ukraine", "russia", "negative"),
    ("Nobody said that the aggressor would not come back,", "ukraine", "russia", "negative"),
    ("Canada will continue not only to provide assistance to Ukraine,", "nato", "ukraine", "positive"),
    ("Canada did not provide assistance to Ukraine,", "nato", "ukraine", "negative"),
    ("Norway is not going to impose sanctions on Russia,", "nato", "russia", "positive"),
])
def test_undone_denied_negated_and_policy_cues(quote, side, target, expected):
    assert quoted(quote, side=side)[f"label_{target}"] == expected


def test_a_denial_denies_accusations_only():
    # "rejected" undoes no demand or ultimatum: the ultimatum stays the agent's
    assert quoted("Ukraine rejected the Russian ultimatum,")["label_russia"] == "negative"
    assert quoted("Denmark condemned the Russian aggression,")["label_russia"] == "negative"  # "Den…" is no denial


def test_acts_that_take_a_side_are_units_of_their_subject():
    found = narrative("The summit ended. Ursula von der Leyen imposed new sanctions on Russia.")
    assert found["Ursula von der Leyen"]["label_russia"] == "negative"
    found = narrative("The ceremony was held in the Kremlin. Vladimir Putin presented state awards to the servicemen "
                      "for their courage and heroism.")
    assert found["Vladimir Putin"]["label_russia"] == "positive"


def test_a_title_the_actors_table_knows_names_its_holder():
    # "the President of Russia" is Putin, not the president named last as a subject
    found = narrative("Thus, Emmanuel Macron described the claims as lies. In this connection, the President of "
                      "Russia provided an explanation regarding the neo-Nazis in Kiev.")
    assert "Emmanuel Macron" not in found  # no stance unit: nothing about a side
    assert found["Vladimir Putin"]["label_ukraine"] == "negative"


@pytest.mark.parametrize("title, side", [("Deputy Head of the Office of the President of Ukraine", "ukraine"),
                                         ("Ukrainian Deputy Foreign Minister", "ukraine"),
                                         ("Ambassador to Russia", "unknown"),
                                         ("Prime Minister of Freedonia", "unknown")])
def test_the_title_of_an_unknown_subject_states_its_side(title, side):
    found = narrative(f"The talks ended. {title} Rufus Firefly discussed the needs of the Ukrainian army.")
    rows = found["_stances"].query("speaker == 'Rufus Firefly'")
    assert set(rows["side"]) <= {side}
    if side == "ukraine":  # the own side, advocated
        assert found["Rufus Firefly"]["label_ukraine"] == "positive"


def test_a_quoted_speaker_the_table_lacks_takes_the_side_its_title_states():
    quote = "Our soldiers are holding the line,"
    text = TITLE + (f"Volodymyr Zelensky met with Deputy Foreign Minister of Ukraine Rufus Firefly. "
                    f'"{quote}" Firefly said.\n')
    *_, st, pos = build(("a1", text, [(quote, "direct", "Rufus Firefly", "unknown")]))
    assert set(st[st["speaker"] == "Rufus Firefly"]["side"]) == {"ukraine"}
    assert row(pos, "Rufus Firefly")["label_ukraine"] == "positive"  # "our" is Ukraine's
    # a title before the name anywhere in the article does too
    text2 = TITLE + f'The briefing was long. "{quote}" said Deputy Foreign Minister of Ukraine Rufus Firefly.\n'
    *_, st2, _ = build(("a1", text2, [(quote, "direct", "Rufus Firefly", "unknown")]))
    assert set(st2[st2["speaker"] == "Rufus Firefly"]["side"]) == {"ukraine"}
    text3 = TITLE + f'The briefing was long. "{quote}" said Ambassador to Ukraine Rufus Firefly.\n'
    *_, st3, _ = build(("a1", text3, [(quote, "direct", "Rufus Firefly", "unknown")]))
    assert set(st3[st3["speaker"] == "Rufus Firefly"]["side"]) <= {"unknown"}


def test_a_report_without_its_agent_is_each_principals():
    found = narrative("Volodymyr Zelensky had a phone conversation with Emmanuel Macron. "
                      "It was stressed that pressure on Russia must grow. "
                      "Attention was also paid to the reconstruction of Ukraine.")
    for name in ("Volodymyr Zelensky", "Emmanuel Macron"):
        assert found[name]["label_russia"] == "negative"
    assert found["Emmanuel Macron"]["label_ukraine"] == "positive"
    # without principals it is the article's voice only
    alone = narrative("The weather was cold. It was stressed that pressure on Russia must grow.")
    assert set(alone) == {positioning.ARTICLE_SPEAKER, "_stances"}


def test_a_cue_after_a_scene_preposition_is_no_act_of_the_target_before_it():
    assert quoted("Russia destroyed Ukrainian schools during the full-scale invasion,",
                  side="ukraine")["label_ukraine"] != "negative"
    assert quoted("Russia destroyed Ukrainian schools during the full-scale invasion,",
                  side="ukraine")["label_russia"] == "negative"


def test_a_coordinated_act_after_a_quote_is_the_quoted_speakers():
    reported = "the talks had been useful"
    text = TITLE + f"The visit ended. Emmanuel Macron said that {reported} and condemned the Russian aggression.\n"
    *_, st, pos = build(("a1", text, [(reported, "indirect", "Emmanuel Macron", "eu")]))
    assert row(pos, "Emmanuel Macron")["label_russia"] == "negative"
    # a subject inside someone's quote speaks to the end of the sentence, past the quote's end
    reported2 = "Ukraine is grateful to Pope Francis, as he supports Ukraine"
    text2 = TITLE + f"The visit ended. Volodymyr Zelensky stressed that {reported2} and condemns Russian aggression.\n"
    *_, st2, pos2 = build(("a1", text2, [(reported2, "indirect", "Volodymyr Zelensky", "ukraine")]))
    assert row(pos2, "Pope Francis")["label_russia"] == "negative"
    assert row(pos2, "Volodymyr Zelensky")["label_russia"] == "negative"



def test_a_title_before_a_first_name_is_that_persons_not_its_holders():
    found = narrative("Vladimir Putin had a telephone conversation with Prime Minister of Italy Marco Bellini. "
                      "The leaders discussed further sanctions against Russia.")
    assert "Giorgia Meloni" not in found  # the actors table's holder of the title is not in the call
    assert found["Marco Bellini"]["label_russia"] == "negative"
    # the title alone still names its holder
    alone = narrative("Vladimir Putin had a telephone conversation with the Prime Minister of Italy. "
                      "The leaders discussed further sanctions against Russia.")
    assert alone["Giorgia Meloni"]["label_russia"] == "negative"


def test_an_appraisal_is_a_speech_act_and_a_demand_on_a_side_weighs_against_it():
    found = narrative("Vladimir Putin gave an appraisal of the actions of Kyiv, which keeps evading compliance "
                      "with its commitments.")
    assert found["Vladimir Putin"]["label_ukraine"] == "negative"
    demand = narrative("Vladimir Putin stressed the importance of Kyiv's strict compliance with the agreements.")
    assert demand["Vladimir Putin"]["stance_ukraine"] < 0
    # a side's demands (a noun) are no demand made of it: its legitimate concerns stay credit
    noun = narrative("Vladimir Putin regretted that the response ignored Russia's legitimate concerns and demands.")
    assert noun["Vladimir Putin"]["label_russia"] == "positive"


@pytest.mark.parametrize("object_, label", [
    ("the President", "positive"),                 # the one president named before: Vladimir Putin
    ("the Adviser to the President", "neutral"),   # another title's object
    ("the Prime Minister", "neutral"),             # a title the named president's role does not have
])
def test_a_title_alone_in_a_quote_names_the_one_person_it_describes(object_, label):
    text = (TITLE + "Answering Vladimir Putin's question, the governor said that local people are grateful to "
            f"{object_}.\n")
    quote = f"local people are grateful to {object_}"
    *_, pos = build(("a1", text, [(quote, "indirect", "Ivan Petrov", "unknown")]))
    assert row(pos, "Ivan Petrov")["label_russia"] == label


def test_a_title_two_presidents_fit_names_nobody():
    text = (TITLE + "Vladimir Putin had a phone call with Joe Biden. The governor said that local people are "
            "grateful to the President.\n")
    *_, pos = build(("a1", text, [("local people are grateful to the President", "indirect", "Ivan Petrov",
                                   "unknown")]))
    assert row(pos, "Ivan Petrov")["label_russia"] == "neutral"


@pytest.mark.parametrize("sentence, target, labels", [
    ("Emmanuel Macron expressed concern about Russia's troop movements near the border.", "russia", {"negative"}),
    ("Emmanuel Macron expressed concern about Ukraine's security.", "ukraine", {"neutral", "positive"}),
    ("Emmanuel Macron expressed concern over the safety of Ukrainian children.", "ukraine", {"neutral", "positive"}),
])
def test_concern_about_a_sides_acts_is_criticism_about_its_security_sympathy(sentence, target, labels):
    assert narrative(sentence)["Emmanuel Macron"][f"label_{target}"] in labels


@pytest.mark.parametrize("quote, target, label", [
    ("Europe must support Kyiv for as long as it takes.", "ukraine", "positive"),  # a demanded good act: its patient
    ("Europe must stand by Kyiv for as long as it takes.", "ukraine", "positive"),  # "by" of "stand by" is no agent
])
def test_a_demanded_good_act_credits_its_patient_not_its_agent(quote, target, label):
    assert quoted(quote)[f"label_{target}"] == label
    assert quoted("Russia must respect its neighbours.")["stance_russia"] < 0  # no credit to whom it is demanded of


def test_an_act_before_the_speakers_own_quote_in_the_sentence_is_read_up_to_it():
    """'X praised A but warned that B': B is X's quote, "praised A" X's act (before, the quote took the sentence)."""
    text = TITLE + "Emmanuel Macron praised Ukraine's resilience but warned that support could wane.\n"
    *_, pos = build(("a1", text, [("support could wane", "indirect", "Emmanuel Macron", "eu")]))
    assert row(pos, "Emmanuel Macron")["label_ukraine"] == "positive"


@pytest.mark.parametrize("quote, target, cue", [("Putin lied to the world.", "russia", "lied"),
                                                ("Kyiv is trying to disrupt the talks.", "ukraine", "disrupt")])
def test_lying_and_disrupting_are_blame_of_their_agent(quote, target, cue):
    text = TITLE + f'The envoy spoke. "{quote}" the envoy said.\n'
    *_, st, pos = build(("a1", text, [(quote, "direct", "Envoy One", "eu")]))
    assert row(pos, "Envoy One")[f"label_{target}"] == "negative"
    assert cue in st[st["target"] == target]["cue_words"].iloc[0]  # a cue, not the model's guess


def test_a_pronoun_opening_a_quote_is_its_speaker_not_the_person_named_before():
    """'Macron, who spoke with Putin, said he had urged …': "he" is Macron; Putin gets no act."""
    text = (TITLE + "Emmanuel Macron, who spoke with Vladimir Putin for two hours, said he had urged the Russian "
            "leader to stop the offensive.\n")
    quote = "he had urged the Russian leader to stop the offensive"
    *_, st, pos = build(("a1", text, [(quote, "indirect", "Emmanuel Macron", "eu")]))
    assert "Vladimir Putin" not in set(st["speaker"])


@pytest.mark.parametrize("quote, target, label", [
    ("Moscow has no interest in negotiations.", "russia", "negative"),
    ("Germany will keep supplying Kyiv.", "ukraine", "positive"),
    ("Moscow is mocking the peace effort.", "russia", "negative"),
])
def test_news_phrases_of_blame_and_provision(quote, target, label):
    assert quoted(quote)[f"label_{target}"] == label


def test_an_actors_descriptor_in_the_targets_table_still_names_the_actor():
    """"The Ukrainian president thanked …": a targets.csv phrase that is also an actor's descriptor keeps the actor."""
    found = narrative("The Ukrainian president thanked the volunteers for their courage.")
    assert "Volodymyr Zelensky" in found


def test_two_titles_joined_by_and_the_are_two_subjects():
    found = narrative("President of France Emmanuel Macron and Federal Chancellor of Germany Olaf Scholz called "
                      "Vladimir Putin. The President of France and the Federal Chancellor of Germany condemned "
                      "Russia's aggression.")
    assert found["Emmanuel Macron"]["label_russia"] == "negative"
    assert found["Olaf Scholz"]["label_russia"] == "negative"


def test_pressure_naming_no_one_is_a_call_only_from_a_side():
    """ "Sanctions work slowly": a side calling for sanctions is against Russia; an analyst of no side describes them."""
    assert quoted("New sanctions work slowly,", side="eu")["label_russia"] == "negative"
    assert quoted("New sanctions work slowly,", side="unknown")["label_russia"] == "neutral"
