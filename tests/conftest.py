"""Shared fixtures: a small valid data package in tmp_path (see datapkg.py), and an
environment that neither reads the caller's $RUPAK_DATA nor writes to the user's cache."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from datapkg import DataPackage, build_package
from once import run_root


@pytest.fixture
def pkg(tmp_path: Path) -> DataPackage:
    """A small valid data package in tmp_path."""
    return build_package(tmp_path / "data")


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests of a run, in all its processes, and the commands they run, share a
    validation cache of their own, from the first fixture on: never the user's, and the
    bundled data is checked by frictionless once, not once per command or process (the
    cache writes each verdict atomically)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("RUPAK_DATA", raising=False)
        mp.setenv("RUPAK_CACHE_DIR", str(run_root(tmp_path_factory) / "cache"))
        yield


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch,
                          tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads $RUPAK_DATA from the caller or writes to the user's cache, whatever the
    test before it set."""
    monkeypatch.delenv("RUPAK_DATA", raising=False)
    monkeypatch.setenv("RUPAK_CACHE_DIR", str(run_root(tmp_path_factory) / "cache"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for a module's browser tests (see browser.py): skipped without
    it, failed on CI. Playwright is imported only by the modules that ask for one."""
    from browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def warm_build() -> Iterator[Callable[..., Any]]:
    """`build` on warm workers kept from build to build by a test process, as `rupak
    preview` keeps them: one pool per number of jobs asked for (a pool runs as many reports
    at once as it has workers). For tests of what a build decides and writes, which do not
    depend on whose kernels run the reports; `rupak build`'s own start is tested elsewhere."""
    from rupak_lib.build.run import build, warm_worker, worker_pool

    pools: dict[int, Any] = {}

    def run(*args: Any, jobs: int = 2, **kwargs: Any) -> Any:
        if jobs not in pools:
            # started and warmed here, as the preview starts its pool
            pools[jobs] = worker_pool(jobs)
            for started in [pools[jobs].submit(warm_worker) for _ in range(jobs)]:
                started.result()
        return build(*args, pool=pools[jobs], **kwargs)

    yield run
    for pool in pools.values():
        pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def speech_drafter() -> Any:
    """A drafter of the bundled speech, an ambassador's, learned from its curated claims; its
    entities and record are the bundled package's. Made once per test process: learning
    takes a second or two, and drafting changes nothing of it."""
    import rupak_lib as rk
    from rupak_lib.curation.draft import Drafter

    corpus = rk.load()
    return Drafter(corpus, "khorev-2026-02-09", corpus.facts, corpus.fact_entities)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Modules with slow or browser tests first, each module's tests kept together and in
    order: run in parallel (``make test``), the long builds start at once and the many short
    tests fill in around them, rather than a long build starting last and running alone."""
    heavy = {item.module.__name__ for item in items if item.module is not None and (
        item.get_closest_marker("slow") or item.get_closest_marker("browser"))}
    items.sort(key=lambda item: item.module is None or item.module.__name__ not in heavy)
