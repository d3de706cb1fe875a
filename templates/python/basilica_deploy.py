"""Deploy a Hugging Face revision of this policy to Basilica.

    pip install basilica-sdk
    BASILICA_API_TOKEN=basilica_... HF_REPO=user/policy HF_REVISION=<commit sha> \\
        python basilica_deploy.py [--dry-run]

The deployment downloads the repository at HF_REVISION into /app, installs its
requirements.txt, and runs `uvicorn server:app` on port 8000 from /app. Validators check that
the deployment serves the committed revision, so use the full commit SHA the upload printed.

Environment:
  BASILICA_API_TOKEN  required (create one with `basilica tokens create`)
  HF_REPO             required, "owner/name"
  HF_REVISION         commit SHA (default "main", which is fine for a quick test only)
  DEPLOYMENT_NAME     default: derived from HF_REPO; lower-cased and reduced to [a-z0-9-], <= 63
  HF_READ_TOKEN       only for private repositories: a READ-ONLY token. It is passed in the
                      deployment's environment (never in its source), where your own served code
                      and anyone who can read the deployment spec can see it. Never use the
                      write token you upload with; public repositories need no token.
  GPU_COUNT           default 0 (CPU, python:3.11-slim); > 0 uses a PyTorch CUDA image
  MIN_GPU_MEMORY_GB   minimum VRAM per GPU, only with GPU_COUNT > 0
  MEMORY, CPU         Kubernetes quantities, default "1Gi" and "1000m"
  DEPLOY_TIMEOUT_S    how long to wait for the deployment to become ready, default 600

--dry-run prints the deployment request and exits without contacting Basilica.
Exit codes: 0 deployed, 1 failure, 2 bad configuration.
"""

import json
import os
import re
import sys
from urllib.parse import urlsplit

CPU_IMAGE = "python:3.11-slim"
GPU_IMAGE = "pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime"
PORT = 8000
PIP_PACKAGES = ["fastapi", "uvicorn", "numpy", "pydantic", "huggingface-hub"]
MAX_NAME_LENGTH = 63
REPO_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")
REVISION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$")
SHA_PATTERN = re.compile(r"^[0-9a-f]{40}$")

# Runs inside the deployment. It is a constant: repository, revision and token reach it only
# through the environment, so nothing user-supplied is ever pasted into code.
BOOTSTRAP = r'''
import os, subprocess, sys
from huggingface_hub import snapshot_download

repo, revision = os.environ["HF_REPO"], os.environ["HF_REVISION"]
print(f"kinitro bootstrap: downloading {repo}@{revision} into /app", flush=True)
snapshot_download(repo_id=repo, revision=revision, local_dir="/app",
                  token=os.environ.get("HF_TOKEN") or None)
os.chdir("/app")
sys.path.insert(0, "/app")
if os.path.exists("requirements.txt"):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-r", "requirements.txt"],
                   check=True)
os.execv(sys.executable, [sys.executable, "-m", "uvicorn", "server:app",
                          "--host", "0.0.0.0", "--port", "8000"])
'''


class ConfigError(Exception):
    pass


def deployment_name(raw):
    """Lower-case, map everything but [a-z0-9-] to '-', collapse, truncate to 63, trim '-'."""
    name = re.sub(r"[^a-z0-9-]", "-", raw.lower())
    name = re.sub(r"-+", "-", name)[:MAX_NAME_LENGTH].strip("-")
    if not name:
        raise ConfigError(f"deployment name {raw!r} has no letters or digits; set DEPLOYMENT_NAME")
    return name


def env_int(key, default):
    value = os.environ.get(key, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{key}={value!r} is not an integer")
    if number < 0:
        raise ConfigError(f"{key}={value!r} must be >= 0")
    return number


def read_config():
    repo = os.environ.get("HF_REPO", "").strip()
    if not REPO_PATTERN.match(repo):
        raise ConfigError(f"HF_REPO={repo!r} is not a Hugging Face repo id like 'user/policy'")
    revision = os.environ.get("HF_REVISION", "").strip() or "main"
    if not REVISION_PATTERN.match(revision):
        raise ConfigError(f"HF_REVISION={revision!r} is not a valid revision")
    gpu_count = env_int("GPU_COUNT", 0)
    config = {
        "name": deployment_name(os.environ.get("DEPLOYMENT_NAME", "").strip() or
                                repo.replace("/", "-")),
        "source": BOOTSTRAP,
        "image": GPU_IMAGE if gpu_count > 0 else CPU_IMAGE,
        "port": PORT,
        "memory": os.environ.get("MEMORY", "").strip() or "1Gi",
        "cpu": os.environ.get("CPU", "").strip() or "1000m",
        "pip_packages": PIP_PACKAGES,
        "env": {"HF_REPO": repo, "HF_REVISION": revision},
        "timeout": env_int("DEPLOY_TIMEOUT_S", 600),
    }
    if gpu_count > 0:
        config["gpu_count"] = gpu_count
        min_vram = env_int("MIN_GPU_MEMORY_GB", 0)
        if min_vram > 0:
            config["min_gpu_memory_gb"] = min_vram
    read_token = os.environ.get("HF_READ_TOKEN", "").strip()
    if read_token:
        config["env"]["HF_TOKEN"] = read_token
    return config


def deployment_id(url):
    """The first DNS label of the deployment URL: what goes into the on-chain commitment."""
    host = urlsplit(url).hostname or ""
    label = host.split(".")[0]
    if not re.match(r"^[a-z0-9-]{1,63}$", label):
        raise ValueError(f"cannot take a deployment id from URL {url!r}")
    return label


def redacted(config):
    shown = dict(config, env=dict(config["env"]))
    if "HF_TOKEN" in shown["env"]:
        shown["env"]["HF_TOKEN"] = "<redacted>"
    return shown


def main(argv):
    dry_run = "--dry-run" in argv
    unknown = [a for a in argv if a != "--dry-run"]
    if unknown:
        print(f"basilica_deploy: error: unknown arguments {unknown} (only --dry-run)",
              file=sys.stderr)
        return 2
    try:
        config = read_config()
    except ConfigError as e:
        print(f"basilica_deploy: error: {e}", file=sys.stderr)
        return 2

    revision = config["env"]["HF_REVISION"]
    if not SHA_PATTERN.match(revision):
        print(f"basilica_deploy: warning: HF_REVISION={revision!r} is not a commit SHA; commit "
              "the exact 40-hex SHA so validators check what you serve", file=sys.stderr)
    if "HF_TOKEN" in config["env"]:
        print("basilica_deploy: warning: HF_READ_TOKEN is visible to the deployment; use a "
              "read-only token", file=sys.stderr)
    if dry_run:
        print(json.dumps(redacted(config), indent=2))
        return 0

    token = os.environ.get("BASILICA_API_TOKEN", "").strip()
    if not token:
        print("basilica_deploy: error: BASILICA_API_TOKEN is not set (create one with "
              "`basilica tokens create`)", file=sys.stderr)
        return 2
    try:
        from basilica import BasilicaClient
    except ImportError:
        print("basilica_deploy: error: basilica-sdk is not installed; run `pip install "
              "basilica-sdk`", file=sys.stderr)
        return 1

    repo = config["env"]["HF_REPO"]
    print(f"Deploying {repo}@{revision[:12]} as {config['name']} ({config['image']}) ...",
          file=sys.stderr)
    try:
        deployment = BasilicaClient(api_key=token).deploy(**config)
    except Exception as e:
        print(f"basilica_deploy: error: deployment failed: {type(e).__name__}: {e}",
              file=sys.stderr)
        return 1

    url = getattr(deployment, "url", "") or ""
    print(f"Name:  {getattr(deployment, 'name', config['name'])}")
    print(f"URL:   {url}")
    print(f"State: {getattr(deployment, 'state', 'unknown')}")
    try:
        label = deployment_id(url)
    except ValueError as e:
        print(f"basilica_deploy: error: {e}; check the deployment with `basilica` before "
              "committing", file=sys.stderr)
        return 1
    print(f"Check it:  kinitro check-endpoint {url}")
    print(f"Commit it: kinitro commit --repo {repo} --revision {revision} "
          f"--deployment-id {label} --netuid YOUR_NETUID")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
