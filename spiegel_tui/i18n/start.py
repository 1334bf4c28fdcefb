"""Strings of the start screen."""

TEXTS: dict[str, tuple[str, str]] = {
    "start.tagline": ("spiegelbijeenkomsten begeleiden", "running mirror meetings"),
    "start.sessions": ("Sessies — Enter opent", "Sessions — Enter opens"),
    "start.formats": ("Nieuwe sessie — kies een format", "New session — choose a format"),
    "start.col.title": ("Titel", "Title"),
    "start.col.date": ("Datum", "Date"),
    "start.col.format": ("Format", "Format"),
    "start.col.status": ("Status", "Status"),
    "start.col.minutes": ("Min", "Min"),
    "start.col.steps": ("Stappen", "Steps"),
    "start.broken": ("kapot", "broken"),
    "start.none": ("Nog geen sessies in {folder}. Kies rechts een format.",
                   "No sessions in {folder} yet. Choose a format on the right."),
    "start.new_title": ("Nieuwe sessie: {format}", "New session: {format}"),
    "start.title_placeholder": ("Titel, bv. Casus wijkteam Noord", "Title, e.g. Case team North"),
    "start.title_empty": ("Geef de sessie een titel.", "Give the session a title."),
}
