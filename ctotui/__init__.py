"""ctotui: the engagement tracker for outsourced and fractional CTOs, in the terminal."""

__version__ = "0.1.0"
