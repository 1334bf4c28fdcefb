"""Strings shared by every screen."""

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("Spiegel", "Spiegel"),
    "yes": ("Ja", "Yes"),
    "no": ("Nee", "No"),
    "cancel": ("Annuleren", "Cancel"),
    "save": ("Opslaan", "Save"),
    "close": ("Sluiten", "Close"),
}
