from django.urls import path

from pathways.results import views

urlpatterns = [
    path("", views.project_list, name="results-projects"),
    path("<slug:code>/", views.dashboard, name="results-dashboard"),
    path("<slug:code>/report.<str:fmt>", views.report, name="results-report"),
    path("<slug:code>/indicators/<str:indicator_code>/records/", views.records, name="results-records"),
]
