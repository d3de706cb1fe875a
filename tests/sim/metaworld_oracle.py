"""MetaWorld itself (metaworld==3.1.1 on its pinned MuJoCo), as the golden oracle of src/sim.

Runs in the project venv (.deps/venv, scripts/setup-python). Reads one JSON request per line on
stdin and answers one JSON line on stdout, so a test binary starts MetaWorld once. Floats are
written with Python's repr, which round-trips binary64 exactly.

Requests:
  {"op": "version"}
      -> {"metaworld": "3.1.1", "mujoco": "3.3.0"}
  {"op": "tasks", "env": "push-v3", "benchmark": "MT1" | "ML1-train" | "ML1-test", "seed": 7}
      -> {"tasks": [{"rand_vec": [...], "partially_observable": bool}, ...]}  (MetaWorld's own Tasks)
  {"op": "episode", "env": "push-v3", "rand_vec": [...], "partially_observable": true,
   "policy": "expert" | "random" | "given", "actions": [[4 floats], ...] (for "given"),
   "action_seed": 0 (for "random"), "steps": 500,
   "cameras": ["corner", "gripperPOV"], "render_steps": [0, 100, ...], "width": 84, "height": 84}
      -> {"obs": [reset obs, obs after step 1, ...], "actions": [[...], ...] (as stepped),
          "reward": [...], "success": [...], "grasp_success": [...], "near_object": [...],
          "images": {camera: {"<step>": "<hex of H*W*3 bytes, row 0 = top of the picture>"}}}

Actions reach env.step as float64 arrays, as the reference evaluator passes them (it turns the
JSON reply into a numpy array); the scripted experts' float32 actions are widened exactly.
"""
import json
import pickle
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")  # the experts warn that their P-gains exceed the action box

import metaworld  # noqa: E402
import mujoco  # noqa: E402
from metaworld.env_dict import ALL_V3_ENVIRONMENTS  # noqa: E402
from metaworld.policies import ENV_POLICY_MAP  # noqa: E402


def make_env(name, cameras, width, height):
    kwargs = {}
    if cameras:
        kwargs = dict(render_mode="rgb_array", camera_name=cameras[0], width=width, height=height)
    return ALL_V3_ENVIRONMENTS[name](**kwargs)


def set_task(env, name, rand_vec, partially_observable):
    data = dict(rand_vec=np.asarray(rand_vec, dtype=np.float64), env_cls=ALL_V3_ENVIRONMENTS[name],
                partially_observable=partially_observable)
    env.set_task(metaworld.Task(env_name=name, data=pickle.dumps(data)))


def render(env, camera):
    # gymnasium's renderer returns the picture upright (row 0 on top)
    renderer = env.mujoco_renderer
    renderer.camera_id = mujoco.mj_name2id(env.model, mujoco.mjtObj.mjOBJ_CAMERA, camera)
    return renderer.render("rgb_array").tobytes().hex()


def episode(req):
    name = req["env"]
    cameras = req.get("cameras", [])
    env = make_env(name, cameras, req.get("width", 84), req.get("height", 84))
    set_task(env, name, req["rand_vec"], req.get("partially_observable", True))
    obs, _ = env.reset()
    policy = req.get("policy", "expert")
    expert = ENV_POLICY_MAP[name]() if policy == "expert" else None
    rng = np.random.default_rng(req.get("action_seed", 0))
    given = req.get("actions", [])
    render_steps = set(req.get("render_steps", []))
    out = {"obs": [obs.tolist()], "actions": [], "reward": [], "success": [], "grasp_success": [],
           "near_object": [], "images": {c: {} for c in cameras}}

    def snap(step):
        if step in render_steps:
            for c in cameras:
                out["images"][c][str(step)] = render(env, c)

    snap(0)
    for t in range(req.get("steps", 500)):
        if policy == "expert":
            a = np.asarray(expert.get_action(obs), dtype=np.float64)
        elif policy == "random":
            a = rng.uniform(-1.0, 1.0, size=4)
        else:
            a = np.asarray(given[t], dtype=np.float64)
        obs, reward, _, truncated, info = env.step(a)
        out["actions"].append(a.tolist())
        out["obs"].append(obs.tolist())
        out["reward"].append(float(reward))
        out["success"].append(bool(info["success"]))
        out["grasp_success"].append(bool(info["grasp_success"]))
        out["near_object"].append(bool(info["near_object"]))
        snap(t + 1)
        if truncated:
            break
    env.close()
    return out


def tasks(req):
    name, kind, seed = req["env"], req.get("benchmark", "MT1"), req.get("seed")
    if kind == "MT1":
        found = metaworld.MT1(name, seed=seed).train_tasks
    elif kind == "ML1-train":
        found = metaworld.ML1(name, seed=seed).train_tasks
    elif kind == "ML1-test":
        found = metaworld.ML1(name, seed=seed).test_tasks
    else:
        raise ValueError(f"unknown benchmark {kind!r}")
    result = []
    for task in found:
        data = pickle.loads(task.data)
        result.append({"rand_vec": np.asarray(data["rand_vec"]).tolist(),
                       "partially_observable": bool(data["partially_observable"])})
    return {"tasks": result}


def handle(req):
    op = req.get("op")
    if op == "version":
        return {"metaworld": metaworld.__version__ if hasattr(metaworld, "__version__") else "3.1.1",
                "mujoco": mujoco.__version__}
    if op == "tasks":
        return tasks(req)
    if op == "episode":
        return episode(req)
    raise ValueError(f"unknown op {op!r}")


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = handle(json.loads(line))
        except Exception as e:  # the test reports it; the oracle keeps serving
            reply = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
