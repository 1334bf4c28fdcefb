"""Words that carry no theme: left out of the recurring threads (and never taken for names).

``SNOWBALL_DUTCH`` and ``SNOWBALL_ENGLISH`` are the stop-word lists of the Snowball project
(https://snowballstem.org/algorithms/dutch/stop.txt and .../english/stop.txt; BSD licence,
copyright Martin Porter and Richard Boulton), the lists most search engines start from;
the Dutch one as packaged in python-stop-words (PyPI ``stop-words``). Snowball keeps them
short on purpose, so ``SPOKEN_DUTCH`` adds the everyday words of spoken Dutch that notes
taken during a conversation are full of ("gewoon", "echt", "steeds") and the units of time
and set phrases ("weken", "in plaats van", "neem contact op") that say when, not what, and ``SPOKEN_ENGLISH``
the few the list kept before (an everyday first name like "Will" is then matched as
spelled only, see ``anonymize``); the English list of
``stop-words`` was not taken: it counts "help", "home", "work" and "problem" as stop words,
and those are themes here.
"""

from __future__ import annotations

SNOWBALL_DUTCH = """
aan af al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door
dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand
iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog
nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want
waren was wat we wel werd wezen wie wij wil worden wordt zal ze zei zelf zich zij zijn zo
zonder zou
""".split()

SNOWBALL_ENGLISH = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves what which who whom this
that these those am is are was were be been being have has had having do does did doing would
should could ought i'm you're he's she's it's we're they're i've you've we've they've i'd
you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't
weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't
cannot couldn't mustn't let's that's who's what's here's there's when's where's why's how's a
an the and but if or because as until while of at by for with about against between into
through during before after above below to from up down in out on off over under again
further then once here there when where why how all any both each few more most other some
such no nor not only own same so than too very
""".split()

SPOKEN_DUTCH = """
aangezien achter alle allen alsof ander anders bijna binnen boven buiten daarom daarna
daardoor echter eigen elk elke enige erg even ga gaan gaat gedaan gehad goed hadden hebt
ieder jij jou jouw jullie konden kun kunt laat later mocht moeten naast ofwel per samen
sinds slechts sommige vooral vaak waar waarom wanneer welk welke werden willen zeer zeker
zouden zullen hele heel echt gewoon weer nooit vanuit tussen bovendien daarbij waarbij
hierbij erbij erin ermee ervan erover nadat terwijl zodat zowel weinig enkele beide iedereen
niemand niks mee toe elkaar onze zo'n steeds soms geworden des ten ter één twee drie eerst
eerste alleen pas nieuw nieuwe graag zien zag zegt zeggen komt komen kwam krijgen kreeg
moest gaf geven geeft maken maakt gemaakt laten liet staan staat stond weten weet wist vond
vinden ding dingen keer manier eigenlijk misschien verder hierover daarover waarvan mag via
hen word zoals
dag dagen week weken maand maanden jaar jaren uur minuten plaats neem nemen neemt
""".split()

SPOKEN_ENGLISH = "also can just us will".split()

DUTCH = sorted(set(SNOWBALL_DUTCH) | set(SPOKEN_DUTCH))
ENGLISH = sorted(set(SNOWBALL_ENGLISH) | set(SPOKEN_ENGLISH))

STOP_WORDS: frozenset[str] = frozenset(DUTCH) | frozenset(ENGLISH)
