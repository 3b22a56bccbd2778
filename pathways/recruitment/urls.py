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
    path("recruitment/", views.record_list, name="recruitment-records"),
    path("recruitment/new/", views.record_create, name="recruitment-record-create"),
    path("recruitment/<uuid:record_id>/", views.record_detail, name="recruitment-record"),
    path("recruitment/<uuid:record_id>/edit/", views.record_edit, name="recruitment-record-edit"),
    path("recruitment/<uuid:record_id>/costs/", views.cost_create, name="recruitment-cost-create"),
    path(
        "recruitment/<uuid:record_id>/costs/<uuid:cost_id>/delete/",
        views.cost_delete,
        name="recruitment-cost-delete",
    ),
    path("recruitment/<uuid:record_id>/earnings/", views.earnings_create, name="recruitment-earnings-create"),
    path("recruitment/sdg-10-7-1/", views.sdg_10_7_1, name="recruitment-sdg"),
    path("recruitment/complaints/", views.complaint_list, name="recruitment-complaints"),
    path("recruitment/complaints/new/", views.complaint_create, name="recruitment-complaint-create"),
    path("recruitment/complaints/<uuid:complaint_id>/", views.complaint_detail, name="recruitment-complaint"),
    path(
        "recruitment/complaints/<uuid:complaint_id>/progress/",
        views.complaint_progress,
        name="recruitment-complaint-progress",
    ),
    path(
        "recruitment/complaints/<uuid:complaint_id>/refer/",
        views.complaint_refer,
        name="recruitment-complaint-refer",
    ),
    path(
        "recruitment/complaints/<uuid:complaint_id>/case/",
        views.complaint_open_case,
        name="recruitment-complaint-case",
    ),
    path("recruitment/job-orders/", views.job_order_list, name="recruitment-job-orders"),
    path("recruitment/job-orders/new/", views.job_order_create, name="recruitment-job-order-create"),
    path("recruitment/job-orders/<uuid:job_order_id>/", views.job_order_detail, name="recruitment-job-order"),
    path(
        "recruitment/job-orders/<uuid:job_order_id>/decision/",
        views.job_order_decide,
        name="recruitment-job-order-decide",
    ),
    path("recruitment/exchange-rates/", views.exchange_rates, name="recruitment-exchange-rates"),
]
