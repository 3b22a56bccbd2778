from django.urls import reverse

from pathways.accounts.models import ApiToken
from pathways.accounts.services import api_token_issue
from pathways.core.models import AuditEvent


def test_an_administrator_revokes_a_token_in_the_admin(client, admin_user, vte_staff):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    api_token_issue(actor=None, user=vte_staff, scopes=["write"])
    client.force_login(admin_user)
    token = ApiToken.objects.get()
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_people_are_not_in_the_admin_because_it_would_bypass_scopes(client, admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Organisations" in page
    assert "/admin/people/" not in page


def test_an_administrator_narrows_a_tokens_scopes_and_sets_its_expiry(client, admin_user, vte_staff):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    api_token_issue(actor=None, user=vte_staff, scopes=["write"])
    token = ApiToken.objects.get()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        {
            "scopes": ["people:read", "training:write"],
            "expires_at_0": "2031-01-31",
            "expires_at_1": "12:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    token.refresh_from_db()
    assert token.scopes == ["people:read", "training:write"]
    assert token.expires_at.year == 2031
    event = AuditEvent.objects.get(action="api_token.update")
    assert sorted(event.changed_fields) == ["expires_at", "scopes"]
