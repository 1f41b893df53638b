"""Run one command's work over many inputs: results in input order, worker processes,
clean stops, and the per-file outcome that reports and summaries are made from.

The work function does everything for one input (read, check or convert, write its
output atomically) and returns an `Outcome`; it runs in this process for one input or
`jobs=1`, else in a pool of worker processes. Ctrl-C (or a closed stdout) stops the
workers: a file being written is abandoned with its temporary file removed, files
already finished stay finished.

Example:
    blame = lambda task, reason: failed(task.path, "internal.error", reason)
    for outcome in run_ordered(convert_one, tasks, jobs=2, on_failure=blame):
        print(outcome.path, outcome.status)
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

from teikit.diagnostics import Diagnostic, Severity, error, has_errors

Status = Literal["ok", "findings", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What became of one input.

    `status` is "ok" (done, no errors), "findings" (done, but the input has errors:
    its output is still written) or "failed" (could not be done: unreadable, too large,
    not XML where XML is needed). `output` is the file written, if any; `stdout` is what
    the command prints for this input (the TEI of a single input, a diff).
    """

    path: str
    status: Status
    diagnostics: tuple[Diagnostic, ...] = ()
    output: str | None = None
    stdout: bytes = b""
    changed: bool = False

    def counts(self) -> dict[str, int]:
        """How many diagnostics of each severity, every severity named."""
        found = Counter(str(d.severity) for d in self.diagnostics)
        return {str(severity): found.get(str(severity), 0) for severity in Severity}

    def to_record(self) -> dict[str, Any]:
        """The line of a `--report` file for this input (schema in the README)."""
        return {
            "path": self.path,
            "status": self.status,
            "counts": self.counts(),
            "output": self.output,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


def done(path: str, diagnostics: Sequence[Diagnostic], **fields: Any) -> Outcome:
    """The outcome of an input that was processed: "findings" when it has errors."""
    status: Status = "findings" if has_errors(diagnostics) else "ok"
    return Outcome(path, status, tuple(diagnostics), **fields)


def failed(path: str, code: str, message: str) -> Outcome:
    """The outcome of an input that could not be processed, with one error saying why."""
    return Outcome(path, "failed", (error(code, message, file=path),))


@dataclass
class Tally:
    """Running counts of a batch's outcomes, for the summary line and the exit code."""

    statuses: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.statuses[outcome.status] += 1

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    def exit_code(self) -> int:
        """0 all ok; 1 some input had errors or failed; 2 nothing could be done at all.

        A run whose every input failed (a single missing file, say) could not run,
        which is exit 2; a batch where only some inputs failed did its job, which is 1.
        """
        if self.total and self.statuses["failed"] == self.total:
            return 2
        return 1 if self.statuses["failed"] or self.statuses["findings"] else 0


# --- worker processes ---------------------------------------------------------------

_busy = False


def _stop_worker(signum: int, frame: Any) -> None:
    """SIGTERM from the parent: unwind the current input (its finally blocks remove
    temporary files), or leave at once when idle."""
    # Once is enough: a second signal must not cut the clean-up of the first short.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if _busy:
        raise KeyboardInterrupt
    os._exit(128 + signum)


def _init_worker(
    initializer: Callable[..., None] | None, initargs: tuple[Any, ...], parent: int
) -> None:
    # Ctrl-C at a terminal reaches the whole process group; the parent decides for all.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    _end_with_parent(parent)
    _pad_heap()
    # A closed pipe is the parent's business; workers never write to stdout.
    if initializer is not None:
        initializer(*initargs)


def _end_with_parent(parent: int) -> None:
    """Ask Linux for SIGTERM when the parent dies (kill -9, out of memory), so no worker
    is left waiting forever on a queue nobody writes to. Elsewhere: nothing to do."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(128 + signal.SIGTERM)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _pad_heap() -> None:
    """Let glibc grow and trim a worker's heap 16 MB at a time rather than page by page.

    A forked worker otherwise gives memory back after each input and faults it in again
    for the next: pretty --check of 10,000 files took 70,000 page faults and a fifth
    more time with two workers than with one process; padded, 21,000. Elsewhere
    (no glibc): nothing to do.
    """
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(_M_TOP_PAD, 16 * 1024 * 1024)
    except (OSError, AttributeError):
        return


_M_TOP_PAD = -2  # from <malloc.h>


def _call_many(
    work: Callable[[Any], Outcome], items: list[Any]
) -> tuple[list[Outcome | str], float]:
    """Run `work` on each item in a worker: its Outcome, or why it raised (a bug); and
    the seconds it all took."""
    global _busy
    _busy = True
    done_: list[Outcome | str] = []
    began = time.perf_counter()
    try:
        for item in items:
            try:
                done_.append(work(item))
            except (KeyboardInterrupt, MemoryError):
                raise
            except Exception as err:  # this input fails; the others of the chunk go on
                done_.append(f"internal error {type(err).__name__}: {err}")
        return done_, time.perf_counter() - began
    except KeyboardInterrupt:
        os._exit(128 + signal.SIGTERM)  # finally blocks ran: nothing half-written is left
    finally:
        _busy = False


def usable_cores() -> int:
    """The number of CPUs this process may run on (the default of --jobs)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_ordered(
    work: Callable[[Any], Outcome],
    items: Sequence[Any],
    *,
    jobs: int,
    on_failure: Callable[[Any, str], Outcome],
    cost: Callable[[Any], int] | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[Outcome]:
    """Yield `work(item)` for every item, in the items' order.

    With `jobs` > 1 the work runs in that many processes; `cost` (e.g. file size) makes
    the costliest items start first, so one large file does not finish alone at the
    end. `initializer(*initargs)` runs in this process first, then in each worker.
    On Ctrl-C the KeyboardInterrupt carries `finished`: the outcomes that were done but
    not yet yielded, in input order.
    A work function that raises (a teikit bug) or a worker that dies (killed,
    out of memory) becomes `on_failure(item, reason)` for that item; the rest go on.
    """
    if initializer is not None:
        initializer(*initargs)  # here too: a forked worker inherits what it loaded
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield _guarded(work, item, on_failure)
        return
    yield from _run_in_pool(work, items, jobs, on_failure, cost, initializer, initargs)


def _guarded(
    work: Callable[[Any], Outcome], item: Any, on_failure: Callable[[Any, str], Outcome]
) -> Outcome:
    try:
        return work(item)
    except (KeyboardInterrupt, BrokenPipeError, MemoryError):
        raise
    except Exception as err:  # a bug: report it for this input and go on with the rest
        return on_failure(item, f"internal error {type(err).__name__}: {err}")


def _run_in_pool(
    work: Callable[[Any], Outcome],
    items: Sequence[Any],
    jobs: int,
    on_failure: Callable[[Any, str], Outcome],
    cost: Callable[[Any], int] | None,
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
) -> Iterator[Outcome]:
    """The pool behind `run_ordered`: inputs go to workers in chunks sized from the time
    the inputs before them took (many quick ones together, so the cost of a hand-over is
    shared; slow ones alone), a few chunks in flight per worker, results buffered until
    every earlier input is done, so the output keeps the input order."""
    from concurrent.futures import FIRST_COMPLETED, Future, wait
    from concurrent.futures.process import BrokenProcessPool

    order = list(range(len(items)))
    if cost is not None:
        sizes = [cost(item) for item in items]
        order.sort(key=lambda i: -sizes[i])
    queue = deque(order)
    pace = _Pace()
    start = partial(_new_pool, initializer=initializer, initargs=initargs)
    pool = start(jobs)
    running: dict[Future[tuple[list[Outcome | str], float]], list[int]] = {}
    results: dict[int, Outcome] = {}
    next_index = 0
    try:
        while queue or running:
            while queue and len(running) < 2 * jobs:
                chunk = [queue.popleft() for _ in range(min(pace.chunk_size(), len(queue)))]
                running[pool.submit(_call_many, work, [items[i] for i in chunk])] = chunk
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            suspects: list[int] = []
            for future in finished:
                chunk = running.pop(future)
                try:
                    outcomes, seconds = future.result()
                except BrokenProcessPool:
                    suspects += chunk
                    continue
                pace.record(len(chunk), seconds)
                for i, done_ in zip(chunk, outcomes, strict=True):
                    results[i] = (
                        done_ if isinstance(done_, Outcome) else on_failure(items[i], done_)
                    )
            if suspects:
                # A worker died (killed, out of memory) and took the pool with it; which of
                # the inputs in flight did it is unknown, so each runs again on its own.
                suspects += [i for chunk in running.values() for i in chunk]
                running.clear()
                _stop_pool(pool)
                for i in sorted(suspects):
                    results[i] = _run_alone(work, items[i], on_failure, start)
                pool = start(jobs)
            while next_index in results:
                yield results.pop(next_index)
                next_index += 1
    except BaseException as stop:  # Ctrl-C, a closed stdout, or the consumer stopped early
        _stop_pool(pool)
        if isinstance(stop, KeyboardInterrupt):
            for future, chunk in running.items():
                if future.done() and not future.cancelled() and future.exception() is None:
                    for i, done_ in zip(chunk, future.result()[0], strict=True):
                        if isinstance(done_, Outcome):
                            results[i] = done_
            # Done but not yet yielded (an earlier input was still in work): the caller
            # may still want to record them.
            stop.finished = [results[i] for i in sorted(results)]  # type: ignore[attr-defined]
        raise
    pool.shutdown(wait=True)


@dataclass
class _Pace:
    """How many inputs to hand a worker at once: about `CHUNK_SECONDS` of work, judged
    from the chunks done so far (one input at a time until there is something to judge)."""

    CHUNK_SECONDS = 0.05
    MAX_CHUNK = 64
    inputs: int = 0
    seconds: float = 0.0

    def record(self, inputs: int, seconds: float) -> None:
        self.inputs += inputs
        self.seconds += seconds

    def chunk_size(self) -> int:
        if not self.inputs:
            return 1
        per_input = self.seconds / self.inputs
        return max(1, min(self.MAX_CHUNK, int(self.CHUNK_SECONDS / max(per_input, 1e-6))))


def _new_pool(
    jobs: int, *, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> Any:
    import gc
    from concurrent.futures import ProcessPoolExecutor

    # Workers are forked: the garbage collector would walk (and so copy, page by page)
    # every object they inherit. Frozen objects are left alone, in parent and workers.
    gc.freeze()
    return ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(initializer, initargs, os.getpid())
    )


def _run_alone(
    work: Callable[[Any], Outcome],
    item: Any,
    on_failure: Callable[[Any, str], Outcome],
    start: Callable[[int], Any],
) -> Outcome:
    """Run one input in a worker of its own: if that worker dies, the input is why."""
    from concurrent.futures.process import BrokenProcessPool

    pool = start(1)
    try:
        (outcome,), _ = pool.submit(_call_many, work, [item]).result()
        return outcome if isinstance(outcome, Outcome) else on_failure(item, outcome)
    except BrokenProcessPool:
        return on_failure(item, "its worker process ended unexpectedly (killed or out of memory)")
    except Exception as err:
        return on_failure(item, f"internal error {type(err).__name__}: {err}")
    finally:
        _stop_pool(pool)


def _stop_pool(pool: Any) -> None:
    """Cancel what has not started and stop the workers; they clean up and exit."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join()
