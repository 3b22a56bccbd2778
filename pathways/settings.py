"""Pathways settings: one module; production differs only by the environment variables declared here."""

from pathlib import Path

import django.conf.locale
from django.utils.translation import gettext_lazy as _

from pathways.core.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"

DEBUG = env_bool("DEBUG", False, "Show tracebacks and serve static files; never on in production.")
SECRET_KEY = env_str(
    "SECRET_KEY",
    DEVELOPMENT_SECRET_KEY,
    "Signs sessions and tokens; the app refuses to start with the development key while DEBUG is off.",
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"], "Host names the app answers to.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [], "Origins (https://host) allowed to post forms.")
DATABASES = {
    "default": database_from_url(
        env_str(
            "DATABASE_URL",
            "",
            "postgres://user:pass@host:5432/name for PostgreSQL; empty for the "
            "embedded SQLite file in var/pathways.sqlite3.",
        ),
        sqlite_default_path=str(BASE_DIR / "var" / "pathways.sqlite3"),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite creates the file but not its folder; var/ is not in the repository.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
REDIS_URL = env_str(
    "REDIS_URL", "", "redis://host:6379/0 for the cache and background jobs; empty for the in-process cache."
)
IMPORTS_DIR = env_str(
    "IMPORTS_DIR", str(BASE_DIR / "var" / "imports"), "Folder where uploaded import files are kept."
)
IMPORTS_BACKGROUND = env_str(
    "IMPORTS_BACKGROUND",
    "auto",
    "How imports run: auto (Celery when REDIS_URL is set, else a thread in the web process), "
    "thread, or inline (in the request; tests).",
)
IMPORTS_WORKERS = env_str(
    "IMPORTS_WORKERS",
    "auto",
    "Worker processes that validate the rows of a large import while the importing process writes: "
    "a number (0: none), or auto (one per core beyond the first, at most 3).",
)
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_ACKS_LATE = True
# Imports are long: a worker takes one job at a time, so a waiting job goes to the next free worker.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Vientiane"
# Workers log through LOGGING below (JSON lines), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")
CELERY_BEAT_SCHEDULER = "pathways.operations.beat:RegistryScheduler"
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "pathways-demo", "Password of every user created by seed_demo.")
# Ethical recruitment: whether a worker may be recorded as recruited through an agency whose licence is
# expired, suspended or revoked. Refused by default; an office that must record what happened anyway (the
# worker already left) allows it, and every such record then carries the reason given.
RECRUITMENT_ALLOW_UNLICENSED_AGENCY = env_bool(
    "RECRUITMENT_ALLOW_UNLICENSED_AGENCY",
    False,
    "Accept a recruitment through an agency without a valid licence when a reason is given.",
)
PAGE_SIZE = env_int("PAGE_SIZE", 50, "Rows per page on list pages and API lists.")
SMALL_CELL_THRESHOLD = env_int(
    "SMALL_CELL_THRESHOLD",
    5,
    "Published and exported counts below this are shown as '<N' (with complements).",
)
API_RATE_LIMIT = env_int(
    "API_RATE_LIMIT",
    600,
    "Requests a minute one API token (or one client without a token) may make; then 429.",
)
API_REFUSED_TOKENS_LIMIT = env_int(
    "API_REFUSED_TOKENS_LIMIT",
    20,
    "Refused API tokens a minute from one client address before all its requests answer 429 for the minute.",
)
SECURE_COOKIES = env_bool("SECURE_COOKIES", False, "Send session and CSRF cookies over HTTPS only.")
SECURE_SSL_REDIRECT = env_bool(
    "SECURE_SSL_REDIRECT", False, "Redirect every plain-HTTP request to HTTPS (not /healthz, /metrics)."
)
PROXY_SSL_HEADER = env_str(
    "PROXY_SSL_HEADER",
    "",
    "Header by which the TLS-terminating proxy says a request came over HTTPS (X-Forwarded-Proto); "
    "set it only when the proxy always sets or removes that header.",
)
HSTS_SECONDS = env_int(
    "HSTS_SECONDS",
    0,
    "Strict-Transport-Security max-age: browsers use HTTPS only for this long (31536000: a year). "
    "Subdomains included.",
)
HSTS_PRELOAD = env_bool(
    "HSTS_PRELOAD", False, "Add 'preload' to Strict-Transport-Security (the domain owner's decision)."
)
METRICS_TOKEN = env_str(
    "METRICS_TOKEN",
    "",
    "Bearer token Prometheus sends for /metrics; empty: /metrics answers only direct requests from "
    "the machine itself (loopback, not through the proxy).",
)
LOG_FORMAT = env_str("LOG_FORMAT", "json", "json (one object per line, for collectors) or text.")
WEB_BIND = env_str("WEB_BIND", "127.0.0.1:8000", "Address gunicorn listens on; the proxy forwards to it.")
WEB_WORKERS = env_int(
    "WEB_WORKERS", 0, "gunicorn worker processes (docs/deploy.md); 0: two per core, at least 2."
)
CELERY_WORKERS = env_int(
    "CELERY_WORKERS", 0, "Processes of a Celery worker (each runs one job at a time); 0: one per core."
)
CELERY_WORKER_CONCURRENCY = CELERY_WORKERS or None
MEDIA_ROOT = Path(
    env_str(
        "MEDIA_ROOT",
        str(BASE_DIR / "var" / "media"),
        "Folder of uploaded files (RPL evidence); served only through views that check scope.",
    )
)
BACKUP_DIR = env_str(
    "BACKUP_DIR", str(BASE_DIR / "var" / "backups"), "Where the nightly backup writes its archives."
)
BACKUP_KEEP = env_int("BACKUP_KEEP", 14, "How many nightly backup archives to keep in BACKUP_DIR.")
REPORTS_DATABASE_URL = env_str(
    "REPORTS_DATABASE_URL",
    "",
    "A read replica of the database for results reports and exports (postgres://...); empty: the main one.",
)
CERTIFICATE_SIGNING_KEY = env_str(
    "CERTIFICATE_SIGNING_KEY",
    "",
    "Ed25519 private key (PEM, or base64url of the 32-byte seed) that signs certificates; empty for the "
    "development key, which is refused while DEBUG is off.",
)

PUBLIC_BASE_URL = env_str(
    "PUBLIC_BASE_URL",
    "http://127.0.0.1:8000",
    "The address the public reaches the site at (https://pathways.example.org): certificates' QR codes link "
    "to its /verify/ page and the paper names it.",
).rstrip("/")
ENCRYPTION_KEYS = env_list(
    "ENCRYPTION_KEYS",
    [],
    "Fernet keys encrypting protection case text at rest, comma-separated: the first encrypts, all decrypt "
    "(rotation); empty (and no ENCRYPTION_KEY_FILE) for the development key, refused while DEBUG is off.",
)
ENCRYPTION_KEY_FILE = env_str(
    "ENCRYPTION_KEY_FILE",
    "",
    "A file of Fernet keys, one a line, read after ENCRYPTION_KEYS (the first key overall encrypts).",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "pathways.core",
    "pathways.accounts",
    "pathways.places",
    "pathways.partners",
    "pathways.people",
    "pathways.results",
    "pathways.training",
    "pathways.jobs",
    "pathways.outreach",
    "pathways.protection",
    "pathways.returns",
    "pathways.recruitment",
    "pathways.identity",
    "pathways.imports",
    "pathways.fieldcapture",
    "pathways.demo",
    "pathways.api",
    "pathways.operations",
    # After operations, whose collectstatic (leaving out ReDoc) takes precedence over this app's own.
    "django.contrib.staticfiles",
    # The API docs page then loads Swagger UI from our own static files, not a CDN (Content-Security-Policy).
    "ninja",
]

MIDDLEWARE = [
    # First, so it times and counts every answer, the middleware's own refusals included.
    "pathways.operations.requests.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are served over 3G in the provinces; gzip keeps first loads small.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the locale middleware, so their refusals are in the request's language.
    "pathways.api.throttling.RateLimitMiddleware",
    "pathways.api.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "pathways.urls"
WSGI_APPLICATION = "pathways.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pathways" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pathways.core.context_processors.scope",
            ],
        },
    },
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Django ships no locale data for Lao; declare it so the language switch and get_language_info work.
django.conf.locale.LANG_INFO.setdefault(
    "lo", {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"}
)
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("lo", _("Lao")), ("th", _("Thai"))]
LOCALE_PATHS = [BASE_DIR / "pathways" / "locale"]
TIME_ZONE = "Asia/Vientiane"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "pathways" / "static"]
# Uploaded files (RPL evidence, MEDIA_ROOT above) are served only through views that check scope.
MEDIA_URL = "media/"
# Hashed, compressed copies made by collectstatic; served by WhiteNoise with far-future cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "pathways.operations.staticfiles.CompressedStaticFilesStorage"},
}
# Only a developer's browser tools fetch source maps: compressing them is minutes of work for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "woff", "woff2"),
    "map",
]
if DEBUG:
    # The demo serves the source files as they are (WhiteNoise finds them); no collectstatic needed.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REPORTS_DATABASE_URL:
    DATABASES["reports"] = database_from_url(REPORTS_DATABASE_URL, sqlite_default_path="")
    # Tests run against the main database; the replica is the same data a moment later.
    DATABASES["reports"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["pathways.operations.replica.ReportsReplicaRouter"]

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Health checks and Prometheus reach the app directly over plain HTTP, not through the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
if PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = HSTS_PRELOAD
# Whether to ask for a place on the browsers' preload list is for whoever owns the domain (it binds every
# subdomain, for months); the app only passes it on (HSTS_PRELOAD), so the reminder is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The pages have no script of their own and no inline style (pathways.css); scripts come only from our
# own static files (the admin's, Swagger UI's on the API docs page).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "pathways.operations.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # One line per request (route, status, time; never the path's query or a name) and per job.
        "pathways.requests": {"level": "INFO"},
        "pathways.operations": {"level": "INFO"},
        "celery": {"level": "INFO"},
    },
}
if LOG_FORMAT not in LOGGING["formatters"]:  # type: ignore[operator]
    raise ValueError(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
