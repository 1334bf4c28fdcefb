"""Sub-commands of ``spiegel``, one module per group; each has ``register(subparsers)``."""
