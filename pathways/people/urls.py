from django.urls import path

from pathways.people import views

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("export.csv", views.person_export, name="person-export"),
    path("export.xlsx", views.person_export_xlsx, name="person-export-xlsx"),
    path("new/", views.person_create, name="person-create"),
    path("<uuid:person_id>/", views.person_detail, name="person-detail"),
    path("<uuid:person_id>/edit/", views.person_edit, name="person-edit"),
    path("<uuid:person_id>/delete/", views.person_delete, name="person-delete"),
    path("<uuid:person_id>/consents/", views.consent_add, name="consent-add"),
    path(
        "<uuid:person_id>/consents/<uuid:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
]
