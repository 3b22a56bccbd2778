"""DHIS2 pages (M&E officers and administrators): the push with its dry run and DHIS2's answer, and the
mapping. Parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pathways.core.decorators import post_or_back
from pathways.core.forms import add_service_errors
from pathways.results import selectors
from pathways.results.access import may_manage_dhis2
from pathways.results.dhis2 import mapping
from pathways.results.dhis2.forms import (
    CategoryComboForm,
    DataSetForm,
    MappingFormSet,
    OptionFormSet,
    OrgUnitsForm,
    PushForm,
)
from pathways.results.dhis2.payload import NotReady
from pathways.results.dhis2.push import dhis2_push, import_allowed, push_export, push_last
from pathways.results.models import (
    Dhis2CategoryCombo,
    Dhis2DataSet,
    Dhis2Mapping,
    Dhis2OrgUnit,
    Dhis2Push,
    Dhis2Server,
    Indicator,
)


def _require_manager(user) -> None:
    if not may_manage_dhis2(user):
        raise PermissionDenied(_("Only M&E officers and administrators manage what goes to DHIS2."))


@login_required
def dhis2(request, code: str):
    """What a push would send for a period, whether the mapping is complete, DHIS2's last answer."""
    _require_manager(request.user)
    project = selectors.project_get(code=code)
    period = selectors.period_get(project=project, label=request.GET.get("period"))
    servers = list(Dhis2Server.objects.all())
    server = next(
        (s for s in servers if str(s.pk) == request.GET.get("server")), servers[0] if servers else None
    )
    export, problems, last = None, [], None
    if server is not None:
        try:
            export = push_export(project=project, period=period, server=server)
        except NotReady as not_ready:
            problems = not_ready.problems
        last = push_last(project=project, period=period, server=server)
    form = PushForm(project=project, initial={"period": period.label, "server": server})
    return render(
        request,
        "results/dhis2.html",
        {
            "project": project,
            "period": period,
            "server": server,
            "form": form,
            "export": export,
            "problems": problems,
            "last": last,
            "last_is_current": bool(export and last and last.digest == export.digest()),
            "may_import": bool(export and import_allowed(export=export, last=last)),
            "history": Dhis2Push.objects.filter(project=project).select_related("period", "server", "by")[
                :10
            ],
        },
    )


@login_required
@post_or_back("results-dhis2", "code")
def dhis2_send(request, code: str):
    _require_manager(request.user)
    project = selectors.project_get(code=code)
    form = PushForm(request.POST, project=project)
    if not form.is_valid():
        messages.error(request, _("Choose a period and a DHIS2 instance."))
        return redirect("results-dhis2", code=project.code)
    period = selectors.period_get(project=project, label=form.cleaned_data["period"])
    server = form.cleaned_data["server"]
    dry_run = request.POST.get("action") != "import"
    try:
        push = dhis2_push(actor=request.user, project=project, period=period, server=server, dry_run=dry_run)
    except NotReady as not_ready:
        messages.error(request, " ".join(not_ready.problems))
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        if push.status == "FAILED":
            messages.error(request, push.message)
        elif push.conflicts:
            messages.warning(request, _("DHIS2 answered with conflicts: see them below."))
        elif dry_run:
            messages.success(request, _("DHIS2 checked the figures and would take them all."))
        else:
            messages.success(request, _("The figures are in DHIS2."))
    url = reverse("results-dhis2", args=[project.code])
    return redirect(f"{url}?{urlencode({'period': period.label, 'server': server.pk})}")


@login_required
def dhis2_mapping(request, code: str):
    """The project's data set and which data element each indicator's figure goes to."""
    _require_manager(request.user)
    project = selectors.project_get(code=code)
    indicators = list(Indicator.objects.filter(node__project=project).select_related("node"))
    data_set = Dhis2DataSet.objects.filter(project=project).first()
    existing = Dhis2Mapping.objects.filter(indicator__node__project=project).select_related(
        "indicator", "category_combo"
    )
    initial = [
        {
            "indicator": m.indicator.code,
            "part": m.part,
            "data_element": m.data_element,
            "category_combo": m.category_combo,
            "by_province": m.by_province,
        }
        for m in existing
    ]
    post = request.POST if request.method == "POST" else None
    set_form = DataSetForm(
        post,
        prefix="set",
        initial={"uid": data_set.uid, "attribute_option_combo": data_set.attribute_option_combo}
        if data_set
        else None,
    )
    # Initial rows only to show: a posted row equal to its initial one would otherwise count as unchanged and
    # skip validation.
    rows = MappingFormSet(
        post, prefix="rows", initial=None if post else initial, form_kwargs={"indicators": indicators}
    )
    if post is not None and set_form.is_valid() and rows.is_valid():
        by_code = {i.code: i for i in indicators}
        kept = [f for f in rows.forms if not f.is_blank and not f.cleaned_data.get("DELETE")]
        try:
            mapping.dhis2_data_set_save(actor=request.user, project=project, **set_form.cleaned_data)
            mapping.dhis2_mappings_save(
                actor=request.user,
                project=project,
                rows=[
                    mapping.MappingRow(
                        indicator=by_code[f.cleaned_data["indicator"]],
                        data_element=f.cleaned_data["data_element"],
                        category_combo=f.cleaned_data["category_combo"],
                        part=f.cleaned_data["part"] or "value",
                        by_province=f.cleaned_data["by_province"],
                    )
                    for f in kept
                ],
            )
        except ValidationError as refused:
            _errors_on_rows(refused, prefix="rows", rows=kept, form=set_form)
        else:
            messages.success(request, _("The DHIS2 mapping is saved."))
            return redirect("results-dhis2-mapping", code=project.code)
    return render(
        request,
        "results/dhis2_mapping.html",
        {"project": project, "set_form": set_form, "rows": rows, "invalid": post is not None},
        status=400 if post is not None else 200,
    )


def _errors_on_rows(refused: ValidationError, *, prefix: str, rows: list, form) -> None:
    """A service's errors on the fields they name: "<prefix>.<n>.<field>" on the n-th row saved (not the
    n-th row of the page when rows were left empty or deleted), anything else on `form`."""
    for key, errors in refused.message_dict.items():
        row, _sep, field = key.removeprefix(f"{prefix}.").partition(".")
        target = (
            rows[int(row)]
            if key.startswith(f"{prefix}.") and row.isdigit() and int(row) < len(rows)
            else form
        )
        name = field if target is not form else key
        for error in errors:
            target.add_error(name if name in target.fields else None, error)


@login_required
def dhis2_org_units(request):
    _require_manager(request.user)
    places = mapping.places_for_org_units()
    current = dict(Dhis2OrgUnit.objects.values_list("place", "uid"))
    form = OrgUnitsForm(request.POST or None, places=places, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            mapping.dhis2_org_units_save(actor=request.user, units=dict(form.cleaned_data))
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, _("The organisation units are saved."))
            return redirect("results-dhis2-org-units")
    return render(request, "results/dhis2_org_units.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def dhis2_combos(request):
    _require_manager(request.user)
    combos = Dhis2CategoryCombo.objects.prefetch_related("options")
    return render(request, "results/dhis2_combos.html", {"combos": combos})


@login_required
def dhis2_combo(request, combo_code: str | None = None):
    """Create or correct a category combination and its option combos."""
    _require_manager(request.user)
    combo = get_object_or_404(Dhis2CategoryCombo, code=combo_code) if combo_code else None
    post = request.POST if request.method == "POST" else None
    form = CategoryComboForm(
        post,
        initial={f: getattr(combo, f) for f in CategoryComboForm.base_fields} if combo else None,
    )
    options = OptionFormSet(
        post,
        prefix="options",
        initial=[{"value": o.value, "sex": o.sex, "uid": o.uid} for o in combo.options.all()]
        if combo and not post
        else None,
    )
    if post is not None and form.is_valid() and options.is_valid():
        kept = [
            f
            for f in options.forms
            if not f.cleaned_data.get("DELETE")
            and any(f.cleaned_data.get(k) for k in ("value", "sex", "uid"))
        ]
        try:
            saved = mapping.dhis2_category_combo_save(
                actor=request.user,
                combo=combo,
                options=[
                    mapping.OptionRow(f.cleaned_data["value"], f.cleaned_data["sex"], f.cleaned_data["uid"])
                    for f in kept
                ],
                **form.cleaned_data,
            )
        except ValidationError as refused:
            _errors_on_rows(refused, prefix="options", rows=kept, form=form)
        else:
            messages.success(request, _("The category combination is saved."))
            return redirect("results-dhis2-combo", combo_code=saved.code)
    return render(
        request,
        "results/dhis2_combo.html",
        {"combo": combo, "form": form, "options": options},
        status=400 if post is not None else 200,
    )
