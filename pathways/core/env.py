"""Typed environment variables, each declared once.

Every setting that differs between the demo and production is read here, so the README's table can be
checked against `DECLARED` by a test instead of drifting.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Declared:
    name: str
    kind: str
    default: str
    meaning: str


DECLARED: dict[str, Declared] = {}


def _declare(name: str, kind: str, default: object, meaning: str) -> str | None:
    DECLARED[name] = Declared(name, kind, "" if default is None else str(default), meaning)
    return os.environ.get(name)


def env_str(name: str, default: str, meaning: str) -> str:
    raw = _declare(name, "str", default, meaning)
    return default if raw is None else raw


def env_bool(name: str, default: bool, meaning: str) -> bool:
    raw = _declare(name, "bool", default, meaning)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, meaning: str) -> int:
    raw = _declare(name, "int", default, meaning)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str], meaning: str) -> list[str]:
    raw = _declare(name, "list", ",".join(default), meaning)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def load_env_file(path: str) -> None:
    """Set the variables of an env file (NAME=value lines, # comments) that the environment does not set
    already: the environment wins, so a production unit's own variables are never overridden."""
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                line = line.strip()
                if not line or line.startswith("#") or "=" not in line:
                    continue
                name, value = line.split("=", 1)
                os.environ.setdefault(name.strip(), value.strip())
    except FileNotFoundError:
        pass


def database_from_url(url: str, *, sqlite_default_path: str) -> dict:
    """Turn DATABASE_URL (postgres://user:pass@host:port/name or sqlite:///path) into a DATABASES entry."""
    from urllib.parse import unquote, urlparse

    if not url:
        return _sqlite(sqlite_default_path)
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return _sqlite(unquote(parsed.path[1:]) or sqlite_default_path)
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ValueError(f"DATABASE_URL scheme {parsed.scheme!r} is not supported; use postgres:// or sqlite:///")


# Several writers at once (the demo's threads, an import beside the pages) wait their turn instead of failing
# with "database is locked": WAL lets readers go on while one writes; a transaction takes the write lock when
# it begins (IMMEDIATE), because one that read first and then tries to write is refused at once, never queued;
# and a writer waits up to SQLITE_BUSY_SECONDS for the lock.
SQLITE_BUSY_SECONDS = 20


def _sqlite(path: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_SECONDS,
        },
    }
