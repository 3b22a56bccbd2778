"""The questions of the five forms, as XLSForm survey rows. Names are the services' own field names, so a
service's error names the question it is about; labels are translatable strings (English, Lao, Thai)."""

from django.utils.translation import gettext_lazy as _

NOT_FUTURE = {"constraint": ". <= today()", "constraint_message": _("The date is in the future.")}
PERCENT = {"constraint": ". >= 0 and . <= 100", "constraint_message": _("A test score is from 0 to 100.")}
NOT_NEGATIVE = {"constraint": ". >= 0", "constraint_message": _("Give 0 or more.")}


def _names(prefix_relevant: str = "") -> list[dict]:
    relevant = {"relevant": prefix_relevant} if prefix_relevant else {}
    return [
        {"type": "text", "name": "given_name_lo", "label": _("Given name (Lao script)"), **relevant},
        {"type": "text", "name": "family_name_lo", "label": _("Family name (Lao script)"), **relevant},
        {
            "type": "text",
            "name": "given_name_latin",
            "label": _("Given name (Latin letters)"),
            "hint": _("Give the given name in Lao script or in Latin letters, or both."),
            **relevant,
        },
        {"type": "text", "name": "family_name_latin", "label": _("Family name (Latin letters)"), **relevant},
    ]


def _home() -> list[dict]:
    return [
        {"type": "select_one provinces", "name": "home_province", "label": _("Home province")},
        {
            "type": "select_one districts",
            "name": "home_district",
            "label": _("Home district"),
            "choice_filter": "province=${home_province}",
        },
        {
            "type": "select_one villages",
            "name": "home_village",
            "label": _("Home village"),
            "choice_filter": "district=${home_district} or name='other'",
        },
        {
            "type": "text",
            "name": "home_village_other",
            "label": _("Name of the village"),
            "relevant": "${home_village} = 'other'",
            "required": True,
        },
    ]


def person_questions(*, with_status: bool) -> list[dict]:
    """Who the person is, as the registration page asks it; a returnee intake does not ask the status."""
    rows = [
        {
            "type": "text",
            "name": "registry_id",
            "label": _("Registry ID, if the person is already registered"),
            "hint": _("Leave empty to register the person; the names below are then needed."),
        },
        *_names("${registry_id} = ''"),
    ]
    not_registered = "${registry_id} = ''"
    rows += [
        {
            "type": "select_one sexes",
            "name": "sex",
            "label": _("Sex"),
            "required": True,
            "relevant": not_registered,
        },
        {
            "type": "date",
            "name": "birth_date",
            "label": _("Date of birth"),
            "hint": _("Leave empty when only the year is known."),
            "relevant": not_registered,
            **NOT_FUTURE,
        },
        {
            "type": "integer",
            "name": "birth_year",
            "label": _("Year of birth"),
            "relevant": f"{not_registered} and ${{birth_date}} = ''",
            "constraint": ". >= 1900 and . <= format-date(today(), '%Y')",
            "constraint_message": _("Give a year between 1900 and this year."),
        },
    ]
    if with_status:
        rows.append(
            {
                "type": "select_one statuses",
                "name": "migrant_status",
                "label": _("Migrant status"),
                "required": True,
                "relevant": not_registered,
            }
        )
    rows += [{**row, "relevant": not_registered} for row in _home()[:3]] + _home()[3:]
    rows += [
        {
            "type": "text",
            "name": "phone",
            "label": _("Phone number"),
            "appearance": "numbers",
            "relevant": not_registered,
        },
        {
            "type": "select_one documents",
            "name": "document_kind",
            "label": _("Identity document"),
            "relevant": not_registered,
        },
        {
            "type": "text",
            "name": "document_number",
            "label": _("Document number"),
            "relevant": f"{not_registered} and ${{document_kind}} != ''",
            "required": True,
        },
        {
            "type": "select_one notice_languages",
            "name": "notice_language",
            "label": _("The privacy notice was read to the person in"),
            "relevant": not_registered,
            "required": True,
            "default": "lo",
        },
        {
            "type": "select_one yes_no",
            "name": "consent",
            "label": _("The person agrees to be registered"),
            "relevant": not_registered,
            "required": True,
            "constraint": ". = 'yes'",
            "constraint_message": _("Without the person's consent, do not register them."),
        },
    ]
    return rows


TODAY = {"type": "today", "name": "today"}


def person_form() -> list[dict]:
    return [
        TODAY,
        {"type": "begin_group", "name": "person", "label": _("The person")},
        *person_questions(with_status=True),
        {"type": "end_group", "name": "person"},
    ]


def returnee_intake() -> list[dict]:
    return [
        TODAY,
        {"type": "begin_group", "name": "person", "label": _("The person")},
        *person_questions(with_status=False),
        {"type": "end_group", "name": "person"},
        {"type": "begin_group", "name": "return", "label": _("The return and the needs assessment")},
        {
            "type": "select_one organisations",
            "name": "organisation",
            "label": _("Recorded by"),
            "required": True,
        },
        {"type": "date", "name": "returned_on", "label": _("Returned on"), "required": True, **NOT_FUTURE},
        {
            "type": "select_one countries",
            "name": "from_country",
            "label": _("Returned from"),
            "required": True,
            "default": "TH",
        },
        {"type": "select_one reasons", "name": "reason", "label": _("Reason for return"), "required": True},
        {"type": "select_one border_points", "name": "border_point", "label": _("Border point")},
        {
            "type": "select_one quarantine_centres",
            "name": "quarantine_centre",
            "label": _("Quarantine centre"),
        },
        {
            "type": "select_one screenings",
            "name": "screening",
            "label": _("Screening for trafficking or exploitation"),
            "required": True,
            "default": "not_screened",
        },
        {"type": "integer", "name": "savings_lak", "label": _("Savings (LAK)"), **NOT_NEGATIVE},
        {"type": "integer", "name": "debt_lak", "label": _("Debts (LAK)"), **NOT_NEGATIVE},
        {"type": "text", "name": "skills_gained", "label": _("Skills gained abroad")},
        {"type": "select_multiple services", "name": "needs", "label": _("Needs")},
        {"type": "end_group", "name": "return"},
        {"type": "begin_repeat", "name": "referral", "label": _("Referral to a service")},
        {"type": "select_one services", "name": "service", "label": _("Service"), "required": True},
        {
            "type": "select_one referral_organisations",
            "name": "referred_to",
            "label": _("Referred to"),
            "required": True,
        },
        {"type": "date", "name": "referred_on", "label": _("Referred on"), "required": True, **NOT_FUTURE},
        {"type": "end_repeat", "name": "referral"},
    ]


def session_attendance() -> list[dict]:
    not_registered = "${registry_id} = ''"
    return [
        TODAY,
        {"type": "begin_group", "name": "session", "label": _("The information session")},
        {"type": "select_one organisations", "name": "organisation", "label": _("Run by"), "required": True},
        {"type": "date", "name": "held_on", "label": _("Held on"), "required": True, **NOT_FUTURE},
        {"type": "select_one topics", "name": "topic", "label": _("Topic"), "required": True},
        {"type": "select_one provinces", "name": "province", "label": _("Province"), "required": True},
        {
            "type": "select_one districts",
            "name": "district",
            "label": _("District"),
            "choice_filter": "province=${province}",
        },
        {"type": "text", "name": "venue", "label": _("Village or venue")},
        {"type": "integer", "name": "women_not_named", "label": _("Women not named"), **NOT_NEGATIVE},
        {"type": "integer", "name": "men_not_named", "label": _("Men not named"), **NOT_NEGATIVE},
        {"type": "image", "name": "sheet_photo", "label": _("Photo of the signed attendance sheet")},
        {"type": "end_group", "name": "session"},
        {"type": "begin_repeat", "name": "attendee", "label": _("Named attendee")},
        {
            "type": "text",
            "name": "registry_id",
            "label": _("Registry ID, if the person is already registered"),
            "hint": _("Leave empty to register the person; the names below are then needed."),
        },
        *_names(not_registered),
        {
            "type": "select_one sexes",
            "name": "sex",
            "label": _("Sex"),
            "required": True,
            "relevant": not_registered,
        },
        {
            "type": "integer",
            "name": "birth_year",
            "label": _("Year of birth"),
            "relevant": not_registered,
            "constraint": ". >= 1900 and . <= format-date(today(), '%Y')",
            "constraint_message": _("Give a year between 1900 and this year."),
        },
        {
            "type": "text",
            "name": "phone",
            "label": _("Phone number"),
            "appearance": "numbers",
            "relevant": not_registered,
        },
        {"type": "integer", "name": "pre_test", "label": _("Test before (%)"), **PERCENT},
        {"type": "integer", "name": "post_test", "label": _("Test after (%)"), **PERCENT},
        {"type": "end_repeat", "name": "attendee"},
    ]


def cohort_attendance() -> list[dict]:
    return [
        {"type": "select_one cohorts", "name": "cohort", "label": _("Cohort"), "required": True},
        {
            "type": "date",
            "name": "day",
            "label": _("Day"),
            "required": True,
            "default": "today()",
            **NOT_FUTURE,
        },
        {
            "type": "select_multiple participants",
            "name": "present",
            "label": _("Present"),
            "choice_filter": "cohort=${cohort}",
            "hint": _("Participants not ticked as present or excused are marked absent."),
        },
        {
            "type": "select_multiple participants",
            "name": "excused",
            "label": _("Excused"),
            "choice_filter": "cohort=${cohort} and not(selected(${present}, name))",
        },
        {"type": "image", "name": "sheet_photo", "label": _("Photo of the signed attendance sheet")},
    ]


def follow_up() -> list[dict]:
    return [
        {"type": "select_one employers", "name": "employer", "label": _("Employer"), "required": True},
        {
            "type": "select_one follow_ups",
            "name": "follow_up",
            "label": _("Person and checkpoint"),
            "required": True,
            "choice_filter": "employer=${employer}",
        },
        {"type": "date", "name": "checked_on", "label": _("Called on"), "required": True, **NOT_FUTURE},
        {"type": "select_one answers", "name": "answer", "label": _("Answer"), "required": True},
        {
            "type": "integer",
            "name": "current_wage",
            "label": _("Current monthly wage"),
            "relevant": "${answer} = 'still_working'",
            **NOT_NEGATIVE,
        },
        {"type": "text", "name": "note", "label": _("Note")},
    ]
