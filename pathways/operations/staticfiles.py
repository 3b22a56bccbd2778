from pathlib import Path

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CompressedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed files, compressing again only what changed since the last collect.

    The web service collects the static files every time it starts (deploy/systemd/pathways-web.service), and
    compressing them all again took most of a minute on a busy 2-core machine. A file whose gzip copy is at
    least as new as the file itself was compressed from this very content (hashed names never change
    content; collectstatic rewrites a changed original, which makes it newer)."""

    def compress_files(self, paths):
        return super().compress_files([path for path in paths if self._needs_compressing(path)])

    def _needs_compressing(self, path: str) -> bool:
        source = Path(self.path(path))
        compressed = source.with_name(source.name + ".gz")
        return not compressed.exists() or compressed.stat().st_mtime < source.stat().st_mtime
