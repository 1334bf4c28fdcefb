"""Reports over sessions: pure functions from Sessions to text. No Textual."""
