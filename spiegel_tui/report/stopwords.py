"""Words that carry no theme: left out of the recurring threads (and never taken for names).

Mostly Dutch (sessions are Dutch by default), with the common English ones for sessions
held in English.
"""

from __future__ import annotations

DUTCH = """
aan aangezien achter af al alle allen alles als alsof altijd ander andere anders om omdat
ben bij bijna binnen boven buiten daar daarom daarna daardoor dan dat de deze die dit doch
doen door dus echter een eens eigen elk elke en enige er erg even ga gaan gaat gedaan geen
gehad geweest goed had hadden heb hebben hebt heeft hem hen het hier hij hoe hun ieder
iemand iets ik in is ja je jij jou jouw jullie kan kon konden kun kunnen kunt laat later
maar me meer men met mij mijn moet moeten mocht na naar naast niet niets nog nu of ofwel
ook op over per reeds samen sinds slechts sommige te tegen toch toen tot u uit uw van veel
via voor vooral vaak waar waarom wanneer want was waren wat we wel welk welke werd werden
wie wij wil willen word worden wordt zal ze zei zelf zich zij zijn zo zoals zonder zou
zouden zullen zeer zeker hele heel echt gewoon weer nooit vanuit tussen onder bovendien
daarbij waarbij hierbij erbij erin ermee ervan erover nadat terwijl zodat zowel weinig
enkele beide iedereen niemand niks mee toe op af elkaar onze ons jouw haar hun hen zo'n
steeds soms vaak wordt worden geworden zijn's der des ten ter één twee drie eerst eerste
alleen pas nieuw nieuwe graag zien zag zegt zeggen komt komen kwam krijgen kreeg moest gaf
geven geeft maken maakt gemaakt laten liet staan staat stond weten weet wist vond vinden
ding dingen keer manier eigenlijk misschien verder hierover daarover waarvan wanneer mag
""".split()

ENGLISH = """
a about after all also an and any are as at be because been but by can could did do does
for from had has have he her his how i if in into is it its just more most my no not of on
or our out she so some than that the their them then there these they this to too up us
very was we were what when where which who why will with would you your
""".split()

STOP_WORDS: frozenset[str] = frozenset(DUTCH) | frozenset(ENGLISH)
