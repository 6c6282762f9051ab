"""Extraction on a Dask cluster for ``kg build --executor dask``; the caller stays the single store writer.

Every worker builds one :class:`kg.pipeline.Pipeline` when it joins (a worker plugin, so models load once per
worker, from the worker's own installed resources). The client reads the input as a local build does, sends
shards of articles as tasks and gets back each article's graph as N-Quads: the RDF mapping runs on the workers
too, with the extraction time stamp pinned by the client. Results come back in input order, so the single
writer commits exactly what a serial build commits, with the same progress and failure reports. At most two
shards per worker are in flight: memory stays flat however long the input is.

``--scheduler`` takes an existing scheduler's address (``tcp://host:8786``; its workers need the same kg
version and seeds: checked when the plugin is set up) or ``local:N``, a cluster of N worker processes on
127.0.0.1 started for this build. Import this module only for a Dask build: it needs the ``dask`` extra.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from kg import __version__
from kg.config import NerChoice, Settings
from kg.errors import ConfigError, ExtractionError, KgError
from kg.model import Article
from kg.resources import ResourceName, resource_dir

if TYPE_CHECKING:
    from kg.pipeline import Failure, MappedArticle, Pipeline

PLUGIN_NAME = "kg-pipeline"
#: How long to try to reach a scheduler, and to wait for its first worker.
CONNECT_TIMEOUT_S = 15.0
WORKER_WAIT_S = 60.0
#: Settings that default to a shipped folder: a worker resolves them in its own installation.
_RESOURCE_FIELDS: dict[str, ResourceName] = {"seeds_dir": "seeds", "queries_dir": "queries", "ontology_dir": "ontology"}
#: What one article comes back as: (graph IRI, N-Quads, number of facts), or the Failure.
Shipped = tuple[str, bytes, int]


def resource_fingerprint(settings: Settings, ner: NerChoice | None) -> str:
    """kg's version, the recognizers asked for and the seed files: what must match between client and workers
    for a distributed build to write the graph a serial one writes."""
    h = hashlib.sha256(f"{__version__}\0{ner or settings.ner}\0".encode())
    seeds = settings.seeds_dir
    if seeds.is_dir():
        for path in sorted(p for p in seeds.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(seeds).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


class PipelinePlugin(WorkerPlugin):
    """Dask worker plugin: one Pipeline per worker, built in ``setup`` (when the worker joins)."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings, ner: NerChoice | None, *, fingerprint: str) -> None:
        self.ner = ner
        self.fingerprint = fingerprint
        # Paths that are the client's shipped defaults are not sent: each worker uses its own installation's.
        self.defaults = {f for f, name in _RESOURCE_FIELDS.items() if getattr(settings, f) == resource_dir(name)}
        self.settings = settings
        self.pipeline: Pipeline | None = None
        self.lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("pipeline", "lock")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.pipeline = None
        self.lock = threading.Lock()

    def setup(self, worker: Any) -> None:
        settings = self.settings.model_copy(update={f: resource_dir(_RESOURCE_FIELDS[f]) for f in self.defaults})
        mine = resource_fingerprint(settings, self.ner)
        if mine != self.fingerprint:
            raise ConfigError(
                f"Dask worker {worker.address} has another kg version or other seeds than this client "
                f"(fingerprint {mine}, expected {self.fingerprint})",
                hint="install the same kg wheel on the workers, or point KG_SEEDS_DIR at the same seeds",
            )
        if (self.ner or settings.ner) != "rules":
            import torch

            torch.set_num_threads(1)  # one thread per worker process, as for --workers
        from kg.pipeline import Pipeline

        self.pipeline = Pipeline(settings, ner=self.ner)

    def teardown(self, worker: Any) -> None:
        self.pipeline = None


def _extract_shard(articles: list[Article], base_iri: str, extracted_at: datetime) -> list[Shipped | Failure]:
    """Runs on a worker: extraction and RDF mapping of one shard, each article's failure kept as its own."""
    from kg.pipeline import Failure
    from kg.rdf.mapping import extraction_to_quads

    plugin = get_worker().plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, PipelinePlugin) or plugin.pipeline is None:
        raise ExtractionError("this Dask worker has no kg pipeline (its plugin did not set up)")
    out: list[Shipped | Failure] = []
    with plugin.lock:  # a worker started with several threads shares one Pipeline
        for article in articles:
            result = plugin.pipeline.process_or_fail(article)
            if isinstance(result, Failure):
                out.append(result)
                continue
            try:
                graph = extraction_to_quads(result, base_iri, extracted_at=extracted_at)
                data = ox.serialize(graph.quads, format=ox.RdfFormat.N_QUADS) or b""
            except Exception as exc:  # noqa: BLE001 — one bad article never stops the batch
                out.append(Failure(article.source, f"RDF mapping failed: {type(exc).__name__}: {exc}"))
                continue
            out.append((graph.graph, data, len(result.facts)))
    return out


def _connect(scheduler: str, stack: ExitStack) -> Client:
    if scheduler.startswith("local:"):
        cluster = stack.enter_context(
            LocalCluster(
                n_workers=int(scheduler.partition(":")[2]),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR,
            )
        )
        local: Client = stack.enter_context(Client(cluster))
        return local
    try:
        client: Client = stack.enter_context(Client(scheduler, timeout=CONNECT_TIMEOUT_S))
    except (OSError, TimeoutError) as exc:
        raise ExtractionError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except TimeoutError:
        raise ExtractionError(f"no Dask worker joined the scheduler at {scheduler} within {WORKER_WAIT_S:g} s") from None
    return client


def default_scheduler(settings: Settings) -> str:
    """``--scheduler`` when none is given: a local cluster of ``--workers`` (or one per core) processes."""
    if settings.dask_scheduler:
        return settings.dask_scheduler
    return f"local:{settings.workers if settings.workers > 1 else max(1, os.cpu_count() or 1)}"


def process_dask(
    articles: Iterable[Article],
    settings: Settings,
    *,
    ner: NerChoice | None,
    extracted_at: datetime,
    on_status: Callable[[str], None] | None = None,
) -> Iterator[tuple[Article, MappedArticle | Failure]]:
    """Extract and map ``articles`` on a Dask cluster; yields ``(article, result)`` in input order."""
    from kg.pipeline import Failure, MappedArticle

    scheduler = default_scheduler(settings)
    with ExitStack() as stack:
        client = _connect(scheduler, stack)
        try:
            client.register_plugin(
                PipelinePlugin(settings, ner, fingerprint=resource_fingerprint(settings, ner)), name=PLUGIN_NAME
            )
        except KgError:
            raise
        except Exception as exc:  # noqa: BLE001 — a worker's own error, reported in one line
            raise ExtractionError(f"the kg pipeline failed to load on a Dask worker: {type(exc).__name__}: {exc}") from None
        workers = len(client.scheduler_info(n_workers=-1)["workers"])
        if on_status:
            address = client.scheduler_info(n_workers=0)["address"]
            on_status(f"dask: {workers} worker(s) at {address}; dashboard {client.dashboard_link}")

        source = iter(articles)
        pending: deque[tuple[list[Article], Any]] = deque()

        def submit() -> bool:
            shard = list(islice(source, settings.dask_shard_articles))
            if shard:
                future = client.submit(_extract_shard, shard, settings.base_iri, extracted_at, pure=False, retries=1)
                pending.append((shard, future))
            return bool(shard)

        try:
            while len(pending) < 2 * max(1, workers) and submit():
                pass
            while pending:
                shard, future = pending.popleft()
                try:
                    results = future.result()
                except KgError as exc:
                    results = [Failure(a.source, str(exc)) for a in shard]
                except Exception as exc:  # noqa: BLE001 — a worker died or lost its data: the shard fails, the build goes on
                    reason = f"Dask task failed: {type(exc).__name__}: {exc}"
                    results = [Failure(a.source, reason) for a in shard]
                submit()
                for article, result in zip(shard, results, strict=True):
                    if isinstance(result, Failure):
                        yield article, result
                    else:
                        graph, data, facts = result
                        yield article, MappedArticle(graph, list(ox.parse(data, format=ox.RdfFormat.N_QUADS)), facts)
        finally:  # the consumer stopped early or failed: do not extract what nobody will read
            for _, future in pending:
                future.cancel()
