"""Talking to a DHIS2 instance: POST /api/dataValueSets and DHIS2's import summary.

DHIS2 answers an import with an ImportSummary (status SUCCESS, WARNING or ERROR; importCount imported,
updated, ignored, deleted; conflicts, each an error code, the object it is about, a message and, from 2.38,
the indexes of the values it concerns). From 2.38 the summary is wrapped in a WebMessage and a summary with
conflicts comes with HTTP 409; earlier versions answer the bare summary with 200. Both are read here.
"""

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from pathways.results.dhis2 import secrets
from pathways.results.models import Dhis2Server

TIMEOUT_SECONDS = 60


class Dhis2Unreachable(Exception):
    """DHIS2 gave no import summary: not reached, credentials refused, or another answer; says why."""


@dataclass(frozen=True)
class Conflict:
    error_code: str
    object: str
    property: str
    message: str
    indexes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ImportSummary:
    status: str  # SUCCESS, WARNING or ERROR
    imported: int
    updated: int
    ignored: int
    deleted: int
    conflicts: list[Conflict]
    description: str = ""


def _summary_of(answer: object) -> ImportSummary | None:
    if not isinstance(answer, dict):
        return None
    summary = answer.get("response") if isinstance(answer.get("response"), dict) else answer
    if not isinstance(summary, dict) or summary.get("responseType") != "ImportSummary":
        return None
    counts = summary.get("importCount") or {}
    return ImportSummary(
        status=str(summary.get("status", "")),
        imported=int(counts.get("imported", 0)),
        updated=int(counts.get("updated", 0)),
        ignored=int(counts.get("ignored", 0)),
        deleted=int(counts.get("deleted", 0)),
        conflicts=[
            Conflict(
                error_code=str(c.get("errorCode", "")),
                object=str(c.get("object", "")),
                property=str(c.get("property", "")),
                message=str(c.get("value", "")),
                indexes=[i for i in c.get("indexes") or [] if isinstance(i, int)],
            )
            for c in summary.get("conflicts") or []
            if isinstance(c, dict)
        ],
        description=str(summary.get("description", "")),
    )


def _authorization(server: Dhis2Server) -> str:
    secret = secrets.decrypt(server.secret)
    if secret is None:
        raise Dhis2Unreachable(
            _(
                "The DHIS2 password of %(server)s cannot be read (the server's secret key changed): an "
                "administrator enters it again."
            )
            % {"server": server.name}
        )
    if server.auth == Dhis2Server.Auth.TOKEN:
        return f"ApiToken {secret}"
    return "Basic " + base64.b64encode(f"{server.username}:{secret}".encode()).decode()


def post_data_value_set(server: Dhis2Server, payload: dict, *, dry_run: bool) -> ImportSummary:
    """Send one data value set; DHIS2's import summary, or Dhis2Unreachable saying what went wrong."""
    query = urlencode({"dryRun": "true" if dry_run else "false", "importStrategy": "CREATE_AND_UPDATE"})
    request = urllib.request.Request(
        f"{server.base_url.rstrip('/')}/api/dataValueSets?{query}",
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": _authorization(server),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise Dhis2Unreachable(
            _("DHIS2 at %(url)s could not be reached: %(reason)s.")
            % {"url": server.base_url, "reason": reason}
        ) from None
    if status == 401:
        raise Dhis2Unreachable(
            _(
                "DHIS2 refused the user name and password (or token) of %(server)s: an administrator "
                "checks them."
            )
            % {"server": server.name}
        )
    try:
        summary = _summary_of(json.loads(body))
    except ValueError:
        summary = None
    if summary is None:
        raise Dhis2Unreachable(
            _("DHIS2 at %(url)s answered %(status)d without an import summary.")
            % {"url": server.base_url, "status": status}
        )
    return summary
