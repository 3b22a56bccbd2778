import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
application = get_wsgi_application()

# A production server does not run the system checks on its own; run them so the app refuses to start
# on an unsafe configuration instead of serving it.
from django.core import checks  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

_errors = [e for e in checks.run_checks() if e.is_serious()]
if _errors:
    raise ImproperlyConfigured("; ".join(f"{e.msg} {e.hint or ''}" for e in _errors))
