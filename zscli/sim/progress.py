"""Task progress of simulated jobs, answered as the server answers ``GET /zstack/v1/task-progresses/{apiId}``.

The server replies with the chain of progress records from the job's top task down to the newest sub-task:
``{"inventories": [{"taskUuid", "taskName", "parentUuid", "type", "content", "time", ...}]}``; ``type`` is
``Task`` (``content`` names the step) or ``Progress`` (``content`` is a percentage). Its documentation also lists
``currentStep`` and ``totalSteps``, which the simulator fills on the step record. An apiId with no records (an
unknown one, or a job that reported nothing) answers ``{"inventories": []}``.
"""
from __future__ import annotations

import hashlib
from typing import Any

from zscli.schema import Action

#: The steps a simulated job walks through, by what the API does.
STEPS: dict[Action, tuple[str, ...]] = {
    Action.CREATE: ("Checking the request", "Choosing a model center", "Downloading the image",
                    "Verifying the image checksum", "Allocating storage", "Writing the inventory",
                    "Registering the resource"),
    Action.CLONE: ("Checking the request", "Copying the configuration", "Downloading the image",
                   "Allocating storage", "Writing the inventory"),
    Action.UPDATE: ("Checking the request", "Applying the changes", "Writing the inventory"),
    Action.DELETE: ("Checking the request", "Releasing resources", "Removing the inventory"),
}
DEFAULT_STEPS = ("Checking the request", "Running the task", "Finishing")


def steps_for(action: Action) -> tuple[str, ...]:
    """The step names of a job for an API that does ``action``."""
    return STEPS.get(action, DEFAULT_STEPS)


def _uid(*parts: str) -> str:
    return hashlib.md5("/".join(parts).encode()).hexdigest()


def records(api_id: str, task_name: str, steps: tuple[str, ...], fraction: float, started_ms: int,
            now_ms: int) -> list[dict[str, Any]]:
    """The reply inventories for a job ``fraction`` (0..1) of the way through ``steps``."""
    if not steps:
        return []
    fraction = min(max(fraction, 0.0), 1.0)
    current = min(len(steps), int(fraction * len(steps)) + 1)
    step = {"taskUuid": _uid(api_id, "task"), "taskName": task_name, "parentUuid": None, "type": "Task",
            "content": steps[current - 1], "opaque": None, "time": started_ms, "subTasks": None,
            "arguments": None, "currentStep": current, "totalSteps": len(steps)}
    percent = {"taskUuid": _uid(api_id, "progress"), "taskName": task_name, "parentUuid": step["taskUuid"],
               "type": "Progress", "content": str(int(fraction * 100)), "opaque": None, "time": now_ms,
               "subTasks": None, "arguments": None}
    return [step, percent]


__all__ = ["DEFAULT_STEPS", "STEPS", "records", "steps_for"]
