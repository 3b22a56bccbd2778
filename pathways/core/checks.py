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
