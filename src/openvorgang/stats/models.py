"""Aggregates for the statistics, kept up to date by the worker from the case history, so
figures stay fast with millions of cases. They hold no personal data: counts per day, and per
case only its service and the dates of receipt, decision and closing."""

from __future__ import annotations

import uuid

from django.db import models


class DailyIntake(models.Model):
    day = models.DateField()
    tenant_id = models.IntegerField(default=0)  # 0: none (clearing)
    org_unit_id = models.IntegerField(default=0)
    service_key = models.CharField(max_length=14, blank=True)
    channel = models.CharField(max_length=32)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "tenant_id", "org_unit_id", "service_key", "channel"],
                name="dailyintake_key",
            )
        ]
        indexes = [
            models.Index(fields=["tenant_id", "day"], name="dailyintake_tenant_day"),
            models.Index(fields=["day"], name="dailyintake_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.tenant_id} {self.service_key} {self.count}"


class CaseTiming(models.Model):
    case_id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    tenant_id = models.IntegerField(null=True)
    service_key = models.CharField(max_length=14, blank=True)
    received_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True)

    class Meta:
        # covering (PostgreSQL): the percentiles read only the index
        indexes = [
            models.Index(
                fields=["tenant_id", "decided_at"],
                name="timing_decided",
                include=["service_key", "received_at"],
            ),
            models.Index(
                fields=["tenant_id", "closed_at"],
                name="timing_closed",
                include=["service_key", "received_at"],
            ),
            models.Index(
                fields=["decided_at"],
                name="timing_decided_all",
                include=["service_key", "received_at"],
            ),
            models.Index(
                fields=["closed_at"],
                name="timing_closed_all",
                include=["service_key", "received_at"],
            ),
        ]

    def __str__(self) -> str:
        return str(self.case_id)
