"""Spec section 5 as a table: who claims each figure (`claimant`, `claimant_kind`, `cue`).

Each row is an invented sentence (or two) and the figures it must yield, given by `at` (the
number expression, located in the text; a figure matches when its span overlaps it) and the
attribution fields. Claimants compare after the spec-7 name normalisation (case, leading
the/a/an, "'s"); a tuple lists the acceptable strings where the spec allows variation. The row
also asserts the number of figures. Rows the extractor gets wrong today are strict xfails.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.table import check, row

GOV, IND, INTL, MEDIA, ANON = "government", "independent", "international", "media", "anonymous"
UNSET = object()


def by(at: str, claimant: str | tuple[str, ...] | None, kind: Any = UNSET, cue: Any = UNSET) -> dict[str, Any]:
    """Expected attribution of the figure at `at`; a null claimant implies a null kind."""
    exp: dict[str, Any] = {"at": at, "claimant": claimant}
    if kind is not UNSET or claimant is None:
        exp["claimant_kind"] = None if kind is UNSET else kind
    if cue is not UNSET:
        exp["cue"] = cue
    return exp


ROWS = [
    # verb after the clause / before it
    row("At least 12 people were killed in the strike, regional officials said.",
        by("At least 12", "regional officials", GOV, "said")),
    row("Five people were killed in the blast, the authorities said.", by("Five", "the authorities", GOV, "said")),
    row("The ministry said Tuesday that 40 soldiers had been captured.", by("40", "the ministry", GOV, "said")),
    row("The mayor told reporters that 20 people were injured.", by("20", "the mayor", GOV, "told")),
    row("Russia's Defense Ministry claimed 300 Ukrainian soldiers were killed.",
        by("300", ("Russia's Defense Ministry", "Russian Defense Ministry"), GOV, "claimed")),
    row("Ukraine's military said 120 Russian soldiers were killed.",
        by("120", ("Ukraine's military", "Ukrainian military"), GOV)),
    row("Kyiv says 40 drones were intercepted over the capital.", by("40", "Kyiv", GOV, "says")),
    row("The monitor estimates 2,000 people were detained.", by("2,000", "the monitor", IND, "estimates")),
    row("The governor put the toll at 14.", by("14", "the governor", GOV, ("put the toll at", "put"))),
    row("US intelligence estimated that 20,000 Russian troops had been killed.",
        by("20,000", "US intelligence", INTL, "estimated")),
    row("Officials said 15 people were hurt in the crash.", by("15", "officials", GOV, "said")),
    row("Two people were killed, officials said.", by("Two", "officials", GOV, "said")),
    row("Israel says 1,200 people were killed in the attack.", by("1,200", "Israel", GOV, "says")),
    row("Some 2,000 people were detained in the crackdown, rights groups estimate.",
        by("Some 2,000", "rights groups", IND, "estimate")),
    row("Russia fired 35 missiles overnight, the air force said, adding that 30 missiles were shot down.",
        by("35", "the air force", GOV, "said"), by("30", "the air force", GOV, "adding")),
    row("The Kremlin denied the accusations. It said its forces had shot down 12 drones.",
        by("12", "the Kremlin", GOV, "said")),
    row("The prosecutor general said 1,200 bodies had been found. He said 300 were children.",
        by("1,200", "the prosecutor general", GOV, "said")),
    # a pronoun whose antecedent stands earlier in the same sentence
    row("The rights office said on Tuesday that it had recorded 726 civilians killed.",
        by("726", "the rights office", GOV, "recorded")),
    row("Organizers said the march drew tens of thousands of people.",
        by("tens of thousands", "organizers", IND, "said")),
    row("The fighting has killed more than 12,000 people, according to the Conflict Location and Event Data Project.",
        by("more than 12,000", "the Conflict Location and Event Data Project", IND, "according to")),
    # prepositional cues
    row("According to the monitor, 2,100 people were detained in 60 cities.",
        by("2,100", "the monitor", IND, "according to"), by("60", "the monitor", IND, "according to")),
    row("According to the UN, at least 500 civilians have died.", by("at least 500", "the UN", INTL, "according to")),
    row("In the monitor's count, 2,000 people were detained.", by("2,000", "the monitor", IND)),
    row("The group's figures show 2,000 people were detained.", by("2,000", "the group", IND)),
    row("The monitor's count put the number of detained at 2,000.", by("2,000", "the monitor", IND)),
    # nested: the original source wins, cue "citing"
    row("The agency, citing the regional governor, said nine were wounded.", by("nine", "the regional governor", GOV, "citing")),
    row("A news agency, citing the health ministry, said 31 people were killed.", by("31", "the health ministry", GOV, "citing")),
    row("Interfax, citing emergency services, reported 11 dead.", by("11", "emergency services", GOV, "citing")),
    # across sentences
    row("The defence ministry issued a statement. It said 35 drones were intercepted.",
        by("35", "the defence ministry", GOV, "said")),
    row("Rights activists held a news conference. They said 400 people were detained.",
        by("400", "rights activists", IND, "said")),
    row("The governor spoke to reporters on Friday. He added that 8 people were missing.",
        by("8", "the governor", GOV, "added")),
    row("Some 300 villagers were killed. Rights groups said most were civilians.", by("Some 300", "rights groups", IND, "said")),
    # headline with a colon
    row("Ten dead in market shelling: governor", by("Ten", "governor", GOV, None)),
    # inside a quote
    row('"We have found 80 bodies so far," the mayor told reporters.', by("80", "the mayor", GOV, "told")),
    row('"We have found 80 bodies so far," said the mayor.', by("80", "the mayor", GOV, "said")),
    row('"At least 50 people were detained," police spokesman Ivan Ivanov said.',
        by("At least 50", ("police spokesman Ivan Ivanov", "Ivan Ivanov"), GOV, "said")),
    row('The governor spoke to reporters on Friday. "At least 8 people are missing," he said.',
        by("At least 8", "the governor", GOV, "said")),
    # outlet's own background, outlet's own fact, passives
    row("The president said his troops had captured the town, which months of bombardment had left with thousands dead.",
        by("thousands", None)),
    row("The strike killed 5 people.", by("5", None, None, None)),
    row("Police detained 17 people at the rally on Friday.", by("17", None, None, None)),
    row("Ten people are said to have been killed in the village.", by("Ten", None)),
    row("Ten people were reported killed in the village.", by("Ten", None)),
    # named data source, no verb
    row("State data show 4,000 people were killed in road crashes in 2021.", by("4,000", "state data")),
    row("State data show 4,000 people were killed in road crashes in 2021.", by("4,000", "state data", cue=None)),
    # claimant kinds
    row("The UN human rights office said 1,200 civilians had been killed.", by("1,200", "the UN human rights office", INTL)),
    row("The ICRC said 3,000 people were missing.", by("3,000", "the ICRC", INTL)),
    row("A UN spokesperson said 2,000 people were evacuated.", by("2,000", "a UN spokesperson", INTL)),
    row("Human Rights Watch said 60 people were detained.", by("60", "Human Rights Watch", IND)),
    row("Doctors Without Borders said 25 patients were killed.", by("25", "Doctors Without Borders", IND)),
    row("Analysts said Russia had massed 100,000 troops on the border.", by("100,000", "analysts", IND)),
    row("The satellite imagery company Maxar said 40 aircraft were destroyed.",
        by("40", ("Maxar", "satellite imagery company Maxar"), IND)),
    row("The BBC said 900 people were killed.", by("900", "the BBC", MEDIA, "said")),
    row("A source said 200 soldiers were captured.", by("200", "a source", ANON, "said")),
    row("Amnesty International said 60 people were detained.", by("60", "Amnesty International", IND)),
    row("Civic Shield, a rights group, said 1,400 people were detained.", by("1,400", "Civic Shield", IND, "said")),
    row("The BBC counted 900 deaths in the region.", by("900", "the BBC", MEDIA, "counted")),
    row("A source close to the talks said 200 prisoners were captured.",
        by("200", ("a source close to the talks", "a source"), ANON, "said")),
    row("People familiar with the matter said 500 troops had been killed.",
        by("500", "people familiar with the matter", ANON, "said")),
    row("An official who asked not to be named said 70 soldiers were wounded.",
        by("70", ("an official who asked not to be named", "an official"), ANON, "said")),
    row("A police source said 30 people were detained.", by("30", "a police source", ANON, "said")),
    # parentheticals, appositives, pronoun subjects, quotes across sentences
    row("That year, the Global Terrorism Index said, the group was responsible for 6,644 deaths.",
        by("6,644", "the Global Terrorism Index")),
    row("Ales Bialiatski, head of the Viasna rights group, said the march drew more than 100,000 people.",
        by("more than 100,000", "Ales Bialiatski")),
    row("Drone pilots are central to the army. In March and April they claimed to have killed 500 soldiers.",
        by("500", "Drone pilots")),
    row("The guards fled. Drone operators are central to the army. In March they claimed to have killed 500 "
        "soldiers.", by("500", "Drone operators")),       # an agent noun no word list knows, by its ending
    row("There was a burst of some 25 shots. Later there were three shots, the institute said.",
        by("some 25", "the institute"), by("three", "the institute")),   # a cue closing the paragraph's next sentence
    row("There was a burst of some 25 shots.\n\nLater there were three shots, the institute said.",
        by("some 25", None), by("three", "the institute")),              # not across paragraphs
    # a time before the speaker, a passive's subject
    row("Last week police revealed that 242 people had been shot in August.", by("242", "police")),
    row("Deaths being announced each day have tumbled, with more than 1,000 patients killed some days in April.",
        by("more than 1,000", None)),
    row("As he announced the decision on her death Attorney General Daniel Cameron said 12 people were arrested.",
        by("12", "Attorney General Daniel Cameron")),         # a name after plain words that are no title
    row("Spokesman John Kirby said 20 soldiers were killed.", by("20", "Spokesman John Kirby")),
    row("New data published in the Mayor's Management Report shows 352 people were murdered.",
        by("352", None)),                                    # 'Report' inside a name is no cue verb
    row("There have been over 241K confirmed cases, leading to 23,721 deaths.", by("23,721", None)),
    row("On Tuesday the first images emerged. They reported that 65 homes were destroyed.",
        by("65", None)),                                     # images assert nothing, even as 'they'
    row("More than 985,000 people have died, according to data from the Centers for Disease Control.",
        by("More than 985,000", "data from the Centers for Disease Control")),   # the data keep their source
    row("The Taliban claimed responsibility for the attack, in which more than 30 people were killed.",
        by("more than 30", None)),
    row("At least 10 died in custody, according to Human Rights Watch--a claim the government denies.",
        by("At least 10", "Human Rights Watch")),
    row('"This morning an accident left four people dead. Our prayers are with them," the mayor said.',
        by("four", "the mayor")),
    row('The mayor released this statement: "An accident has left four people dead. We mourn them."',
        by("four", "The mayor")),
    row("It was chaos, says Hassid, the last to leave, two shells exploding in front of him.",
        by("two", "Hassid")),
    row("Kenya's intelligence agency reckons more than 1,000 Kenyans have enlisted.",
        by("more than 1,000", "Kenya's intelligence agency")),
    row("FDNY officials now confirm that four people were killed.", by("four", "FDNY officials")),
    row('"We welcome the release of 21 of our #ChibokGirls," the #BringBackOurGirls campaign said.',
        by("21", "the #BringBackOurGirls campaign")),
    row("A reporter for Fergana.ru said hundreds were killed.", by("hundreds", "A reporter for Fergana.ru")),
    row("Shocking footage showed 20 bodies lying in the street.", by("20", None)),
    row("New satellite photos show 40 destroyed tanks.", by("40", None)),
    row("The FDNY Chief at the scene told reporters that there were three fatalities.",
        by("three", "The FDNY Chief at the scene")),
    row("The regional governor wrote on Telegram that 4 people had died.", by("4", "The regional governor")),
    row("In a statement on Telegram, the governor said 12 people were killed.", by("12", "the governor")),
    row("The US has recorded more than 6 million cases and 183,000 deaths.", by("183,000", "The US", GOV)),
    row("There were 1,200 new deaths reported on Tuesday, according to Johns Hopkins University.",
        by("1,200", "Johns Hopkins University", IND, "according to")),
    row("Armenia said 84 of its soldiers had been killed, while Azerbaijan said 26 of its civilians had died.",
        by("84", "Armenia", GOV), by("26", "Azerbaijan", GOV)),
    row("Another provincial official, deputy police chief Abdul Razaq Qaderi, said at least one suspect was arrested.",
        by("at least one", ("deputy police chief Abdul Razaq Qaderi", "Abdul Razaq Qaderi"))),
    row("Local officials reported the death toll and said 10 other people were injured.",
        by("10", "Local officials")),
    row("Islamic State claims Aden suicide car bombing that kills seven", by("seven", None)),
    row('The mayor released this statement: \u201cAn accident has left four people dead. We mourn them."',
        by("four", "The mayor")),
    row("A European official, likewise speaking on condition of anonymity, said Russia has 10,000 foreign fighters.",
        by("10,000", "A European official")),
    row("Azerbaijan has not disclosed its military casualties, but says 26 civilians have been killed.",
        by("26", "Azerbaijan", GOV)),
    row("According to UNHCR's annual Global Trends report, 65.3 million people were displaced.",
        by("65.3 million", ("UNHCR's annual Global Trends report", "UNHCR"), INTL, "According to")),
]


@pytest.mark.parametrize(("text", "published", "expected"), ROWS)
def test_attribution(text: str, published: str | None, expected: list[dict[str, Any]]) -> None:
    check(text, published, expected)
