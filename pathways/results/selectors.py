from django.db.models import QuerySet

from pathways.results.models import Project


def project_list() -> QuerySet[Project]:
    """Projects are not personal data: everyone signed in may list them."""
    return Project.objects.prefetch_related("donors")
