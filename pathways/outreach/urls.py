from django.urls import path

from pathways.outreach import views

urlpatterns = [
    path("outreach/", views.session_list, name="outreach-home"),
    path("outreach/sessions/new/", views.session_create, name="outreach-session-create"),
    path("outreach/sessions/<uuid:session_id>/", views.session_detail, name="outreach-session"),
    path("outreach/sessions/<uuid:session_id>/edit/", views.session_edit, name="outreach-session-edit"),
    path("outreach/sessions/<uuid:session_id>/attendees/", views.attendee_add, name="outreach-attendee-add"),
    path(
        "outreach/sessions/<uuid:session_id>/attendees/<uuid:attendance_id>/scores/",
        views.attendee_scores,
        name="outreach-attendee-scores",
    ),
    path(
        "outreach/sessions/<uuid:session_id>/attendees/<uuid:attendance_id>/remove/",
        views.attendee_remove,
        name="outreach-attendee-remove",
    ),
]
