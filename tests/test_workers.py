"""core/workers.py: pool workers never run the parent's signal handlers, even in the moment after the
fork, before they set their own (the dev server stopped mid-build printed a worker's traceback)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# The parent raises KeyboardInterrupt on SIGTERM, as the dev server does; every child sends itself
# SIGTERM right after the fork, before the worker's start sets its own handlers.
SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from concurrent.futures.process import BrokenProcessPool
    from generator.core.workers import worker_pool

    def interrupt(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    os.register_at_fork(after_in_child=lambda: os.kill(os.getpid(), int(sys.argv[1])))
    try:
        with worker_pool(2) as pool:
            print("result", pool.submit(int, "7").result())
    except BrokenProcessPool:
        print("workers ended")
""")


def run(signum: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, str(signum)], capture_output=True, text=True,
                          cwd=REPO, timeout=60)


def test_a_sigterm_at_a_workers_start_ends_it_quietly():
    done = run(15)
    assert done.returncode == 0, done.stderr
    assert "workers ended" in done.stdout and "Traceback" not in done.stderr, done.stderr


def test_a_sigint_at_a_workers_start_is_ignored():
    done = run(2)
    assert done.returncode == 0, done.stderr
    assert "result 7" in done.stdout and "Traceback" not in done.stderr, done.stderr
