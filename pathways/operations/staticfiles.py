from django.contrib.staticfiles.apps import StaticFilesConfig


class PathwaysStaticFilesConfig(StaticFilesConfig):
    """collectstatic leaves out ReDoc: the API docs page is Swagger UI's (WHITENOISE_SKIP_COMPRESS_EXTENSIONS
    in settings leaves the source maps uncompressed); together they were most of the minutes that
    compressing django-ninja's 10 MB took on a shared 2-core machine."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "redoc.*"]
