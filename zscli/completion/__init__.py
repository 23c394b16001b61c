"""Schema-driven completion shared by the shell and the bash/zsh/fish scripts (no prompt_toolkit here).

``complete(text, schema, seen=None, builtins=False) -> list[Candidate]``; see :mod:`.engine`.
"""
