"""Strings shared by every screen."""

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("Spiegel", "Spiegel"),
    "yes": ("Ja", "Yes"),
    "no": ("Nee", "No"),
    "cancel": ("Annuleren", "Cancel"),
    "save": ("Opslaan", "Save"),
    "close": ("Sluiten", "Close"),
    # Textual's own command palette entries, by their English title and help
    "Theme": ("Thema", "Theme"),
    "Change the current theme": ("Kies een ander kleurenthema", "Change the current theme"),
    "Quit": ("Stoppen", "Quit"),
    "Quit the application as soon as possible": ("Stop het programma meteen",
                                                 "Quit the application as soon as possible"),
    "Keys": ("Toetsen", "Keys"),
    "Hide the keys and widget help panel": ("Verberg het toetsenpaneel",
                                            "Hide the keys and widget help panel"),
    "Show help for the focused widget and a summary of available keys": (
        "Toon de toetsen en hulp bij het veld met de focus",
        "Show help for the focused widget and a summary of available keys"),
    "Minimize": ("Verkleinen", "Minimize"),
    "Minimize the widget and restore to normal size": (
        "Zet het vergrote deel terug", "Minimize the widget and restore to normal size"),
    "Maximize": ("Vergroten", "Maximize"),
    "Maximize the focused widget": ("Vergroot het deel met de focus",
                                    "Maximize the focused widget"),
    "Screenshot": ("Schermafbeelding", "Screenshot"),
    "Save an SVG 'screenshot' of the current screen": (
        "Bewaar een SVG-afbeelding van dit scherm",
        "Save an SVG 'screenshot' of the current screen"),
}
