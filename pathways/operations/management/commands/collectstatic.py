from django.contrib.staticfiles.management.commands import collectstatic


class Command(collectstatic.Command):
    """collectstatic leaving out ReDoc: the API docs page is Swagger UI's (WHITENOISE_SKIP_COMPRESS_EXTENSIONS
    in settings leaves the source maps uncompressed); together they were most of the minutes that compressing
    django-ninja's 10 MB took on a shared 2-core machine.

    A command rather than a StaticFilesConfig with its own ignore_patterns: the test live server
    (pytest-django) serves static files from their sources only when the app is named
    `django.contrib.staticfiles`."""

    def set_options(self, **options):
        super().set_options(**options)
        self.ignore_patterns = [*self.ignore_patterns, "redoc.*"]
