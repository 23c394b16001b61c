"""The simulator's fixed identities, in a module that imports nothing: the ``--sim`` front door prints them
and stores a session for them before (or without) importing the simulator itself."""
from __future__ import annotations

ADMIN_ACCOUNT = "admin"
ADMIN_PASSWORD = "password"
ADMIN_ACCOUNT_UUID = "36c27e8ff05c4780bf6d2fa65700f22e"
#: The demo data's access key (of the admin account), printed in the ``--sim`` and ``python -m zscli.sim`` banners.
ACCESS_KEY_ID = "zsak0Demo4Sim8Key"
ACCESS_KEY_SECRET = "sim-secret-7Qm2Xc9Lr4Vt"
#: The ModelArts family's ``X-Auth-Token``.
MODELARTS_TOKEN = "MIIzscli-sim-modelarts-demo-token-6f1c2b"
#: What GetVersion answers unless the simulator is told otherwise.
DEFAULT_VERSION = "5.5.22"
