"""What the notebooks share: where the repository is, running bin/leadscore, and the lead data.

Every setting comes from an environment variable with a default that works from a checkout, so that
notebooks/run.sh (CI) can point the notebooks at the data and servers it started.
"""
import os
import subprocess
from pathlib import Path


def _find_home() -> Path:
    configured = os.environ.get("LEADSCORE_HOME")
    if configured:
        return Path(configured).resolve()
    here = Path.cwd().resolve()
    for d in (here, *here.parents):
        if (d / "bin" / "leadscore").is_file():
            return d
    raise FileNotFoundError(f"no bin/leadscore in {here} or above it; set LEADSCORE_HOME to the leadscore checkout")


HOME = _find_home()
"""The leadscore checkout ($LEADSCORE_HOME, or the first directory at or above the working directory with bin/leadscore)."""

DATA_DIR = Path(os.environ.get("LEADSCORE_DATA_DIR", HOME / "target" / "notebook-data"))
"""Where leads.parquet is ($LEADSCORE_DATA_DIR)."""

RULES = Path(os.environ.get("LEADSCORE_RULES", HOME / "rules" / "default-rules.yaml"))
"""The hand-tuned point table ($LEADSCORE_RULES)."""


def leadscore(*args, echo: bool = True) -> str:
    """Runs ``bin/leadscore ARGS``; returns what it printed, and raises with its error output if it fails."""
    cmd = [str(HOME / "bin" / "leadscore"), *map(str, args)]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=HOME)
    if p.returncode != 0:
        raise RuntimeError(f"bin/leadscore {' '.join(cmd[1:])} exited with {p.returncode}:\n{p.stderr}{p.stdout}")
    if echo:
        print(p.stdout, end="")
    return p.stdout


def leads_file() -> Path:
    """``$LEADSCORE_DATA_DIR/leads.parquet``; generated with ``bin/leadscore generate`` when missing
    ($LEADSCORE_LEADS leads, default 6000, seed $LEADSCORE_SEED, default 7)."""
    f = DATA_DIR / "leads.parquet"
    if not f.is_file():
        leadscore("generate", "--leads", os.environ.get("LEADSCORE_LEADS", "6000"),
                  "--seed", os.environ.get("LEADSCORE_SEED", "7"), "--out", DATA_DIR)
    return f
