"""Ask a model server what it is: reachable, loading, which models, how big a window.

Each server reports its window its own way: llama.cpp's `/props`, Ollama's
`/api/show`, vLLM's `max_model_len` in `/v1/models`, LM Studio's
`/api/v0/models`. Everything here is best effort, bounded by short timeouts.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

TIMEOUT = 5.0


@dataclass
class ServerStatus:
    reachable: bool
    loading: bool = False
    detail: str = ""
    models: list[str] | None = None


def _root(api_base: str) -> str:
    base = api_base.rstrip("/")
    return base[: -len("/v1")] if base.endswith("/v1") else base


def request_json(url: str, body: dict[str, Any] | None = None, timeout: float = TIMEOUT) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read(2_000_000)
            return response.status, json.loads(raw or b"null")
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read(100_000) or b"null")
        except ValueError:
            return exc.code, None
    except ValueError:
        return 200, None


def is_ollama(model: str) -> bool:
    return model.startswith(("ollama/", "ollama_chat/"))


def check_server(api_base: str, model: str = "") -> ServerStatus:
    """Reachable and ready? llama.cpp answers 503 while it loads a model; so may others."""
    root = _root(api_base)
    urls = [f"{root}/api/tags"] if is_ollama(model) else [f"{root}/health", f"{api_base.rstrip('/')}/models"]
    last = ""
    for url in urls:
        try:
            code, body = request_json(url)
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            last = str(getattr(exc, "reason", exc))
            continue
        if code == 503:
            return ServerStatus(True, loading=True, detail="the server is loading the model")
        if code < 400:
            models = None
            if isinstance(body, dict) and isinstance(body.get("data"), list):
                models = [str(m.get("id")) for m in body["data"] if isinstance(m, dict)]
            elif isinstance(body, dict) and isinstance(body.get("models"), list):
                models = [str(m.get("name")) for m in body["models"] if isinstance(m, dict)]
            return ServerStatus(True, detail=f"{url} answered", models=models)
        last = f"HTTP {code} from {url}"
        # It answered: reachable, even if it does not implement this endpoint.
        return ServerStatus(True, detail=last)
    return ServerStatus(False, detail=last or "no answer")


def wait_until_ready(api_base: str, model: str, *, timeout: float, notify: Any = None) -> ServerStatus:
    """Poll while the server reports it is loading; say so once, so a slow start is not taken for a hang."""
    deadline = time.monotonic() + timeout
    status = check_server(api_base, model)
    told = False
    while status.loading and time.monotonic() < deadline:
        if notify and not told:
            notify(f"the model server at {api_base} is loading the model; waiting up to {timeout:.0f}s")
            told = True
        time.sleep(2)
        status = check_server(api_base, model)
    return status


def server_context_window(api_base: str, model: str) -> int | None:
    """The window the server itself reports, if it reports one."""
    root = _root(api_base)
    bare = model.split("/", 1)[1] if "/" in model else model
    probes: list[tuple[str, dict[str, Any] | None]]
    if is_ollama(model):
        probes = [(f"{root}/api/show", {"model": bare})]
    else:
        probes = [(f"{root}/props", None), (f"{api_base.rstrip('/')}/models", None), (f"{root}/api/v0/models", None)]
    for url, body in probes:
        try:
            code, data = request_json(url, body)
        except (urllib.error.URLError, OSError, TimeoutError):
            continue
        if code >= 400 or not isinstance(data, dict):
            continue
        found = _window_from(data, bare)
        if found:
            return found
    return None


def _window_from(data: dict[str, Any], model: str) -> int | None:
    settings = data.get("default_generation_settings")
    if isinstance(settings, dict) and isinstance(settings.get("n_ctx"), int):  # llama.cpp /props
        return int(settings["n_ctx"])
    info = data.get("model_info")
    if isinstance(info, dict):  # Ollama /api/show
        for key, value in info.items():
            if key.endswith(".context_length") and isinstance(value, int):
                return value
    for entry in data.get("data") or []:
        if not isinstance(entry, dict):
            continue
        if entry.get("id") not in (model, None) and len(data.get("data") or []) > 1:
            continue
        for key in ("max_model_len", "max_context_length", "context_length"):  # vLLM, LM Studio
            if isinstance(entry.get(key), int):
                return int(entry[key])
    return None
