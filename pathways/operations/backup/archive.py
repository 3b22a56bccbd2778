"""`manage.py backup` and `restore`: the database, the uploaded files, the signing keys' identifiers.

An archive (`.tar.gz`) holds:
    manifest.json      format, time, the migration state, per table its rows and checksum, per file its
                       SHA-256, the certificate keys' identifiers and public keys (never a private key)
    tables/<app.model>.jsonl   one JSON line per row (`tables.py`)
    files/imports/...  files/media/...   the uploaded files (IMPORTS_DIR, MEDIA_ROOT)

The rows are read in one transaction (a consistent snapshot on both databases). A restore brings an empty
database to the backup's migration state, loads the rows with that state's models in one transaction,
reads them back and compares counts and checksums before it commits, writes the files, migrates forward to
this code's state (an upgrade, when the backup is older) and verifies every certificate's signature.
"""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from pathways.operations.backup import state, tables

FORMAT = 1
FILE_ROOTS = {"imports": lambda: Path(settings.IMPORTS_DIR), "media": lambda: Path(settings.MEDIA_ROOT)}


class RestoreRefused(Exception):
    """The archive or the target database is not what a restore needs; nothing was changed."""


@dataclass
class Outcome:
    path: Path
    tables: int = 0
    rows: int = 0
    files: int = 0
    certificates_verified: int = 0
    notes: list[str] = field(default_factory=list)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _signing_keys(apps, using: str) -> dict:
    """Which keys signed the certificates (their identifiers and public keys), never the private key."""
    from pathways.training import signing

    in_use: dict[str, int] = {}
    try:
        certificate = apps.get_model("training", "Certificate")
    except LookupError:
        certificate = None
    if certificate is not None:
        for key_id in certificate._base_manager.using(using).values_list("key_id", flat=True).iterator():
            in_use[key_id] = in_use.get(key_id, 0) + 1
    return {
        "configured": {"key_id": signing.key_id(), "public_key": signing.b64url(signing.public_key_raw())},
        "certificates_by_key": in_use,
    }


def backup(*, output: Path, using: str = "default") -> Outcome:
    """Write an archive of the database and the uploaded files to `output` (readable by its owner only)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    outcome = Outcome(path=output)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
        folder = Path(work)
        (folder / "tables").mkdir()
        leaves = state.applied_leaves(using)
        apps = state.state_apps(using, leaves)
        manifest: dict = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": connections[using].vendor,
            "migrations": [list(node) for node in leaves],
            "tables": {},
            "files": {},
            "folders": {name: str(root()) for name, root in FILE_ROOTS.items()},
        }
        connection = connections[using]
        # Inside a caller's transaction (a test's) the snapshot is the caller's; alone, one of our own.
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            for model in tables.dumped_models(apps):
                label = model._meta.label_lower
                checksum = tables.Checksum()
                path = folder / "tables" / f"{label}.jsonl"
                with path.open("w", encoding="utf-8") as handle:
                    for line in tables.rows_of(model, using):
                        checksum.add(line)
                        handle.write(line + "\n")
                manifest["tables"][label] = {
                    "table": model._meta.db_table,
                    "columns": [f.attname for f in tables.columns(model)],
                    "rows": checksum.rows,
                    "checksum": checksum.hexdigest,
                    "sha256": _sha256_file(path),
                }
                outcome.tables += 1
                outcome.rows += checksum.rows
            manifest["signing_keys"] = _signing_keys(apps, using)
        files: list[tuple[Path, str]] = []
        for name, root in FILE_ROOTS.items():
            base = root()
            if not base.is_dir():
                continue
            for path in sorted(p for p in base.rglob("*") if p.is_file()):
                arcname = f"files/{name}/{path.relative_to(base).as_posix()}"
                manifest["files"][arcname] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
                files.append((path, arcname))
        outcome.files = len(files)
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = folder / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            archive.add(folder / "manifest.json", arcname="manifest.json")
            for label in manifest["tables"]:
                archive.add(folder / "tables" / f"{label}.jsonl", arcname=f"tables/{label}.jsonl")
            for path, arcname in files:
                archive.add(path, arcname=arcname)
        os.chmod(partial, 0o600)
        partial.replace(output)
    return outcome


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r:gz") as archive:
        member = archive.extractfile("manifest.json")
        if member is None:
            raise RestoreRefused(f"{archive_path} has no manifest.json: it is not a Pathways backup.")
        manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(
            f"Backup format {manifest.get('format')!r} is not {FORMAT}; use the release that made it."
        )
    return manifest


def _unpack(archive_path: Path, folder: Path, manifest: dict) -> None:
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(folder, filter="data")
    for label, table in manifest["tables"].items():
        path = folder / "tables" / f"{label}.jsonl"
        if not path.is_file() or _sha256_file(path) != table["sha256"]:
            raise RestoreRefused(f"The rows of {label} in the archive are damaged (their SHA-256 differs).")
    for arcname, meta in manifest["files"].items():
        path = folder / arcname
        if not path.is_file() or _sha256_file(path) != meta["sha256"]:
            raise RestoreRefused(f"The file {arcname} in the archive is damaged (its SHA-256 differs).")


def _holds_data(using: str) -> bool:
    """Whether the database holds anything a restore would overwrite: accounts or people."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("accounts_user", "people_person"):
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def _load(apps, manifest: dict, folder: Path, using: str) -> tuple[int, int]:
    """Replace every table's rows with the archive's, in one transaction, and prove them before committing."""
    connection = connections[using]
    models = tables.dumped_models(apps)
    by_label = {m._meta.label_lower: m for m in models}
    unknown = set(manifest["tables"]) - set(by_label)
    if unknown:
        raise RestoreRefused(f"The archive has tables this migration state does not: {sorted(unknown)}")
    session_tables = [t for t in ("django_session",) if t in connection.introspection.table_names()]
    rows = 0
    with transaction.atomic(using=using):
        flush = connection.ops.sql_flush(
            no_style(), [m._meta.db_table for m in models] + session_tables, reset_sequences=False
        )
        connection.ops.execute_sql_flush(flush)
        for label, table in manifest["tables"].items():
            model = by_label[label]
            fields = [_field(model, name) for name in table["columns"]]
            for f in fields:
                # What was saved is restored as it was: no "now" stamped on created/updated times.
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    f.auto_now = f.auto_now_add = False
            batch = []
            with (folder / "tables" / f"{label}.jsonl").open(encoding="utf-8") as handle:
                for line in handle:
                    values = json.loads(line)
                    batch.append(
                        model(**{f.attname: tables.decode(f, v) for f, v in zip(fields, values, strict=True)})
                    )
                    if len(batch) >= tables.BATCH:
                        model._base_manager.using(using).bulk_create(batch)
                        batch = []
            if batch:
                model._base_manager.using(using).bulk_create(batch)
            rows += table["rows"]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        for label, table in manifest["tables"].items():
            read_back = tables.Checksum.of(tables.rows_of(by_label[label], using))
            if (read_back.rows, read_back.hexdigest) != (table["rows"], table["checksum"]):
                raise RestoreRefused(
                    f"{label}: {read_back.rows} rows read back, {table['rows']} in the backup, or their "
                    "checksums differ; nothing was restored."
                )
    return len(manifest["tables"]), rows


def _field(model, attname: str):
    for f in tables.columns(model):
        if f.attname == attname:
            return f
    raise RestoreRefused(f"{model._meta.label} has no column {attname} at this migration state.")


def _restore_files(folder: Path, manifest: dict, *, replace: bool) -> int:
    written = 0
    for arcname, meta in manifest["files"].items():
        _files, name, relative = arcname.split("/", 2)
        target = FILE_ROOTS[name]() / relative
        if target.exists() and _sha256_file(target) != meta["sha256"] and not replace:
            raise RestoreRefused(f"{target} exists with other content; pass --replace to overwrite it.")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / arcname, target)
        written += 1
    return written


def _move_import_paths(apps, manifest: dict, using: str) -> int:
    """Imports store their file's full path; on a server whose IMPORTS_DIR differs, point them at it."""
    old, new = manifest["folders"]["imports"].rstrip("/"), str(Path(settings.IMPORTS_DIR)).rstrip("/")
    if old == new:
        return 0
    job = apps.get_model("imports", "ImportJob")
    return (
        job._base_manager.using(using)
        .filter(stored_path__startswith=old + "/")
        .update(stored_path=Concat(Value(new), Substr(F("stored_path"), len(old) + 1)))
    )


def verify_certificates(manifest: dict, using: str) -> tuple[int, list[str]]:
    """Check every certificate's signature with the public key of the key that signed it."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from django.core.exceptions import ValidationError

    from pathways.training import signing
    from pathways.training.models import Certificate

    keys = {signing.key_id(): signing.public_key()}
    recorded = manifest.get("signing_keys", {}).get("configured")
    if recorded:
        keys.setdefault(
            recorded["key_id"],
            Ed25519PublicKey.from_public_bytes(signing.b64url_decode(recorded["public_key"])),
        )
    verified, failed = 0, []
    for number, payload, key_id in (
        Certificate.objects.using(using)
        .order_by("number")
        .values_list("number", "payload", "key_id")
        .iterator()
    ):
        key = keys.get(key_id)
        try:
            if key is None:
                raise ValidationError("unknown key")
            signing.verify(payload, key=key)
        except ValidationError:
            failed.append(number)
            continue
        verified += 1
    return verified, failed


def restore(
    *, archive_path: Path, using: str = "default", replace: bool = False, upgrade: bool = True
) -> Outcome:
    manifest = read_manifest(archive_path)
    if _holds_data(using) and not replace:
        raise RestoreRefused(
            "The database already holds accounts or people. Restore into an empty database (createdb), "
            "or pass --replace to overwrite everything in it."
        )
    leaves = [tuple(node) for node in manifest["migrations"]]
    try:
        apps = state.state_apps(using, leaves)  # type: ignore[arg-type]
    except LookupError as error:
        raise RestoreRefused(str(error)) from None
    outcome = Outcome(path=archive_path)
    with tempfile.TemporaryDirectory(prefix="pathways-restore-") as work:
        folder = Path(work)
        _unpack(archive_path, folder, manifest)
        state.migrate_to(using, leaves)  # type: ignore[arg-type]
        outcome.tables, outcome.rows = _load(apps, manifest, folder, using)
        moved = _move_import_paths(apps, manifest, using)
        if moved:
            outcome.notes.append(f"{moved} imports now point at their files in {settings.IMPORTS_DIR}.")
        outcome.files = _restore_files(folder, manifest, replace=replace)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # the restored table has the archive's ids
    if upgrade:
        call_command("migrate", database=using, interactive=False, verbosity=0)
    if state.applied_leaves(using) != state.code_leaves(using):
        outcome.notes.append(
            "The database is at the backup's migration state, not this code's: run migrate, then check the "
            "certificates with verify_certificates."
        )
        return outcome
    outcome.certificates_verified, failed = verify_certificates(manifest, using)
    if failed:
        raise RestoreRefused(
            f"{len(failed)} certificate signatures do not verify (first: {', '.join(failed[:5])}); the data "
            "is restored, but check CERTIFICATE_SIGNING_KEY and the archive."
        )
    from pathways.training import signing

    in_use = set(manifest.get("signing_keys", {}).get("certificates_by_key", {}))
    if in_use - {signing.key_id()}:
        outcome.notes.append(
            f"Certificates were signed with key {', '.join(sorted(in_use))}; this server's key is "
            f"{signing.key_id()}. Set CERTIFICATE_SIGNING_KEY to the key they were signed with (kept apart "
            "from backups), or the public check will not vouch for them."
        )
    return outcome


def backup_nightly() -> Path:
    """The scheduled backup: a new archive in BACKUP_DIR, the oldest beyond BACKUP_KEEP removed."""
    folder = Path(settings.BACKUP_DIR)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    outcome = backup(output=folder / f"pathways-{stamp}.tar.gz")
    archives = sorted(folder.glob("pathways-*.tar.gz"))
    for old in archives[: max(0, len(archives) - settings.BACKUP_KEEP)]:
        old.unlink()
    return outcome.path
