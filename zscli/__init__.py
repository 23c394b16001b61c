"""zscli: a command-line shell for the ZStack AI model-center API."""

__version__ = "0.1.0"
