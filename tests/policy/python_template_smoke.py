#!/usr/bin/python3
"""Smoke test of templates/python: serves a copy of the template and checks its HTTP contract.

Run with any interpreter that has fastapi, uvicorn, numpy, pydantic and requests: Debian's
(FastAPI 0.92, pydantic 1.10) or the project venv (current FastAPI, pydantic 2):

    /usr/bin/python3 tests/policy/python_template_smoke.py [--template DIR]
    .deps/venv/bin/python tests/policy/python_template_smoke.py

Starts `python -m uvicorn server:app` on a free loopback port from a temporary copy of the
template, with every warning raised in the template's own modules turned into an error (so a
deprecated FastAPI or pydantic API fails the test instead of breaking a later release), waits
for /health with a deadline, checks that the start-up handler ran (the lifespan handler on
FastAPI >= 0.93, startup events before), checks /health, /reset and /act (nested and base64
images, malformed input, seeded determinism), then stops the server. A second run swaps
in a misbehaving synchronous policy (no `seed` parameter, bad actions, an exception) and checks
that the server still serves it and answers 500 rather than passing bad actions on. Exit 0 on
success, 1 with a message naming the failed check otherwise.
"""

import argparse
import base64
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
STARTUP_DEADLINE_S = 30.0
REQUEST_TIMEOUT_S = 10.0
OBSERVATION = [0.006152081489562988, 0.6001946330070496, 0.19430838525295258, 1.0]
TASK_CONFIG = {"env_id": "metaworld/reach-v3", "env_name": "metaworld", "task_name": "reach-v3",
               "seed": 1838301412, "task_id": 1838301412}
IMAGE_H, IMAGE_W = 84, 84

# replaces policy.py in a second run: synchronous methods, no `seed` parameter (the miner
# guide's example), and bad actions chosen by observation[0]
MISBEHAVING_POLICY = """
class RobotPolicy:
    def is_loaded(self):
        return False

    def reset(self, task_config):
        return None

    def act(self, observation, images=None):
        if observation[0] > 100:
            return [0.1, 0.2, 0.3]
        if observation[0] < -100:
            return [0.1, float("nan"), 0.3, 1.0]
        if observation[0] == 42:
            raise RuntimeError("policy exploded")
        return [2.0, -2.0, 0.5, 1.0]
"""


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(base, server, log_path):
    deadline = time.monotonic() + STARTUP_DEADLINE_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CheckFailed(f"server exited with code {server.returncode} before answering "
                              f"/health; its log:\n{log_path.read_text()}")
        try:
            if requests.get(base + "/health", timeout=1.0).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)  # poll interval, not a wait for a fixed duration
    raise CheckFailed(f"/health did not answer within {STARTUP_DEADLINE_S} s; server log:\n"
                      f"{log_path.read_text()}")


def post(base, path, body):
    return requests.post(base + path, json=body, timeout=REQUEST_TIMEOUT_S)


def expect_action(response, what):
    check(response.status_code == 200,
          f"{what}: status {response.status_code}, body {response.text[:500]}")
    body = response.json()
    action = body.get("action")
    check(isinstance(action, list) and len(action) == 4,
          f"{what}: expected 4 numbers in 'action', got {body}")
    for v in action:
        check(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
              and -1.0 <= v <= 1.0, f"{what}: action value {v!r} is not a finite number in [-1, 1]")
    return action


def expect_422(response, what):
    check(response.status_code == 422,
          f"{what}: expected 422, got {response.status_code} with body {response.text[:500]}")
    check("detail" in response.json(), f"{what}: 422 body has no 'detail': {response.text[:500]}")


def gradient_image():
    """An 84x84x3 uint8 image as (nested lists, raw row-major bytes)."""
    nested = [[[(r + c) % 256, (2 * r) % 256, (3 * c) % 256] for c in range(IMAGE_W)]
              for r in range(IMAGE_H)]
    raw = bytes(v for row in nested for pixel in row for v in pixel)
    return nested, raw


def base64_image(raw, shape):
    return {"encoding": "base64", "shape": shape, "dtype": "uint8",
            "data": base64.b64encode(raw).decode("ascii")}


def run_checks(base):
    # /health
    r = requests.get(base + "/health", timeout=REQUEST_TIMEOUT_S)
    check(r.status_code == 200, f"/health: status {r.status_code}")
    h = r.json()
    check(h.get("status") == "healthy", f"/health: status field is {h.get('status')!r}")
    check(isinstance(h.get("model_loaded"), bool), f"/health: model_loaded is not a bool: {h}")
    check(isinstance(h.get("uptime_seconds"), (int, float)) and h["uptime_seconds"] >= 0,
          f"/health: uptime_seconds is not a non-negative number: {h}")
    check(h.get("image_encodings") == ["nested", "base64"],
          f"/health: image_encodings should be ['nested', 'base64'], got {h.get('image_encodings')!r}")

    # /reset, with the evaluator's body and with an unknown extra key
    r = post(base, "/reset", {"task_config": TASK_CONFIG})
    check(r.status_code == 200, f"/reset: status {r.status_code}, body {r.text[:500]}")
    check(r.json().get("status") == "ok", f"/reset: expected status 'ok', got {r.json()}")
    check("episode_id" in r.json(), f"/reset: no episode_id in {r.json()}")
    r = post(base, "/reset", {"task_config": {"seed": 3, "unknown": 1}, "extra": True})
    check(r.status_code == 200, f"/reset with partial config: status {r.status_code}")
    expect_422(post(base, "/reset", {}), "/reset without task_config")

    # /act: the evaluator's body, then observations of other lengths
    expect_action(post(base, "/act", {"observation": OBSERVATION}), "/act")
    expect_action(post(base, "/act", {"observation": OBSERVATION + [0.5] * 35}), "/act (39 values)")

    # images: nested lists and the compact base64 form
    nested, raw = gradient_image()
    expect_action(post(base, "/act", {"observation": OBSERVATION,
                                      "images": {"corner": nested, "gripper": nested}}),
                  "/act with nested images")
    expect_action(post(base, "/act", {"observation": OBSERVATION,
                                      "images": {"corner": base64_image(raw, [84, 84, 3]),
                                                 "gripper": base64_image(raw, [84, 84, 3])}}),
                  "/act with base64 images")
    expect_422(post(base, "/act", {"observation": OBSERVATION,
                                   "images": {"corner": base64_image(raw[:-1], [84, 84, 3])}}),
               "/act with a base64 image one byte short")
    expect_422(post(base, "/act", {"observation": OBSERVATION,
                                   "images": {"corner": base64_image(raw, [84, 84, 4])}}),
               "/act with a base64 image of 4 channels")
    expect_422(post(base, "/act", {"observation": OBSERVATION,
                                   "images": {"corner": [[[1, 2, 3]], [[1, 2]]]}}),
               "/act with a ragged nested image")

    # seeds: same seed, same action (also after other traffic); 64-bit seeds accepted
    for seed in (743350141, (1 << 31) + 18, (1 << 63) - 1):
        first = expect_action(post(base, "/act", {"observation": OBSERVATION, "seed": seed}),
                              f"/act seed={seed}")
        expect_action(post(base, "/act", {"observation": OBSERVATION}), "/act between seeded calls")
        second = expect_action(post(base, "/act", {"observation": OBSERVATION, "seed": seed}),
                               f"/act seed={seed} again")
        check(first == second, f"/act seed={seed}: actions differ: {first} vs {second}")

    # malformed requests
    expect_422(post(base, "/act", {}), "/act without observation")
    expect_422(post(base, "/act", {"observation": "abc"}), "/act with a string observation")
    expect_422(post(base, "/act", {"observation": OBSERVATION, "seed": 1 << 64}),
               "/act with a seed beyond 64 bits")
    r = requests.post(base + "/act", data='{"observation": [0.1, NaN, 0.2, 1.0]}',
                      headers={"Content-Type": "application/json"}, timeout=REQUEST_TIMEOUT_S)
    expect_422(r, "/act with NaN in the observation")
    check("finite" in str(r.json().get("detail")),
          f"/act with NaN: detail should say values must be finite, got {r.json()}")


def run_misbehaving_checks(base):
    r = requests.get(base + "/health", timeout=REQUEST_TIMEOUT_S)
    check(r.status_code == 200 and r.json().get("model_loaded") is False,
          f"/health with a sync policy: expected model_loaded false, got {r.text[:500]}")
    r = post(base, "/reset", {"task_config": TASK_CONFIG})
    check(r.status_code == 200 and r.json() == {"status": "ok", "episode_id": None},
          f"/reset with a sync policy: got {r.status_code} {r.text[:500]}")
    action = expect_action(post(base, "/act", {"observation": OBSERVATION, "seed": 7}),
                           "/act with a sync policy without a seed parameter")
    check(action == [1.0, -1.0, 0.5, 1.0], f"/act: out-of-range action not clipped: {action}")
    for first, what in ((1000.0, "a 3-value action"), (-1000.0, "a NaN action"),
                        (42.0, "a policy exception")):
        r = post(base, "/act", {"observation": [first] + OBSERVATION[1:]})
        check(r.status_code == 500, f"/act returning {what}: expected 500, got {r.status_code} "
                                    f"{r.text[:500]}")
        detail = r.json().get("detail")
        check(isinstance(detail, str) and detail, f"/act returning {what}: no detail in {r.text}")


def serve_and_check(template, policy_source, checks):
    """Copies template (policy.py replaced when policy_source is set), serves it, runs checks."""
    with tempfile.TemporaryDirectory(prefix="kinitro-template-") as tmp:
        workdir = Path(tmp) / "miner"
        shutil.copytree(template, workdir, ignore=shutil.ignore_patterns("__pycache__"))
        if policy_source is not None:
            (workdir / "policy.py").write_text(policy_source)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = Path(tmp) / "server.log"
        with open(log_path, "wb") as log_file:
            env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
            server = subprocess.Popen(
                [sys.executable, "-W", "error:::server", "-W", "error:::policy", "-m", "uvicorn",
                 "server:app", "--host", "127.0.0.1", "--port", str(port)], cwd=workdir,
                stdout=log_file, stderr=subprocess.STDOUT, env=env)
            try:
                wait_until_healthy(base, server, log_path)
                # uvicorn answers only after start-up, so the handler's log line is there by now
                check('"Policy initialized"' in log_path.read_text(),
                      f"the start-up handler did not run; server log:\n{log_path.read_text()}")
                checks(base)
            finally:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", type=Path, default=REPO / "templates" / "python")
    args = parser.parse_args()

    try:
        serve_and_check(args.template, None, run_checks)
        serve_and_check(args.template, MISBEHAVING_POLICY, run_misbehaving_checks)
    except (CheckFailed, requests.RequestException) as e:
        print(f"python_template_smoke: FAILED: {e}", file=sys.stderr)
        return 1
    print("python_template_smoke: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
