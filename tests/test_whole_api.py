"""The whole ZStack API, generated from its SDK: what reaches the server for a spread of generated APIs (each
checked against the SDK's facts: method, path, body wrapper, typed values, query-string encoding, polling),
and what comes back, through the real CLI against the simulator over loopback HTTP."""
from __future__ import annotations

import re

import pytest

from zscli.schema import load
from zscli.sim import Simulator
from zscli.sim.demo import CORE

from .helpers.cli import last, login, zscli

SCHEMA = load()


@pytest.fixture()
def core(state_dir):
    with Simulator(job_delay=0.0) as sim:
        login(sim)
        sim.clear_requests()
        yield sim


def test_the_catalogue_holds_the_whole_sdk():
    counts = SCHEMA.meta["counts"]
    assert counts["apis"] > 1900 and counts["queries"] > 330 and counts["inventories"] > 500
    source = next(s for s in SCHEMA.meta["sources"] if s["family"] == "zstack")
    assert source["ref"] == "5.3.20" and re.fullmatch(r"[0-9a-f]{40}", source["commit"])
    for name in ("QueryVmInstance", "QueryHost", "StartVmInstance", "QueryL3Network", "GetTaskProgress"):
        assert name in SCHEMA.api_names


def test_a_query_across_a_relation(core):
    run = zscli(core, "QueryVmInstance", "host.name=host-1", "vmNics.l3Network.name~=public", "sortBy=name")
    assert run.code == 0, run.err
    assert [vm["name"] for vm in run.json()["inventories"]] == ["web-1"]
    req = last(core, "GET", "/zstack/v1/vm-instances")
    assert req.query == (("q", "host.name=host-1"), ("q", "vmNics.l3Network.name~=%public%"), ("sort", "name"))


def test_a_relation_field_that_does_not_exist_is_refused_before_sending(core):
    run = zscli(core, "QueryVmInstance", "host.nmae=x")
    assert run.code == 2 and "did you mean 'host.name'" in run.err
    assert not [r for r in core.requests if r.path.startswith("/zstack/v1/vm-instances")]


def test_an_async_put_action_that_shares_its_path_is_told_apart_by_its_wrapper(core):
    assert SCHEMA.api("StopVmInstance").path == SCHEMA.api("StartVmInstance").path == "/vm-instances/{uuid}/actions"
    run = zscli(core, "StartVmInstance", f"uuid={CORE.vm_stopped}", f"hostUuid={CORE.host2}")
    assert run.code == 0, run.err
    put = last(core, "PUT", f"/zstack/v1/vm-instances/{CORE.vm_stopped}/actions")
    assert put.body == {"startVmInstance": {"hostUuid": CORE.host2}}
    assert re.fullmatch(r"[0-9a-f]{32}", put.headers["x-job-uuid"])
    assert any(r.method == "GET" and "/api-jobs/" in r.path for r in core.requests)  # polled the job
    assert run.json()["inventory"]["uuid"] == CORE.vm_stopped
    run = zscli(core, "StopVmInstance", f"uuid={CORE.vm_web}")
    # type is a field the SDK initialises ("grace"), so it always travels
    assert last(core, "PUT", f"/zstack/v1/vm-instances/{CORE.vm_web}/actions").body == {
        "stopVmInstance": {"type": "grace"}}


def test_a_delete_carries_its_parameters_and_tags_in_the_query_string(core):
    run = zscli(core, "DestroyVmInstance", f"uuid={CORE.vm_db}", "deleteMode=Enforcing", "systemTags=a::b,c")
    assert run.code == 0, run.err
    req = last(core, "DELETE", f"/zstack/v1/vm-instances/{CORE.vm_db}")
    assert req.body is None
    assert req.query == (("deleteMode", "Enforcing"), ("systemTags", "a::b"), ("systemTags", "c"))


def test_a_get_with_a_list_parameter_repeats_the_key(core):
    run = zscli(core, "CheckVolumeSnapshotGroupAvailability", "uuids=u1,u2,u3")
    assert run.code == 0, run.err
    req = last(core, "GET", "/zstack/v1/volume-snapshots/groups/availabilities")
    assert req.query == (("uuids", "u1"), ("uuids", "u2"), ("uuids", "u3"))


@pytest.mark.parametrize("api, wrapper", [("BatchSyncVolumeSize", ""), ("AttachL2NetworkToCluster", "null")])
def test_the_sdks_empty_and_null_wrappers_are_sent_as_the_sdk_sends_them(core, api, wrapper):
    assert SCHEMA.api(api).wrapper == wrapper
    words = {"BatchSyncVolumeSize": ["clusterUuid=" + CORE.cluster],
             "AttachL2NetworkToCluster": [f"l2NetworkUuid={CORE.l2}", f"clusterUuid={CORE.cluster}"]}[api]
    run = zscli(core, api, *words)
    assert run.code == 0, run.err
    req = next(r for r in reversed(core.requests) if r.method == "POST")
    assert list(req.body) == [wrapper]


def test_a_path_placeholder_that_is_not_a_declared_parameter_is_typeable():
    api = SCHEMA.api("GetTaskProgress")
    assert api.path == "/task-progresses/{apiId}" and api.param("apiId").required


def test_a_query_with_a_placeholder_in_its_path(core):
    run = zscli(core, "QueryVmInstanceMdevDeviceSpecRef", f"vmInstanceUuid={CORE.vm_web}", "limit=5")
    assert run.code == 0, run.err
    assert last(core, "GET", f"/zstack/v1/vm-instances/{CORE.vm_web}/mdev-device-specs").query == (("limit", "5"),)
    missing = zscli(core, "QueryVmInstanceMdevDeviceSpecRef")
    assert missing.code == 2 and "vmInstanceUuid" in missing.err


def test_a_query_without_a_known_inventory_sends_conditions_as_typed(core):
    api = SCHEMA.api("QueryAudit")
    assert api.is_query and not api.inventory
    run = zscli(core, "QueryAudit", "anything=x", "limit=3", "sortBy=createDate")
    assert run.code == 0, run.err
    assert run.json()["inventories"] == []
    assert last(core, "GET", "/zstack/v1/zwatch/audit-records").query == (
        ("q", "anything=x"), ("limit", "3"), ("sort", "createDate"))


def test_every_query_api_answers_from_the_simulator():
    import requests

    with Simulator(job_delay=0.0) as sim, requests.Session() as http:
        http.headers["Authorization"] = "OAuth " + sim.login()
        failed = []
        for entry in SCHEMA.entries:
            if entry.is_query:
                path = re.sub(r"\{\w+\}", "x", SCHEMA.api(entry.name).path)
                reply = http.get(f"{sim.url}/zstack/v1{path}", params={"limit": "1"})
                if reply.status_code != 200 or "inventories" not in reply.json():
                    failed.append((entry.name, reply.status_code))
        assert failed == []


def test_primitive_parameters_are_sent_as_the_sdk_sends_them():
    from zscli.language.parser import parse
    from zscli.language.wire import build

    req = build(parse(["GetTaskProgress", "apiId=abc"], SCHEMA, session_uuid="s"))
    assert (req.method, req.path, req.query) == ("GET", "/task-progresses/abc", (("all", "false"),))


def test_a_small_group_points_to_its_namesakes_and_an_empty_like_pattern_is_refused(core):
    from zscli.output import help_text

    assert "See also: vm-instances (" in help_text(SCHEMA, "vm", width=120)
    run = zscli(core, "QueryModel", "name~=")
    assert run.code == 2 and "needs a pattern" in run.err


def test_query_options_go_out_in_the_sdks_order_and_spelling(core):
    # ZSClient writes limit, start, count, groupBy, replyWithCount, sort, fields; sort is the bare field when no
    # direction is given and a flag set to false is still written
    run = zscli(core, "QueryL3Network", "fields=uuid,name", "sortBy=name", "replyWithCount=false", "groupBy=name",
                "count=false", "start=1", "limit=5", "name!=x y")
    assert run.code == 0, run.err
    assert last(core, "GET", "/zstack/v1/l3-networks").query == (
        ("q", "name!=x y"), ("limit", "5"), ("start", "1"), ("count", "false"), ("groupBy", "name"),
        ("replyWithCount", "false"), ("sort", "name"), ("fields", "uuid,name"))
    run = zscli(core, "QueryL3Network", "sortBy=name", "sortDirection=asc")
    assert run.code == 0, run.err
    assert last(core, "GET", "/zstack/v1/l3-networks").query == (("sort", "+name"),)


def test_string_parameters_are_trimmed_as_the_sdk_trims_them_unless_no_trim(core):
    # AbstractAction.checkParameters trims every String @Param (Java String.trim()) before its checks and before
    # sending, except those declared noTrim; CreateZone.name's pattern refuses edge blanks, so the trim comes first
    assert not SCHEMA.api("CreateZone").param("name").no_trim
    run = zscli(core, "CreateZone", "name=  zone 1 \t", "description=\n d ")
    assert run.code == 0, run.err
    assert last(core, "POST", "/zstack/v1/zones").body == {"params": {"name": "zone 1", "description": "d"}}
    assert SCHEMA.api("CreateHostNetworkServiceType").param("serviceType").no_trim
    run = zscli(core, "CreateHostNetworkServiceType", "serviceType= x ")
    assert run.code == 0, run.err
    assert last(core, "POST", "/zstack/v1/hosts/service-types").body["params"]["serviceType"] == " x "


def test_the_simulator_moves_resources_through_their_states(core):
    """Start/Stop act on the VM's state and leave its fields alone (StopVmInstance's ``type`` is how to stop,
    not the VM's type); Change*State follows its stateEvent; Update* sets the fields it names."""
    stopped = zscli(core, "StopVmInstance", f"uuid={CORE.vm_web}", "type=cold").json()["inventory"]
    assert stopped["state"] == "Stopped" and stopped["type"] == "UserVm"
    assert zscli(core, "StartVmInstance", f"uuid={CORE.vm_web}").json()["inventory"]["state"] == "Running"
    run = zscli(core, "ChangeHostState", f"uuid={CORE.host2}", "stateEvent=disable")
    assert run.code == 0, run.err
    assert run.json()["inventory"]["state"] == "Disabled"
    assert zscli(core, "QueryHost", f"uuid={CORE.host2}").json()["inventories"][0]["state"] == "Disabled"
    renamed = zscli(core, "UpdateVmInstance", f"uuid={CORE.vm_web}", "name=web-2").json()["inventory"]
    assert renamed["name"] == "web-2" and renamed["state"] == "Running"


def test_an_empty_string_the_sdk_refuses_is_refused_before_sending(core):
    # CreateVmInstance.imageUuid says emptyString = false: the SDK throws before sending "" (or blanks, after trimming)
    assert SCHEMA.api("CreateVmInstance").param("imageUuid").nonempty
    for blank in ("", "  "):
        run = zscli(core, "CreateVmInstance", "name=vm", f"imageUuid={blank}")
        assert run.code == 2 and "imageUuid must not be empty" in run.err
    assert not [r for r in core.requests if r.path.startswith("/zstack/v1/vm-instances")]


def test_a_job_location_naming_another_host_is_polled_on_the_server_that_took_the_call(state_dir):
    # a management node names its own address in the job location; ZSClient polls the same job on the host:port
    # it was configured with (a client behind NAT or a tunnel cannot reach the node's own address)
    with Simulator(job_delay=0.0, job_host="192.0.2.1:8080") as sim:
        login(sim)
        sim.clear_requests()
        run = zscli(sim, "StartVmInstance", f"uuid={CORE.vm_stopped}")
        assert run.code == 0, run.err
        assert run.json()["inventory"]["state"] == "Running"
        polls = [r for r in sim.requests if r.method == "GET" and r.path.startswith("/zstack/v1/api-jobs/")]
        assert polls and all(r.headers["authorization"].startswith("OAuth ") for r in polls)


def test_hand_written_limits_do_not_contradict_the_sdk_where_no_page_says_otherwise(core):
    # UpdateModelService.framework takes the SDK's validValues (the written spec had copied source's values);
    # RenewSession.duration the SDK's numberRange 60..31536000
    framework = SCHEMA.api("UpdateModelService").param("framework")
    assert "vLLM" in framework.choices and "Bentoml" not in framework.choices
    run = zscli(core, "UpdateModelService", "uuid=" + "a" * 32, "framework=vllm", "--dry-run")
    assert run.code == 0, run.err
    assert '"framework": "vLLM"' in run.out
    assert SCHEMA.api("RenewSession").param("duration").min == 60
    assert zscli(core, "RenewSession", "duration=59").code == 2


def test_a_required_field_the_sdk_always_fills_is_sent_with_its_default_when_omitted(core):
    # CreateBonding's type and mode are required String fields initialised in the SDK: never null, always sent
    run = zscli(core, "CreateBonding", f"hostUuids={CORE.host1}", "bondingName=bond0")
    assert run.code == 0, run.err
    assert last(core, "POST", "/zstack/v1/hosts/bondings").body == {"params": {
        "hostUuids": [CORE.host1], "bondingName": "bond0", "type": "LinuxBonding", "mode": "active-backup"}}
    # a port of 0 would fail its own 1..65535 check in the SDK: zscli asks for it instead of sending 0
    run = zscli(core, "CheckVipPortAvailability", "vipUuid=v", "protocolType=TCP")
    assert run.code == 2 and "port" in run.err


def test_a_pre_shared_key_is_a_secret(core):
    assert SCHEMA.api("CreateVpnIkeConfig").param("psk").secret
    run = zscli(core, "--dry-run", "CreateVpnIkeConfig", "name=n", "psk=MyPreSharedKey99", "localIp=1.1.1.1",
                "remoteIp=2.2.2.2")
    assert run.code == 0, run.err
    assert "MyPreSharedKey99" not in run.out + run.err and '"psk": "***"' in run.out
