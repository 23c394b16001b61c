"""Every documented error: one line on stderr, the documented exit code, and nothing on the wire when invalid."""
from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

from .helpers.cli import login, subprocess_zscli, zscli


@pytest.fixture()
def logged_in(sim, state_dir):
    login(sim)
    sim.clear_requests()
    return sim


def _one_line_error(run) -> str:
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert lines and lines[0].startswith("error:"), run.err
    assert "Traceback" not in run.err
    return lines[0]


@pytest.mark.parametrize("args, needle", [
    (["QueryModle"], "did you mean 'QueryModel'"),
    (["QueryModel name=a"], "the API and each key=value must be separate words (leave out the quotes"),
    (["UpdateModel", "uuid=x", "vender=Alibaba"], "did you mean 'vendor'"),
    (["QueryModel", "nmae=qwen"], "did you mean 'name'"),
    (["QueryModel", "modelServiceRefs.modelServiceUuidd=x"], "modelServiceUuid"),
    (["QueryModel", "sortBy=createDat"], "createDate"),
    (["AddModelService", "name=x"], "yaml"),
    (["AddModelService", "name=x", "yaml=y", "requestCpu=abc", "requestMemory=1", "modelCenterUuid=c",
      "installPath=/p", "startCommand=s"], "requestCpu"),
    (["ListModelVersions", "workspace_id=w", "model_id=m", "limit=101"], "limit"),
    (["ListModelVersions", "workspace_id=w", "model_id=m", "offset=-1"], "offset"),
    (["CloneModelService", "uuid=x", "type=Nope"], "Endpoint"),
    (["UpdateModel", "uuid=x", "clearDefaultModelService=maybe"], "clearDefaultModelService"),
    (["AddModelService", "name=x", "yaml=@/nonexistent/service.yaml", "requestCpu=1", "requestMemory=1",
      "modelCenterUuid=c", "installPath=/p", "startCommand=s"], "/nonexistent/service.yaml"),
    (["UpdateModel", "uuid=x", "vendor>Alibaba"], "Query"),
])
def test_validation_errors_exit_2_and_send_nothing(logged_in, args, needle):
    run = zscli(logged_in, *args)
    assert run.code == 2, (run.code, run.err)
    assert needle in _one_line_error(run)
    assert logged_in.requests == []


@pytest.mark.parametrize("word", ["name~=", "name!~=", "modelServiceRefs.modelService.name~="])
def test_an_empty_like_pattern_is_a_usage_error(logged_in, word):
    """`name~=` would go out as `%%` and silently match every row: refused, nothing sent."""
    run = zscli(logged_in, "QueryModel", word)
    assert run.code == 2 and logged_in.requests == []
    assert _one_line_error(run).startswith(f"error: {word} needs a pattern: an empty LIKE pattern matches every row")


def test_unbalanced_quote_in_a_batch_line(logged_in):
    run = zscli(logged_in, input="QueryModel name='qwen\n")
    assert run.code == 2
    assert "quote" in _one_line_error(run)
    assert logged_in.requests == []


@pytest.mark.parametrize("args", [["QueryModel"], ["UpdateModel", "uuid=x", "name=y"], ["LogOut"],
                                  ["ValidateSession"]])
def test_not_logged_in_exits_4_without_sending(sim, state_dir, args):
    sim.clear_requests()
    run = zscli(sim, *args)
    assert run.code == 4
    assert _one_line_error(run) == (f"error: no session for 127.0.0.1:{sim.port}: run LogInByAccount "
                                    "(e.g. zscli LogInByAccount accountName=admin)")
    assert sim.requests == []


def test_not_logged_in_names_the_server_without_a_session(logged_in):
    """Logged in on the simulator's port, a command to another port is told which server has no session (a
    user checking whether a server is up is not simply told to log in again)."""
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    run = zscli(None, "-H", "127.0.0.1", "-p", str(free), "QueryModel")
    assert run.code == 4
    assert _one_line_error(run).startswith(f"error: no session for 127.0.0.1:{free}: run LogInByAccount")
    assert zscli(logged_in, "QueryModel", "limit=1").code == 0  # the session for the simulator is still there


def test_expired_session_exits_4_and_is_forgotten(fresh_sim, state_dir):
    login(fresh_sim)
    fresh_sim.expire_sessions()
    run = zscli(fresh_sim, "QueryModel")
    assert run.code == 4
    assert "expired" in _one_line_error(run)
    assert not list((state_dir / "state").rglob("*.json"))
    assert "no session for" in zscli(fresh_sim, "QueryModel").err


def test_server_error_exits_1_with_code_description_details_and_cause_chain(logged_in):
    run = zscli(logged_in, "UpdateModel", "uuid=00000000000000000000000000000000", "name=x")
    assert run.code == 1 and run.out == ""
    assert _one_line_error(run) == "error: SYS.1006: Unable to find the resource"
    lines = run.err.splitlines()
    assert lines[1].startswith("  details: ") and "00000000000000000000000000000000" in lines[1]
    assert lines[2].startswith("  caused by SYS.1007: One or more API argument is invalid")


def test_missing_modelarts_token_exits_4(sim, state_dir):
    run = zscli(sim, "ListModelVersions", "workspace_id=w", "model_id=m")
    assert run.code == 4
    assert "ZSCLI_MODELARTS_TOKEN" in _one_line_error(run)


def test_wrong_modelarts_token_exits_4_with_the_server_message(sim, state_dir):
    run = zscli(sim, "ListModelVersions", "workspace_id=w", "model_id=m", env={"ZSCLI_MODELARTS_TOKEN": "bad"})
    assert run.code == 4
    first = _one_line_error(run)
    assert first.startswith("error: ModelArts.4010: The X-Auth-Token header is invalid or expired.")
    assert "Obtain a valid token" in first and "ZSCLI_MODELARTS_TOKEN" in first


def test_modelarts_not_found_exits_1_with_error_code_message_and_solution(sim, state_dir):
    run = zscli(sim, "ListModelVersions", "workspace_id=nope", "model_id=nope",
                env={"ZSCLI_MODELARTS_TOKEN": sim.modelarts_token})
    assert run.code == 1
    assert _one_line_error(run) == "error: ModelArts.4041: workspace_id 'nope' does not exist."
    assert run.err.splitlines()[1] == "  solution: Check the workspace_id and try again."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_down_exits_3(state_dir):
    port = _free_port()
    run = zscli(None, "-H", "127.0.0.1", "-p", str(port), "LogInByAccount", "accountName=admin", "password=x")
    assert run.code == 3
    assert f"127.0.0.1:{port}" in _one_line_error(run)


class _Garbage(http.server.BaseHTTPRequestHandler):
    def do_PUT(self):  # noqa: N802 (http.server naming)
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        if self.path.endswith("slow"):
            time.sleep(3)
        payload = b"<html>not json</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture()
def garbage_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_malformed_json_reply_exits_3(garbage_server, state_dir):
    run = zscli(None, "-H", "127.0.0.1", "-p", str(garbage_server), "LogInByAccount", "accountName=admin",
                "password=x")
    assert run.code == 3
    assert "unparsable" in _one_line_error(run)


def test_timeout_exits_3(state_dir):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts connections but never answers
    try:
        run = zscli(None, "-H", "127.0.0.1", "-p", str(listener.getsockname()[1]), "--timeout", "0.5",
                    "LogInByAccount", "accountName=admin", "password=x")
    finally:
        listener.close()
    assert run.code == 3
    assert "timeout" in _one_line_error(run).lower() or "timed out" in run.err


def test_unknown_global_option_exits_2(state_dir):
    run = zscli(None, "--bogus", "QueryModel")
    assert run.code == 2


def test_debug_trace_redacts_secrets(sim, state_dir):
    import hashlib

    run = zscli(sim, "--debug", "LogInByAccount", "accountName=admin", "password=password")
    assert run.code == 0, run.err
    assert "/accounts/login" in run.err
    assert hashlib.sha512(b"password").hexdigest() not in run.err
    uuid = run.json()["inventory"]["uuid"]
    query = zscli(sim, "--debug", "QueryModel", "limit=1")
    assert query.code == 0
    assert uuid not in query.err and "OAuth ***" in query.err


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("files")
    (folder / "latin1.txt").write_bytes(b"caf\xe9 \xff\xfe")
    (folder / "dir").mkdir()
    return folder


@pytest.mark.parametrize("args, needle", [
    ([""], "no API name given"),
    (["   "], "no API name given"),
    (["="], "unknown API '='"),
    (["=x"], "unknown API '=x'"),
    (["QueryModel", "="], "cannot read '='"),
    (["QueryModel", "a==b"], "unknown field 'a'"),
    (["QueryModel", "limit=99999999999999999999"], "limit must be at most 2147483647"),
    (["QueryModel", "createDate>"], "createDate needs a time value"),
    (["QueryModel", "name"], "cannot read 'name'"),
    (["QueryModel", "fields="], "fields needs a list"),
    (["QueryModel", "sortDirection=desc"], "sortDirection needs sortBy"),
    (["QueryModel", "uuid?="], "needs a list of values"),
    (["QueryModel", "modelServiceRefs=x"], "cannot be used in a condition"),
    (["QueryModel", "nosuch.field=x"], "unknown relation 'nosuch'"),
    (["UpdateModel", "uuid=x", "name=@"], "missing file name after '@'"),
    (["UpdateModel", "uuid=x", "name=@{files}/latin1.txt"], "not UTF-8 text"),
    (["UpdateModel", "uuid=x", "name=@{files}/dir"], "Is a directory"),
    (["UpdateModel", "uuid=x", "name=" + "x" * 256], "at most 255"),
    (["UpdateModel", "uuid=x", "name=" + "x" * 100_000], "too long"),
    (["UpdateModel", "uuid=x", "名字=值"], "cannot read"),
    (["UpdateModel", "uuid=x", "name=a", "name=b"], "given twice"),
    (["AddModelService", "name=x", "yaml=y", "requestCpu=99999999999999999999", "requestMemory=1",
      "modelCenterUuid=c", "installPath=/p", "startCommand=s"], "requestCpu is out of range"),
    (["AddModelService", "name=x", "yaml=y", "requestCpu=1", "requestMemory=99999999999999999999",
      "modelCenterUuid=c", "installPath=/p", "startCommand=s"], "requestMemory is out of range for Long"),
    (["AddModelService", "name=x", "yaml=y", "requestCpu=1", "requestMemory=1", "modelCenterUuid=c",
      "installPath=/p", "startCommand=s", "vendorToSpecUuidsMap=__import__('os')"], "takes a JSON object"),
    (["AddModelService", "name=x", "yaml=y", "requestCpu=1", "requestMemory=1", "modelCenterUuid=c",
      "installPath=/p", "startCommand=s", "tagUuids=[1,"], "bad JSON array"),
])
def test_hostile_one_shot_input_is_a_one_line_usage_error(logged_in, files, args, needle):
    run = zscli(logged_in, *[a.replace("{files}", str(files)) for a in args])
    assert run.code == 2, (run.code, run.err)
    assert needle in _one_line_error(run)
    assert logged_in.requests == []


@pytest.mark.parametrize("status, reason, body", [(404, "Not Found", b""), (405, "Method Not Allowed", b"{}"),
                                                  (400, "Bad Request", b"<html>nope</html>")])
def test_an_error_reply_without_a_zstack_error_body_names_the_request_and_asks_about_the_server(
        state_dir, status, reason, body):
    """Something that is not ZStack (here a real HTTP server on loopback) answers an error with no ZStack
    error object: the one line names the method and URL and asks whether --host/--port is a management node."""
    from .helpers.cli import subprocess_zscli
    from .helpers.faultserver import FaultServer

    server = FaultServer(lambda conn: conn.reply(status, body, "text/plain", reason))
    try:
        run = subprocess_zscli("-H", "127.0.0.1", "-p", str(server.port), "--timeout", "5", "LogInByAccount",
                               "accountName=admin", "password=password")
    finally:
        server.stop()
    assert run.code == 1 and run.out == ""
    assert run.err == (f"error: PUT http://127.0.0.1:{server.port}/zstack/v1/accounts/login answered HTTP {status} "
                       f"{reason} with no ZStack error body (is this a ZStack management node? check "
                       "--host/--port)\n")


def test_a_missing_password_without_a_terminal_hints_a_file_or_stdin_not_the_command_line(state_dir):
    run = subprocess_zscli("LogInByAccount", "accountName=admin", input="")
    assert run.code == 2
    assert run.err == ("error: missing required parameter for LogInByAccount: password (add password=@FILE or "
                       "password=@- to read it from a file or stdin, or run at a terminal to be asked)\n")
