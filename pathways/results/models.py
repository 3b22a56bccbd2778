from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import BaseModel


class Project(BaseModel):
    """A donor-funded project (PROMISE II, CREST...); activities and results are attributed to one."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("name (Lao)"), max_length=200, blank=True)
    donors = models.ManyToManyField(
        "partners.Organisation",
        related_name="funded_projects",
        blank=True,
        verbose_name=_("donors"),
        limit_choices_to={"kind": "donor"},
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="project_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.code
