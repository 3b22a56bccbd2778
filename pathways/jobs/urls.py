from django.urls import path

from pathways.jobs import views

urlpatterns = [
    path("jobs/", views.vacancy_list, name="jobs-home"),
    path("jobs/vacancies/new/", views.vacancy_create, name="jobs-vacancy-create"),
    path("jobs/vacancies/<uuid:vacancy_id>/", views.vacancy_detail, name="jobs-vacancy"),
    path("jobs/vacancies/<uuid:vacancy_id>/status/", views.vacancy_status, name="jobs-vacancy-status"),
    path("jobs/vacancies/<uuid:vacancy_id>/edit/", views.vacancy_edit, name="jobs-vacancy-edit"),
    path(
        "jobs/vacancies/<uuid:vacancy_id>/place/<uuid:person_id>/",
        views.vacancy_place,
        name="jobs-vacancy-place",
    ),
    path("jobs/placements/", views.placement_list, name="jobs-placements"),
    path("jobs/placements/new/", views.placement_create, name="jobs-placement-create"),
    path("jobs/placements/<uuid:placement_id>/", views.placement_detail, name="jobs-placement"),
    path("jobs/placements/<uuid:placement_id>/follow-up/", views.follow_up_record, name="jobs-follow-up"),
    path(
        "jobs/placements/<uuid:placement_id>/follow-up/<int:checkpoint>/correct/",
        views.follow_up_correct,
        name="jobs-follow-up-correct",
    ),
    path("jobs/placements/<uuid:placement_id>/end/", views.placement_end, name="jobs-placement-end"),
    path("jobs/follow-ups/", views.follow_ups_due, name="jobs-follow-ups"),
]
