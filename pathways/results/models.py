from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import BaseModel

DEFAULT_AGE_BANDS = [0, 15, 25, 35, 45]


def default_age_bands() -> list[int]:
    return list(DEFAULT_AGE_BANDS)


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
    # Lower bounds of the age bands results are disaggregated by (age at the end of the period).
    age_bands = models.JSONField(_("age bands"), default=default_age_bands)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="project_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class ReportingPeriod(BaseModel):
    """A period results are reported for: a half-year (2021-H1), a year (2021) or a quarter (2021-Q3)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("label"), max_length=20)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    class Meta:
        ordering = ["project", "starts_on", "-ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["project", "label"], name="period_label_unique_in_project"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Level(models.TextChoices):
    OBJECTIVE = "objective", _("Objective")
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")
    ACTIVITY = "activity", _("Activity")


LEVEL_PARENT = {
    Level.OBJECTIVE: None,
    Level.OUTCOME: Level.OBJECTIVE,
    Level.OUTPUT: Level.OUTCOME,
    Level.ACTIVITY: Level.OUTPUT,
}


class ResultNode(BaseModel):
    """One box of a project's results framework: objective → outcomes → outputs → activities."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="result_nodes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    title_lo = models.CharField(_("title (Lao)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="result_node_code_unique_in_project"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(BaseModel):
    """A results indicator: what it means, and how the engine computes it (a definition, not code)."""

    node = models.ForeignKey(ResultNode, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    title_lo = models.CharField(_("title (Lao)"), max_length=300, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, default="people")
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    # Validated by results.engine.spec.Computation when written through results.services.
    computation = models.JSONField(_("computation"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["node__position", "position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def project_id(self):
        return self.node.project_id


class Target(BaseModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="target_unique_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.label}: {self.value}"


class Dhis2Mapping(models.Model):
    """Where a figure goes in DHIS2: an indicator (and a disaggregation value, or none for the total)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="dhis2_mappings")
    dimension = models.CharField(max_length=20, blank=True)
    value = models.CharField(max_length=40, blank=True)
    data_element = models.CharField(max_length=11)
    category_option_combo = models.CharField(max_length=11, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "dimension", "value"], name="dhis2_mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.dimension}={self.value} → {self.data_element}"
