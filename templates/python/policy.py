"""Your Kinitro policy: edit this file.

server.py builds one RobotPolicy() at start-up and calls it one request at a time:

  reset(task_config)                       once per episode, before the first act
  act(observation, images=None, seed=None) once per step (500 steps per episode)

observation is a float32 numpy array: hand x, y, z in metres (world frame) and the gripper
openness in [0, 1] (1 = open). images, when a caller sends them, is a dict camera name
("corner", "gripper") -> uint8 array of shape (H, W, 3); the evaluator currently sends none.
act returns 4 numbers in [-1, 1]: a hand displacement (x, y, z; 1.0 = 1 cm per step) and the
gripper effort, where +1 CLOSES the fingers and -1 opens them (the reference miner guide has
this sign backwards).

Validators spot-check a deployment by importing this file on their side and comparing its
actions with your server's for requests carrying a `seed`. Those requests arrive without a
/reset, so keep act a function of (observation, seed): anything random must come from a
generator seeded with `seed`, and no step counter may change the answer.

The example below is a small, deterministic controller, better than random on reach-v3: it
sweeps the hand through the region where reach goals are placed. If torch is installed and a
TorchScript file model.pt sits next to this file, act uses that network instead.
"""

import math
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np

HERE = Path(__file__).resolve().parent
MODEL_FILE = HERE / "model.pt"  # optional TorchScript network, (1, obs_dim) -> (1, 4)

# reach-v3 places its goal uniformly in this box (metres); success is TCP within 5 cm of it
SWEEP_X = (-0.075, -0.025, 0.025, 0.075)
SWEEP_Y = (0.825, 0.875)
SWEEP_Z = (0.275, 0.225, 0.175, 0.125, 0.075)  # top row first
TOUR_STEP_M = 0.01  # spacing of the resampled tour points
LOOKAHEAD_POINTS = 3  # aim this many tour points past the nearest one (3 cm)
GAIN = 60.0  # action per metre of error; 1.0 moves the hand target 1 cm
MAX_SPEED = 0.7  # below 1.0 so the soft weld lags less at the corners
CLOSE_BELOW_Z_M = 0.1  # gripper schedule: close (+1) in the bottom row, open (-1) elsewhere
NOISE_STD = 0.02  # small exploration noise, drawn from the seeded generator


def _build_tour() -> np.ndarray:
    """Closed boustrophedon tour through the reach goal box, resampled every TOUR_STEP_M.

    Layer y=0.825 is swept top to bottom, layer y=0.875 bottom to top, so the tour ends
    5 cm from where it starts and every point of the box is within ~4.5 cm of the path.
    """
    layer = []
    for row, z in enumerate(SWEEP_Z):
        xs = SWEEP_X if row % 2 == 0 else SWEEP_X[::-1]
        layer += [(x, z) for x in xs]
    corners = [(x, SWEEP_Y[0], z) for x, z in layer]
    corners += [(x, SWEEP_Y[1], z) for x, z in reversed(layer)]

    points = []
    for i, start in enumerate(corners):
        a = np.array(start)
        b = np.array(corners[(i + 1) % len(corners)])
        n = max(1, math.ceil(np.linalg.norm(b - a) / TOUR_STEP_M))
        points += [a + (b - a) * k / n for k in range(n)]
    return np.array(points)


def _load_torchscript(path: Path) -> Optional[Any]:
    """The TorchScript model at path, or None when torch is missing or the file is absent."""
    if not path.exists():
        return None
    try:
        import torch  # optional dependency: imported only when a model file exists
    except ImportError:
        return None
    model = torch.jit.load(str(path), map_location="cpu")
    model.eval()
    return model


class RobotPolicy:
    """The policy served by server.py and re-run by validators' spot checks."""

    def __init__(self) -> None:
        # load weights here; this runs once, before the server answers requests
        self._model = _load_torchscript(MODEL_FILE)
        self._tour = _build_tour()
        self._episode_rng = np.random.default_rng(0)
        self._task_config: Dict[str, Any] = {}
        self._loaded = True

    def is_loaded(self) -> bool:
        return self._loaded

    async def reset(self, task_config: Dict[str, Any]) -> str:
        """Start an episode; task_config has env_id, env_name, task_name, seed, task_id (may be None)."""
        self._task_config = dict(task_config)
        seed = task_config.get("seed")
        self._episode_rng = np.random.default_rng(0 if seed is None else _as_seed(seed))
        return uuid.uuid4().hex

    async def act(self, observation: np.ndarray, images: Optional[Dict[str, np.ndarray]] = None,
                  seed: Optional[int] = None) -> List[float]:
        """4 floats in [-1, 1]: hand displacement x, y, z and gripper effort (+1 closes)."""
        obs = np.asarray(observation, dtype=np.float32).reshape(-1)
        if obs.size < 3:
            raise ValueError(f"observation has {obs.size} values; expected at least 3 (hand x, y, z)")

        # requests with a seed (spot checks) get their own generator, so they are reproducible
        rng = np.random.default_rng(_as_seed(seed)) if seed is not None else self._episode_rng

        if self._model is not None:
            return self._act_torch(obs)
        return self._act_sweep(obs, rng)

    async def cleanup(self) -> None:
        self._model = None

    def _act_sweep(self, obs: np.ndarray, rng: np.random.Generator) -> List[float]:
        hand = obs[:3].astype(np.float64)

        # pure pursuit: aim a little past the nearest point of the closed tour
        nearest = int(np.argmin(np.sum((self._tour - hand) ** 2, axis=1)))
        target = self._tour[(nearest + LOOKAHEAD_POINTS) % len(self._tour)]
        move = GAIN * (target - hand)
        largest = np.max(np.abs(move))
        if largest > MAX_SPEED:
            move *= MAX_SPEED / largest
        move += rng.normal(0.0, NOISE_STD, size=3)

        grip = 1.0 if hand[2] < CLOSE_BELOW_Z_M else -1.0  # +1 closes, -1 opens
        action = np.clip(np.append(move, grip), -1.0, 1.0).astype(np.float32)
        return action.tolist()

    def _act_torch(self, obs: np.ndarray) -> List[float]:
        import torch

        with torch.no_grad():
            out = self._model(torch.from_numpy(obs.copy()).unsqueeze(0))
        action = out.reshape(-1)[:4].float().cpu().numpy()
        return np.clip(action, -1.0, 1.0).tolist()


def _as_seed(seed: int) -> int:
    """A non-negative seed for numpy (which rejects negative ones); 64-bit values are kept."""
    return int(seed) % (1 << 64)
