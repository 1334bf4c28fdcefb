"""The Textual console. Imports the model and store; they never import this."""
