"""Kinitro policy server: GET /health, POST /reset, POST /act around policy.RobotPolicy.

Run locally with `uvicorn server:app --port 8001`; the Docker image and Basilica run it on
0.0.0.0:8000. The JSON shapes follow the Kinitro policy-server contract (spec/miner.md §1):

  GET  /health -> {"status": "healthy", "model_loaded": bool, "uptime_seconds": float,
                   "image_encodings": ["nested", "base64"]}
  POST /reset  {"task_config": {env_id, env_name, task_name, seed, task_id}}
               -> {"status": "ok", "episode_id": str | null}
  POST /act    {"observation": [numbers], "seed": int?, "images": {camera: image}?}
               -> {"action": [4 finite numbers in [-1, 1]]}

An image is either nested lists H x W x 3 of integers 0-255 ([row][column][channel]) or the
compact form {"encoding": "base64", "shape": [H, W, 3], "dtype": "uint8", "data": "<base64 of
the raw row-major bytes>"}; "image_encodings" in /health advertises that both are accepted.
Bad requests get 422, policy failures (including a wrong-length or non-finite action) 500,
both with {"detail": "..."}. Works with pydantic 1 and 2.

You normally edit policy.py, not this file.
"""

import asyncio
import base64
import binascii
import inspect
import json
import logging
import math
import random
import sys
import time
from contextlib import asynccontextmanager
from typing import Any, Dict, List, Optional

import numpy as np
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from policy import RobotPolicy

START_TIME = time.time()
IMAGE_ENCODINGS = ["nested", "base64"]
ACTION_DIM = 4
MAX_IMAGE_BYTES = 16 * 1024 * 1024  # per camera; 84x84x3 is 21,168
SLOW_ACT_MS = 100.0  # log every act slower than this
LOG_EVERY_REQUESTS = 100
INT64_MIN, UINT64_MAX = -(1 << 63), (1 << 64) - 1


# ---- structured logging: one JSON object per line on stderr --------------------------------

class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(record.created)),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        return json.dumps(entry, default=str)


log = logging.getLogger("kinitro.policy")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(JsonFormatter())
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def log_event(level: int, message: str, **fields: Any) -> None:
    log.log(level, message, extra={"fields": fields})


# ---- request schemas (lax; unknown keys are ignored) ---------------------------------------

class TaskConfig(BaseModel):
    env_id: Optional[str] = None
    env_name: Optional[str] = None
    task_name: Optional[str] = None
    seed: Optional[int] = None
    task_id: Optional[int] = None


class ResetRequest(BaseModel):
    task_config: TaskConfig


class ActRequest(BaseModel):
    observation: List[float]
    images: Optional[Dict[str, Any]] = None
    seed: Optional[int] = None


TASK_CONFIG_KEYS = ("env_id", "env_name", "task_name", "seed", "task_id")


class ApiError(Exception):
    """Turned into `status` with body {"detail": detail} by the handler below."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


# ---- server state ---------------------------------------------------------------------------

class State:
    policy: Optional[RobotPolicy] = None
    act_params: frozenset = frozenset()  # keyword arguments policy.act accepts
    lock: Optional[asyncio.Lock] = None
    request_count = 0
    error_count = 0


state = State()


def accepted_keywords(func: Any, names: tuple) -> frozenset:
    """Which of names func accepts as keyword arguments (all of them if it takes **kwargs)."""
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return frozenset()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return frozenset(names)
    return frozenset(n for n in names if n in params and
                     params[n].kind is not inspect.Parameter.POSITIONAL_ONLY)


def get_policy() -> RobotPolicy:
    """The policy, constructed on first use (normally at start-up)."""
    if state.policy is None:
        started = time.perf_counter()
        policy = RobotPolicy()
        state.act_params = accepted_keywords(policy.act, ("images", "seed"))
        state.policy = policy
        log_event(logging.INFO, "policy_load completed",
                  duration_ms=round((time.perf_counter() - started) * 1000, 2))
    return state.policy


def get_lock() -> asyncio.Lock:
    # created inside the running loop; the policy keeps episode state, so calls never overlap
    if state.lock is None:
        state.lock = asyncio.Lock()
    return state.lock


async def call_policy(method: str, *args: Any, **kwargs: Any) -> Any:
    """Call policy.<method>, awaiting the result if it is a coroutine (async or sync policies)."""
    result = getattr(get_policy(), method)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


def seed_global_generators(seed: int) -> None:
    # the reference verifier seeds these before its local act call, so a policy drawing from
    # them gives the same answer here; prefer a generator seeded with `seed` in new code
    random.seed(seed)
    np.random.seed(seed % (1 << 32))
    torch = sys.modules.get("torch")  # only if the policy already imported it
    if torch is not None:
        torch.manual_seed(seed % (1 << 64))


# ---- input conversion ------------------------------------------------------------------------

def parse_observation(values: List[float]) -> np.ndarray:
    for i, v in enumerate(values):
        if not math.isfinite(v):
            raise ApiError(422, f"observation[{i}] is {v}; every observation value must be finite")
    obs = np.asarray(values, dtype=np.float32)
    if not np.all(np.isfinite(obs)):
        raise ApiError(422, "observation has a value outside the float32 range")
    return obs


def parse_image(camera: str, value: Any) -> np.ndarray:
    """A camera image, nested lists or the base64 form, as a uint8 array of shape (H, W, 3)."""
    where = f"images[{camera!r}]"
    if isinstance(value, dict):
        return parse_base64_image(where, value)
    if not isinstance(value, list):
        raise ApiError(422, f"{where} must be nested lists H x W x 3 or a base64 object, "
                            f"got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except ValueError as e:  # ragged lists
        raise ApiError(422, f"{where} is not a rectangular H x W x 3 array: {e}")
    check_image_shape(where, list(array.shape))
    if array.dtype.kind not in "iuf":
        raise ApiError(422, f"{where} must contain numbers, got dtype {array.dtype}")
    if array.dtype.kind == "f" and not np.all(array == np.floor(array)):
        raise ApiError(422, f"{where} must contain integers 0-255")
    if array.min() < 0 or array.max() > 255:
        raise ApiError(422, f"{where} values must be in 0-255, got {array.min()}..{array.max()}")
    return array.astype(np.uint8)


def parse_base64_image(where: str, value: Dict[str, Any]) -> np.ndarray:
    encoding = value.get("encoding")
    if encoding != "base64":
        raise ApiError(422, f"{where}.encoding is {encoding!r}; supported: 'base64' "
                            "(or send nested lists)")
    dtype = value.get("dtype", "uint8")
    if dtype != "uint8":
        raise ApiError(422, f"{where}.dtype is {dtype!r}; only 'uint8' is supported")
    shape = value.get("shape")
    if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool)
                                              for d in shape):
        raise ApiError(422, f"{where}.shape must be a list of integers [H, W, 3], got {shape!r}")
    check_image_shape(where, shape)
    data = value.get("data")
    if not isinstance(data, str):
        raise ApiError(422, f"{where}.data must be a base64 string")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as e:
        raise ApiError(422, f"{where}.data is not valid base64: {e}")
    expected = shape[0] * shape[1] * shape[2]
    if len(raw) != expected:
        raise ApiError(422, f"{where}.data decodes to {len(raw)} bytes; shape {shape} needs "
                            f"{expected}")
    return np.frombuffer(raw, dtype=np.uint8).reshape(shape).copy()


def check_image_shape(where: str, shape: List[int]) -> None:
    if len(shape) != 3 or shape[2] != 3 or shape[0] < 1 or shape[1] < 1:
        raise ApiError(422, f"{where} has shape {shape}; expected [H, W, 3] with H, W >= 1")
    if shape[0] * shape[1] * 3 > MAX_IMAGE_BYTES:
        raise ApiError(422, f"{where} has shape {shape}; at most {MAX_IMAGE_BYTES} bytes allowed")


def to_action(result: Any) -> List[float]:
    """The policy's result as 4 finite floats clipped to [-1, 1]; ApiError(500) otherwise."""
    if hasattr(result, "tolist"):  # numpy arrays, CPU or CUDA torch tensors
        result = result.tolist()
    try:
        action = np.asarray(result, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ApiError(500, f"policy.act returned {type(result).__name__}, not {ACTION_DIM} "
                            f"numbers: {e}")
    if action.shape != (ACTION_DIM,):
        raise ApiError(500, f"policy.act returned shape {list(action.shape)}; expected exactly "
                            f"{ACTION_DIM} numbers")
    if not np.all(np.isfinite(action)):
        raise ApiError(500, f"policy.act returned non-finite values {action.tolist()}")
    return np.clip(action, -1.0, 1.0).tolist()


# ---- application ---------------------------------------------------------------------------

async def on_startup() -> None:
    log_event(logging.INFO, "Starting policy server")
    get_lock()
    policy = get_policy()
    log_event(logging.INFO, "Policy initialized", model_loaded=bool(policy.is_loaded()))


async def on_shutdown() -> None:
    log_event(logging.INFO, "Stopping policy server", request_count=state.request_count,
              error_count=state.error_count)
    cleanup = getattr(state.policy, "cleanup", None)
    if callable(cleanup):
        result = cleanup()
        if inspect.isawaitable(result):
            await result


@asynccontextmanager
async def lifespan(_: FastAPI):
    await on_startup()
    yield
    await on_shutdown()


# FastAPI >= 0.93 takes a lifespan handler; older ones (Debian bookworm: 0.92) only events
if "lifespan" in inspect.signature(FastAPI.__init__).parameters:
    app = FastAPI(title="Kinitro policy server", lifespan=lifespan)
else:
    app = FastAPI(title="Kinitro policy server")
    app.add_event_handler("startup", on_startup)
    app.add_event_handler("shutdown", on_shutdown)


@app.exception_handler(ApiError)
async def handle_api_error(_: Request, error: ApiError) -> JSONResponse:
    if error.status >= 500:
        state.error_count += 1
        log_event(logging.ERROR, "Request failed", status=error.status, detail=error.detail,
                  error_count=state.error_count)
    return JSONResponse(status_code=error.status, content={"detail": error.detail})


@app.get("/health")
async def health() -> Dict[str, Any]:
    try:
        loaded = bool(get_policy().is_loaded())
    except Exception as e:
        raise ApiError(500, f"policy.is_loaded failed: {type(e).__name__}: {e}")
    uptime = time.time() - START_TIME
    log_event(logging.INFO, "Health check", model_loaded=loaded, uptime_seconds=round(uptime, 2),
              request_count=state.request_count, error_count=state.error_count)
    return {"status": "healthy", "model_loaded": loaded, "uptime_seconds": uptime,
            "image_encodings": IMAGE_ENCODINGS}


@app.post("/reset")
async def reset(request: ResetRequest) -> Dict[str, Any]:
    state.request_count += 1
    task_config = {k: getattr(request.task_config, k) for k in TASK_CONFIG_KEYS}
    async with get_lock():
        try:
            episode_id = await call_policy("reset", task_config)
        except Exception as e:
            raise ApiError(500, f"policy.reset failed: {type(e).__name__}: {e}")
    if episode_id is not None and not isinstance(episode_id, str):
        episode_id = str(episode_id)
    log_event(logging.INFO, "Reset", env_id=task_config["env_id"], seed=task_config["seed"],
              episode_id=episode_id)
    return {"status": "ok", "episode_id": episode_id}


@app.post("/act")
async def act(request: ActRequest) -> Dict[str, Any]:
    state.request_count += 1
    seed = request.seed
    if seed is not None and not INT64_MIN <= seed <= UINT64_MAX:
        raise ApiError(422, f"seed {seed} does not fit in 64 bits")
    observation = parse_observation(request.observation)
    images = None
    if request.images is not None:
        images = {str(name): parse_image(str(name), value) for name, value in request.images.items()}

    kwargs: Dict[str, Any] = {}
    if "images" in state.act_params:
        kwargs["images"] = images
    if "seed" in state.act_params:  # the guide's example act(observation, images) has no seed
        kwargs["seed"] = seed

    started = time.perf_counter()
    async with get_lock():
        if seed is not None:
            seed_global_generators(seed)
        try:
            result = await call_policy("act", observation, **kwargs)
        except Exception as e:
            raise ApiError(500, f"policy.act failed: {type(e).__name__}: {e}")
    duration_ms = (time.perf_counter() - started) * 1000
    action = to_action(result)

    if state.request_count % LOG_EVERY_REQUESTS == 0 or duration_ms > SLOW_ACT_MS:
        log_event(logging.INFO, "Act request", duration_ms=round(duration_ms, 2),
                  request_count=state.request_count, obs_dim=int(observation.size),
                  has_images=images is not None)
    return {"action": action}
