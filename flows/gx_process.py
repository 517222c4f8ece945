"""Great Expectations in a process of its own, started when a command-line run begins.

Importing GE and building its file context costs ~3 CPU-seconds, which a run on one tiny document
would otherwise spend on its critical path (this process: Prefect, dbt, the checks). Started at the
beginning, the GE process imports GE and builds the warehouse's context (its ``gx/`` folder and the
Data Docs site) on the other core while this process imports dbt, parses, lands and builds the
models; the checks then hand it their results frame (``expectations.gx_suite.ge_frame``) and it
runs the same ``validate_with_gx`` as in-process: the same suite, checkpoint, Data Docs (made
offline) and the same summary back. Should it fail or die, the validation runs in-process, as
without it. The protocol is pickles over a pipe: one request, one answer.

Only the standard library is imported by ``start``; the child imports GE.
"""

from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import IO, Optional, cast

REPO = Path(__file__).resolve().parents[1]


class GXProcess:
    def __init__(self, root: Path, docs_dir: Path):
        self.root, self.docs_dir = Path(root).resolve(), Path(docs_dir).resolve()
        self._done: Optional[subprocess.Popen] = None
        from flows.prefect_server import _die_with_parent

        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
        self.process: Optional[subprocess.Popen] = subprocess.Popen(
            [sys.executable, "-m", "flows.gx_process", str(self.root), str(self.docs_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        atexit.register(self.stop)

    def serves(self, root: Path, docs_dir: Optional[Path]) -> bool:
        return (self.process is not None and docs_dir is not None
                and Path(root).resolve() == self.root and Path(docs_dir).resolve() == self.docs_dir)

    def validate(self, frame, run_id: str) -> dict:
        """validate_with_gx in the GE process. Raises RuntimeError when it could not answer."""
        process, self.process = self.process, None  # one request per process
        if process is None:
            raise RuntimeError("the GE process is gone")
        self._done = process  # reaped at exit (stop): the answer does not wait for its exit
        stdin, stdout = cast(IO[bytes], process.stdin), cast(IO[bytes], process.stdout)  # PIPEs
        try:
            stdin.write(pickle.dumps((frame, run_id)))
            stdin.close()
            out = stdout.read()  # until the child closes its answer
        except OSError as exc:
            process.kill()
            raise RuntimeError(f"the GE process did not answer: {exc}") from exc
        if not out:
            process.wait()
            raise RuntimeError(f"the GE process exited with status {process.returncode}")
        kind, value = pickle.loads(out)
        if kind == "error":  # GE's own failure: raised here as in-process
            raise value
        return value

    def stop(self) -> None:
        process, self.process = self.process, None
        done, self._done = self._done, None
        for proc in (process, done):
            if proc is None:
                continue
            try:
                stdin = cast(IO[bytes], proc.stdin)  # a PIPE
                if not stdin.closed:
                    stdin.close()  # end of requests: the child exits
                proc.wait(timeout=5)
            except Exception:
                proc.kill()
                proc.wait()


def start(root: Path, docs_dir: Path) -> Optional[GXProcess]:
    """Start the GE process for a warehouse folder and register it with expectations.gx_suite.
    None when the start-up measures are off (GOVBUDGET_FAST_START=0) or it cannot start."""
    from flows.startup_cache import fast_start

    if not fast_start():
        return None
    try:
        proc = GXProcess(root, docs_dir)
    except OSError:
        return None
    from expectations import gx_suite

    gx_suite.use_process(proc)
    return proc


_PREPARED: Optional[tuple[Path, Path]] = None


def prepare(root: Path, docs_dir: Path) -> None:
    """Say that this run's validation may go to a GE process (the command line does); the flow
    starts it with start_prepared() when dbt's build begins: the build keeps this process busy
    on one core while the server idles, so GE's import has the other core to itself and is done
    about when the checks need it."""
    global _PREPARED
    _PREPARED = (Path(root), Path(docs_dir))


def start_prepared() -> None:
    global _PREPARED
    prepared, _PREPARED = _PREPARED, None
    if prepared is not None:
        start(*prepared)


def _child(root: str, docs_dir: str) -> int:  # pragma: no cover - runs in the GE process
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever GE prints goes to stderr, never into the answer
    from flows.startup_trace import mark

    mark("GE process started")
    from extract.settings import settings
    from flows.collector import paused_while_loading

    with paused_while_loading(settings().fast_start):
        from expectations import gx_suite

        try:
            gx_suite._gx_objects(Path(root), Path(docs_dir))  # import GE, build the context now
        except Exception:
            pass  # validate_with_gx builds it again and reports what fails
    mark("GE process ready")
    request = sys.stdin.buffer.read()
    if not request:
        sys.stderr.flush()
        os._exit(0)  # the run needed no validation
    frame, run_id = pickle.loads(request)
    result: tuple[str, object]
    try:
        result = ("ok", gx_suite.validate_with_gx(frame, run_id, Path(root), Path(docs_dir)))
    except Exception as exc:
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        result = ("error", exc)
    answer.write(pickle.dumps(result))
    answer.close()
    mark("GE process done")
    # GE's files are written; skip tearing down everything GE loaded (seconds)
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_child(sys.argv[1], sys.argv[2]))
