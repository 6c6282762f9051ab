"""Extraction over worker processes for ``kg build --workers N``; the caller stays the single store writer.

Each worker builds its own :class:`kg.pipeline.Pipeline` once (models load once per process, spawn context:
no fork of a process that holds torch threads or an open store). Articles travel in small chunks and results
come back in input order, so a parallel build commits exactly what a serial one commits, in the same order.
At most ``workers * 4`` chunks are in flight: memory stays flat however long the input is.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING

from kg.config import NerChoice, Settings
from kg.errors import ExtractionError
from kg.model import Article, Extraction

if TYPE_CHECKING:
    from kg.pipeline import Failure, Pipeline

_pipeline: Pipeline | None = None


def _init_worker(settings: Settings, ner: NerChoice | None) -> None:
    """Runs once in each worker: load the gazetteer and models."""
    global _pipeline
    if (ner or settings.ner) != "rules":
        import torch

        torch.set_num_threads(1)  # N workers x 1 thread each, not N x all cores fighting over them
    from kg.pipeline import Pipeline

    _pipeline = Pipeline(settings, ner=ner)


def _process_chunk(articles: list[Article]) -> list[Extraction | Failure]:
    assert _pipeline is not None, "worker not initialized"
    return [_pipeline.process_or_fail(article) for article in articles]


def process_parallel(
    articles: Iterable[Article],
    settings: Settings,
    workers: int,
    *,
    ner: NerChoice | None = None,
    chunksize: int = 4,
) -> Iterator[tuple[Article, Extraction | Failure]]:
    """Extract ``articles`` over ``workers`` processes; yields ``(article, result)`` in input order."""
    if workers < 1:
        raise ValueError("workers must be >= 1")
    context = multiprocessing.get_context("spawn")
    source = iter(articles)
    pending: deque[tuple[list[Article], Future[list[Extraction | Failure]]]] = deque()
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(settings, ner)
        ) as pool:

            def submit() -> bool:
                chunk = list(islice(source, chunksize))
                if chunk:
                    pending.append((chunk, pool.submit(_process_chunk, chunk)))
                return bool(chunk)

            try:
                while len(pending) < workers * 4 and submit():
                    pass
                while pending:
                    chunk, future = pending.popleft()
                    results = future.result()
                    submit()
                    yield from zip(chunk, results, strict=True)
            finally:  # the consumer stopped early or failed: do not extract what nobody will read
                for _, future in pending:
                    future.cancel()
    except BrokenProcessPool:
        raise ExtractionError(
            "an extraction worker died (out of memory, or its models failed to load)",
            hint="retry with fewer --workers, or with --workers 1 to see the error",
        ) from None
