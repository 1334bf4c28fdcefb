"""spiegel: a terminal console for mirror meetings (spiegelbijeenkomsten)."""

__version__ = "0.1.0"
