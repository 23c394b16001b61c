"""Schema-driven completion shared by the shell and the bash/zsh/fish scripts (no prompt_toolkit here).

``complete(text, schema, seen=None, builtins=False) -> list[Candidate]``; see :mod:`.engine` (``complete_as``
makes the caller's objects directly, as the shell's menu items). The first word's ~2,000 API names are ranked by
:class:`.names.NameTable`.
"""
