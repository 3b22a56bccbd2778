"""Every HTML list page is paged (core.paging and the "pager.html" include): links to the next page keep the
filters, and a page costs the same number of queries however many rows it shows."""

import pytest
from django.core.paginator import Page
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The API's page size is a schema default, fixed when its module is first imported: import it here, before a
# test below sets PAGE_SIZE to 1, or every later API test would page by one.
import pathways.api.v1  # noqa: F401
from pathways.accounts.models import User
from pathways.demo.seeding import demo_seed
from pathways.identity.models import CandidatePair
from pathways.identity.services import ordered
from pathways.people.models import Person

# (route name, user, filters): every list page, as the user who sees most of it, with a filter to keep.
LIST_PAGES = [
    ("person-list", "officer", "sex=female"),
    ("identity-queue", "officer", ""),
    ("import-list", "officer", ""),
    ("returns-home", "officer", "reason="),
    ("returns-referrals", "officer", "status=all"),
    ("training-home", "officer", "kind="),
    ("training-courses", "officer", ""),
    ("training-certificates", "officer", ""),
    ("training-rpl-queue", "officer", "all=1"),
    ("jobs-home", "officer", "status=all"),
    ("jobs-placements", "officer", "where="),
    ("jobs-follow-ups", "officer", ""),
    ("outreach-home", "officer", "topic="),
    ("protection-home", "cw.supervisor", "status=all"),
    ("fieldcapture-queue", "me.officer", "status="),
    ("recruitment-agencies", "officer", "status="),
    ("recruitment-records", "officer", "channel="),
    ("recruitment-complaints", "officer", "status="),
    ("recruitment-job-orders", "officer", "approval="),
]
# Routes without parameters that are not lists, and why.
NOT_LISTS = {
    "dashboard", "login", "logout", "set_language", "healthz", "metrics", "verify", "verify-public-key",
    "person-create", "person-export", "person-export-xlsx", "returns-create", "training-cohort-create",
    "training-coverage", "training-rpl-create", "jobs-vacancy-create", "jobs-placement-create",
    "outreach-session-create", "protection-case-open", "fieldcapture-home", "fieldcapture-sw",
    "fieldcapture-submit", "openrosa-root", "openrosa-form-list", "openrosa-submission",
    "recruitment-agency-create", "recruitment-record-create", "recruitment-exchange-rates",
    "recruitment-complaint-create", "recruitment-job-order-create", "recruitment-sdg",
    "identity-run", "identity-why",
    "results-projects", "results-dhis2-org-units", "results-dhis2-combos", "results-dhis2-combo-new",
}  # fmt: skip


def _parameterless_route_names(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if "<" not in str(entry.pattern) and entry.namespace is None:
                names |= _parameterless_route_names(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name and "<" not in str(entry.pattern):
            names.add(entry.name)
    return names


def test_every_route_without_parameters_is_a_paged_list_here_or_named_as_not_a_list():
    known = {name for name, _user, _filters in LIST_PAGES} | NOT_LISTS
    unknown = sorted(
        name for name in _parameterless_route_names() if name not in known and not name.startswith("admin")
    )

    assert unknown == []


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's data once for this module, rolled back after it; a few review pairs besides."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo_seed(people=60, seed=11, truth_path=None, if_empty=False)
            people = list(Person.objects.order_by("id").values_list("id", flat=True)[:10])
            for a, b in zip(people[::2], people[1::2], strict=True):
                a, b = ordered(a, b)
                CandidatePair.objects.create(person_a_id=a, person_b_id=b, probability=0.9, match_weight=3)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _page(response) -> Page:
    values = [v for context in response.context for v in context.flatten().values()]
    pages = {id(v): v for v in values if isinstance(v, Page)}
    assert len(pages) == 1, f"one page of rows per list page, found {len(pages)}"
    return next(iter(pages.values()))


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize(("name", "username", "filters"), LIST_PAGES)
def test_list_page_pages_and_its_links_keep_the_filters(demo, db, settings, name, username, filters):
    settings.PAGE_SIZE = 1
    client = _client(username)

    first = client.get(f"{reverse(name)}?{filters}")

    assert first.status_code == 200
    page = _page(first)
    assert page.number == 1 and len(page.object_list) <= 1
    if page.paginator.count > 1:
        link = f"?{filters}&amp;page=2" if filters else "?page=2"
        assert f'href="{link}" rel="next"' in first.text
        second = client.get(f"{reverse(name)}?{filters}&page=2")
        assert second.status_code == 200 and _page(second).number == 2


@pytest.mark.parametrize(("name", "username", "filters"), LIST_PAGES)
def test_a_longer_page_costs_no_more_queries(demo, db, settings, name, username, filters):
    client = _client(username)
    url = f"{reverse(name)}?{filters}"
    client.get(url)  # sessions, caches and the like, once

    counts = {}
    for size in (1, 5):
        settings.PAGE_SIZE = size
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[size] = (len(queries), len(_page(response).object_list))

    (few, one_row), (many, rows) = counts[1], counts[5]
    assert few == many, f"{name}: {few} queries for {one_row} row, {many} for {rows}"
