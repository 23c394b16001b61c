"""zscli: a command-line shell for the whole ZStack REST API (its AI model center included)."""

__version__ = "0.1.0"
