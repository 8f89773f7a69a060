"""One background thread per kind of job, made when first needed (not at start-up) and shared by
every window, so jobs of a kind queue up rather than compete: checking quotes against changed
sources, building search indexes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

_pools: dict[str, ThreadPoolExecutor] = {}


def worker(name: str) -> ThreadPoolExecutor:
    """The single-thread pool for jobs called ``name`` (its threads carry the name)."""
    pool = _pools.get(name)
    if pool is None:
        pool = _pools[name] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
    return pool
