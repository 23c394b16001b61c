"""Helpers shared by the tests, imported relatively (``from .helpers.cli import zscli``):

- :mod:`.cli`: run the real ``zscli`` entry in-process or as a process, log in, find recorded requests;
- :mod:`.bodies`: reply bodies as the server sends them, for the output tests;
- :mod:`.faultserver`: a loopback HTTP server that answers with scripted faults.
"""
