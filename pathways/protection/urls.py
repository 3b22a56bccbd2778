from django.urls import path

from pathways.protection import views

urlpatterns = [
    path("protection/", views.case_list, name="protection-home"),
    path("protection/cases/new/", views.case_open, name="protection-case-open"),
    path("protection/cases/<uuid:case_id>/", views.case_detail, name="protection-case"),
    path("protection/cases/<uuid:case_id>/edit/", views.case_edit, name="protection-case-edit"),
    path("protection/cases/<uuid:case_id>/notes/", views.note_add, name="protection-note-add"),
    path("protection/cases/<uuid:case_id>/close/", views.case_close, name="protection-case-close"),
    path("protection/cases/<uuid:case_id>/reopen/", views.case_reopen, name="protection-case-reopen"),
    path("protection/cases/<uuid:case_id>/team/", views.case_assign, name="protection-case-team"),
]
