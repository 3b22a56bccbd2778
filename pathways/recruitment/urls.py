from django.urls import path

from pathways.recruitment import views

urlpatterns = [
    path("recruitment/agencies/", views.agency_list, name="recruitment-agencies"),
    path("recruitment/agencies/new/", views.agency_create, name="recruitment-agency-create"),
    path("recruitment/agencies/<uuid:agency_id>/", views.agency_detail, name="recruitment-agency"),
    path("recruitment/agencies/<uuid:agency_id>/edit/", views.agency_edit, name="recruitment-agency-edit"),
    path(
        "recruitment/agencies/<uuid:agency_id>/status/", views.agency_status, name="recruitment-agency-status"
    ),
]
