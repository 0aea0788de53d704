"""End to end against the real SmolLM2 llama.cpp server through litellm.

The model is tiny: it will not solve the task. What is checked is that a real,
often malformed, model output never crashes the run: it ends with a defined
status inside its budget and leaves a valid trajectory.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opencoder.agent import STATUSES
from opencoder.trajectory import read_trajectory, validate_trajectory
from tests.conftest import run_cli

pytestmark = [pytest.mark.model_server, pytest.mark.slow]


def check_run(proc, max_steps: int) -> dict:
    assert "Traceback" not in proc.stderr, proc.stderr
    result = json.loads(proc.stdout)
    assert result["status"] in STATUSES, result
    assert result["status"] != "model_error", result
    assert result["steps"] <= max_steps
    events = read_trajectory(Path(result["trajectory"]))
    assert validate_trajectory(events) == []
    responses = [e for e in events if e["type"] == "model_response"]
    assert responses and all(r["prompt_tokens"] > 0 for r in responses)
    return result


def test_run_against_running_server(local_model_server, git_repo: Path) -> None:
    proc = run_cli("run", "Fix the bug in calc.py so test_calc.py passes.", "--model", "openai/smollm2-135m-instruct",
                   "--api-base", local_model_server.base_url, "--sandbox", "local", "--max-steps", "3",
                   "--json", "-C", str(git_repo), timeout=900)
    result = check_run(proc, 3)
    assert proc.returncode in (0, 1)
    assert result["tokens_in"] > 0


def test_local_alias_starts_and_stops_its_own_server(local_model_server, git_repo: Path) -> None:
    # The fixture proved the server can run; here the alias must start its own.
    proc = run_cli("run", "Say what calc.py does, then submit.", "--model", "local", "--sandbox", "local",
                   "--max-steps", "2", "--json", "-C", str(git_repo), env={"OPENCODER_LOCAL_URL": ""}, timeout=900)
    check_run(proc, 2)
    assert "opening model local" in proc.stderr


def test_doctor_reports_window_and_tool_support(local_model_server) -> None:
    proc = run_cli("doctor", "--model", "openai/smollm2-135m-instruct", "--api-base", local_model_server.base_url,
                   "--sandbox", "local", "--json", timeout=600)
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["context window"]["detail"] == f"{local_model_server.n_ctx} tokens"
    assert checks["round trip"]["ok"]
    # llama-cpp-python's default chat handler returns no native tool calls for this model.
    assert "not returned" in checks["native tool calls"]["detail"]
    assert report["will_use"]["protocol"] == "text"


@pytest.mark.timeout(1800)
def test_ten_small_runs_end_defined_and_within_the_window(local_model_server, tmp_path: Path) -> None:
    from opencoder.config import load_config
    from opencoder.session import SessionOptions, run_session
    from tests.conftest import git

    tasks = [
        "Fix add() in calc.py so it adds.", "Add a docstring to calc.py.", "Run the tests.",
        "Rename add to plus in calc.py.", "List the files.", "Explain calc.py.", "Make test_calc.py pass.",
        "Add a subtract function.", "Check the README.", "Submit when done.",
    ]
    windows = []
    for n, task in enumerate(tasks):
        repo = tmp_path / f"r{n}"
        repo.mkdir()
        (repo / "calc.py").write_text("def add(a, b):\n    return a - b\n")
        (repo / "test_calc.py").write_text("from calc import add\n\ndef test_add():\n    assert add(2, 3) == 5\n")
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
        flags = {"model.name": "openai/smollm2-135m-instruct", "model.api_base": local_model_server.base_url,
                 "sandbox.kind": "local", "agent.max_steps": 2, "model.max_reply_tokens": 128}
        config = load_config(repo, flags, user_file=tmp_path / "none.toml").config
        result = run_session(config, task, SessionOptions(workspace=repo))
        assert result.run.status in STATUSES and result.run.status != "model_error", result.to_json()
        events = read_trajectory(result.trajectory)
        assert validate_trajectory(events) == []
        windows += [e["prompt_tokens"] + e["completion_tokens"] for e in events if e["type"] == "model_response"]
    assert windows and max(windows) <= local_model_server.n_ctx


def test_a_crashed_local_server_is_named_with_its_fix(local_model_server, monkeypatch: pytest.MonkeyPatch) -> None:
    """A llama.cpp built for another CPU dies at its first token; the user must learn that, not "start it"."""
    import os
    import signal

    from opencoder.config import ModelConfig
    from opencoder.errors import ModelError
    from opencoder.models.factory import open_model

    monkeypatch.delenv("OPENCODER_LOCAL_URL", raising=False)  # the alias starts its own server
    handle = open_model(ModelConfig(name="local", retries=0))
    try:
        server = handle.server
        assert server is not None and server.exit_reason() is None
        assert handle.model.query([{"role": "user", "content": "hi"}]).usage.prompt_tokens > 0
        # The signal an illegal instruction raises, sent to the real server process.
        os.kill(server.process.pid, signal.SIGILL)
        server.process.wait(timeout=30)
        with pytest.raises(ModelError) as failure:
            handle.model.query([{"role": "user", "content": "hi"}])
        assert "SIGILL" in str(failure.value) and "CMAKE_ARGS" in str(failure.value)
    finally:
        handle.close()
