"""``python -m zscli``."""
from zscli.cli import main

main()
