from django.conf import settings
from django.core.checks import Error, register


@register()
def secret_key_is_not_the_development_key(app_configs, **kwargs):
    """Refuse to run without DEBUG on the published development key: sessions could be forged."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development key while DEBUG is off.",
                hint="Set SECRET_KEY to a long random value (python -c 'import secrets; "
                "print(secrets.token_urlsafe(50))'), or set DEBUG=true for local use.",
                id="pathways.E001",
            )
        ]
    return []


@register()
def encryption_key_is_not_the_development_key(app_configs, **kwargs):
    """Refuse to run without DEBUG on the published development encryption key: case text would be
    readable by anyone with a copy of the database."""
    from pathways.core.encryption import configured_keys

    if not settings.DEBUG and not configured_keys():
        return [
            Error(
                "No ENCRYPTION_KEYS or ENCRYPTION_KEY_FILE while DEBUG is off (the development key).",
                hint='Generate a key with: python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())", keep it outside the database and its backups; '
                "or set DEBUG=true for local use.",
                id="pathways.E002",
            )
        ]
    return []
