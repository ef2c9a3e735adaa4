"""Structural verification of fused sentences: the rewrites a reader found false, though made only
of their sources' words, are caught; honest cuts and joins pass."""
from __future__ import annotations

import pytest

from summarizer.fusion.alignment import align, structure_problems

PUTIN = "Putin received Mr Kim at Russia's most modern space rocket launch site, North Korean state media said."
RAINE = ("Her third husband, James Raine, was shot to death at the couple's Pearl River County, Mississippi, "
         "home in 2011.")
GRAMMYS = "Nominations for artist of the year are Adele, Beyonce, Bieber, Drake, Rihanna and Taylor Swift."


@pytest.mark.parametrize("text, group, flag", [
    ("Nominations for artist of the year are Adele, Beyonce, Bieber.", [GRAMMYS], "cut-list"),
    # read in the engine's candidates on Multi-News validation clusters 1001-1020 (run 4, session 3)
    ("Sea level is likely to rise anywhere from one foot by 2100.",
     ["Sea level is likely to rise anywhere from one foot to 2.5 feet by 2100."], "cut-range"),
    (". more found south of the original site.", ["Today, more found south of the original site."], "stray-punctuation"),
    # read in validation rewrites of the shipped model (docs/fusion-rewrites.md)
    ("We should stop trying to contact them, because it could put humanity in a risky situation.",
     ["According to physicist Stephen Hawking, we should stop trying to contact them, because it could put "
      "humanity in a risky situation."], "dropped-attribution"),
    ("John Smith, a spokesman for the company said the plant would close.",
     ["John Smith, a spokesman for the company, said the plant would close on Friday."], "dropped-comma"),
    ("The senator who was elected in 2010 voted against the bill.",
     ["The senator, who was elected in 2010, voted against the bill."], "dropped-comma"),
    ("Meechan, of Coatbridge was sentenced at Airdrie Sheriff Court.",
     ["Meechan, of Coatbridge, North Lanarkshire, was sentenced at Airdrie Sheriff Court."], "dropped-comma"),
    ("On one side is zuckerberg, the founder of facebook inc.)", ["On one side is zuckerberg, the founder of facebook inc."],
     "stray-punctuation"),
    ("The University of California has reversed its decision to cancel the speech.",
     ["The University of California, Berkeley, has reversed its decision to cancel the speech."], "cut-name-part"),
    ("For Andrew Cotton will be a day to remember.",
     ["For Andrew Cotton, November 8, 2017, will be a day to remember."], "no-subject"),
    ("Was convicted in 2001 and is listed in the database, the journal reported.",
     ["Was convicted in 2001 and is listed in the database, the ( Corry ) journal reported."], "no-subject"),
    ("Calling after him and scooping him up in their arms.",
     ["Calling after him and scooping him up in their arms, because Elijah was three."], "no-finite-verb"),
    ("A measure to require condoms while filming in Angeles County was approved by voters.",
     ["A measure to require condoms while filming in Los Angeles County was approved by voters."], "cut-name-part"),
    ("Their commercials are easy to recognize and hard.", ["Their commercials are easy to recognize and hard to miss."],
     "dropped-object"),
    ("Nine countries voted.", ["Nine countries voted against the resolution on Thursday."], "dropped-object"),
    ("Leake used to serve to her daughters.", ["Leake used to serve it to her daughters."], "dropped-object"),
    ("The killer was a burglar who entered her home.", ["The killer, police said, was a burglar who entered her home."],
     "dropped-attribution"),
    ("'Gay couples can adopt children, whether they are married or not.",
     ["Gay couples can adopt children, whether they are married or not."], "stray-punctuation"),
    ("But , there's paranoia about ambush marketing.", ["But ( for FIFA ), there's paranoia about ambush marketing."],
     "stray-punctuation"),
    # the seed cluster: one sentence of Putin's quotation, cut loose from its speaker and its quotation marks
    ("The audio was used during the retrial, which found there'",
     ["The audio was used during the retrial, which found there had been insufficient evidence"], "stray-punctuation"),
    ("— Ann Coulter has turned down a compromise offer.", ["— Ann Coulter has turned down a compromise offer to speak."],
     "stray-punctuation"),
    ("The deal guarantees Estmark 40 percent of the river's flow.",
     ["The deal guarantees Estmark 40 percent of the river's flow in summer."], "cut-period"),
    # read in session 6: a "than" without its "more", a phrase of a cut verb, a word for the last word
    ("Intelligence officials don't believe it has the capability to develop such weapons.",
     ["U.S. intelligence officials don't believe it has the capability to develop such weapons."], "cut-name-part"),
    ("The group works with scientists from Iraq according to Iraqi officials.",
     ["The group works with scientists from Iraq, Syria and elsewhere in the region, according to Iraqi officials."],
     "cut-list"),
    ("The story drew thousands of reactions on Facebook, the response he wants is from Chili's.",
     ["The story drew thousands of reactions on Facebook, but Walker says the response he wants is from Chili's."],
     "dropped-attribution"),
    ("It was the worst quake to hit Nepal.", ["It was the worst quake to hit Nepal in decades."], "cut-period"),
    # read in session 6, Multi-News val 1371-1400
    ("There are over 121,000 people on the waiting list.", ["In the US alone, there are over 121,000 people on the waiting list."],
     "cut-period"),
    # read in session 6, Multi-News val 1401-1430
    ("She was thrust into the pay gap battle and with a movie on the way — she's ready for her next chapter.",
     ["She was thrust into the pay gap battle — and with a movie on the way — she's ready for her next chapter."],
     "stray-punctuation"),
    ("Police said, Carlos sped down Interstate 81.", ["As Robinson slept, police said, Carlos sped down Interstate 81."],
     "stray-punctuation"),
    # read in session 6, Multi-News val 1431-1460
    ("The video surfaced on Saturday, and people went thinking the gymnast may have been hacked.",
     ["The video surfaced on Saturday, and people went crazy thinking the gymnast may have been hacked."], "dropped-object"),
    # read in session 6, Multi-News val 1461-1490
    ("The lawsuit filed earlier this year, argues that the technology doesn't work.",
     ["The lawsuit, filed earlier this year, argues that the technology doesn't work."], "dropped-comma"),
    ("He is accused of mailing the parts to political parties and schools,.",
     ["He is accused of mailing the parts to political parties and schools."], "stray-punctuation"),
    ("Passengers were told to keep their hands visible.", ["On some flights, passengers were told to keep their hands visible."],
     "cut-period"),
    ("The secretary of state would hold a press conference this week.",
     ["In any other year, the secretary of state would hold a press conference this week."], "cut-period"),
    ("It's the second major ransomware attack.", ["It's the second major ransomware attack in the past two months."],
     "cut-period"),
    # read in session 6 with run 7, Multi-News val 1281-1310
    ("His tenure was marked by aggressive efforts to rein in banks.",
     ["His tenure was marked by aggressive efforts to rein in banks, payday lenders and debt collectors that often "
      "drew protests from the business community."], "cut-list"),
])
def test_false_rewrites_made_of_source_words_are_caught(text, group, flag):
    assert flag in structure_problems(text, group)


@pytest.mark.parametrize("text, group", [
    ("Putin met Kim at the cosmodrome.", ["Putin met Kim at the Vostochny cosmodrome on Wednesday."]),
    ("Putin met Kim at the cosmodrome, and the two leaders discussed satellites.",
     ["Putin met Kim at the cosmodrome.", "The two leaders discussed satellites for an hour."]),
    ("Putin received Mr Kim at Russia's most modern space rocket launch site, North Korean state media said.",
     [PUTIN]),
    ("Her third husband, James Raine, was shot to death in 2011.", [RAINE]),
    ("U.S. and South Korean officials said the drills would continue.",
     ["U.S. and South Korean officials said on Monday that the drills would continue."]),
    ("The developer said the two had never followed through on an agreement they had made.",
     ["The developer said the two had never followed through on an agreement they had made in secret."]),
    ("It was stolen, Weems said.", ["In 2008, it was stolen, Weems said."]),
    ("He took the train from Moscow.", ["He took the train from Moscow on Monday to meet Putin."]),
    ("Officials have expressed concern.", ["Officials have expressed concern on Monday."]),
    ("Meechan was sentenced at Airdrie Sheriff Court.",
     ["Meechan, of Coatbridge, North Lanarkshire, was sentenced at Airdrie Sheriff Court."]),
    ('"The river has reached its peak," police said.',
     ['"The river has reached its peak," police said in a statement, as a gauge showed 4.45 meters.']),
    ("The man who won the lottery bought a boat.", ["The man who won the lottery bought a boat on Monday."]),
    ("John Smith said the plant would close.",
     ["John Smith, a spokesman for the company, said the plant would close on Friday."]),
    ("The company said sales fell in the third quarter.",
     ["The company said profits rose and sales fell in the third quarter."]),
    ("The project will use the 100-metre-wide green bank telescope.",
     ["The project will use the 100-metre-wide ( 330-feet-wide ) green bank telescope in West Virginia."]),
    ("Nasa scientist Paul Chodas said it is one of the larger asteroids to swing by Earth.",
     ["Nasa scientist Paul Chodas ( CH'-oh-dus ) said it is one of the larger asteroids to swing by Earth."]),
    ('"The river has reached its peak," police said.', ['"The river has reached its peak," police said in May.']),
    ("The summit ended in May.", ["The summit ended in May, and talks resumed in June."]),
    ("About 2,000 farmers protested outside the town hall.",
     ["About 2,000 farmers protested outside the town hall, demanding compensation for crops lost in dry summers."]),
    ("About 2,000 farmers protested outside the town hall.", ["About 2,000 farmers protested outside the town hall on Tuesday."]),
    ("The two leaders agreed to meet again.", ["The two leaders agreed to meet again in the spring to discuss a bridge."]),
    ("They have never been found.", ["They have never been found, and police have long suspected a second site."]),
    ("The three children were on the bridge at the time of the shooting.",
     ["( may 4, 2015 ) the three children were on the bridge at the time of the shooting."]),
    ("Zuckerberg had no interest in playing nice with the guy next door.",
     ["The e-mail was blunt: Zuckerberg had no interest in playing nice with the guy next door."]),
    # one sentence of a source that glues two (a quotation's full stop, then a lowercase word)
    ("Hyde-Smith said the statement was made in jest.",
     ['She praised a supporter by saying, "I\'d be on the front row." hyde-Smith said the statement was made in jest.']),
    ("Studies suggest that more than one in five people with heart failure are depressed.",
     ["Studies suggest that more than one in five people with heart failure are clinically depressed."]),
    ("Police found the car in a parking lot.", ["Police found the car in a parking lot near the airport on Sunday."]),
    ("Trump had heard enough about policy and process.", ["Donald Trump had heard enough about policy and process."]),
    ("He put on a show for the crowd.", ["He put on a show for the crowd in Minneapolis."]),
    ("Turner ran away.", ["Turner ran away, but the pair tackled him."]),
    ("It also features a comment he made in 1999.", ["It also features a comment he made in 1999, in"]),
    ("Passengers were told to keep their hands visible.", ["On Monday, passengers were told to keep their hands visible."]),
    ("The company hired Smith to run it.", ["The company hired Smith, a former banker and lawyer, to run it."]),
    ("She was driving 107 mph when she went off the road.",
     ["She was driving 107 mph when she went off the road, through a ditch and field before crashing."]),
    ("That's an area comparable to the surface of Florida.",
     ["That's an area comparable to the surface of Florida ( 170,305 km² ), and over two times larger than Scotland."]),
    ('"We will win," he said.', ['"We will win," he said, before he left the stage.']),
    ("They objected to sanctions against Syria.", ["They objected on Monday to sanctions against Syria."]),
    ("She is ready for her next chapter.", ["With a movie on the way — and a new husband — she is ready for her next chapter."]),
    ("Smith was born in Ohio.", ["Smith was born in Ohio in 1950."]),
    ("In the US alone, there are over 121,000 people on the waiting list.",
     ["In the US alone, there are over 121,000 people on the waiting list, and 22 die every day."]),
    ("Gunmen opened fire at the mall.", ["Gunmen opened fire at the mall during an attack that left dozens..."]),
    ("He was declared dead by rescue services paramedics.",
     ["He was declared dead by emergency medical rescue services ( EMRS ) paramedics."]),
    ("It was the worst quake to hit Nepal in decades.", ["It was the worst quake to hit Nepal in decades, and it destroyed thousands of homes."]),
    ("We've heard Jess is holding out for a magazine that will pay her.",
     ["We've heard Jess is holding out for a magazine that will pay her, but it looks like time"]),
])
def test_honest_cuts_and_joins_pass(text, group):
    assert structure_problems(text, group) == []


def test_alignment_names_the_sentences_a_join_draws_on():
    group = ["Putin met Kim at the cosmodrome.", "The two leaders discussed satellites for an hour."]
    alignment = align("Putin met Kim at the cosmodrome, and the two leaders discussed satellites.", group)
    assert alignment.sources_used() == {0, 1}
    assert [alignment.tokens[i] for i in alignment.glue] == [",", "and", "."]


def test_curly_and_straight_apostrophes_align_as_one():
    group = ["Putin showed Kim around Russia’s most advanced launch site in Russia’s Far East.",
             "Putin showed Kim around Russia's most developed launch site in Russia's Far East."]
    text = "Putin showed Kim around Russia's most advanced launch site in Russia's Far East."
    assert structure_problems(text, group) == []
    assert align(text, group).sources_used() == {0}


def test_a_relative_clause_alone_is_not_a_sentence():
    from summarizer.fusion.alignment import clause_problems

    assert clause_problems("Where she stores items she gives away to students in need.") == ("no-finite-verb",)
    assert clause_problems("Where does she store the items she gives away?") == ()
