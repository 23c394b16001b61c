"""Reply bodies for the output tests, shaped like the seed pages' examples (000, 003, 004)."""
from __future__ import annotations

import copy

# CloneModelService reply (seed 003's example, abridged yaml text).
CLONE_REPLY = {"inventory": {
    "uuid": "90d425a802ff44eeb530f21587633700", "name": "example",
    "description": "Example description for modelService",
    "yaml": "services:\n - ports:\n - 3000\n name: qwen1.5-7b-chat\n", "requestCpu": 1, "requestMemory": 1024,
    "modelCenterUuid": "432c5fdd49374bb0a2fd7877f0a877cf", "type": "Endpoint", "system": True,
    "gpuComputeCapability": "3.7", "installPath": "/example/install/path", "pythonVersion": "3.8.10",
    "condaVersion": "23.7.4", "startCommand": "python3 app.py", "supportDistributed": True,
    "readme": "", "vendorToSpecUuidsMap": {}, "cpuArchitectures": None,
    "modelServiceImages": [
        {"uuid": "c13336388d574fec824752525ae05a21", "modelServiceUuid": "90d425a802ff44eeb530f21587633700",
         "cpuArchitecture": "x86_64", "vmImageUuid": "b31bc4574f22426a89902edac5d14a72",
         "dockerImage": "registry.example.com/x86_64/myimage:latest",
         "createDate": "Nov 25, 2025 11:51:50 AM", "lastOpDate": "Nov 25, 2025 11:51:50 AM"},
        {"uuid": "46c0e4bb46e849059e6d6bc8881d86f3", "modelServiceUuid": "90d425a802ff44eeb530f21587633700",
         "cpuArchitecture": "aarch64", "vmImageUuid": "b2085e2ac2d84029a7947cb09178daaa",
         "dockerImage": "registry.example.com/aarch64/myimage:latest",
         "createDate": "Nov 25, 2025 11:51:50 AM", "lastOpDate": "Nov 25, 2025 11:51:50 AM"}],
    "createDate": "Nov 25, 2025 11:51:50 AM", "lastOpDate": "Nov 25, 2025 11:51:50 AM"}}


def _model(i: int, **extra) -> dict:
    base = {
        "uuid": f"{i:032x}", "name": f"qwen 1.5 {i}B", "description": "This is an example ai model",
        "installPath": f"192.168.10.10:/ai/model_center/qwen_{i}", "modelCenterUuid": "c" * 32,
        "vendor": "Alibaba", "type": "LLM", "version": "1.5", "size": 2147483648,
        "extraGpuMemRequest": 2147483648, "SAMPLE_SIZE": 1000, "isLatestVersion": True,
        "recommendedGpuNum": [1, 2], "modelServiceRefs": [{"uuid": "r" * 32, "modelUuid": f"{i:032x}",
                                                           "modelServiceUuid": "s" * 32, "isDefault": True}],
        "createDate": "Nov 25, 2025 11:51:50 AM", "lastOpDate": "Dec 1, 2025 1:02:03 PM",
    }
    base.update(extra)
    return base


def models_reply(count: int = 3, total: int | None = None, **extra) -> dict:
    """A QueryModel reply with ``count`` models (and ``total`` when given, as replyWithCount does)."""
    body: dict = {"inventories": [_model(i + 1, **extra) for i in range(count)]}
    if total is not None:
        body["total"] = total
    return body


VERSIONS_REPLY = {"total": 12, "versions": [
    {"id": f"4f1c2a8e-0000-4000-8000-{i:012d}", "name": f"v{i}", "cap_white_list": ["chat", "embed"],
     "description": "版本说明 " + str(i),
     "config": {"llm_model_config": {"base_model_type": "qwen2-7b", "model_path": f"obs://bucket/models/v{i}/"}},
     "create_time": "2025-11-25T11:51:50Z",
     "create_user": {"domain_name": "acme", "domain_id": "d" * 32, "user_name": "alice", "user_id": "u" * 32}}
    for i in range(1, 4)]}

ZSTACK_ERROR = {
    "code": "SYS.1006", "description": "An operation failed", "details": "cannot update model",
    "elaboration": None, "opaque": None,
    "cause": {"code": "AI.1002", "description": "Model center unreachable", "details": "timeout after 30s",
              "cause": {"code": "HOST.1001", "description": "Host is disconnected", "details": "host 10.0.0.5",
                        "cause": None}}}

MODELARTS_ERROR = {"error_code": "ModelArts.4104", "error_msg": "The model does not exist.",
                   "solution_msg": "Check the model ID and try again."}


def fresh(body: dict) -> dict:
    """A deep copy, so a test cannot change the shared sample."""
    return copy.deepcopy(body)
