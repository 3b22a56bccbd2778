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
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "pathways-demo", "Password of every user created by seed_demo.")
PAGE_SIZE = env_int("PAGE_SIZE", 50, "Rows per page on list pages and API lists.")
SMALL_CELL_THRESHOLD = env_int(
    "SMALL_CELL_THRESHOLD",
    5,
    "Published and exported counts below this are shown as '<N' (with complements).",
)
SECURE_COOKIES = env_bool("SECURE_COOKIES", False, "Send session and CSRF cookies over HTTPS only.")
CERTIFICATE_SIGNING_KEY = env_str(
    "CERTIFICATE_SIGNING_KEY",
    "",
    "Ed25519 private key (PEM, or base64url of the 32-byte seed) that signs certificates; empty for the "
    "development key, which is refused while DEBUG is off.",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
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
    "pathways.identity",
    "pathways.imports",
    "pathways.fieldcapture",
    "pathways.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
# Uploaded files (RPL evidence); served only through views that check scope, never as public media.
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
