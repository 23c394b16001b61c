"""Error bodies the simulator answers with: ZStack ErrorCodes and ModelArts error objects."""
from __future__ import annotations

from typing import Any

# ZStack error codes used by the simulator.
INTERNAL = "SYS.1000"  # unexpected failure
OPERATION_ERROR = "SYS.1001"  # the operation cannot be done in the current state
RESOURCE_NOT_FOUND = "SYS.1006"
INVALID_ARGUMENT = "SYS.1007"
AUTH_FAILED = "ID.1000"  # wrong account name or password
INVALID_SESSION = "ID.1001"  # missing, unknown, expired or logged-out session

_DESCRIPTIONS = {
    INTERNAL: "An internal error happened",
    OPERATION_ERROR: "The operation failed",
    RESOURCE_NOT_FOUND: "Unable to find the resource",
    INVALID_ARGUMENT: "One or more API argument is invalid",
    AUTH_FAILED: "Authentication failed",
    INVALID_SESSION: "Session expired or invalid",
}

# ModelArts error codes (error_code values).
MA_BAD_REQUEST = "ModelArts.4001"
MA_UNAUTHORIZED = "ModelArts.4010"
MA_WORKSPACE_NOT_FOUND = "ModelArts.4041"
MA_MODEL_NOT_FOUND = "ModelArts.4042"
MA_API_NOT_FOUND = "ModelArts.4040"  # no ModelArts API at this path
MA_INTERNAL = "ModelArts.5000"  # unexpected failure


class ApiFailure(Exception):
    """An API call failed with a ZStack ErrorCode (answered as 503 ``{"error": ...}``)."""

    def __init__(self, code: str, details: str, cause: dict[str, Any] | None = None) -> None:
        super().__init__(details)
        self.error = error_code(code, details, cause)


class BadRequest(Exception):
    """An HTTP-level rejection answered with a plain-text reason (400 by default)."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def error_code(code: str, details: str, cause: dict[str, Any] | None = None) -> dict[str, Any]:
    """A ZStack ErrorCode object."""
    return {"code": code, "description": _DESCRIPTIONS.get(code, "Error"), "details": details,
            "elaboration": None, "opaque": None, "cause": cause}


def not_found(inventory: str, uuid: str, verb: str) -> ApiFailure:
    """The failure for an operation on a uuid that does not exist, with a cause chain."""
    cause = error_code(INVALID_ARGUMENT, f"invalid field[uuid], resource[uuid:{uuid}, type:{inventory}] not found")
    return ApiFailure(RESOURCE_NOT_FOUND, f"cannot {verb} {inventory}[uuid:{uuid}]: it does not exist", cause)


def modelarts_error(code: str, msg: str, solution: str) -> dict[str, str]:
    """A ModelArts error body."""
    return {"error_code": code, "error_msg": msg, "solution_msg": solution}
