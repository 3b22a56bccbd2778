"""The five forms and the choice lists each user gets. Fixed lists come from the records' own choices (so a
new reason for return appears in the form and makes a new version); lists from the records (places,
organisations, cohorts, participants, follow-ups due) hold only what the user's scope lets them record."""

import datetime

from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.accounts.scopes import scope_of
from pathways.fieldcapture.xlsforms import questions
from pathways.fieldcapture.xlsforms.base import Choice, FormSpec
from pathways.jobs import selectors as jobs_selectors
from pathways.jobs.models import Checkpoint
from pathways.outreach import access as outreach_access
from pathways.outreach.models import Topic
from pathways.partners.models import Organisation, OrganisationKind
from pathways.people.models import NOTICE_LANGUAGES, DocumentKind, MigrantStatus, Sex
from pathways.places.models import Country, District, Province, Village
from pathways.returns import access as returns_access
from pathways.returns.models import BorderPoint, ReturnReason, Screening, Service
from pathways.training import access as training_access
from pathways.training.models import Cohort, Enrolment, EnrolmentStatus

# A day's attendance is taken while a cohort runs; a week either side lets a late sheet still go in.
COHORT_MARGIN = datetime.timedelta(days=7)
ANSWERS = {
    "still_working": _("Still working there"),
    "no_longer": _("No longer working there"),
    "not_reached": _("Could not be reached"),
}


def _from(list_name: str, choices) -> list[Choice]:
    return [Choice(list_name, str(value), label) for value, label in choices]


def _in_every_language(obj) -> dict[str, str]:
    """A record's name as it reads in each interface language (Lao places in Lao script in Lao...)."""
    from django.utils import translation

    names = {}
    for code in ("en", "lo", "th"):
        with translation.override(code):
            names[code] = str(obj)
    return names


def _organisation_name(org: Organisation) -> str:
    return f"{org.name_en} ({org.acronym})" if org.acronym else org.name_en


def person_fixed() -> list[Choice]:
    return [
        *_from("sexes", Sex.choices),
        *_from("statuses", MigrantStatus.choices),
        *_from("documents", DocumentKind.choices),
        *[Choice("notice_languages", code, name) for code, name in NOTICE_LANGUAGES],
        Choice("yes_no", "yes", _("Yes")),
        Choice("yes_no", "no", _("No")),
    ]


def returnee_fixed() -> list[Choice]:
    return [
        *person_fixed(),
        *_from("reasons", ReturnReason.choices),
        *_from("border_points", BorderPoint.choices),
        *_from("screenings", Screening.choices),
        *_from("services", Service.choices),
    ]


def session_fixed() -> list[Choice]:
    return [*_from("sexes", Sex.choices), *_from("topics", Topic.choices)]


def follow_up_fixed() -> list[Choice]:
    return [Choice("answers", code, label) for code, label in ANSWERS.items()]


def _provinces(actor):
    """Lao provinces the user works in: their province list, else their organisations' provinces; national
    roles without a list have every province."""
    scope = scope_of(actor)
    qs = Province.objects.filter(country_id="LA")
    if scope.all_provinces:
        return qs
    codes = set(scope.province_codes) | set(
        Organisation.objects.filter(pk__in=scope.organisation_ids).values_list("province_id", flat=True)
    )
    return qs.filter(code__in=codes)


def place_choices(actor) -> list[Choice]:
    provinces = list(_provinces(actor).order_by("code"))
    districts = list(District.objects.filter(province__in=provinces).order_by("province_id", "code"))
    villages = (
        Village.objects.filter(district__in=districts).select_related("district").order_by("name_local")
    )
    return [
        *[Choice("provinces", p.code, _in_every_language(p)) for p in provinces],
        *[Choice("districts", d.code, _in_every_language(d), {"province": d.province_id}) for d in districts],
        *[Choice("villages", str(v.pk), v.name_local, {"district": v.district.code}) for v in villages],
        Choice("villages", "other", _("Another village (type its name)")),
    ]


def _organisation_choices(queryset, list_name: str = "organisations") -> list[Choice]:
    return [Choice(list_name, str(o.pk), _organisation_name(o)) for o in queryset]


def person_scoped(actor) -> list[Choice]:
    return place_choices(actor)


def returnee_scoped(actor) -> list[Choice]:
    thailand_first = Case(When(code="TH", then=Value(0)), default=Value(1))
    active = Organisation.objects.filter(is_active=True)
    return [
        *place_choices(actor),
        *_organisation_choices(returns_access.recording_organisations(actor)),
        *[
            Choice("countries", c.code, _in_every_language(c))
            for c in Country.objects.exclude(code="LA").order_by(thailand_first, "name_en")
        ],
        *_organisation_choices(
            active.filter(kind=OrganisationKind.QUARANTINE_CENTRE).order_by("name_en"), "quarantine_centres"
        ),
        *_organisation_choices(
            active.exclude(kind=OrganisationKind.DONOR).order_by("name_en"), "referral_organisations"
        ),
    ]


def session_scoped(actor) -> list[Choice]:
    return [
        *[c for c in place_choices(actor) if c.list_name in ("provinces", "districts")],
        *_organisation_choices(outreach_access.recording_organisations(actor)),
    ]


def running_cohorts(actor):
    """Cohorts the user may take attendance for that run this week (a week's margin either side)."""
    today = timezone.localdate()
    if not scope_of(actor).can_write_people:
        return Cohort.objects.none()
    return (
        Cohort.objects.filter(
            training_access.cohorts_visible_to(actor),
            starts_on__lte=today + COHORT_MARGIN,
            ends_on__gte=today - COHORT_MARGIN,
        )
        .distinct()
        .select_related("course")
        .order_by("code")
    )


def cohort_scoped(actor) -> list[Choice]:
    cohorts = list(running_cohorts(actor))
    enrolments = (
        Enrolment.objects.filter(training_access.people_visible_to(actor), cohort__in=cohorts)
        .exclude(status=EnrolmentStatus.DROPPED_OUT)
        .select_related("person")
        .order_by("person__name_sort_key")
    )
    return [
        *[Choice("cohorts", str(c.pk), f"{c.code} · {c.course}") for c in cohorts],
        *[
            Choice("participants", str(e.pk), e.person.display_name, {"cohort": str(e.cohort_id)})
            for e in enrolments
        ],
    ]


def follow_up_scoped(actor) -> list[Choice]:
    due = jobs_selectors.follow_ups_due(actor=actor)
    employers = {d.placement.employer_id: d.placement.employer for d in due}
    labels = dict(Checkpoint.choices)
    return [
        *[
            Choice("employers", str(pk), _organisation_name(org))
            for pk, org in sorted(employers.items(), key=lambda item: item[1].name_en)
        ],
        *[
            Choice(
                "follow_ups",
                f"{d.placement.pk}_{d.checkpoint}",
                f"{d.placement.person.display_name} · {labels[d.checkpoint]} · {d.due_on:%Y-%m-%d}",
                {"employer": str(d.placement.employer_id)},
            )
            for d in due
        ],
    ]


def _may_register(actor) -> bool:
    return scope_of(actor).can_write_people


FORMS: dict[str, FormSpec] = {
    spec.form_id: spec
    for spec in (
        FormSpec(
            form_id="pw_person",
            title=_("Register a person"),
            description=_("Names, sex, birth, migrant status, home place, phone, a document and consent."),
            survey=questions.person_form,
            fixed_choices=person_fixed,
            scoped_choices=person_scoped,
            may_fill=_may_register,
        ),
        FormSpec(
            form_id="pw_returnee_intake",
            title=_("Returnee intake"),
            description=_("The person, their return and needs assessment, and referrals: all or nothing."),
            survey=questions.returnee_intake,
            fixed_choices=returnee_fixed,
            scoped_choices=returnee_scoped,
            may_fill=lambda actor: (
                _may_register(actor) and returns_access.recording_organisations(actor).exists()
            ),
            repeats=frozenset({"referral"}),
        ),
        FormSpec(
            form_id="pw_session_attendance",
            title=_("Information session attendance"),
            description=_("The session, its head counts and who attended by name, with test scores."),
            survey=questions.session_attendance,
            fixed_choices=session_fixed,
            scoped_choices=session_scoped,
            may_fill=lambda actor: outreach_access.recording_organisations(actor).exists(),
            repeats=frozenset({"attendee"}),
        ),
        FormSpec(
            form_id="pw_cohort_attendance",
            title=_("A day's attendance of a cohort"),
            description=_("Who was present, excused or absent on one day of a cohort running now."),
            survey=questions.cohort_attendance,
            fixed_choices=list,
            scoped_choices=cohort_scoped,
            may_fill=lambda actor: running_cohorts(actor).exists(),
        ),
        FormSpec(
            form_id="pw_follow_up",
            title=_("Follow-up call at 3 or 6 months"),
            description=_("Whether a placed person still works there, for the follow-ups due."),
            survey=questions.follow_up,
            fixed_choices=follow_up_fixed,
            scoped_choices=follow_up_scoped,
            may_fill=lambda actor: scope_of(actor).can_record_placements,
        ),
    )
}


def forms_for(actor) -> list[FormSpec]:
    """The forms this user may fill, in the order they are listed."""
    return [spec for spec in FORMS.values() if spec.may_fill(actor)]
