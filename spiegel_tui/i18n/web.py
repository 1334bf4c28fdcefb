"""Strings of ``spiegel serve``: its pages in the browser and the console's post queue."""

TEXTS = {
    "web.post.title": ("Brievenbus", "Mailbox"),
    "web.post.intro.teams": ("Schrijf een compliment, een kritische noot of een advies aan "
                             "een team. Je bericht is anoniem; de gespreksleider laat het "
                             "zien.",
                             "Write a compliment, a critical note or an advice to a team. "
                             "Your post is anonymous; the facilitator shows it."),
    "web.post.intro.question": ("Stel je vraag voor de ronde van de toehoorders, of geef een "
                                "compliment, kritische noot of advies. Je bericht is anoniem; "
                                "de gespreksleider laat het zien.",
                                "Ask your question for the listeners' round, or give a "
                                "compliment, critical note or advice. Your post is anonymous; "
                                "the facilitator shows it."),
    "web.post.text": ("Je bericht", "Your post"),
    "web.post.kind": ("Soort", "Kind"),
    "web.post.team": ("Aan team", "To team"),
    "web.post.send": ("Versturen", "Send"),
    "web.post.limit": ("Hooguit {max} tekens.", "At most {max} characters."),
    "web.post.received": ("Ontvangen, dank je. De gespreksleider laat het zien.",
                          "Received, thank you. The facilitator will show it."),
    "web.post.pending": ("Ontvangen, maar nog niet opgeslagen: de laptop probeert het "
                         "opnieuw. Stuur het niet nog eens.",
                         "Received but not saved yet: the laptop is trying again. Do not "
                         "send it again."),
    "web.post.now": ("Nu aan de orde", "Now on the table"),
    "web.kind.compliment": ("Compliment", "Compliment"),
    "web.kind.critical": ("Kritische noot", "Critical note"),
    "web.kind.advice": ("Advies", "Advice"),
    "web.kind.question": ("Vraag", "Question"),
    "web.error.text": ("Schrijf eerst je bericht.", "Write your post first."),
    "web.error.kind": ("Kies wat voor bericht het is.", "Choose what kind of post it is."),
    "web.error.team": ("Kies het team voor wie het is.", "Choose the team it is for."),
    "web.error.too_long": ("Je bericht is te lang: hooguit {max} tekens.",
                           "Your post is too long: at most {max} characters."),
    "web.error.too_many": ("Even rustig aan: probeer het over een minuut opnieuw.",
                           "Slow down a little: try again in a minute."),
    "web.error.forbidden": ("Geen toegang.", "No access."),
    "posts.title": ("Berichten van deelnemers", "Posts from participants"),
    "posts.count": ("✉ {count}", "✉ {count}"),
    "posts.empty": ("Geen berichten in de wachtrij.", "No posts waiting."),
    "posts.hint": ("Enter laat zien · x weigert · m voegt samen met een ander · Esc sluit",
                   "Enter shows it · x rejects · m merges into another · Esc closes"),
    "posts.merging": ("Kies het bericht waar dit een dubbele van is (Enter), Esc breekt af",
                      "Choose the post this one duplicates (Enter), Esc cancels"),
    "posts.revealed": ("Bericht toegevoegd aan de notities", "Post added to the notes"),
    "posts.rejected": ("Bericht geweigerd", "Post rejected"),
    "posts.merged": ("Dubbel bericht samengevoegd", "Duplicate post merged"),
    "posts.new": ("{count} nieuw(e) bericht(en) van deelnemers (ctrl+g)",
                  "{count} new post(s) from participants (ctrl+g)"),
    "dialog.key.close": ("Sluiten", "Close"),
    "dialog.key.close.tip": ("Sluit dit venster", "Close this window"),
    "posts.key.reject": ("Weigeren", "Reject"),
    "posts.key.reject.tip": ("Weiger het bericht: er blijft geen tekst van over",
                             "Reject the post: no text of it is kept"),
    "posts.key.merge": ("Samenvoegen", "Merge"),
    "posts.key.merge.tip": ("Voeg dit bericht samen met het bericht waar het een dubbele van is",
                            "Merge this post into the one it duplicates"),
    "links.key.next": ("Volgende", "Next"),
    "links.key.next.tip": ("De link van de volgende rol", "The next role's link"),
    "key.posts": ("Berichten", "Posts"),
    "key.posts.tip": ("De wachtrij van berichten van deelnemers: laten zien, weigeren, "
                      "samenvoegen", "The queue of participants' posts: show, reject, merge"),
    "key.links": ("Links", "Links"),
    "key.links.tip": ("De links en QR-codes van spiegel serve", "The links and QR codes of "
                      "spiegel serve"),
    "links.title": ("Meedoen vanaf je eigen apparaat", "Join from your own device"),
    "links.none": ("Er draait geen server voor deze sessie. Start hem met:\n"
                   "spiegel serve {path} --host 0.0.0.0",
                   "No server runs for this session. Start it with:\n"
                   "spiegel serve {path} --host 0.0.0.0"),
    "links.role.participant": ("Deelnemers", "Participants"),
    "links.role.projector": ("Projector", "Projector"),
    "links.role.scribe": ("Notulist", "Scribe"),
    "links.hint": ("Tab: volgende link · Esc sluit. Laat alleen de deelnemerslink aan de "
                   "zaal zien.", "Tab: next link · Esc closes. Show only the participants' "
                   "link to the room."),
}
