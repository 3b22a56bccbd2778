from django.db import models
from django.utils import timezone


class IdempotentRequest(models.Model):
    """A POST sent with an Idempotency-Key, and the answer it got: the same key and body sent again get this
    answer back instead of a second record. Kept per token for a day (idempotency.KEEP)."""

    token = models.ForeignKey("accounts.ApiToken", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the path, query, content type and body: a key reused for another request is refused.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Empty while the first request is still being processed.
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="idempotency_key_unique_per_token")
        ]

    def __str__(self) -> str:
        return f"{self.token_id} {self.key}"
