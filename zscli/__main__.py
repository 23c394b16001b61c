"""``python -m zscli``."""
from zscli.entry import main

main()
