import re

from django.conf import settings
from django.core.exceptions import ValidationError
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
    title_th = models.CharField(_("title (Thai)"), max_length=300, blank=True)
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
    title_th = models.CharField(_("title (Thai)"), max_length=300, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    definition_lo = models.TextField(_("definition (Lao)"), blank=True)
    definition_th = models.TextField(_("definition (Thai)"), blank=True)
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


# DHIS2 (https://dhis2.org): where a project's figures go in a DHIS2 instance, edited by M&E officers
# (results/dhis2/services.py), and the pushes made to it. Every identifier is a DHIS2 UID.
UID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
# DHIS2's own default category option combo: the one value of a data element without disaggregation.
DEFAULT_OPTION_COMBO = "HllvX50cXC0"
COUNTRY = "LA"


def validate_uid(value: str) -> None:
    if not UID_PATTERN.match(value or ""):
        raise ValidationError(
            _("“%(value)s” is not a DHIS2 identifier: 11 letters and digits, the first a letter."),
            params={"value": value},
            code="uid",
        )


def uid_field(verbose_name, **kwargs) -> models.CharField:
    return models.CharField(verbose_name, max_length=11, validators=[validate_uid], **kwargs)


class Dhis2Server(BaseModel):
    """A DHIS2 instance figures are pushed to; set up by an administrator (the Django admin)."""

    class Auth(models.TextChoices):
        BASIC = "basic", _("User name and password")
        TOKEN = "token", _("Personal access token")

    name = models.CharField(_("name"), max_length=100, unique=True)
    base_url = models.URLField(
        _("address"), help_text=_("The instance's address, e.g. https://dhis2.example.org")
    )
    auth = models.CharField(_("sign-in"), max_length=10, choices=Auth.choices, default=Auth.BASIC)
    username = models.CharField(_("user name"), max_length=150, blank=True)
    # The password or token, encrypted with a key derived from SECRET_KEY (results/dhis2/secrets.py): the
    # database alone does not give it away. Written only through the admin's form, never shown.
    secret = models.TextField(_("password or token"), blank=True, editable=False)
    # Files and pushes leave the system with small counts withheld; an instance covered by a data-sharing
    # agreement may receive exact figures, which DHIS2 needs to add its totals up right.
    exact_figures = models.BooleanField(
        _("send exact figures"),
        default=False,
        help_text=_(
            "Only when a data-sharing agreement covers this instance. Otherwise small counts are withheld "
            "and DHIS2's totals of the figures they are part of are lower than the real ones."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("DHIS2 instance")
        verbose_name_plural = _("DHIS2 instances")

    def __str__(self) -> str:
        return self.name


class Dhis2OrgUnit(BaseModel):
    """The DHIS2 organisation unit of a province (or of the country, for figures with no province)."""

    place = models.CharField(_("place"), max_length=10, unique=True)  # "LA" or an ISO 3166-2 province code
    uid = uid_field(_("organisation unit"), unique=True)

    class Meta:
        ordering = ["place"]

    def __str__(self) -> str:
        return f"{self.place} → {self.uid}"


class Dhis2DataSet(BaseModel):
    """The DHIS2 data set a project reports in, and the attribute option combo that names the project."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="dhis2_data_set")
    uid = uid_field(_("data set"))
    attribute_option_combo = uid_field(_("attribute option combo (the funding project)"))

    def __str__(self) -> str:
        return f"{self.project.code} → {self.uid}"


class Dhis2CategoryCombo(BaseModel):
    """A DHIS2 category combination in Pathways' terms: a breakdown by one dimension, by sex, by both, or
    none (DHIS2's default). Each of its category option combos is a cell of that breakdown."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    uid = uid_field(_("category combination"), blank=True)
    dimension = models.CharField(_("breakdown"), max_length=20, blank=True)  # "" or a person dimension
    by_sex = models.BooleanField(_("by sex"), default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Dhis2OptionCombo(BaseModel):
    """One category option combo: the cell of its combination with this value of the dimension and sex."""

    category_combo = models.ForeignKey(Dhis2CategoryCombo, on_delete=models.CASCADE, related_name="options")
    value = models.CharField(_("value"), max_length=40, blank=True)
    sex = models.CharField(_("sex"), max_length=8, blank=True)
    uid = uid_field(_("category option combo"))

    class Meta:
        ordering = ["category_combo", "value", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["category_combo", "value", "sex"], name="dhis2_option_cell_unique"
            ),
            models.UniqueConstraint(fields=["category_combo", "uid"], name="dhis2_option_uid_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.value or '–'} {self.sex or ''} → {self.uid}"


class Dhis2Part(models.TextChoices):
    VALUE = "value", _("The figure")
    NUMERATOR = "numerator", _("Numerator")
    DENOMINATOR = "denominator", _("Denominator")


class Dhis2Mapping(BaseModel):
    """An indicator's figure (or, for a percentage, its numerator or denominator) as a DHIS2 data element:
    its cells by the category combination's option combos, by province (the organisation units) or for the
    country as a whole."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="dhis2_mappings")
    part = models.CharField(_("part"), max_length=12, choices=Dhis2Part.choices, default=Dhis2Part.VALUE)
    data_element = uid_field(_("data element"))
    category_combo = models.ForeignKey(
        Dhis2CategoryCombo,
        on_delete=models.PROTECT,
        related_name="mappings",
        verbose_name=_("category combination"),
    )
    by_province = models.BooleanField(_("by province"), default=False)

    class Meta:
        ordering = ["indicator__node__position", "indicator__position", "part", "data_element"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "data_element"], name="dhis2_mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.part} → {self.data_element}"


class Dhis2Push(BaseModel):
    """A dry run or an import of a project's figures for a period into a DHIS2 instance, and its answer."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="dhis2_pushes")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="dhis2_pushes")
    server = models.ForeignKey(Dhis2Server, null=True, on_delete=models.SET_NULL, related_name="pushes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dry_run = models.BooleanField()
    exact = models.BooleanField(default=False)
    # The payload sent, by its digest: an import goes ahead only after a dry run of the very same figures.
    digest = models.CharField(max_length=64)
    values = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10)  # DHIS2's SUCCESS / WARNING / ERROR, or FAILED (not reached)
    imported = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    ignored = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    # [{org_unit, object, value, error_code, property, indicator, cell}] (results/dhis2/client.py)
    conflicts = models.JSONField(default=list)
    message = models.TextField(blank=True)

    STATUS_LABELS = {
        "SUCCESS": _("taken"),
        "WARNING": _("taken in part: conflicts"),
        "ERROR": _("refused"),
        "FAILED": _("not reached"),
    }

    class Meta:
        ordering = ["-created_at"]

    @property
    def status_label(self) -> str:
        if self.status == "WARNING" and self.values and not self.imported + self.updated:
            return str(_("nothing taken: conflicts"))
        return str(self.STATUS_LABELS.get(self.status, self.status))

    def __str__(self) -> str:
        kind = "dry run" if self.dry_run else "import"
        return f"{self.project.code} {self.period.label} {kind} {self.status}"
