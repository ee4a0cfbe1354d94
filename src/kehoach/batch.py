"""Many plans at once: :func:`render_many` and :func:`save_many` on every core.

A pool of worker processes renders the plans; each worker prepares its templates once, when it
starts (:func:`_start_worker`), and then renders plan after plan. Results come back in the
order of the input. A plan renders to the same bytes in a worker as in the calling process
(:func:`kehoach.render` is deterministic), so a batch gives the same files however many
processes it uses.

    >>> import kehoach as kh
    >>> documents = kh.render_many(plans)                     # list of bytes, in order
    >>> kh.save_many(plans, [f"out/{i}.docx" for i in range(len(plans))])

On platforms that start workers with ``spawn`` (Windows, macOS), call these from code under
``if __name__ == "__main__":``, as for any process pool. Plans must pickle (kehoach's own do);
a plan type registered at run time must be registered again in the workers, by importing the
module that registers it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from kehoach import api, registry
from kehoach.layout.profile import DEFAULT_PROFILE, Profile

#: Plans sent to a worker at a time, at most: fewer round trips, and still an even share.
_MAX_CHUNK = 32


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _workers(processes: int | None, jobs: int) -> int:
    if processes is not None and processes < 1:
        raise ValueError(f"processes must be at least 1, got {processes}")
    return max(1, min(processes or cpu_count(), jobs))


def _chunksize(jobs: int, workers: int) -> int:
    # About four chunks per worker, so a slow chunk does not leave the others idle.
    return max(1, min(_MAX_CHUNK, -(-jobs // (workers * 4))))


def _start_worker(profile: Profile | None, type_names: tuple[str, ...]) -> None:
    """Pool initializer: prepare the templates this batch needs, once per worker."""
    for name in type_names:
        try:
            api._template_for(registry.get(name), profile or DEFAULT_PROFILE)
        except Exception:  # noqa: BLE001 - the render itself reports the error, with its plan
            pass


def _render_one(plan: object, profile: Profile | None) -> bytes:
    return api.render(plan, profile)


def _save_one(job: tuple[object, str], profile: Profile | None) -> str:
    plan, path = job
    return str(api.save(plan, path, profile))


def _type_names(plans: Sequence[object]) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for plan in plans:
        try:
            names[registry.for_plan(plan).name] = None
        except TypeError:  # not a plan: its render raises, with its place in the batch
            pass
    return tuple(names)


def _run(function, jobs: list, processes: int | None, profile: Profile | None) -> Iterator:
    """Each job's result, in order, as soon as it and those before it are done."""
    from functools import partial

    workers = _workers(processes, len(jobs))
    call = partial(function, profile=profile)
    if workers == 1:
        yield from map(call, jobs)
        return
    # Imported when a pool is needed: multiprocessing is a good part of a one-plan command.
    from concurrent.futures import ProcessPoolExecutor

    plans = [job[0] for job in jobs] if function is _save_one else jobs
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(profile, _type_names(plans)))
    try:
        yield from pool.map(call, jobs, chunksize=_chunksize(len(jobs), workers))
    except BaseException:  # an error, or the caller stopped reading: stop the batch
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def render_many(plans: Iterable[object], *, processes: int | None = None,
                profile: Profile | None = None) -> list[bytes]:
    """The .docx of each plan, in the order given, rendered on ``processes`` cores.

    ``processes=None`` uses every core this process may run on; ``1`` (or a single plan)
    renders here, without a pool. Each document is byte for byte what :func:`kehoach.render`
    gives. The first plan that fails stops the batch and its error is raised.
    """
    return list(_run(_render_one, list(plans), processes, profile))


def save_many(plans: Iterable[object], paths: Iterable[str | os.PathLike[str]], *,
              processes: int | None = None, profile: Profile | None = None) -> list[Path]:
    """Render each plan and write it to the path at the same place in ``paths``.

    The workers write the files (each atomically, as :func:`kehoach.save` does), so documents
    do not travel back to this process. Returns the paths written, in order. The first plan
    that fails stops the batch and its error is raised; files written before it stay.
    """
    return list(iter_save(plans, paths, processes=processes, profile=profile))


def iter_save(plans: Iterable[object], paths: Iterable[str | os.PathLike[str]], *,
              processes: int | None = None, profile: Profile | None = None
              ) -> Iterator[Path]:
    """:func:`save_many`, yielding each path as it is written (in order): for progress bars."""
    plans = list(plans)
    targets = [os.fspath(api.docx_path(path)) for path in paths]  # as kh.save names them
    if len(plans) != len(targets):
        raise ValueError(f"{len(plans)} plans but {len(targets)} paths")
    if len(set(map(os.path.abspath, targets))) != len(targets):
        raise ValueError("two plans would be saved to the same path")
    for path in _run(_save_one, list(zip(plans, targets)), processes, profile):
        yield Path(path)
