from django.urls import path

from pathways.identity import views

urlpatterns = [
    path("review/", views.review_queue, name="identity-queue"),
    path("review/run/", views.run_start, name="identity-run"),
    path("review/why/", views.pair_why, name="identity-why"),
    path("review/<int:pair_id>/", views.pair_detail, name="identity-pair"),
    path("review/<int:pair_id>/reject/", views.pair_reject, name="identity-pair-reject"),
    path("merges/<uuid:merge_id>/undo/", views.merge_undo, name="identity-merge-undo"),
]
