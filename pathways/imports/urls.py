from django.urls import path

from pathways.imports import views

urlpatterns = [
    path("", views.job_list, name="import-list"),
    path("<uuid:job_id>/", views.job_detail, name="import-detail"),
    path("<uuid:job_id>/report.<str:fmt>", views.job_report, name="import-report"),
]
