"""A partner system keeps a copy of the registry through the API alone — each list's updated_since and
/api/v1/changes — across creates, edits, merges, unmerges and deletions, and its copy ends equal to the
source.
"""

import datetime

from django.utils import timezone

PERSON = {"sex": "female", "migrant_status": "returnee", "home_province": "LA-SV"}


class Copy:
    """What a partner keeps: people and returns by id, brought up to date from the last sync's start."""

    def __init__(self, client, auth):
        self.client, self.auth = client, auth
        self.people: dict[str, dict] = {}
        self.returns: dict[str, dict] = {}
        self.since = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

    def _pages(self, url: str, params: dict):
        page = self.client.get(url, params, **self.auth).json()
        while True:
            yield from page["results"]
            if not page["next"]:
                return
            page = self.client.get(page["next"], **self.auth).json()

    def sync(self) -> None:
        # A little before the last sync began: a record saved while it ran is read again, never missed.
        started = timezone.now() - datetime.timedelta(seconds=2)
        since = {"updated_since": self.since.isoformat(), "page_size": 2}
        for kind, url in (("people", "/api/v1/people/"), ("returns", "/api/v1/returns/")):
            held = getattr(self, kind)
            for record in self._pages(url, since):
                held[record["id"]] = record
        for change in self._pages("/api/v1/changes", {"since": self.since.isoformat()}):
            held = {"person": self.people, "return": self.returns}.get(change["kind"], {})
            held.pop(change["id"], None)
        self.since = started

    def source(self, url: str) -> dict[str, dict]:
        return {record["id"]: record for record in self._pages(url, {})}


def test_a_copy_synced_by_updated_since_and_tombstones_ends_equal_to_the_source(
    client, officer, admin_user, svk_org, bearer
):
    auth, admin = bearer(officer), bearer(admin_user)

    def post(url, body, headers=auth):
        answer = client.post(url, body, content_type="application/json", **headers)
        assert answer.status_code in (200, 201), answer.content
        return answer.json()

    copy = Copy(client, auth)
    people = [
        post("/api/v1/people/", {**PERSON, "given_name_latin": name, "birth_year": 1990 + i})
        for i, name in enumerate(["Noy", "Noi", "Ae", "Kham", "Vone"])
    ]
    noy, noi, ae, kham, vone = (p["id"] for p in people)
    returned = post(
        "/api/v1/returns/",
        {
            "person_id": noi,
            "organisation_id": str(svk_org.pk),
            "returned_on": "2024-03-01",
            "reason": "covid19",
            "from_country": "TH",
        },
    )
    copy.sync()
    assert set(copy.people) == {noy, noi, ae, kham, vone} and set(copy.returns) == {returned["id"]}

    # Edits, a merge that moves a return to the survivor, a deletion.
    client.patch(
        f"/api/v1/people/{ae}", {"phones": ["020 5555 1234"]}, content_type="application/json", **auth
    )
    merge = post("/api/v1/identity/merges", {"survivor": noy, "merged": noi})
    client.delete(f"/api/v1/people/{kham}", **admin)
    copy.sync()
    changes = client.get("/api/v1/changes", {"kind": "person"}, **auth).json()["results"]
    assert {"id": noi, "change": "merged", "survivor_id": noy} in [
        {k: c[k] for k in ("id", "change", "survivor_id")} for c in changes
    ]
    assert copy.people == copy.source("/api/v1/people/") and noi not in copy.people
    assert copy.returns[returned["id"]]["person_id"] == noy

    # Undoing the merge brings the record back, with its return; then more edits and a new person.
    post(f"/api/v1/identity/merges/{merge['id']}/undo", {})
    client.patch(f"/api/v1/people/{vone}", {"birth_year": 1985}, content_type="application/json", **auth)
    post("/api/v1/people/", {**PERSON, "given_name_latin": "Souk"})
    copy.sync()

    assert copy.people == copy.source("/api/v1/people/")
    assert copy.returns == copy.source("/api/v1/returns/")
    assert noi in copy.people and kham not in copy.people
    assert copy.returns[returned["id"]]["person_id"] == noi
