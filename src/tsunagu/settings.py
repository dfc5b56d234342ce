"""tsunagu settings: one file, configured by environment variables (see tsunagu.env).

Defaults are safe for a single machine on a closed network: an embedded SQLite database
under ``var/``, no debug pages, mail written to files. ``TSUNAGU_PRODUCTION=1`` turns on
everything a deployment behind HTTPS needs and then insists on a real SECRET_KEY.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tsunagu.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent


def _default_var_dir() -> Path:
    """Where the database and the keys live when TSUNAGU_VAR_DIR is not set: ``./var`` if it
    exists, else the ``var/`` of the source checkout this code runs from (so a command run
    from another directory uses the project's data and keys instead of quietly creating new
    ones), else ``./var`` (a new installation)."""
    here = Path.cwd() / "var"
    checkout = PACKAGE_DIR.parent.parent
    if here.is_dir() or not (checkout / "pyproject.toml").is_file():
        return here
    return checkout / "var"


VAR_DIR = Path(env_str("TSUNAGU_VAR_DIR", str(_default_var_dir()))).resolve()

PRODUCTION = env_bool("TSUNAGU_PRODUCTION", False)
DEBUG = env_bool("TSUNAGU_DEBUG", False)


def _secret_key() -> str:
    if PRODUCTION:
        return env_str("SECRET_KEY", required=True)
    key = env_str("SECRET_KEY", "")
    if key:
        return key
    # A single-machine installation keeps its own random key under var/.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "tsunagu.core",
    "tsunagu.accounts",
    "tsunagu.people",
    "tsunagu.consultations",
    "tsunagu.reports",
    "tsunagu.needs",
    "tsunagu.council",
    "tsunagu.safeguarding",
    "tsunagu.plans",
    "tsunagu.directory",
    "tsunagu.network",
    "tsunagu.disaster",
    "tsunagu.foodbank",
    "tsunagu.assessment",
    "tsunagu.privacy",
    "tsunagu.community",
    "tsunagu.sheets",
    "tsunagu.transition",
    "tsunagu.portal",  # the top: dashboard, navigation, demo (tools/layers.py)
    "django.forms",  # last: core's widget templates override Django's (FORM_RENDERER below)
]

MIDDLEWARE = [
    "tsunagu.core.proxy.TrustedProxyMiddleware",  # the client's address, before anyone reads it
    "tsunagu.core.accesslog.AccessLogMiddleware",
    "tsunagu.core.uploads.RequestSizeLimitMiddleware",  # before anything reads the body
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tsunagu.accounts.middleware.SessionIdleMiddleware",  # after it: renews the idle clock
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tsunagu.core.affiliations.AffiliationMiddleware",  # before anything reads user.role
    "tsunagu.core.middleware.RequestContextMiddleware",
    "tsunagu.core.middleware.NulInQueryMiddleware",  # 400, before any view reads ?q=
    "tsunagu.core.middleware.PersonalDataNoStoreMiddleware",
    "tsunagu.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Upload limits (tsunagu.core.uploads): a request body over this is refused from its
# Content-Length, unread. Fields other than files are capped by Django's own setting; files
# above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file, never held in memory.
TSUNAGU_MAX_REQUEST_BYTES = env_int("TSUNAGU_MAX_REQUEST_MB", 25, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, stated: 2.5 MB of non-file fields
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files go to a temporary file

ROOT_URLCONF = "tsunagu.urls"
WSGI_APPLICATION = "tsunagu.wsgi.application"
AUTH_USER_MODEL = "core.User"

# Widgets render through the project's templates, so core overrides a widget in one place
# (core/templates/django/forms/widgets/: 「選択してください」 instead of "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tsunagu.portal.context_processors.tsunagu",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names PostgreSQL (postgres://...).
_DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tsunagu.sqlite3'}")
if not _DATABASE_URL.startswith(("sqlite://", "postgres://", "postgresql://")):
    raise ImproperlyConfigured(
        "DATABASE_URL must start with sqlite:// or postgres:// (tsunagu supports SQLite and "
        f"PostgreSQL); got {_DATABASE_URL.split(':', 1)[0]}://..."
    )
if _DATABASE_URL.startswith("postgres"):
    import importlib.util

    if importlib.util.find_spec("psycopg") is None:
        raise ImproperlyConfigured(
            "DATABASE_URL names PostgreSQL but psycopg is not installed: "
            "pip install 'tsunagu[postgres]' (with -c constraints.txt)."
        )
# Connections are kept between requests (a minute by default, checked before reuse): opening
# one per request cost every page a connect — on PostgreSQL a login with its password hash —
# and on SQLite the PRAGMAs below (issue 25). TSUNAGU_DB_CONN_MAX_AGE=0 closes each at the
# end of its request.
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=env_int("TSUNAGU_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, except that flush may empty the append-only audit table
    DATABASES["default"]["ENGINE"] = "tsunagu.core.sqlite"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # Tests: an in-memory database, said outright so that pytest-xdist (which knows only
    # Django's own SQLite engine by name) does not derive a file name from the path above.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("TSUNAGU_PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tsunagu.accounts.passwords.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# Sessions end after this many idle minutes; every request renews the clock, writing the
# session at most once a minute (tsunagu.accounts.middleware.SessionIdleMiddleware).
SESSION_IDLE_MINUTES = env_int("TSUNAGU_SESSION_IDLE_MINUTES", 30, minimum=1, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): lock a username from an address after repeated failures.
AXES_FAILURE_LIMIT = env_int("TSUNAGU_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TSUNAGU_LOGIN_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False

# Password reset by mail: requests per address and per client address within the window
# (Django's cache; over the limit the page answers the same and nothing is mailed).
PASSWORD_RESET_PER_ADDRESS = env_int("TSUNAGU_PASSWORD_RESET_PER_ADDRESS", 3, minimum=1)
PASSWORD_RESET_PER_CLIENT = env_int("TSUNAGU_PASSWORD_RESET_PER_CLIENT", 10, minimum=1)
PASSWORD_RESET_WINDOW_MINUTES = env_int(
    "TSUNAGU_PASSWORD_RESET_WINDOW_MINUTES", 15, minimum=1, maximum=24 * 60
)

OTP_TOTP_ISSUER = env_str("TSUNAGU_OTP_ISSUER", "tsunagu")
OTP_TOTP_THROTTLE_FACTOR = 1

# Language and time: Japanese first.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("英語"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("TSUNAGU_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("TSUNAGU_MEDIA_ROOT", str(VAR_DIR / "media")))
# Static files are served by WhiteNoise straight from the installed package, in production
# too: there is no `collectstatic` step to forget (forgetting it made every page a 500), and
# an upgrade serves the new files the moment the server restarts. Names are not hashed, so
# browsers revalidate after WHITENOISE_MAX_AGE; nginx compresses (deploy/nginx-tsunagu.conf).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = env_int("TSUNAGU_STATIC_MAX_AGE", 3600, minimum=0)
try:  # WhiteNoise warns about a missing STATIC_ROOT; `collectstatic` is harmless but unneeded
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass


def _cache(url: str) -> dict:
    """TSUNAGU_CACHE_URL: empty or ``db`` (a table in the database, made by `migrate`),
    ``redis://[:password@]host:6379/0`` (``rediss://`` over TLS; Django's RedisCache, needs the
    ``redis`` package), ``memcached://host:11211[,host2:11211]`` (Django's PyMemcacheCache,
    needs ``pymemcache``) — both clients come with ``tsunagu[server]`` — or ``locmem`` (one
    process only: development). Shared by every worker, so a change one makes is seen by all.
    A cache server that does not answer within 5 seconds fails the request, not hangs it."""
    from importlib.util import find_spec

    scheme, _sep, servers = url.partition("://")
    scheme = scheme.lower()

    def client(package: str, server: str) -> None:
        if find_spec(package) is None:
            raise ImproperlyConfigured(
                f"TSUNAGU_CACHE_URL names a {server} server, but the Python package "
                f"{package!r} is not installed: pip install -c constraints.txt 'tsunagu[server]'"
            )

    if url in ("", "db"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tsunagu_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    if scheme in ("redis", "rediss") and servers:
        client("redis", "Redis")
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }
    if scheme == "memcached" and servers.strip(", "):
        client("pymemcache", "memcached")
        locations = [s.strip() for s in servers.split(",") if s.strip()]
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": locations if len(locations) > 1 else locations[0],
            "OPTIONS": {"connect_timeout": 5, "timeout": 5},
        }
    if url == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    # name what was given by its scheme only: the rest may hold a password
    given = repr(scheme) if scheme.isascii() and scheme.isalnum() else "an unreadable value"
    raise ImproperlyConfigured(
        "TSUNAGU_CACHE_URL must be empty, db, locmem, redis://host:6379/0, rediss://... or "
        f"memcached://host:11211; got {given}"
        + (" with no server" if _sep and scheme in ("redis", "rediss", "memcached") else "")
    )


CACHES = {"default": _cache(env_str("TSUNAGU_CACHE_URL", ""))}

# Mail: SMTP when TSUNAGU_EMAIL_HOST is set; otherwise messages are written under var/mail.
EMAIL_HOST = env_str("TSUNAGU_EMAIL_HOST", "")
if EMAIL_HOST or PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = EMAIL_HOST or "localhost"
    EMAIL_PORT = env_int("TSUNAGU_EMAIL_PORT", 25, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("TSUNAGU_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("TSUNAGU_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("TSUNAGU_EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = env_int("TSUNAGU_EMAIL_TIMEOUT", 20, minimum=1)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("TSUNAGU_EMAIL_FROM", "tsunagu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. CSP without 'unsafe-inline': every script and style is a static file.
# The map of 居場所: a tile URL template ({z}/{x}/{y}), e.g. 地理院タイル
# https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png with attribution 「地理院タイル」.
# Empty (the default): no tiles — the page shows the markers on a plain background with a
# scale, and the same places as a list: what a closed municipal network gets anyway.
MAP_TILE_URL = env_str("TSUNAGU_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("TSUNAGU_MAP_TILE_ATTRIBUTION", "")


def _origin(url: str) -> list[str]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_origin(MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "tsunagu.core.views.csrf_failure"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("TSUNAGU_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("TSUNAGU_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("TSUNAGU_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Behind a reverse proxy (nginx, deploy/nginx-tsunagu.conf): its X-Forwarded-For and
# X-Forwarded-Proto are believed from these addresses only (tsunagu.core.proxy) — the client's
# address goes to the audit log and the login lockout, the scheme to the HTTPS redirect.
BEHIND_PROXY = env_bool("TSUNAGU_BEHIND_PROXY", False)
TSUNAGU_TRUSTED_PROXIES = (
    env_list("TSUNAGU_TRUSTED_PROXIES", ["127.0.0.1", "::1"]) if BEHIND_PROXY else []
)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs never carry personal data: paths and ids only, no query strings or bodies. They go
# to standard error (journald under systemd) or, with TSUNAGU_LOG_FILE, to that file (reopened
# when logrotate moves it). The access log (tsunagu.access) is one line per request.
_LOG_FILE = env_str("TSUNAGU_LOG_FILE", "")
_LOG_FILTERS = ["no_query", "no_403_traceback"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_query": {"()": "tsunagu.core.logging.StripQueryStringFilter"},
        "no_403_traceback": {"()": "tsunagu.core.logging.NoTracebackForForbiddenFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "main": (
            {
                "class": "logging.handlers.WatchedFileHandler",
                "filename": _LOG_FILE,
                "encoding": "utf-8",
                "formatter": "plain",
                "filters": _LOG_FILTERS,
            }
            if _LOG_FILE
            else {"class": "logging.StreamHandler", "formatter": "plain", "filters": _LOG_FILTERS}
        )
    },
    "root": {"handlers": ["main"], "level": env_str("TSUNAGU_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "tsunagu.access": {"level": "INFO" if env_bool("TSUNAGU_ACCESS_LOG", True) else "WARNING"},
    },
}

# tsunagu's own settings.
TSUNAGU_DEMO = env_bool("TSUNAGU_DEMO", False)

# Community issues: a group of needs is shown outside the center (as a candidate community
# issue, as evidence counts) only once it holds this many distinct persons.
COUNCIL_MIN_PERSONS = env_int("TSUNAGU_COUNCIL_MIN_PERSONS", 3, minimum=2)

# Retention of personal data (tsunagu.privacy): a person's records are anonymized this many
# years after the last contact (`tsunagu privacy retention`; dry run with --dry-run).
RETENTION_YEARS = env_int("TSUNAGU_RETENTION_YEARS", 5, minimum=1, maximum=100)

# Food bank: warn when one household receives again within this many days.
TSUNAGU_FOODBANK_REPEAT_DAYS = env_int("TSUNAGU_FOODBANK_REPEAT_DAYS", 30, minimum=0, maximum=365)

# The address people reach tsunagu at, for links in mails (no trailing slash).
TSUNAGU_BASE_URL = env_str("TSUNAGU_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Field encryption (the identity of an abuse reporter, 障害者虐待防止法 §8): a Fernet key
# (urlsafe base64 of 32 bytes; `python -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"`). Required in production; a single-machine
# installation keeps its own under var/. Back it up with the database: without it the
# encrypted fields cannot be read.
def _field_key() -> str:
    key = env_str("TSUNAGU_FIELD_KEY", "")
    if key or PRODUCTION:
        return env_str("TSUNAGU_FIELD_KEY", required=True)
    path = VAR_DIR / "field_key"
    if not path.exists():
        import base64

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return path.read_text().strip()


FIELD_ENCRYPTION_KEY = _field_key()

# Backups are encrypted with this key (docs/backup.md). `tsunagu backup` creates it (0600) on
# first use. Keep it away from the backups themselves and keep a copy somewhere safe:
# without it no backup can be restored.
BACKUP_KEY_FILE = Path(env_str("TSUNAGU_BACKUP_KEY_FILE", str(VAR_DIR / "backup_key")))

# Abuse reports (障害者虐待防止法): the hours the municipality's 虐待防止センター takes reports
# (weekdays that are not holidays or 12/29–1/3), and how soon safety must be confirmed.
OFFICE_HOURS = env_str("TSUNAGU_OFFICE_HOURS", "08:30-17:15")
ABUSE_SAFETY_HOURS = env_int("TSUNAGU_ABUSE_SAFETY_HOURS", 48, minimum=1)

# The center's opening hours on business days (Mon–Fri, not holidays or 12/29–1/3): the
# annual report counts consultations outside them as 時間外 (tsunagu.reports.hours).
CENTER_HOURS = env_str("TSUNAGU_CENTER_HOURS", "08:30-17:15")
