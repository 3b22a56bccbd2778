"""JSON log lines for collectors, carrying no personal data.

A line holds the time, level, logger, message and only the listed fields (`SAFE_FIELDS`); whatever else a
caller passes in `extra` — Django's `request` with its query string, a form's data — is left out. An
exception is logged by its type and stack, and its text is taken out of the message: a database error quotes
the row it refused (PostgreSQL's "DETAIL: Key (name)=(...)"), which would copy a person into the log.
"""

import json
import logging
import traceback
from datetime import UTC, datetime

SAFE_FIELDS = (
    "request_id",
    "method",
    "route",
    "status",
    "duration_ms",
    "user_id",
    "task",
    "task_id",
    "job_id",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _message(record),
        }
        for name in SAFE_FIELDS:
            if name in record.__dict__:
                entry[name] = record.__dict__[name]
        if record.exc_info and record.exc_info[0] is not None:
            kind, _error, tb = record.exc_info
            entry["exception"] = f"{kind.__module__}.{kind.__qualname__}"
            entry["stack"] = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]
        return json.dumps(entry, ensure_ascii=False, default=str)


def _message(record: logging.LogRecord) -> str:
    message = record.getMessage()
    error = record.exc_info[1] if record.exc_info else None
    if error is not None:
        kind = f"<{type(error).__name__}>"
        for text in {str(error), repr(error)} - {""}:
            message = message.replace(text, kind)
    return message
