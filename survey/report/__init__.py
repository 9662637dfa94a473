"""Presentation: French formatting of numbers and texts for people."""
