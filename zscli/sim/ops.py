"""The work of asynchronous write APIs: create, update, delete and clone, driven by the schema.

Parameters whose names are inventory fields are stored as such; a few parameters with special meaning
(links between models and services, images per architecture, default services) have small hooks here.
"""
from __future__ import annotations

import uuid as uuidlib
from typing import Any
from collections.abc import Callable

from zscli.schema import Action, Api, Inventory, Reply, Type

from . import codes, gson
from .codes import ApiFailure
from .store import Store, q

Result = tuple[int, Any]
_SKIP = {"uuid", "resourceUuid"}
#: The ``state`` an action leaves its resource in, by the API name's verb (StartVmInstance -> Running).
STATE_AFTER_VERB = {"Start": "Running", "Stop": "Stopped", "Reboot": "Running", "Pause": "Paused",
                    "Resume": "Running", "Recover": "Stopped"}
#: The ``state`` a ``Change*State`` API's ``stateEvent`` leads to (ZStack's state machines, simplified).
STATE_AFTER_EVENT = {"enable": "Enabled", "disable": "Disabled", "maintain": "Maintenance",
                     "preMaintain": "PreMaintenance", "ext_maintain": "Maintenance"}
#: Verbs of APIs that set the fields their parameters name. Other actions set them too (StartVmInstance's
#: ``hostUuid`` is where the VM now runs), except the fields that say what a resource is: StopVmInstance's
#: ``type`` is how to stop, not the VM's type.
SETTING_VERBS = ("Update", "Set", "Change")
KIND_FIELDS = frozenset({"type"})


def _verb(api_name: str) -> str:
    """The leading capitalised word of an API name (``StopVmInstance`` -> ``Stop``)."""
    end = 1
    while end < len(api_name) and not api_name[end].isupper():
        end += 1
    return api_name[:end]


def state_change(api: Api, inv: Inventory, params: dict[str, Any]) -> dict[str, Any]:
    """``{"state": ...}`` when ``api`` moves its resource to another state (a Start/Stop... verb, or a
    ``stateEvent``), for inventories that have a ``state`` field; else ``{}``."""
    if not inv.field("state"):
        return {}
    event = params.get("stateEvent")
    if isinstance(event, str) and event:
        return {"state": STATE_AFTER_EVENT.get(event, event[:1].upper() + event[1:])}
    state = STATE_AFTER_VERB.get(_verb(api.name))
    return {"state": state} if state else {}


def new_uuid() -> str:
    """A fresh 32-hex uuid."""
    return uuidlib.uuid4().hex


def _gpu_list(value: Any) -> Any:
    """``recommendedGpuNum`` is text in requests ("1,2") but a List in the inventory."""
    if not isinstance(value, str):
        return value
    parts = [p.strip() for p in value.split(",") if p.strip()]
    return [int(p) if p.isdigit() else p for p in parts]


def _images(service_uuid: str, items: list[Any], now: int) -> list[dict[str, Any]]:
    """ModelServiceImage records from ``architectureImages`` ({cpuArchitecture, dockerImage, vmImageUuid}
    objects, or "arch:image" strings)."""
    records = []
    for item in items:
        if isinstance(item, str):
            arch, _, image = item.partition(":")
            item = {"cpuArchitecture": arch, "dockerImage": image or None}
        if not isinstance(item, dict) or not item.get("cpuArchitecture"):
            raise ApiFailure(codes.INVALID_ARGUMENT, "invalid value of parameter [architectureImages]: each item "
                             "needs a cpuArchitecture (and a dockerImage or vmImageUuid)")
        records.append({"uuid": new_uuid(), "modelServiceUuid": service_uuid,
                        "cpuArchitecture": item.get("cpuArchitecture"), "dockerImage": item.get("dockerImage"),
                        "vmImageUuid": item.get("vmImageUuid"), "createDate": now, "lastOpDate": now})
    return records


class Operations:
    """Runs write APIs against the store; every result is (status, body) as a finished job reports it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._actions: dict[Action, Callable[[Api, Inventory, dict[str, Any]], Result]] = {
            Action.CREATE: self.create, Action.UPDATE: self.update, Action.DELETE: self.delete,
            Action.CLONE: self.clone}

    def execute(self, api: Api, params: dict[str, Any], tags: tuple[list[str], list[str]]) -> Result:
        """Run ``api``; ApiFailure becomes 503 with its ErrorCode."""
        try:
            action = self._actions.get(api.action)
            if action is None or not api.inventory or not self.store.has(api.inventory):
                return self.generic(api, params)
            inv = self.store.inventory(api.inventory)
            with self.store.lock:
                status, body = action(api, inv, params)
                uuid = (body.get("inventory") or {}).get(inv.key) if isinstance(body, dict) else None
                if uuid and (tags[0] or tags[1]):
                    self.store.add_tags(uuid, *tags)
            return status, body
        except ApiFailure as failure:
            return 503, {"error": failure.error}

    def generic(self, api: Api, params: dict[str, Any]) -> Result:
        """Any other API, answered from the request alone: an inventory reply is the resource named by ``uuid``
        when the store has it (with the fields the request names changed), else a record built from the
        parameters that are fields of the inventory; other replies are empty of their kind."""
        if api.reply is Reply.INVENTORY and api.inventory and self.store.has(api.inventory):
            inv = self.store.inventory(api.inventory)
            with self.store.lock:
                row = self.store.get(inv.name, params.get(inv.key)) if params.get(inv.key) else None
                if row is not None:
                    changes = {**self._fields(inv, params, api), **state_change(api, inv, params)}
                    if changes and inv.field("lastOpDate"):
                        changes["lastOpDate"] = gson.now_ms()
                    self.store.update(inv.name, row[inv.key], changes)
                    return self._reply(inv, row[inv.key])
                record = {**self._fields(inv, params), inv.key: params.get("resourceUuid") or new_uuid()}
                now = gson.now_ms()
                for stamp in ("createDate", "lastOpDate"):
                    if inv.field(stamp):
                        record[stamp] = now
                return 200, {"inventory": self.store.render(inv.name, [record])[0]}
        if api.reply is Reply.INVENTORIES:
            return 200, {"inventories": []}
        return 200, {}

    # -- helpers -------------------------------------------------------------------------------------------------
    def _reply(self, inv: Inventory, key: str) -> Result:
        row = self.store.get(inv.name, key)
        return 200, {"inventory": self.store.render(inv.name, [row])[0] if row else {}}

    def _check_refs(self, api: Api, params: dict[str, Any]) -> None:
        for param in api.params:
            target = self.store.schema.inventory(param.refers_to) if param.refers_to else None
            if target is None or params.get(param.name) is None or param.name == "uuid" or param.refers_inferred:
                continue  # a guessed reference (hostUuid -> Host) serves completion; only declared ones are checked
            values = params[param.name] if isinstance(params[param.name], list) else [params[param.name]]
            for value in values:
                if self.store.get(target.name, value) is None:
                    raise ApiFailure(codes.INVALID_ARGUMENT, f"invalid value [{value}] of parameter [{param.name}]: "
                                     f"no {target.name} has this uuid")

    def _fields(self, inv: Inventory, params: dict[str, Any], api: Api | None = None) -> dict[str, Any]:
        """The parameters that are fields of ``inv``, as stored values; ``api``: an action on an existing
        resource, which changes no :data:`KIND_FIELDS` unless its verb is one of :data:`SETTING_VERBS`."""
        keep_kind = api is not None and not api.name.startswith(SETTING_VERBS)
        record = {}
        for name, value in params.items():
            fld = inv.field(name)
            if fld is None or name in _SKIP or (inv.relation(name) and fld.type is Type.LIST):
                continue
            if keep_kind and name in KIND_FIELDS:
                continue
            record[name] = _gpu_list(value) if fld.type is Type.LIST else value
        return record

    def _existing(self, inv: Inventory, params: dict[str, Any], verb: str) -> dict[str, Any]:
        row = self.store.get(inv.name, params.get("uuid"))
        if row is None:
            raise codes.not_found(inv.name, str(params.get("uuid")), verb)
        return row

    def _link(self, model_uuid: str, service_uuid: str, is_default: bool = False) -> None:
        found = self.store.scalar(f"SELECT uuid FROM {q('ModelServiceRef')} WHERE {q('modelUuid')} = ? "
                                  f"AND {q('modelServiceUuid')} = ?", [model_uuid, service_uuid])
        if found:
            if is_default:
                self.store.update("ModelServiceRef", found, {"isDefault": True})
            return
        self.store.insert("ModelServiceRef", {"uuid": new_uuid(), "modelUuid": model_uuid,
                                              "modelServiceUuid": service_uuid, "isDefault": is_default})

    def _set_default(self, model_uuid: str, service_uuid: str | None) -> None:
        self.store.conn.execute(f"UPDATE {q('ModelServiceRef')} SET {q('isDefault')} = 0 "
                                f"WHERE {q('modelUuid')} = ?", [model_uuid])
        if service_uuid:
            self._link(model_uuid, service_uuid, True)

    def _new_key(self, inv: Inventory, params: dict[str, Any]) -> str:
        """The uuid for a new resource: ``resourceUuid`` when given (and free), else a fresh one."""
        key = params.get("resourceUuid") or new_uuid()
        if self.store.get(inv.name, key) is not None:
            raise ApiFailure(codes.INVALID_ARGUMENT, f"invalid value [{key}] of parameter [resourceUuid]: "
                             f"a {inv.name} with this uuid already exists")
        return key

    # -- actions -------------------------------------------------------------------------------------------------
    def create(self, api: Api, inv: Inventory, params: dict[str, Any]) -> Result:
        """Insert a new resource from the parameters named like its fields."""
        self._check_refs(api, params)
        key = self._new_key(inv, params)
        now = gson.now_ms()
        record = {**self._fields(inv, params), inv.key: key}
        for stamp in ("createDate", "lastOpDate"):
            if inv.field(stamp):
                record[stamp] = now
        if inv.name == "ModelService":
            images = _images(key, params.get("architectureImages") or [], now)
            record.setdefault("cpuArchitectures", [i["cpuArchitecture"] for i in images])
            record.setdefault("hasNewVersion", False)
            self.store.insert_many("ModelServiceImage", images)
            for model_uuid in params.get("modelUuids") or []:
                self._link(model_uuid, key)
        self.store.insert(inv.name, record)
        if inv.name == "Model":
            for service_uuid in params.get("modelServiceUuids") or []:
                self._link(key, service_uuid)
            if params.get("defaultModelServiceUuid"):
                self._set_default(key, params["defaultModelServiceUuid"])
        return self._reply(inv, key)

    def update(self, api: Api, inv: Inventory, params: dict[str, Any]) -> Result:
        """Change the given fields and ``lastOpDate``."""
        row = self._existing(inv, params, "update")
        self._check_refs(api, params)
        changes = {**self._fields(inv, params, api), **state_change(api, inv, params)}
        if inv.field("lastOpDate"):
            changes["lastOpDate"] = gson.now_ms()
        self.store.update(inv.name, row[inv.key], changes)
        if inv.name == "Model":
            if params.get("clearDefaultModelService"):
                self._set_default(row["uuid"], None)
            elif params.get("defaultModelServiceUuid"):
                self._set_default(row["uuid"], params["defaultModelServiceUuid"])
        if inv.name == "ModelService":
            image_changes = {k: params[k] for k in ("dockerImage", "vmImageUuid") if params.get(k) is not None}
            for image in self.store.rows("ModelServiceImage", f"{q('modelServiceUuid')} = ?", [row["uuid"]]):
                self.store.update("ModelServiceImage", image["uuid"], {**image_changes, "lastOpDate": gson.now_ms()})
        return self._reply(inv, row[inv.key])

    def delete(self, api: Api, inv: Inventory, params: dict[str, Any]) -> Result:
        """Delete a resource and what it owns. Permissive mode refuses to delete a model service that is some
        model's default; Enforcing deletes anyway."""
        row = self._existing(inv, params, "delete")
        if inv.name == "ModelService" and params.get("deleteMode", "Permissive") != "Enforcing":
            users = self.store.scalar(f"SELECT COUNT(*) FROM {q('ModelServiceRef')} WHERE "
                                      f"{q('modelServiceUuid')} = ? AND {q('isDefault')} = 1", [row["uuid"]])
            if users:
                raise ApiFailure(codes.OPERATION_ERROR, f"ModelService[uuid:{row['uuid']}] is the default service of "
                                 f"{users} model(s); delete it with deleteMode=Enforcing")
        for rel in inv.relations:
            fld = inv.field(rel.name)
            if rel.many and fld is not None and fld.type is Type.LIST:
                self.store.delete(rel.target, rel.remote_key, row[rel.local_key])
        self.store.delete(inv.name, inv.key, row[inv.key])
        self.store.conn.execute("DELETE FROM _tags WHERE resource_uuid = ?", [row[inv.key]])
        return 200, {}

    def clone(self, api: Api, inv: Inventory, params: dict[str, Any]) -> Result:
        """Copy a resource with overrides; a model service's images and model links are copied too."""
        source = self._existing(inv, params, "clone")
        self._check_refs(api, params)
        key = self._new_key(inv, params)
        now = gson.now_ms()
        record = {**source, **self._fields(inv, params), inv.key: key, "createDate": now, "lastOpDate": now}
        if inv.name == "ModelService":
            if params.get("architectureImages"):
                images = _images(key, params["architectureImages"], now)
            else:
                images = [{**img, "uuid": new_uuid(), "modelServiceUuid": key, "createDate": now, "lastOpDate": now}
                          for img in self.store.rows("ModelServiceImage", f"{q('modelServiceUuid')} = ?",
                                                     [source["uuid"]])]
            if "cpuArchitectures" not in params:
                record["cpuArchitectures"] = [i["cpuArchitecture"] for i in images]
            self.store.insert_many("ModelServiceImage", images)
            refs = self.store.rows("ModelServiceRef", f"{q('modelServiceUuid')} = ?", [source["uuid"]])
            self.store.insert_many("ModelServiceRef", [{"uuid": new_uuid(), "modelUuid": r["modelUuid"],
                                                        "modelServiceUuid": key, "isDefault": False} for r in refs])
        self.store.insert(inv.name, record)
        return self._reply(inv, key)
