from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from pathways.accounts.scopes import scope_of
from pathways.core import attention
from pathways.people.models import MigrantStatus, Sex
from pathways.people.selectors import person_counts
from pathways.results import selectors as results_selectors


@login_required
def dashboard(request):
    scope = scope_of(request.user)
    counts = person_counts(actor=request.user) if scope.sees_personal_data else None
    return render(
        request,
        "dashboard.html",
        {
            "counts": counts,
            "statuses": [
                (label, (counts or {}).get("status", {}).get(value, 0))
                for value, label in MigrantStatus.choices
            ],
            "sexes": [(label, (counts or {}).get("sex", {}).get(value, 0)) for value, label in Sex.choices],
            "scope": scope,
            "attention": attention.items_for(request.user) if scope.sees_personal_data else [],
            # Roles without personal data (donors) see the figures of the projects their organisation funds.
            "donor_reports": []
            if scope.sees_personal_data
            else results_selectors.donor_reports(actor=request.user),
        },
    )
