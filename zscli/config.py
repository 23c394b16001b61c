"""Settings resolution: defaults < config file < profile < environment < flags, with the source of each value.

The config file is TOML at ``$XDG_CONFIG_HOME/zscli/config.toml``::

    host = "10.0.0.5"
    port = 8080
    output = "table"
    modelarts_token_file = "~/.config/zscli/modelarts.token"   # mode 0600

    [profile.prod]
    host = "zstack.example.com"
    https = true
    ca_bundle = "/etc/ssl/zstack.pem"

Every mistake in the file (bad TOML, an unknown key, a value of the wrong type, a profile that is not a
table) is a :class:`ConfigError` whose one-line message names the file and the key.
"""
from __future__ import annotations

import os
import stat
from enum import Enum
from pathlib import Path
from typing import Any
from collections.abc import Mapping

from zscli.errors import ConfigError
from zscli.output.formats import Format
from zscli.record import fields, record
from zscli.settings import Settings
from zscli.text import MASK

OUTPUT_CHOICES = tuple(f.value for f in Format)
TOKEN_FILE_KEY = "modelarts_token_file"
ACCESS_KEY_FILE_KEY = "access_key_file"  # a 0600 file holding the access key secret
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


class SettingType(str, Enum):
    """The type of a setting, which decides how file, environment and flag values are checked."""

    HOST = "a host name or an IP address (IPv6 as ::1 or [::1])"
    PORT = "an integer 1..65535"
    BOOL = "true or false"
    PATH = "a file path"
    SECONDS = "a positive number of seconds"
    MEGABYTES = "a positive number of megabytes"
    COUNT = "a positive whole number"
    OUTPUT = "one of " + ", ".join(OUTPUT_CHOICES)
    TEXT = "a string"
    URL = "an http:// or https:// URL"
    SCHEMA = "a schema file (made by zscli schema import)"  # checked when it is loaded, with CatalogueError's line


@record
class Key:
    """One configurable setting: its Settings attribute, kind, environment variable and config-file presence."""

    name: str
    kind: SettingType
    env: str = ""
    secret: bool = False
    in_file: bool = True


KEYS: tuple[Key, ...] = (
    Key("host", SettingType.HOST, "ZSCLI_HOST"),
    Key("port", SettingType.PORT, "ZSCLI_PORT"),
    Key("https", SettingType.BOOL, "ZSCLI_HTTPS"),
    Key("verify", SettingType.BOOL, "ZSCLI_VERIFY"),
    Key("ca_bundle", SettingType.PATH, "ZSCLI_CA_BUNDLE"),
    Key("timeout", SettingType.SECONDS, "ZSCLI_TIMEOUT"),
    Key("max_reply_mb", SettingType.MEGABYTES, "ZSCLI_MAX_REPLY_MB"),
    Key("output", SettingType.OUTPUT, "ZSCLI_OUTPUT"),
    Key("pager", SettingType.TEXT, "ZSCLI_PAGER"),
    Key("vi_mode", SettingType.BOOL, "ZSCLI_VI_MODE"),
    Key("debug", SettingType.BOOL, "ZSCLI_DEBUG"),
    Key("curl", SettingType.BOOL, "ZSCLI_CURL"),
    Key("keep_going", SettingType.BOOL, "ZSCLI_KEEP_GOING"),
    Key("modelarts_endpoint", SettingType.URL, "ZSCLI_MODELARTS_ENDPOINT"),
    Key("modelarts_token", SettingType.TEXT, "ZSCLI_MODELARTS_TOKEN", secret=True, in_file=False),
    Key("access_key_id", SettingType.TEXT, "ZSCLI_ACCESS_KEY_ID"),
    # the access key secret is accepted in the file only when the file is 0600
    Key("access_key_secret", SettingType.TEXT, "ZSCLI_ACCESS_KEY_SECRET", secret=True),
    Key("read_only", SettingType.BOOL, "ZSCLI_READ_ONLY"),
    Key("dry_run", SettingType.BOOL, "ZSCLI_DRY_RUN", in_file=False),
    Key("strict_version", SettingType.BOOL, "ZSCLI_STRICT_VERSION"),
    Key("page_size", SettingType.COUNT, "ZSCLI_PAGE_SIZE"),
    Key("keep_results", SettingType.COUNT, "ZSCLI_KEEP_RESULTS"),
    Key("schema", SettingType.SCHEMA, "ZSCLI_SCHEMA"),
)
_KEY_BY_NAME = {k.name: k for k in KEYS}
FILE_KEYS = tuple(k.name for k in KEYS if k.in_file) + (TOKEN_FILE_KEY, ACCESS_KEY_FILE_KEY)


@record
class EnvVar:
    """An environment variable that is not simply a :class:`Key`'s own: what it does."""

    name: str
    meaning: str


PROFILE_ENV = EnvVar("ZSCLI_PROFILE", "the [profile.NAME] to use (as --profile)")
TOKEN_FILE_ENV = EnvVar("ZSCLI_MODELARTS_TOKEN_FILE", "a 0600 file holding the ModelArts token")
ACCESS_KEY_FILE_ENV = EnvVar("ZSCLI_ACCESS_KEY_FILE", "a 0600 file holding the access key secret")
INSECURE_ENV = EnvVar("ZSCLI_INSECURE", "true turns TLS verification off (as --insecure)")
NO_COLOR_ENV = EnvVar("NO_COLOR", "any non-empty value turns colour off (as --no-color)")
OTHER_ENV: tuple[EnvVar, ...] = (PROFILE_ENV, TOKEN_FILE_ENV, ACCESS_KEY_FILE_ENV, INSECURE_ENV, NO_COLOR_ENV)
ENV_NAMES: tuple[str, ...] = tuple(k.env for k in KEYS if k.env) + tuple(e.name for e in OTHER_ENV)
"""Every environment variable zscli reads (tests clear them all; README's table names exactly these)."""


@record
class Resolved:
    """Effective settings plus where each value came from (``default``, ``config``, ``profile X``, ``env NAME``,
    ``flag``)."""

    settings: Settings
    sources: Mapping[str, str]
    config_path: Path


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


def coerce(kind: SettingType, value: Any, *, typed: bool = False) -> Any:
    """``value`` (a TOML value, or text from the environment or a flag) checked and converted for ``kind``.

    Raises ValueError saying what was expected; text is accepted for every kind (the environment is text),
    but a TOML value must have the right TOML type (``port = "80"`` and ``https = 1`` are mistakes).
    ``typed``: the value is a command-line word, echoed in the error as typed (``got 0``), not quoted.
    """
    text = value.strip() if isinstance(value, str) else None
    bad = ValueError(f"must be {kind.value}, got {value if typed and text else _shown(value)}")
    if kind is SettingType.BOOL:
        if isinstance(value, bool):
            return value
        if text is not None and text.lower() in _TRUE + _FALSE:
            return text.lower() in _TRUE
        raise bad
    if kind is SettingType.PORT:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise bad
        try:
            port = int(value)
        except ValueError:
            raise bad from None
        if not 1 <= port <= 65535:
            raise bad
        return port
    if kind is SettingType.COUNT:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise bad
        try:
            count = int(value)
        except ValueError:
            raise bad from None
        if count < 1:
            raise bad
        return count
    if kind in (SettingType.SECONDS, SettingType.MEGABYTES):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise bad
        try:
            seconds = float(value)
        except ValueError:
            raise bad from None
        if not seconds > 0 or seconds == float("inf"):
            raise bad
        return seconds
    if text is None:
        raise bad
    if any("\ud800" <= c <= "\udfff" or c < " " for c in text):
        raise ValueError(f"must be UTF-8 text without control characters, got {_shown(value)}")
    if kind is SettingType.HOST and not _host_ok(text):
        raise bad
    if kind is SettingType.OUTPUT:
        if not text:
            return ""  # automatic: table on a terminal, json otherwise
        if text.lower() not in OUTPUT_CHOICES:
            raise bad
        return text.lower()
    if kind is SettingType.URL and text and (not text.lower().startswith(("http://", "https://"))
                                             or not _host_ok(_url_host(text))):
        raise bad
    if kind is SettingType.PATH and text and not Path(text).expanduser().is_file():
        raise ValueError(f"names no readable file: {_shown(value)}")
    if kind in (SettingType.PATH, SettingType.SCHEMA):
        return str(Path(text).expanduser()) if text else ""
    return text if kind in (SettingType.HOST, SettingType.URL) else value


def _host_ok(text: str) -> bool:
    """A host name, an IPv4 address, or an IPv6 address (bare ``::1`` or bracketed ``[::1]``)."""
    bracketed = text.startswith("[") and text.endswith("]")
    inner = text[1:-1] if bracketed else text
    if not inner or any(c.isspace() or c in "[]/@?#\\" for c in inner) or (bracketed and ":" not in inner):
        return False
    if ":" in inner:
        import ipaddress

        try:
            ipaddress.IPv6Address(inner.split("%", 1)[0])
        except ValueError:
            return False
    return True


def _url_host(url: str) -> str:
    """The host part of ``url`` ("" when it cannot be read: an unclosed ``[``, a bad port)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return ""
    return parts.hostname or ""


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return {}  # no config file: the TOML parser is not even imported
    except IsADirectoryError:
        raise ConfigError(f"bad config file {path}: it is a directory", hint="make it a TOML file") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}", hint="fix its permissions") from None
    try:
        import tomllib  # type: ignore[import-not-found]
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(data.decode("utf-8-sig"))  # -sig: a leading byte-order mark is dropped
    except UnicodeDecodeError:
        raise ConfigError(f"bad config file {path}: not UTF-8 text", hint="save it as UTF-8 TOML") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"bad config file {path}: {exc}", hint="fix the TOML syntax") from None
    except RecursionError:
        raise ConfigError(f"bad config file {path}: values nested too deeply", hint="fix the TOML file") from None


def _check_table(table: Mapping[str, Any], path: Path, where: str) -> dict[str, Any]:
    """The keys of one TOML table (top level or a profile) checked and converted; ConfigError on any mistake."""
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key == "profile" and where == "":
            continue
        if key not in FILE_KEYS:
            from difflib import get_close_matches

            close = get_close_matches(key, FILE_KEYS, 1)
            hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(FILE_KEYS)
            if key.lower().removeprefix("no_").removeprefix("no-").startswith(("color", "colour")):
                hint = "colour is not a config-file setting: set NO_COLOR=1 in the environment, or pass --no-color"
            if key == "modelarts_token":
                hint = f"keep the token in a 0600 file named by {TOKEN_FILE_KEY}, or in ZSCLI_MODELARTS_TOKEN"
            raise ConfigError(f"bad config file {path}: unknown key '{where}{key}'", hint=hint)
        kind = SettingType.TEXT if key in (TOKEN_FILE_KEY, ACCESS_KEY_FILE_KEY) else _KEY_BY_NAME[key].kind
        # TOML has native types for these
        typed = kind in (SettingType.BOOL, SettingType.PORT, SettingType.SECONDS, SettingType.MEGABYTES,
                         SettingType.COUNT)
        if (kind is SettingType.TEXT and not isinstance(raw, str)) or (typed and isinstance(raw, str)):
            hint = "write it without quotes" if typed else "fix the value"
            raise ConfigError(f"bad config file {path}: key '{where}{key}' must be {kind.value}, got {_shown(raw)}",
                              hint=hint)
        try:
            values[key] = coerce(kind, raw)
        except ValueError as exc:
            raise ConfigError(f"bad config file {path}: key '{where}{key}' {exc}", hint="fix the value") from None
    return values


def _profiles(data: Mapping[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    """Every ``[profile.NAME]`` table, checked (a profile that is not a table is an error)."""
    raw = data.get("profile", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"bad config file {path}: key 'profile' must be a table of [profile.NAME] sections",
                          hint='write [profile.prod] then host = "..." on the next lines')
    out = {}
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise ConfigError(f"bad config file {path}: key 'profile.{name}' must be a table, got {_shown(table)}",
                              hint=f"write [profile.{name}] then its keys on the next lines")
        out[name] = _check_table(table, path, f"profile.{name}.")
    return out


def _read_token_file(path_text: str, origin: str, what: str = "token") -> str:
    """The ``what`` (a token, an access key secret) in a file only its owner can read; ``origin`` names where
    the path came from."""
    path = Path(path_text).expanduser()
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(f"{what} file {path} (from {origin}) is readable by others",
                              hint=f"run: chmod 600 {path}")
        token = path.read_text(encoding="utf-8-sig").strip()  # -sig: a byte-order mark is not part of it
    except OSError as exc:
        raise ConfigError(f"cannot read {what} file {path} (from {origin}): {exc.strerror}",
                          hint="check the path") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} file {path} (from {origin}) is not UTF-8 text", hint="check the file") from None
    except ValueError:  # a NUL in the path
        raise ConfigError(f"cannot read {what} file {path!r} (from {origin}): a file name cannot contain a NUL byte",
                          hint="check the path") from None
    if not token:
        raise ConfigError(f"{what} file {path} (from {origin}) is empty", hint=f"write the {what} into it")
    return token


def _check_private(path: Path, key: str) -> None:
    """A secret written in the config file itself is accepted only when nobody else can read that file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"config file {path} holds '{key}' but is readable by others",
                          hint=f"run: chmod 600 {path}, or move the secret to a 0600 file named by "
                               f"{ACCESS_KEY_FILE_KEY}")


def _env_value(spec: Key, raw: str) -> Any:
    try:
        return coerce(spec.kind, raw)
    except ValueError as exc:
        raise ConfigError(f"bad environment variable {spec.env}: {exc}", hint=f"fix or unset {spec.env}") from None


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
    sources: dict[str, str] = {f.name: "default" for f in fields(Settings)}
    token_file: tuple[str, str] | None = None
    key_file: tuple[str, str] | None = None

    def apply(table: dict[str, Any], label: str) -> None:
        nonlocal token_file, key_file
        for key, value in table.items():
            origin = str(path) if label == "config" else f"{path} [{label.replace(' ', '.')}]"
            if key == TOKEN_FILE_KEY:
                token_file = (value, origin)
                continue
            if key == ACCESS_KEY_FILE_KEY:
                key_file = (value, origin)
                continue
            if key == "access_key_secret":
                _check_private(path, key if label == "config" else f"{label.replace(' ', '.')}.{key}")
            values[key] = value
            sources[key] = label

    data = read_toml(path)
    apply(_check_table(data, path, ""), "config")
    profiles = _profiles(data, path)
    profile = profile or flags.get("profile") or env.get(PROFILE_ENV.name, "")
    if profile:
        if profile not in profiles:
            if not path.exists():
                raise ConfigError(f"unknown profile '{profile}': the config file {path} does not exist",
                                  hint=f"create it with a [profile.{profile}] table of settings, e.g. "
                                       f"[profile.{profile}] then host = \"zstack.example.com\"")
            known = ", ".join(sorted(profiles)) or "none defined"
            raise ConfigError(f"unknown profile '{profile}' in {path}", hint=f"profiles: {known}")
        apply(profiles[profile], f"profile {profile}")
        values["profile"] = profile
        sources["profile"] = "flag" if flags.get("profile") else f"env {PROFILE_ENV.name}"
    if env.get(TOKEN_FILE_ENV.name, "").strip():
        token_file = (env[TOKEN_FILE_ENV.name], f"env {TOKEN_FILE_ENV.name}")
    if token_file is not None:
        values["modelarts_token"] = _read_token_file(*token_file)
        sources["modelarts_token"] = f"file {Path(token_file[0]).expanduser()}"
    if env.get(ACCESS_KEY_FILE_ENV.name, "").strip():
        key_file = (env[ACCESS_KEY_FILE_ENV.name], f"env {ACCESS_KEY_FILE_ENV.name}")
    if key_file is not None:
        values["access_key_secret"] = _read_token_file(*key_file, what="access key secret")
        sources["access_key_secret"] = f"file {Path(key_file[0]).expanduser()}"
    for spec in KEYS:
        raw = env.get(spec.env) if spec.env else None
        if raw is None:  # an empty value is a value: ZSCLI_PAGER= means what pager = "" means
            continue
        values[spec.name] = _env_value(spec, raw)
        sources[spec.name] = f"env {spec.env}"
    insecure = env.get(INSECURE_ENV.name, "")
    if insecure.strip() and _env_value(Key("verify", SettingType.BOOL, INSECURE_ENV.name), insecure):
        values["verify"] = False
        sources["verify"] = f"env {INSECURE_ENV.name}"
    if env.get(NO_COLOR_ENV.name, ""):  # https://no-color.org: any non-empty value
        values["color"] = False
        sources["color"] = f"env {NO_COLOR_ENV.name}"
    for name, value in flags.items():
        if name == "profile":
            continue
        flag_key = _KEY_BY_NAME.get(name)
        if flag_key is not None and not isinstance(value, bool):
            try:
                value = coerce(flag_key.kind, value, typed=True)
            except ValueError as exc:
                option = "--" + name.replace("_", "-")
                raise ConfigError(f"bad option {option}: {exc}", hint="see zscli --help") from None
        values[name] = value
        sources[name] = "flag"
    try:
        settings = Settings(**values)
    except TypeError as exc:  # a programming error in flag names, not user input
        raise ConfigError(f"internal settings error: {exc}") from None
    return Resolved(settings=settings, sources=sources, config_path=path)


def describe(resolved: Resolved) -> str:
    """The effective settings and their sources, secrets masked (``zscli config show``); control characters
    in values from a file or the environment are shown escaped."""
    from zscli.output.safe import visible

    lines = [f"config file: {resolved.config_path}" + ("" if resolved.config_path.exists() else " (not found)")]
    width = max(len(f.name) for f in fields(Settings))
    for f in fields(Settings):
        value = getattr(resolved.settings, f.name)
        spec = _KEY_BY_NAME.get(f.name)
        if spec is not None and spec.secret:
            shown = MASK if value else "(not set)"
        else:
            shown = "(auto)" if value is None else (repr(value) if value == "" else str(value))
        lines.append(f"{f.name:<{width}}  {shown:<28} {resolved.sources.get(f.name, 'default')}")
    return visible("\n".join(lines), newlines=True)
