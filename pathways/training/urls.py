from django.urls import path

from pathways.training import public, views

urlpatterns = [
    path("training/", views.cohort_list, name="training-home"),
    path("training/courses/", views.course_list, name="training-courses"),
    path("training/cohorts/new/", views.cohort_create, name="training-cohort-create"),
    path("training/cohorts/<uuid:cohort_id>/", views.cohort_detail, name="training-cohort"),
    path("training/cohorts/<uuid:cohort_id>/enrol/", views.cohort_enrol, name="training-enrol"),
    path(
        "training/cohorts/<uuid:cohort_id>/attendance/",
        views.attendance_today,
        name="training-attendance-today",
    ),
    path(
        "training/cohorts/<uuid:cohort_id>/attendance/<str:day>/",
        views.attendance_day,
        name="training-attendance",
    ),
    path(
        "training/cohorts/<uuid:cohort_id>/assessment/", views.cohort_assessment, name="training-assessment"
    ),
    path(
        "training/cohorts/<uuid:cohort_id>/complete/", views.cohort_complete, name="training-cohort-complete"
    ),
    path(
        "training/cohorts/<uuid:cohort_id>/certificates/",
        views.cohort_certificates_issue,
        name="training-cohort-certificates",
    ),
    path(
        "training/cohorts/<uuid:cohort_id>/certificates.pdf",
        views.cohort_certificates_pdf,
        name="training-cohort-certificates-pdf",
    ),
    path("training/enrolments/<uuid:enrolment_id>/", views.enrolment_detail, name="training-enrolment"),
    path("training/enrolments/<uuid:enrolment_id>/assess/", views.enrolment_assess, name="training-assess"),
    path(
        "training/enrolments/<uuid:enrolment_id>/drop-out/",
        views.enrolment_drop_out,
        name="training-drop-out",
    ),
    path(
        "training/enrolments/<uuid:enrolment_id>/complete/",
        views.enrolment_complete,
        name="training-complete",
    ),
    path(
        "training/enrolments/<uuid:enrolment_id>/certificate/",
        views.enrolment_certificate,
        name="training-enrolment-certificate",
    ),
    path("training/certificates/", views.certificate_list, name="training-certificates"),
    path(
        "training/certificates/<uuid:certificate_id>/", views.certificate_detail, name="training-certificate"
    ),
    path(
        "training/certificates/<uuid:certificate_id>/pdf",
        views.certificate_pdf,
        name="training-certificate-pdf",
    ),
    path(
        "training/certificates/<uuid:certificate_id>/revoke/",
        views.certificate_revoke,
        name="training-certificate-revoke",
    ),
    path("training/coverage/", views.coverage, name="training-coverage"),
    path(
        "training/coverage/<uuid:institution_id>/schedule/",
        views.coverage_schedule,
        name="training-coverage-schedule",
    ),
    path("training/rpl/", views.rpl_queue, name="training-rpl-queue"),
    path("training/rpl/new/", views.rpl_create, name="training-rpl-create"),
    path("training/rpl/<uuid:application_id>/", views.rpl_detail, name="training-rpl"),
    path("training/rpl/<uuid:application_id>/<str:step>/", views.rpl_step, name="training-rpl-step"),
    path("training/rpl/evidence/<uuid:evidence_id>/", views.rpl_evidence_file, name="training-rpl-evidence"),
    path("verify/", public.verify, name="verify"),
    path("verify/public-key", public.public_key, name="verify-public-key"),
]
