from django.urls import path

from pathways.returns import views

urlpatterns = [
    path("returns/", views.return_list, name="returns-home"),
    path("returns/referrals/", views.referral_list, name="returns-referrals"),
    path("returns/new/", views.return_create, name="returns-create"),
    path("returns/<uuid:return_id>/", views.return_detail, name="returns-return"),
    path("returns/<uuid:return_id>/edit/", views.return_edit, name="returns-edit"),
    path("returns/<uuid:return_id>/referrals/", views.referral_create, name="returns-referral-create"),
    path(
        "returns/<uuid:return_id>/referrals/<uuid:referral_id>/outcome/",
        views.referral_outcome,
        name="returns-referral-outcome",
    ),
]
