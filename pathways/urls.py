from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pathways.accounts.forms import ThrottledLoginForm
from pathways.api.v1 import api
from pathways.core import views as core_views
from pathways.operations import views as operations_views

urlpatterns = [
    path("", core_views.dashboard, name="dashboard"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=ThrottledLoginForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("people/", include("pathways.people.urls")),
    path("", include("pathways.training.urls")),
    path("", include("pathways.jobs.urls")),
    path("", include("pathways.outreach.urls")),
    path("", include("pathways.protection.urls")),
    path("", include("pathways.returns.urls")),
    path("", include("pathways.recruitment.urls")),
    path("identity/", include("pathways.identity.urls")),
    path("imports/", include("pathways.imports.urls")),
    path("", include("pathways.fieldcapture.urls")),
    path("results/", include("pathways.results.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", operations_views.healthz, name="healthz"),
    path("metrics", operations_views.metrics_view, name="metrics"),
]
