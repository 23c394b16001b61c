"""Effective settings: the values every part of the client reads (built by zscli.config)."""
from __future__ import annotations

from zscli.record import field, record



@record
class Settings:
    """Connection, output and shell settings after defaults < config < profile < env < flags."""

    host: str = "localhost"
    port: int = 8080
    https: bool = False
    verify: bool = True  # TLS verification (False only when the user opts out with --insecure)
    ca_bundle: str = ""
    timeout: float = 30.0  # seconds per HTTP request; async jobs wait up to the reply's apiTimeout
    page_size: int = 1000  # rows asked for per request by --all
    keep_results: int = 100  # results the shell keeps for more/save (older ones are forgotten)
    all_pages: bool = False  # --all: page through the whole result of a query
    max_reply_mb: float = 64.0  # the largest reply read (a bigger one is an error, never read into memory)
    output: str = ""  # "" = table on a tty, json otherwise
    debug: bool = False
    curl: bool = False
    color: bool | None = None  # None = auto (tty and no NO_COLOR)
    pager: str = "less -SRXF"
    vi_mode: bool = False
    modelarts_endpoint: str = ""  # "" = same scheme://host:port as ZStack
    modelarts_token: str = field(default="", repr=False)
    profile: str = ""
    keep_going: bool = False
    state_dir: str = ""  # "" = platformdirs user_state_dir("zscli"); tests point it at a temp dir
    access_key_id: str = ""  # with access_key_secret: sign each request instead of using a session
    access_key_secret: str = field(default="", repr=False)
    read_only: bool = False  # refuse every API that can change something, before sending
    dry_run: bool = False  # print each request instead of sending it
    strict_version: bool = False  # refuse parameters newer than the server's version instead of warning
    schema: str = ""  # the schema file to use ("" = the user schema in the data dir if any, else the packaged one)
    query: str = ""  # a JMESPath expression applied to each reply before output (--query)

    @property
    def uses_access_key(self) -> bool:
        """True when requests are signed with an access key (both its id and secret are set)."""
        return bool(self.access_key_id and self.access_key_secret)

    @property
    def scheme(self) -> str:
        return "https" if self.https else "http"

    @property
    def zstack_base(self) -> str:
        """Base URL of the ZStack family, e.g. http://localhost:8080/zstack/v1."""
        return f"{self.scheme}://{self.url_host}:{self.port}/zstack/v1"

    @property
    def modelarts_base(self) -> str:
        """Base URL of the ModelArts family (its API paths start with /v1)."""
        return (self.modelarts_endpoint or f"{self.scheme}://{self.url_host}:{self.port}").rstrip("/")

    @property
    def url_host(self) -> str:
        """The host as written in a URL: an IPv6 address in brackets (``[::1]``)."""
        return f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
