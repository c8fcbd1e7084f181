"""Prometheus metrics: requests and latency per route, intake per channel (counted in the
process), queue depth and age and outbox failures (read from the database at scrape time).

With several server processes set ``PROMETHEUS_MULTIPROC_DIR`` to a writable directory (the
prometheus_client multiprocess mode); the request and intake counters of all processes are
then summed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from django.db.models import Min, QuerySet
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from openvorgang.cases.models import CaseFile
from openvorgang.jobs.models import Job
from openvorgang.lib import clamd
from openvorgang.outbox.models import Delivery

REQUESTS = Counter(
    "openvorgang_http_requests_total",
    "HTTP requests by method, route and status class",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "openvorgang_http_request_duration_seconds",
    "Time the application spent per request",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
INTAKE = Counter(
    "openvorgang_intake_submissions_total", "Submissions accepted by channel", ["channel"]
)
CAP = 100_000


class DatabaseCollector(Collector):
    """Gauges that live in the database: queued jobs and deliveries and the age of the oldest,
    failed deliveries. Counts are capped so a scrape stays cheap with any backlog."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        depth = GaugeMetricFamily(
            "openvorgang_queue_depth", "Open work items (capped)", labels=["queue", "state"]
        )
        age = GaugeMetricFamily(
            "openvorgang_queue_oldest_age_seconds",
            "Age of the oldest due, not yet done item",
            labels=["queue"],
        )
        for name, model in (("jobs", Job), ("outbox", Delivery)):
            for state in ("queued", "running", "failed"):
                depth.add_metric([name, state], _capped_count(model.objects.filter(state=state)))
            oldest = model.objects.filter(state="queued", run_after__lte=now).aggregate(
                at=Min("run_after")
            )["at"]
            age.add_metric([name], (now - oldest).total_seconds() if oldest else 0.0)
        yield depth
        yield age
        yield from _scanning()


def _capped_count(rows: QuerySet[Any]) -> int:
    """count(*) over at most CAP rows, so a scrape stays cheap with any backlog."""
    return rows.model.objects.filter(pk__in=rows.values("pk")[:CAP]).count()


def _scanning() -> Iterator[GaugeMetricFamily]:
    """Files waiting for the virus scan or quarantined, and whether clamd answers."""
    from django.conf import settings

    files = GaugeMetricFamily(
        "openvorgang_files_scan",
        "Files waiting for the virus scan or quarantined (capped)",
        labels=["state"],
    )
    for state in ("pending", "infected"):
        files.add_metric([state], _capped_count(CaseFile.objects.filter(scan_status=state)))
    yield files
    if settings.OPENVORGANG_CLAMD:
        up = GaugeMetricFamily("openvorgang_clamd_up", "1 if clamd answers PING")
        up.add_metric([], 1.0 if clamd.ping(settings.OPENVORGANG_CLAMD, timeout=2.0) else 0.0)
        yield up


def registry() -> CollectorRegistry:
    from prometheus_client import REGISTRY

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        merged = CollectorRegistry()
        MultiProcessCollector(merged)
        merged.register(DatabaseCollector())
        return merged
    if not getattr(registry, "_db_registered", False):
        REGISTRY.register(DatabaseCollector())
        registry._db_registered = True  # type: ignore[attr-defined]
    return REGISTRY
