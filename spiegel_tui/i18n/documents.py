"""Strings of the documents for after and before a session (``spiegel export --as``):
the letter back to participants, the improvement plan, the listeners' sheet and the
gespreksleidraad, and of ``spiegel actions``."""

TEXTS: dict[str, tuple[str, str]] = {
    # the letter
    "letter.title": ("Wat we hoorden en wat we gaan doen", "What we heard and what we will do"),
    "letter.greeting": ("Beste deelnemers, cliënten en betrokkenen,",
                        "Dear participants, clients and everyone involved,"),
    "letter.thanks.heading": ("Dank u wel", "Thank you"),
    "letter.thanks": (
        "Op {date} kwamen we samen voor '{title}' ({format}). Hartelijk dank dat u uw "
        "ervaringen met ons wilde delen: uw openheid helpt ons het werk beter te doen. In "
        "deze brief leest u wat we gehoord hebben en wat we ermee gaan doen.",
        "On {date} we met for '{title}' ({format}). Thank you very much for sharing your "
        "experience with us: your openness helps us do our work better. In this letter "
        "you can read what we heard and what we will do with it."),
    "letter.heard": ("Wat we hoorden", "What we heard"),
    "letter.heard.intro": ("Per onderwerp wat er goed gaat, wat beter kan en wat u ons "
                           "aanraadt, in uw eigen woorden.",
                           "Per subject what goes well, what can improve and what you "
                           "advised us, in your own words."),
    "letter.heard.none": ("Er zijn geen opmerkingen vastgelegd.", "No remarks were recorded."),
    "letter.kind.compliment": ("Wat goed gaat", "What goes well"),
    "letter.kind.critical": ("Wat beter kan", "What can improve"),
    "letter.kind.advice": ("Wat u ons aanraadt", "What you advised us"),
    "letter.kind.quote": ("Wat ons bijbleef", "What stayed with us"),
    "letter.lessons": ("Wat we ervan leren en wat we afspraken",
                       "What we learn from it and what we agreed"),
    "letter.todo": ("Wat we gaan doen", "What we will do"),
    "letter.todo.none": ("Er zijn nog geen acties afgesproken; we laten u weten wanneer dat "
                         "zo is.", "No actions have been agreed yet; we will let you know "
                                   "when they are."),
    "letter.who": ("Wie", "Who"),
    "letter.when": ("Wanneer", "When"),
    "letter.later": ("nog te bepalen", "to be decided"),
    "letter.outro": ("We houden u op de hoogte van wat er van deze acties terechtkomt. "
                     "Heeft u nog vragen of aanvullingen, neem dan gerust contact met ons op.",
                     "We will keep you informed of how these actions turn out. If you have "
                     "any questions or additions, please do get in touch."),
    "letter.regards": ("Met vriendelijke groet,", "Kind regards,"),
    "letter.facilitator": ("de procesbegeleider", "the facilitator"),
    # the improvement plan
    "plan.title": ("Verbeterplan", "Improvement plan"),
    "plan.intro": ("De acties die uit deze bijeenkomst voortkomen, per termijn en eigenaar, "
                   "met de notitie waar elke actie uit voortkwam.",
                   "The actions that came out of this session, by horizon and owner, with "
                   "the note each one came from."),
    "plan.no_owner": ("Nog zonder eigenaar", "No owner yet"),
    "plan.from": ("Voortgekomen uit", "Came from"),
    "plan.none": ("Geen acties.", "No actions."),
    "plan.points": ("Verbeterpunten zonder actie", "Improvement points without an action"),
    "plan.points.intro": ("Adviezen en kritische noten waar (nog) geen actie uit voortkwam.",
                          "Advice and critical notes no action came from (yet)."),
    # the listeners' sheet and the gespreksleidraad
    "listeners.title": ("Informatie voor toehoorders", "Information for listeners"),
    "listeners.what": ("Wat is een spiegelbijeenkomst?", "What is a mirror meeting?"),
    "listeners.what.text": (
        "Een spiegelbijeenkomst is een evaluatief kringgesprek. Een onafhankelijke "
        "gespreksleider vraagt (ex-)cliënten hoe zij de hulp en begeleiding hebben ervaren. "
        "De betrokken medewerkers zijn daarbij als toehoorders aanwezig: zij luisteren als "
        "een vlieg op de muur en reageren niet op wat er gezegd wordt.",
        "A mirror meeting is an evaluative circle conversation. An independent facilitator "
        "asks (former) clients how they experienced the help and support. The staff "
        "involved are present as listeners: they listen like a fly on the wall and do not "
        "respond to what is said."),
    "listeners.why": ("Waarom?", "Why?"),
    "listeners.why.text": (
        "Wie lang op dezelfde plek werkt, ontwikkelt blinde vlekken: het perspectief van de "
        "cliënt verdwijnt soms in de routine. Een spiegelbijeenkomst maakt die zichtbaar. "
        "Positieve en opbouwende feedback uit eerste hand helpt het werk te verbeteren, en "
        "leidt tot concrete verbeteracties.",
        "Whoever works in the same place for a long time develops blind spots: the client's "
        "perspective sometimes disappears in the routine. A mirror meeting makes them "
        "visible. Positive and constructive feedback first hand helps to improve the work, "
        "and leads to concrete improvement actions."),
    "listeners.how": ("Zo gaat het", "How it goes"),
    "listeners.how.text": (
        "De gespreksleider begint met open vragen aan de cliënten en stelt daarna de vragen "
        "die de organisatie vooraf heeft ingebracht. Het is niet de bedoeling dat er een "
        "discussie ontstaat. De bijeenkomst duurt ongeveer {minutes} minuten.",
        "The facilitator starts with open questions to the clients, then asks the questions "
        "the organisation handed in beforehand. The aim is not a discussion. The meeting "
        "takes about {minutes} minutes."),
    "listeners.rules": ("De spelregels", "The rules"),
    "listeners.rules.text": (
        "Veiligheid voor cliënten en toehoorders is van vitaal belang; daar dienen de "
        "spelregels voor. De gespreksleider bewaakt ze en is onafhankelijk van cliënten en "
        "toehoorders.",
        "Safety for clients and listeners is vital; that is what the rules are for. The "
        "facilitator guards them and is independent of clients and listeners."),
    "listeners.time": ("Tijd", "Time"),
    "guide.title": ("Gespreksleidraad", "Conversation guide"),
    "guide.intro": ("Voor de gespreksleider: de vragen in de volgorde van het gesprek, met de "
                    "vragen van de organisatie zoals zij ze heeft ingebracht.",
                    "For the facilitator: the questions in the order of the conversation, "
                    "with the organisation's questions as it handed them in."),
    "guide.prompts": ("Aandachtspunten", "Points of attention"),
    "guide.other": ("Overige vragen", "Other questions"),
    # spiegel actions
    "actions.title": ("Openstaande acties ({n})", "Open actions ({n})"),
    "actions.intro": ("Alle open acties in {folder}, verlopen acties eerst, daarna op datum.",
                      "Every open action in {folder}, overdue ones first, then by date."),
    "actions.overdue": ("verlopen", "overdue"),
    "actions.state": ("Stand", "State"),
    "actions.on_time": ("op tijd", "on time"),
    "actions.no_date": ("geen datum", "no date"),
    # spiegel series: series in a folder, and the development per question
    "series.why.organisation": ("organisatie '{name}'", "organisation '{name}'"),
    "series.why.follows": ("geen organisatie; volgt op {id}", "no organisation; follows {id}"),
    "series.why.format": ("geen organisatie; gegroepeerd per werkvorm (--all)",
                          "no organisation; grouped by format (--all)"),
    "series.why.alone": ("geen organisatie ingesteld: met geen andere sessie gegroepeerd "
                         "(--all groepeert zulke sessies per werkvorm)",
                         "no organisation set: grouped with no other session (--all groups "
                         "such sessions by format)"),
    "series.by_format": ("{format}, zonder organisatie", "{format}, without organisation"),
    "series.folder_title": ("Actieonderzoek: {n} sessies in {groups} reeks(en)",
                            "Action research: {n} sessions in {groups} series"),
    "series.groups": ("Reeksen", "Series"),
    "series.groups.intro": ("Sessies van dezelfde organisatie vormen een reeks; een sessie "
                            "zonder organisatie hoort bij de sessie waarop ze volgt.",
                            "Sessions of the same organisation form a series; a session "
                            "without one belongs with the session it follows."),
    "series.series": ("Reeks: {name} ({n} sessie(s))", "Series: {name} ({n} session(s))"),
    "series.trends": ("Ontwikkeling per vraag: kritische noten en adviezen",
                      "Development per question: critical notes and advice"),
    "series.trends.intro": ("Per sessie die de vraag stelde, oudste eerst.",
                            "Per session that asked the question, oldest first."),
    "series.trends.earlier": ("de laatste {n} in de grafiek", "the last {n} in the chart"),
    "series.screen.loading": ("Reeks wordt gelezen…", "Reading the series…"),
    "series.screen.empty": ("Geen sessies in {folder}.", "No sessions in {folder}."),
    "series.screen.no_trends": ("Nog geen vraag die in twee sessies of meer gesteld is.",
                                "No question asked in two sessions or more yet."),
    "start.key.series": ("Reeks", "Series"),
    "start.key.series.tip": ("De ontwikkeling per vraag in de reeks van deze sessie",
                             "How each question develops across this session's series"),
}
