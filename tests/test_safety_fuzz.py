"""A seeded, bounded fuzz test (issue 8, "Done when"): thousands of generated command lines, hostile and
ordinary, through the parser and the batch path; none may end in an internal error or a traceback."""
from __future__ import annotations

import io
import random

from zscli.batch import run_batch
from zscli.errors import ZscliError
from zscli.language.lexer import split
from zscli.language.parser import parse
from zscli.record import replace
from zscli.runner import Runner
from zscli.schema import load
from zscli.settings import Settings

SCHEMA = load()
APIS = ["QueryModel", "QueryModelService", "QueryModelCenter", "UpdateModel", "DeleteModel", "AddModelService",
        "CloneModelService", "LogOut", "ValidateSession", "ListModelVersions", "querymodel", "Nope", ""]
KEYS = ["name", "uuid", "size", "createDate", "vendor", "limit", "start", "fields", "sortBy", "sortDirection",
        "count", "replyWithCount", "modelServiceRefs.modelServiceUuid", "modelCenter.name", "__userTag__",
        "description", "requestCpu", "tagUuids", "vendorToSpecUuidsMap", "workspace_id", "model_id", "offset", "x"]
OPS = ["=", "!=", ">", "<", ">=", "<=", "?=", "!?=", "~=", "!~=", "==", "=!=", "", "=null", "!=null"]
VALUES = ["", "qwen", "1", "-1", "9" * 60, "true", "maybe", "a,b", "a,,b", "[1,2]", "[" * 80 + "]" * 80,
          '{"a":1}', '{"a":' * 80 + "1" + "}" * 80, "@/nonexistent", "@@x", "@", "\x1b[2J", "\x00", "\udcff",
          "\ufeff", "'", '"', "\\", "%", "_", "2025-10-21", "2025-10-21T09:00:00+08:00", "2025-02-30",
          "Oct 21, 2025 12:00:00 AM", "名字🙂", "\u202e", "a b", "#", ";", "|"]


def _line(rng: random.Random) -> str:
    words = [rng.choice(APIS)]
    for _ in range(rng.randint(0, 4)):
        words.append(rng.choice(KEYS) + rng.choice(OPS) + rng.choice(VALUES))
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), rng.choice(VALUES))
    return " ".join(words)


def test_the_parser_never_fails_with_anything_but_a_usage_error():
    rng = random.Random(8)
    for _ in range(3000):
        line = _line(rng)
        try:
            parse(split(line), SCHEMA, session_uuid="s" * 32)
        except ZscliError:
            pass


def test_the_batch_path_never_reports_an_internal_error(fresh_sim, tmp_path):
    sim = fresh_sim
    rng = random.Random(88)
    lines = [_line(rng) for _ in range(600)]
    out, err = io.StringIO(), io.StringIO()
    settings = replace(Settings(), host=sim.host, port=sim.port, state_dir=str(tmp_path), keep_going=True,
                       output="table", color=False, timeout=10)
    runner = Runner(settings, out=out, err=err)
    try:
        assert runner.login(sim.admin_account, sim.admin_password) == 0
        code = run_batch(runner, lines)
    finally:
        runner.close()
    assert code in (0, 1, 2, 3, 4), err.getvalue()[-2000:]
    assert "internal error" not in err.getvalue() and "Traceback" not in err.getvalue()
    assert "\x1b" not in out.getvalue() + err.getvalue()
