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

  {"op": "pickle_tasks", "env": ..., "benchmark": ..., "seed": 7, "path": "/tmp/x.pkl",
   "protocol": 2..5, "single": false, "count": 50,
   "data_protocol": 2..5, "numpy1_names": false, "dtype": "<f4", "drop": "rand_vec", "shape": [1, 6]}
      -> writes pickle.dump(tasks[:count] (or tasks[0] if single), f, protocol) of MetaWorld's own
         Tasks and answers {"tasks": [...]} as "tasks" does. With any of the data_* options each
         Task's data is pickled again with them (numpy1_names: as numpy 1.x named its functions,
         numpy.core.*; needs data_protocol 2); dtype/drop/shape write deliberately broken data.
         Unbroken files are read back with pickle and set on a MetaWorld env first.

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


def benchmark_tasks(name, kind, seed):
    """MetaWorld's own Tasks of one benchmark: "MT1", "ML1-train" or "ML1-test"."""
    if kind == "MT1":
        return metaworld.MT1(name, seed=seed).train_tasks
    if kind == "ML1-train":
        return metaworld.ML1(name, seed=seed).train_tasks
    if kind == "ML1-test":
        return metaworld.ML1(name, seed=seed).test_tasks
    raise ValueError(f"unknown benchmark {kind!r}")


def tasks(req):
    result = []
    for task in benchmark_tasks(req["env"], req.get("benchmark", "MT1"), req.get("seed")):
        data = pickle.loads(task.data)
        result.append({"rand_vec": np.asarray(data["rand_vec"]).tolist(),
                       "partially_observable": bool(data["partially_observable"])})
    return {"tasks": result}


def pickle_tasks(req):
    name = req["env"]
    found = benchmark_tasks(name, req.get("benchmark", "MT1"), req.get("seed"))
    found = found[:req.get("count", len(found))]
    broken = any(k in req for k in ("dtype", "drop", "shape"))
    if broken or "data_protocol" in req:
        redone = []
        for task in found:
            data = pickle.loads(task.data)
            if "dtype" in req:
                data["rand_vec"] = data["rand_vec"].astype(req["dtype"])
            if "shape" in req:
                data["rand_vec"] = data["rand_vec"].reshape(req["shape"])
            data.pop(req.get("drop"), None)
            raw = pickle.dumps(data, protocol=req.get("data_protocol", 4))
            if req.get("numpy1_names"):
                assert req.get("data_protocol") == 2, "numpy1_names rewrites protocol 2's text GLOBALs"
                raw = raw.replace(b"numpy._core.", b"numpy.core.")
            redone.append(metaworld.Task(env_name=task.env_name, data=raw))
        found = redone
    with open(req["path"], "wb") as f:
        pickle.dump(found[0] if req.get("single") else found, f, protocol=req["protocol"])
    if not broken:  # MetaWorld itself must accept what it is asked to write
        with open(req["path"], "rb") as f:
            back = pickle.load(f)
        back = [back] if req.get("single") else back
        env = ALL_V3_ENVIRONMENTS[name]()
        for task, original in zip(back, found):
            env.set_task(task)
            assert (env._last_rand_vec == pickle.loads(original.data)["rand_vec"]).all()
        env.close()
    answer = []
    for task in found[:1] if req.get("single") else found:
        data = pickle.loads(task.data)
        answer.append({"rand_vec": np.asarray(data.get("rand_vec", [])).ravel().tolist(),
                       "partially_observable": bool(data.get("partially_observable", True))})
    return {"tasks": answer}


def handle(req):
    op = req.get("op")
    if op == "version":
        return {"metaworld": metaworld.__version__ if hasattr(metaworld, "__version__") else "3.1.1",
                "mujoco": mujoco.__version__}
    if op == "tasks":
        return tasks(req)
    if op == "episode":
        return episode(req)
    if op == "pickle_tasks":
        return pickle_tasks(req)
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
