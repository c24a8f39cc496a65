"""Prometheus metrics, served on GET /metrics."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

POLLS = Counter("talentbot_polls_total", "Source polls by outcome", ["kind", "outcome"])
ITEMS = Counter("talentbot_items_total", "Feed items seen, by what became of them", ["stage"])
EVENTS = Counter("talentbot_events_total", "Events created")
ALERTS_SENT = Counter("talentbot_messages_sent_total", "Messages delivered", ["platform", "kind"])
DELIVERY_ERRORS = Counter("talentbot_delivery_errors_total", "Failed posts by kind", ["platform", "kind"])
DELIVERY_LATENCY = Histogram(
    "talentbot_delivery_latency_seconds",
    "From queueing a message to the platform accepting it",
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600),
)
OUTBOX_DEPTH = Gauge("talentbot_outbox_pending", "Messages waiting in the outbox")
ERRORS = Counter("talentbot_errors_total", "Errors by kind", ["kind"])
