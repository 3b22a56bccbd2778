from django.urls import path

from pathways.results import views
from pathways.results.dhis2 import views as dhis2

urlpatterns = [
    path("", views.project_list, name="results-projects"),
    # Before the project's pages: "dhis2/..." would otherwise read as a project code.
    path("dhis2/org-units/", dhis2.dhis2_org_units, name="results-dhis2-org-units"),
    path("dhis2/combinations/", dhis2.dhis2_combos, name="results-dhis2-combos"),
    path("dhis2/combinations/new/", dhis2.dhis2_combo, name="results-dhis2-combo-new"),
    path("dhis2/combinations/<slug:combo_code>/", dhis2.dhis2_combo, name="results-dhis2-combo"),
    path("<slug:code>/", views.dashboard, name="results-dashboard"),
    path("<slug:code>/report.<str:fmt>", views.report, name="results-report"),
    path("<slug:code>/indicators/<str:indicator_code>/records/", views.records, name="results-records"),
    path("<slug:code>/dhis2/", dhis2.dhis2, name="results-dhis2"),
    path("<slug:code>/dhis2/send/", dhis2.dhis2_send, name="results-dhis2-send"),
    path("<slug:code>/dhis2/mapping/", dhis2.dhis2_mapping, name="results-dhis2-mapping"),
]
