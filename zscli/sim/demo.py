"""Demo data a user can explore, with deterministic uuids (see :data:`IDS`).

Includes the seed pages' example values: the model "qwen 1.5 32B" (seed 000), a ZStack Qwen3 MoE model
(seed 001), the "text to text model service" (seed 002) and the model service of seed 003 with its two images.
"""
from __future__ import annotations

import hashlib
from typing import Any

from zscli.record import record
from . import gson
from .store import Store


@record
class DemoIds:
    """Known identifiers of the demo data."""

    model: str = "274fec2ef4bc4815a6544d1ee27d7899"  # "qwen 1.5 32B" (seed 000)
    model_seed001: str = "1bb3ef7d600d4d30b21b8ffd299c37b5"  # vendor ZStack, Qwen3MoeForCausalLM (seed 001)
    model_deepseek: str = "c2ad36349f653325ab482b77156fe952"
    model_llama: str = "059d19eb310f36d4a7f43f51eaab87b8"
    model_center: str = "432c5fdd49374bb0a2fd7877f0a877cf"
    model_center2: str = "ebf96ce1de2c46fa8af9d503c29bb93d"
    model_service: str = "90d425a802ff44eeb530f21587633700"  # seed 003, two images
    image_x86: str = "c13336388d574fec824752525ae05a21"
    image_arm: str = "46c0e4bb46e849059e6d6bc8881d86f3"
    model_service_text: str = "5b7e0c1d9a4f4e2b8c3d6a1f0e9b8c7d"  # seed 002's example
    model_service_vllm: str = "7a1c2e3f4b5d4c6e8f9a0b1c2d3e4f50"
    model_service_chat: str = "e4d3c2b1a0f94e8d7c6b5a4f3e2d1c0b"  # name contains "chat"
    workspace: str = "0a1b2c3d4e5f40718293a4b5c6d7e8f9"  # ModelArts workspace 1
    workspace2: str = "f9e8d7c6b5a44f3e2d1c0b9a8f7e6d5c"  # ModelArts workspace 2
    ma_model: str = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"  # 25 versions in workspace 1
    ma_model_small: str = "9c8b7a6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d"  # 3 versions in workspace 1
    ma_model_ws2: str = "1d2c3b4a-6f5e-4d7c-9b8a-7f6e5d4c3b2a"  # 4 versions in workspace 2


IDS = DemoIds()


@record
class CoreIds:
    """Known identifiers of the demo's core (non-AI) resources: one zone and cluster, two hosts, networks,
    images, an offering and three VM instances, enough to try cross-table queries on core inventories."""

    zone: str = "a1f0c3e2d4b54c6a8e7f9d0b1c2a3e40"
    cluster: str = "b2e1d4f3c5a64d7b9f8e0a1c2d3b4f51"
    host1: str = "c3d2e5a4b6f74e8c0a9f1b2d3e4c5a62"
    host2: str = "d4e3f6b5c7a84f9d1b0a2c3e4f5d6b73"
    l2: str = "e5f4a7c6d8b94a0e2c1b3d4f5a6e7c84"
    l3_public: str = "f6a5b8d7e9c04b1f3d2c4e5a6b7f8d95"
    l3_private: str = "a7b6c9e8f0d14c2a4e3d5f6b7c8a9ea6"
    image_ubuntu: str = "b8c7d0f9a1e24d3b5f4e6a7c8d9b0fb7"
    image_centos: str = "c9d8e1a0b2f34e4c6a5f7b8d9e0c1ac8"
    offering: str = "d0e9f2b1c3a44f5d7b6a8c9e0f1d2bd9"
    vm_web: str = "e1f0a3c2d4b54a6e8c7b9d0f1a2e3cea"
    vm_db: str = "f2a1b4d3e5c64b7f9d8c0e1a2b3f4dfb"
    vm_stopped: str = "a3b2c5e4f6d74c8a0e9d1f2b3c4a5e0c"


CORE = CoreIds()
MA_MODEL_VERSIONS = 25
SEED_DATE = "Nov 25, 2025 11:51:50 AM"
SEED003_YAML = ("services:\n - ports:\n - 3000\n name: qwen1.5-7b-chat:2b34xhrmqwhomjkd\n livez: /livez\n"
                " readyz: /readyz\n serviceBootupTime: 30\nenv:\n - key:value\n - key:value\ndistro:\n"
                " packages: vim,nfs-utils\npython:\n requirements_txt: ./requirements.txt\n"
                " index_url: https://pypi.tuna.tsinghua.edu.cn/simple\n trusted_host: pypi.tuna.tsinghua.edu.cn\n")
GiB = 1024 ** 3


def _uid(label: str) -> str:
    return hashlib.md5(label.encode()).hexdigest()


# name, vendor, version, type, size GiB, center (1, 2 or None), pipeline tag, architecture, fixed uuid
_MODELS: list[tuple[str, str, str | None, str, int, int | None, str, str, str | None]] = [
    ("qwen 1.5 32B", "Alibaba", "1.5", "System", 61, 1, "text-generation", "Qwen2ForCausalLM", IDS.model),
    ("Qwen3-30B-A3B", "ZStack", "CustomizeVersion", "System", 57, 2, "text-generation", "Qwen3MoeForCausalLM",
     IDS.model_seed001),
    ("Qwen2.5-7B-Instruct", "Alibaba", "2.5", "System", 15, 1, "text-generation", "Qwen2ForCausalLM", None),
    ("Qwen2.5-72B-Instruct", "Alibaba", "2.5", "System", 136, 1, "text-generation", "Qwen2ForCausalLM", None),
    ("Qwen2-VL-7B-Instruct", "Alibaba", "2.0", "System", 16, 1, "image-text-to-text",
     "Qwen2VLForConditionalGeneration", None),
    ("DeepSeek-V3", "DeepSeek", "3.0", "System", 642, 2, "text-generation", "DeepseekV3ForCausalLM", None),
    ("DeepSeek-R1", "DeepSeek", "1.0", "System", 642, 2, "text-generation", "DeepseekV3ForCausalLM", None),
    ("DeepSeek-R1-Distill-Qwen-7B", "DeepSeek", "1.0", "System", 15, 1, "text-generation", "Qwen2ForCausalLM",
     IDS.model_deepseek),
    ("Llama-3.1-8B-Instruct", "Meta", "3.1", "System", 15, 1, "text-generation", "LlamaForCausalLM", IDS.model_llama),
    ("Llama-3.1-70B-Instruct", "Meta", None, "Custom", 131, 2, "text-generation", "LlamaForCausalLM", None),
    ("Llama-3.2-11B-Vision", "Meta", "3.2", "System", 21, None, "image-text-to-text",
     "MllamaForConditionalGeneration", None),
    ("Mistral-7B-Instruct-v0.3", "Mistral", "0.3", "System", 14, 1, "text-generation", "MistralForCausalLM", None),
    ("Mixtral-8x7B-Instruct-v0.1", "Mistral", None, "Custom", 87, 2, "text-generation", "MixtralForCausalLM", None),
    ("GLM-4-9B-Chat", "Zhipu", "4.0", "System", 18, 1, "text-generation", "ChatGLMModel", None),
    ("ChatGLM3-6B", "Zhipu", None, "Custom", 12, None, "text-generation", "ChatGLMModel", None),
    ("Baichuan2-13B-Chat", "Baichuan", "2.0", "System", 26, 1, "text-generation", "BaichuanForCausalLM", None),
    ("Baichuan2-7B-Chat", "Baichuan", None, "Custom", 14, None, "text-generation", "BaichuanForCausalLM", None),
    ("bge-large-zh-v1.5", "BAAI", None, "Custom", 1, 2, "feature-extraction", "BertModel", None),
    ("Yi-1.5-34B-Chat", "01.AI", "1.5", "System", 64, 1, "text-generation", "LlamaForCausalLM", None),
    ("whisper-large-v3", "OpenAI", "3.0", "System", 3, 2, "automatic-speech-recognition",
     "WhisperForConditionalGeneration", None),
]


def _models(base: int) -> list[dict[str, Any]]:
    centers = {1: IDS.model_center, 2: IDS.model_center2, None: None}
    records = []
    for i, (name, vendor, version, mtype, size, center, tag, arch, uid) in enumerate(_MODELS):
        slug = name.replace(" ", "_")
        records.append({
            "uuid": uid or _uid("model:" + name), "name": name, "description": f"{name} from {vendor}",
            "installPath": f"192.168.10.10:/ai/model_center/{slug}", "modelCenterUuid": centers[center],
            "vendor": vendor, "modelId": f"{vendor.lower()}/{slug}", "size": size * GiB, "version": version,
            "type": mtype, "minGpuMemory": max(1, size // 2) * GiB, "recommendedGpuMemory": size * GiB,
            "recommendedGpuNum": [1, 2] if size < 100 else [8], "versionSemver": "1.0.0",
            "isLatestVersion": version is not None, "architectureType": arch, "pipelineTag": tag,
            "frameworkVersion": "PyTorch 2.3.0+cu121", "requiredAccelerator": "cuda:12.1",
            "artifactSizeBytes": size * GiB, "createDate": base + i * 3_600_000, "lastOpDate": base + i * 3_600_000,
        })
    qwen = records[0]
    qwen.update(description="This is an example ai model", installPath="192.168.10.10:/ai/model_center/qwen_1.5_32B",
                extraGpuMemRequest=2147483648, SAMPLE_SIZE=1000)
    records[1].update(description="test model", installPath="/usr/local/test-model", parameters="test parameters",
                      logo="BASE64data", modelId="test-model-id", introduction="This is a md5 format string",
                      size=1024000, minGpuMemory=4295991296, recommendedGpuMemory=4295991296,
                      artifactChecksum="This is a sha256 format string", artifactSizeBytes=1024000,
                      frameworkVersion="PyTorch 2.0.1+cu118", extraGpuMemRequest=4294967296, SAMPLE_SIZE=1000)
    records[2]["description"] = "通义千问 2.5 7B 指令模型"
    return records


def _service(uuid: str, name: str, stype: str, framework: str | None, base: int, **extra: Any) -> dict[str, Any]:
    record = {"uuid": uuid, "name": name, "description": f"{name} ({stype})", "yaml": "services: []\n",
              "requestCpu": 4, "requestMemory": 8 * GiB, "modelCenterUuid": IDS.model_center, "type": stype,
              "framework": framework, "source": "Other", "system": True, "hasNewVersion": False,
              "installPath": f"/opt/model-services/{name}", "pythonVersion": "3.10.12", "condaVersion": "23.7.4",
              "startCommand": "python3 app.py", "supportDistributed": False, "cpuArchitectures": ["x86_64", "aarch64"],
              "version": "1.0.0", "createDate": base, "lastOpDate": base}
    record.update(extra)
    return record


def _services(base: int) -> list[dict[str, Any]]:
    return [
        _service(IDS.model_service, "example", "Endpoint", None, base,
                 description="Example description for modelService",
                 yaml=SEED003_YAML, requestCpu=1, requestMemory=1024, gpuComputeCapability="3.7",
                 installPath="/example/install/path", pythonVersion="3.8.10", supportDistributed=True,
                 source=None, version=None, hasNewVersion=None),
        _service(IDS.model_service_text, "text to text model service", "Endpoint", "Bentoml", base + 60_000,
                 description="This is text to text model service you can chose model",
                 yaml="model service parameters", requestMemory=1024, cpuArchitectures=["x86_64"]),
        _service(IDS.model_service_vllm, "vllm-openai-endpoint", "Endpoint", "vLLM", base + 120_000,
                 supportDistributed=True, gpuComputeCapability="8.0", requestMemory=32 * GiB),
        _service(_uid("svc:finetune"), "llama-factory-finetune", "FineTune", "LLaMA-Factory", base + 180_000,
                 modelCenterUuid=IDS.model_center2, cpuArchitectures=["x86_64"]),
        _service(_uid("svc:eval"), "opencompass-eval", "ModelEval", "OpenCompass", base + 240_000,
                 cpuArchitectures=["x86_64"], system=False),
        _service(IDS.model_service_chat, "open-webui-chat", "App", "Other", base + 300_000,
                 modelCenterUuid=IDS.model_center2, system=False),
    ]


def _images(services: list[dict[str, Any]], seed_ms: int) -> list[dict[str, Any]]:
    records = [
        {"uuid": IDS.image_x86, "modelServiceUuid": IDS.model_service, "cpuArchitecture": "x86_64",
         "vmImageUuid": "b31bc4574f22426a89902edac5d14a72", "dockerImage": "registry.example.com/x86_64/myimage:latest",
         "createDate": seed_ms, "lastOpDate": seed_ms},
        {"uuid": IDS.image_arm, "modelServiceUuid": IDS.model_service, "cpuArchitecture": "aarch64",
         "vmImageUuid": "b2085e2ac2d84029a7947cb09178daaa",
         "dockerImage": "registry.example.com/aarch64/myimage:latest",
         "createDate": seed_ms, "lastOpDate": seed_ms},
    ]
    for svc in services[1:]:
        for arch in svc["cpuArchitectures"]:
            records.append({"uuid": _uid(f"img:{svc['name']}:{arch}"), "modelServiceUuid": svc["uuid"],
                            "cpuArchitecture": arch, "dockerImage": f"registry.example.com/{arch}/{svc['name']}:1.0.0",
                            "createDate": svc["createDate"], "lastOpDate": svc["createDate"]})
    return records


def _refs(models: list[dict[str, Any]], services: list[dict[str, Any]]) -> list[dict[str, Any]]:
    chat, vllm, example = IDS.model_service_chat, IDS.model_service_vllm, IDS.model_service
    finetune = services[3]["uuid"]
    records = []
    for i, model in enumerate(models):
        if model["pipelineTag"] != "text-generation":
            continue
        links = [(vllm if i % 3 else example, True)]
        if i % 2 == 0:
            links.append((chat, False))
        if i % 4 == 1:
            links.append((finetune, False))
        for service_uuid, default in links:
            records.append({"uuid": _uid(f"ref:{model['uuid']}:{service_uuid}"), "modelUuid": model["uuid"],
                            "modelServiceUuid": service_uuid, "isDefault": default})
    return records


def _centers(base: int) -> list[dict[str, Any]]:
    common = {"status": "Connected", "managementPort": 8989, "containerRegistry": "registry.example.com",
              "createDate": base, "lastOpDate": base}
    return [
        {**common, "uuid": IDS.model_center, "name": "model-center-beijing", "description": "Main model center",
         "url": "nfs://192.168.10.10:/ai/model_center", "managementIp": "192.168.10.10",
         "capacity": {"totalCapacity": 20 * 1024 * GiB, "availableCapacity": 12 * 1024 * GiB}},
        {**common, "uuid": IDS.model_center2, "name": "model-center-shanghai", "description": "Backup model center",
         "url": "nfs://10.0.20.5:/ai/model_center", "managementIp": "10.0.20.5",
         "capacity": {"totalCapacity": 8 * 1024 * GiB, "availableCapacity": 7 * 1024 * GiB}},
    ]


def _versions() -> list[dict[str, Any]]:
    user = {"domain_name": "demo-tenant", "domain_id": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            "user_name": "demo-user", "user_id": "0f9e8d7c6b5a49382716a5b4c3d2e1f0"}
    plan = [(IDS.workspace, IDS.ma_model, MA_MODEL_VERSIONS, "qwen2-7b"),
            (IDS.workspace, IDS.ma_model_small, 3, "glm4-9b"),
            (IDS.workspace2, IDS.ma_model_ws2, 4, "llama3-8b")]
    records = []
    for ws, model, count, base_type in plan:
        for n in range(1, count + 1):
            vid = _uid(f"ver:{model}:{n}")
            name = f"v1.{n}.0" if n != 2 else "发布版 v1.2.0"
            records.append({
                "id": f"{vid[:8]}-{vid[8:12]}-{vid[12:16]}-{vid[16:20]}-{vid[20:]}", "name": name,
                "cap_white_list": ["inference"] + (["finetune"] if n % 2 else []),
                "description": f"{base_type} version {n}",
                "config": {"llm_model_config": {"base_model_type": base_type,
                                                "model_path": f"obs://demo-bucket/{base_type}/v{n}/"}},
                "create_time": f"2025-{1 + n // 28:02d}-{1 + n % 28:02d}T08:{n:02d}:00Z", "create_user": user,
                "_workspace_id": ws, "_model_id": model})
    return records


def _core(base: int) -> dict[str, list[dict[str, Any]]]:
    """Core resources: a zone, a cluster, two KVM hosts, an L2 network with two L3 networks, two images, an
    instance offering and three VM instances (each with a root volume and a NIC)."""
    c = CORE
    stamp = {"createDate": base, "lastOpDate": base}
    zone = [{**stamp, "uuid": c.zone, "name": "zone-1", "description": "Demo zone", "state": "Enabled",
             "type": "zstack", "isDefault": True}]
    cluster = [{**stamp, "uuid": c.cluster, "name": "cluster-1", "state": "Enabled", "hypervisorType": "KVM",
                "zoneUuid": c.zone, "type": "zstack", "architecture": "x86_64"}]
    hosts = [{**stamp, "uuid": uuid, "name": name, "zoneUuid": c.zone, "clusterUuid": c.cluster,
              "managementIp": ip, "hypervisorType": "KVM", "state": "Enabled", "status": status,
              "totalCpuCapacity": 64, "availableCpuCapacity": cpu, "cpuSockets": 2, "cpuNum": 32,
              "totalMemoryCapacity": 256 * GiB, "availableMemoryCapacity": mem * GiB, "architecture": "x86_64"}
             for uuid, name, ip, status, cpu, mem in ((c.host1, "host-1", "172.20.0.11", "Connected", 40, 180),
                                                       (c.host2, "host-2", "172.20.0.12", "Disconnected", 64, 256))]
    l2 = [{**stamp, "uuid": c.l2, "name": "l2-vlan-100", "zoneUuid": c.zone, "physicalInterface": "eth0",
           "type": "L2VlanNetwork", "vSwitchType": "LinuxBridge", "virtualNetworkId": 100, "isolated": False}]
    l3 = [{**stamp, "uuid": uuid, "name": name, "type": "L3BasicNetwork", "zoneUuid": c.zone, "l2NetworkUuid": c.l2,
           "state": "Enabled", "system": False, "category": category, "ipVersion": 4, "enableIPAM": True}
          for uuid, name, category in ((c.l3_public, "public-net", "Public"), (c.l3_private, "private-net", "Private"))]
    images = [{**stamp, "uuid": uuid, "name": name, "state": "Enabled", "status": "Ready", "size": size * GiB,
               "actualSize": size * GiB // 2, "url": f"http://images.example/{name}.qcow2",
               "mediaType": "RootVolumeTemplate",
               "guestOsType": os_type, "type": "zstack", "platform": "Linux", "architecture": "x86_64",
               "format": "qcow2", "system": False, "virtio": True}
              for uuid, name, os_type, size in ((c.image_ubuntu, "ubuntu-22.04", "Ubuntu", 8),
                                                (c.image_centos, "centos-7.9", "CentOS", 10))]
    offering = [{**stamp, "uuid": c.offering, "name": "4c8g", "cpuNum": 4, "cpuSpeed": 0, "memorySize": 8 * GiB,
                 "type": "UserVm", "allocatorStrategy": "LeastVmPreferredHostAllocatorStrategy", "state": "Enabled"}]
    vms, volumes, nics = [], [], []
    plan = ((c.vm_web, "web-1", c.host1, c.image_ubuntu, c.l3_public, "Running", "10.0.0.11"),
            (c.vm_db, "db-1", c.host1, c.image_centos, c.l3_private, "Running", "192.168.0.21"),
            (c.vm_stopped, "batch-1", None, c.image_ubuntu, c.l3_private, "Stopped", "192.168.0.22"))
    for n, (uuid, name, host, image, l3_uuid, state, ip) in enumerate(plan):
        root = _uid(f"root:{uuid}")
        vms.append({**stamp, "uuid": uuid, "name": name, "zoneUuid": c.zone, "clusterUuid": c.cluster,
                    "imageUuid": image, "hostUuid": host, "lastHostUuid": c.host1, "instanceOfferingUuid": c.offering,
                    "rootVolumeUuid": root, "platform": "Linux", "architecture": "x86_64",
                    "defaultL3NetworkUuid": l3_uuid, "type": "UserVm", "hypervisorType": "KVM",
                    "memorySize": 8 * GiB, "cpuNum": 4, "state": state, "guestOsType": "Linux"})
        volumes.append({**stamp, "uuid": root, "name": f"ROOT-for-{name}", "vmInstanceUuid": uuid,
                        "rootImageUuid": image, "installPath": f"/zstack_ps/rootVolumes/{root}.qcow2", "type": "Root",
                        "format": "qcow2", "size": 40 * GiB, "actualSize": 6 * GiB, "deviceId": 0,
                        "state": "Enabled", "status": "Ready", "isShareable": False})
        nics.append({**stamp, "uuid": _uid(f"nic:{uuid}"), "vmInstanceUuid": uuid, "l3NetworkUuid": l3_uuid, "ip": ip,
                     "mac": f"fa:16:3e:00:00:{n + 1:02x}", "hypervisorType": "KVM", "netmask": "255.255.255.0",
                     "ipVersion": 4, "deviceId": 0, "type": "VNIC", "state": "Enable"})
    return {"Zone": zone, "Cluster": cluster, "Host": hosts, "L2Network": l2, "L3Network": l3, "Image": images,
            "InstanceOffering": offering, "VmInstance": vms, "Volume": volumes, "VmNic": nics}


def seed(store: Store) -> None:
    """Insert the demo data (the tables must be empty)."""
    base = gson.parse("Oct 20, 2025 9:00:00 AM")
    seed_ms = gson.parse(SEED_DATE)
    models = _models(base)
    services = _services(seed_ms)
    tables = {"ModelCenter": _centers(base - 86_400_000), "Model": models, "ModelService": services,
              "ModelServiceImage": _images(services, seed_ms), "ModelServiceRef": _refs(models, services),
              "ModelVersion": _versions(), **_core(base)}
    with store.lock:
        for name, records in tables.items():
            if store.schema.inventory(name) is not None:  # a custom schema may lack some tables
                store.insert_many(name, records)
