"""Settings resolution: defaults < config file < profile < environment < flags, with the source of each value.

The config file is TOML at ``$XDG_CONFIG_HOME/zscli/config.toml``::

    host = "10.0.0.5"
    port = 8080
    output = "table"

    [profile.prod]
    host = "zstack.example.com"
    https = true
    ca_bundle = "/etc/ssl/zstack.pem"
"""
from __future__ import annotations

import dataclasses
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from zscli.errors import ConfigError
from zscli.settings import Settings

OUTPUT_CHOICES = ("table", "wide", "json", "yaml", "csv", "tsv")


def _bool(text: str) -> bool:
    low = text.strip().lower()
    if low in ("1", "true", "yes", "on"):
        return True
    if low in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected true or false, got {text!r}")


def _port(value: Any) -> int:
    port = int(value)
    if not 1 <= port <= 65535:
        raise ValueError(f"port must be 1..65535, got {port}")
    return port


def _timeout(value: Any) -> float:
    seconds = float(value)
    if seconds <= 0:
        raise ValueError(f"timeout must be positive, got {value}")
    return seconds


def _output(value: Any) -> str:
    text = str(value).lower()
    if text not in OUTPUT_CHOICES:
        raise ValueError(f"output must be one of {', '.join(OUTPUT_CHOICES)}, got {value!r}")
    return text


@dataclass(frozen=True)
class Key:
    """One configurable setting: its Settings attribute, parser, environment variable and config-file name."""

    name: str
    parse: Callable[[Any], Any]
    env: str = ""
    secret: bool = False
    in_file: bool = True


KEYS: tuple[Key, ...] = (
    Key("host", str, "ZSCLI_HOST"),
    Key("port", _port, "ZSCLI_PORT"),
    Key("https", lambda v: v if isinstance(v, bool) else _bool(str(v)), "ZSCLI_HTTPS"),
    Key("verify", lambda v: v if isinstance(v, bool) else _bool(str(v)), "ZSCLI_VERIFY"),
    Key("ca_bundle", str, "ZSCLI_CA_BUNDLE"),
    Key("timeout", _timeout, "ZSCLI_TIMEOUT"),
    Key("output", _output, "ZSCLI_OUTPUT"),
    Key("pager", str, "ZSCLI_PAGER"),
    Key("vi_mode", lambda v: v if isinstance(v, bool) else _bool(str(v)), "ZSCLI_VI_MODE"),
    Key("modelarts_endpoint", str, "ZSCLI_MODELARTS_ENDPOINT"),
    Key("modelarts_token", str, "ZSCLI_MODELARTS_TOKEN", secret=True, in_file=False),
)
FILE_ONLY = {"modelarts_token_file"}
_KEY_BY_NAME = {k.name: k for k in KEYS}


@dataclass(frozen=True)
class Resolved:
    """Effective settings plus where each value came from (``default``, ``config``, ``profile X``, ``env NAME``, ``flag``)."""

    settings: Settings
    sources: Mapping[str, str]
    config_path: Path


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib  # type: ignore[import-not-found]
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}", hint="fix its permissions") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"bad config file {path}: {exc}", hint="fix the TOML syntax") from None


def _apply_table(values: dict[str, Any], sources: dict[str, str], table: Mapping[str, Any], path: Path,
                 where: str, label: str) -> Optional[str]:
    """Merge one TOML table into ``values``; returns a ``modelarts_token_file`` if the table names one."""
    token_file = None
    for key, raw in table.items():
        if key == "profile" and where == "":
            continue
        if key in FILE_ONLY:
            token_file = str(raw)
            continue
        spec = _KEY_BY_NAME.get(key)
        if spec is None or not spec.in_file:
            from difflib import get_close_matches

            close = get_close_matches(key, [k.name for k in KEYS if k.in_file] + sorted(FILE_ONLY), 1)
            hint = f"did you mean '{close[0]}'?" if close else "see `zscli config show` for the keys"
            raise ConfigError(f"bad config file {path}: unknown key '{where}{key}'", hint=hint)
        try:
            values[key] = spec.parse(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"bad config file {path}: key '{where}{key}': {exc}", hint="fix the value") from None
        sources[key] = label
    return token_file


def _read_token_file(path_text: str, config_path: Path) -> str:
    path = Path(path_text).expanduser()
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(f"token file {path} is readable by others", hint=f"run: chmod 600 {path}")
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(f"cannot read modelarts_token_file {path} (from {config_path}): {exc.strerror}",
                          hint="check the path in the config file") from None


def resolve(flags: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None,
            config_path: Path | None = None, profile: str = "") -> Resolved:
    """Build the effective :class:`Settings`.

    ``flags`` holds only options the user gave on the command line (None values are ignored).
    ``profile`` comes from ``--profile``; ``ZSCLI_PROFILE`` is used when it is empty.
    """
    from zscli import paths

    env = os.environ if env is None else env
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    path = config_path or paths.config_file()
    values: dict[str, Any] = {}
    sources: dict[str, str] = {f.name: "default" for f in dataclasses.fields(Settings)}
    data = _read_toml(path)
    token_file = _apply_table(values, sources, data, path, "", "config")
    profile = profile or env.get("ZSCLI_PROFILE", "")
    if profile:
        profiles = data.get("profile") or {}
        if not isinstance(profiles, dict) or profile not in profiles:
            known = ", ".join(sorted(profiles)) if isinstance(profiles, dict) and profiles else "none defined"
            raise ConfigError(f"unknown profile '{profile}' in {path}", hint=f"profiles: {known}")
        token_file = _apply_table(values, sources, profiles[profile], path, f"profile.{profile}.",
                                  f"profile {profile}") or token_file
        values["profile"] = profile
        sources["profile"] = "flag" if flags.get("profile") else ("env ZSCLI_PROFILE" if env.get("ZSCLI_PROFILE") else "")
    if token_file:
        values["modelarts_token"] = _read_token_file(token_file, path)
        sources["modelarts_token"] = f"file {token_file}"
    for spec in KEYS:
        raw = env.get(spec.env) if spec.env else None
        if raw is None or raw == "":
            continue
        try:
            values[spec.name] = spec.parse(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"bad environment variable {spec.env}: {exc}", hint=f"fix or unset {spec.env}") from None
        sources[spec.name] = f"env {spec.env}"
    if env.get("ZSCLI_INSECURE") and _bool(env["ZSCLI_INSECURE"]):
        values["verify"] = False
        sources["verify"] = "env ZSCLI_INSECURE"
    for name, value in flags.items():
        if name == "profile":
            continue
        values[name] = value
        sources[name] = "flag"
    try:
        settings = Settings(**values)
    except TypeError as exc:  # a programming error in flag names, not user input
        raise ConfigError(f"internal settings error: {exc}") from None
    return Resolved(settings=settings, sources=sources, config_path=path)


def describe(resolved: Resolved) -> str:
    """The effective settings and their sources, secrets masked (``zscli config show``)."""
    lines = [f"config file: {resolved.config_path}" + ("" if resolved.config_path.exists() else " (not found)")]
    width = max(len(f.name) for f in dataclasses.fields(Settings))
    for f in dataclasses.fields(Settings):
        value = getattr(resolved.settings, f.name)
        spec = _KEY_BY_NAME.get(f.name)
        if spec is not None and spec.secret:
            shown = "***" if value else "(not set)"
        else:
            shown = "(auto)" if value is None else (repr(value) if value == "" else str(value))
        lines.append(f"{f.name:<{width}}  {shown:<28} {resolved.sources.get(f.name, 'default')}")
    return "\n".join(lines)
