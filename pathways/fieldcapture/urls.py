from django.urls import path

from pathways.fieldcapture import openrosa, views

urlpatterns = [
    # OpenRosa (ODK Collect, KoboCollect): the server URL is https://<host>/openrosa
    path("openrosa/", openrosa.form_list, name="openrosa-root"),
    path("openrosa/formList", openrosa.form_list, name="openrosa-form-list"),
    path("openrosa/submission", openrosa.submission, name="openrosa-submission"),
    path("openrosa/forms/<slug:form_id>.xml", openrosa.form_download, name="openrosa-form"),
    path("openrosa/forms/<slug:form_id>/manifest", openrosa.manifest, name="openrosa-manifest"),
    path("openrosa/forms/<slug:form_id>/media/<str:filename>", openrosa.media, name="openrosa-media"),
    # Pages
    path("field/", views.home, name="fieldcapture-home"),
    path("field/sw.js", views.service_worker, name="fieldcapture-sw"),
    path("field/devices/<uuid:device_id>/revoke", views.device_revoke, name="fieldcapture-device-revoke"),
    path("field/forms/<slug:form_id>/", views.fill, name="fieldcapture-fill"),
    path("field/forms/<slug:form_id>.xml", views.form_xml, name="fieldcapture-form-xml"),
    path("field/submission", views.browser_submission, name="fieldcapture-submit"),
    path("field/submissions/", views.submission_list, name="fieldcapture-queue"),
    path("field/submissions/<uuid:submission_id>/", views.submission_detail, name="fieldcapture-submission"),
    path(
        "field/submissions/<uuid:submission_id>/files/<str:name>",
        views.attachment,
        name="fieldcapture-attachment",
    ),
]
