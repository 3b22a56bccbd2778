"""A small DHIS2 for tests: POST /api/dataValueSets, validated as DHIS2 documents it, answered with DHIS2's
import summary (the WebMessage of DHIS2 2.38 and later), against metadata in DHIS2's own export shape
(dhis2_metadata.json: data sets, data elements, category combos, organisation units).

Validation follows DHIS2's data import (ErrorCode E76xx, dhis2-core DataValueSetImportValidator) with the
strict checks on: a value names an existing data element, a valid period of the data set's type, an existing
organisation unit, a category option combo of the data element's category combo, an attribute option combo
of the data set's; it has a value or a comment, and an INTEGER_ZERO_OR_POSITIVE value is one. A value is
identified by data element, period, organisation unit, category option combo and attribute option combo:
a second value with the same identity in an import updates the first, as in DHIS2.
"""

import base64
import copy
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

METADATA = Path(__file__).parent / "dhis2_metadata.json"
UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
PERIOD_TYPES = {
    "Yearly": re.compile(r"^\d{4}$"),
    "SixMonthly": re.compile(r"^\d{4}S[12]$"),
    "Quarterly": re.compile(r"^\d{4}Q[1-4]$"),
    "Monthly": re.compile(r"^\d{4}(0[1-9]|1[0-2])$"),
}
TOKEN = "d2pat_fakefakefakefakefakefakefakefake0123456789"


def metadata() -> dict:
    return json.loads(METADATA.read_text(encoding="utf-8"))


@dataclass
class FakeDhis2:
    """The instance's metadata and stored values; `validate` is DHIS2's data value import."""

    meta: dict = field(default_factory=metadata)
    # (dataElement, period, orgUnit, categoryOptionCombo, attributeOptionCombo) -> (value, comment)
    values: dict[tuple[str, str, str, str, str], tuple[str | None, str | None]] = field(default_factory=dict)
    completed: set[tuple[str, str, str, str]] = field(default_factory=set)
    requests: list[dict] = field(default_factory=list)

    def _index(self) -> dict:
        m = self.meta
        combos = {c["id"]: {o["id"] for o in c["categoryOptionCombos"]} for c in m["categoryCombos"]}
        return {
            "data_sets": {d["id"]: d for d in m["dataSets"]},
            "data_elements": {d["id"]: d for d in m["dataElements"]},
            "option_combos": set().union(*combos.values()),
            "combos": combos,
            "org_units": {o["id"] for o in m["organisationUnits"]},
        }

    def validate(self, payload: dict, *, dry_run: bool = False) -> dict:
        """Import (or, dry, only check) a data value set; return DHIS2's ImportSummary."""
        ix = self._index()
        conflicts: list[dict] = []

        def conflict(code: str, message: str, prop: str, obj: str, *, index: int | None = None) -> None:
            for existing in conflicts:
                if existing["errorCode"] == code and existing["object"] == obj:
                    if index is not None:
                        existing["indexes"].append(index)
                    return
            conflicts.append(
                {
                    "object": obj,
                    "objects": {prop: obj},
                    "value": message,
                    "errorCode": code,
                    "property": prop,
                    "indexes": [] if index is None else [index],
                }
            )

        values = payload.get("dataValues") or []
        data_set = ix["data_sets"].get(payload.get("dataSet", ""))
        if payload.get("dataSet") and data_set is None:
            conflict(
                "E7600",
                f"Data set not found or not accessible: `{payload['dataSet']}`",
                "dataSet",
                payload["dataSet"],
            )
        if payload.get("orgUnit") and payload["orgUnit"] not in ix["org_units"]:
            conflict(
                "E7603",
                f"Org unit not found or not accessible: `{payload['orgUnit']}`",
                "orgUnit",
                payload["orgUnit"],
            )
        outer_aoc = payload.get("attributeOptionCombo")
        if outer_aoc and outer_aoc not in ix["option_combos"]:
            conflict(
                "E7604",
                f"Attribute option combo not found or not accessible: `{outer_aoc}`",
                "attributeOptionCombo",
                outer_aoc,
            )
        if conflicts:  # the whole set is refused
            return self._summary("ERROR", 0, 0, len(values), conflicts, list(range(len(values))), dry_run)
        imported = updated = ignored = 0
        rejected: list[int] = []
        seen: set[tuple] = set()
        for i, v in enumerate(values):
            de_id = v.get("dataElement", "")
            period = v.get("period") or payload.get("period", "")
            ou = v.get("orgUnit") or payload.get("orgUnit", "")
            coc = v.get("categoryOptionCombo") or "HllvX50cXC0"
            aoc = v.get("attributeOptionCombo") or outer_aoc or "HllvX50cXC0"
            problem = _value_problem(ix, data_set, v, de_id, period, ou, coc, aoc)
            if problem:
                conflict(*problem, index=i)
                ignored += 1
                rejected.append(i)
                continue
            identity = (de_id, period, ou, coc, aoc)
            if identity in self.values or identity in seen:
                updated += 1
            else:
                imported += 1
            seen.add(identity)
            if not dry_run:
                self.values[identity] = (v.get("value"), v.get("comment"))
        if not dry_run and data_set and payload.get("completeDate") and payload.get("orgUnit"):
            self.completed.add(
                (data_set["id"], payload.get("period", ""), payload["orgUnit"], outer_aoc or "")
            )
        return self._summary(
            "WARNING" if conflicts else "SUCCESS", imported, updated, ignored, conflicts, rejected, dry_run
        )

    @staticmethod
    def _summary(status, imported, updated, ignored, conflicts, rejected, dry_run) -> dict:
        return {
            "responseType": "ImportSummary",
            "status": status,
            "importOptions": {"dryRun": dry_run, "importStrategy": "CREATE_AND_UPDATE"},
            "description": "Import process completed successfully" if status != "ERROR" else "Import failed",
            "importCount": {"imported": imported, "updated": updated, "ignored": ignored, "deleted": 0},
            "conflicts": copy.deepcopy(conflicts),
            "rejectedIndexes": rejected,
            "dataSetComplete": "false",
        }

    def total(self, data_element: str, period: str, *, org_units: set[str] | None = None) -> int:
        """What DHIS2's analytics would show for a data element: the sum of its stored values (over every
        category option combo and the given organisation units)."""
        return sum(
            int(value)
            for (de, pe, ou, _coc, _aoc), (value, _comment) in self.values.items()
            if de == data_element and pe == period and value and (org_units is None or ou in org_units)
        )


def _value_problem(ix, data_set, v, de_id, period, ou, coc, aoc) -> tuple[str, str, str, str] | None:
    """The first of DHIS2's checks a data value fails: (error code, message, property, object)."""
    de = ix["data_elements"].get(de_id)
    set_elements = {e["dataElement"]["id"] for e in data_set["dataSetElements"]} if data_set else set()
    value = v.get("value")
    if de is None:
        return "E7610", f"Data element not found or not accessible: `{de_id}`", "dataElement", de_id
    if not any(p.match(period) for p in PERIOD_TYPES.values()):
        return "E7611", f"Period not valid: `{period}`", "period", period
    if ou not in ix["org_units"]:
        return "E7612", f"Organisation unit not found or not accessible: `{ou}`", "orgUnit", ou
    if coc not in ix["option_combos"]:
        message = f"Category option combo not found or not accessible for writing data: `{coc}`"
        return "E7613", message, "categoryOptionCombo", coc
    if aoc not in ix["option_combos"]:
        message = f"Attribute option combo not found or not accessible for writing data: `{aoc}`"
        return "E7615", message, "attributeOptionCombo", aoc
    if value in (None, "") and not v.get("comment"):
        return "E7618", f"Data value or comment not specified for data element: `{de_id}`", "value", de_id
    if value not in (None, "") and not re.fullmatch(r"0|[1-9]\d*", str(value)):
        message = f"Value must match data element's `{de['valueType']}` type constraints: "
        return "E7619", message + "value_not_zero_or_positive_integer", "value", str(value)
    if data_set and not PERIOD_TYPES[data_set["periodType"]].match(period):
        return (
            "E7632",
            f"Period type of period: `{period}` not valid for data element: `{de_id}`",
            "period",
            period,
        )
    if data_set and de_id not in set_elements:
        return (
            "E7633",
            f"Data element: `{de_id}` is not part of dataset: `{data_set['id']}`",
            "dataElement",
            de_id,
        )
    if coc not in ix["combos"][de["categoryCombo"]["id"]]:
        message = f"Category option combo: `{coc}` must be part of category combo of data element: `{de_id}`"
        return "E7634", message, "categoryOptionCombo", coc
    if data_set and aoc not in ix["combos"][data_set["categoryCombo"]["id"]]:
        message = (
            f"Attribute option combo: `{aoc}` must be part of category combo of data sets of data element: "
            f"`{de_id}`"
        )
        return "E7635", message, "attributeOptionCombo", aoc
    if data_set and ou not in {o["id"] for o in data_set["organisationUnits"]}:
        message = f"Data element: `{de_id}` must be assigned through data sets to organisation unit: `{ou}`"
        return "E7636", message, "orgUnit", ou
    return None


def _web_message(summary: dict) -> tuple[int, dict]:
    if summary["conflicts"]:
        return 409, {
            "httpStatus": "Conflict",
            "httpStatusCode": 409,
            "status": "WARNING" if summary["status"] != "ERROR" else "ERROR",
            "message": "One more conflicts encountered, please check import summary.",
            "response": summary,
        }
    return 200, {
        "httpStatus": "OK",
        "httpStatusCode": 200,
        "status": "OK",
        "message": "Import was successful.",
        "response": summary,
    }


def handler_for(instance: FakeDhis2):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet in tests
            pass

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self) -> bool:
            header = self.headers.get("Authorization", "")
            if header == f"ApiToken {TOKEN}":
                return True
            if header.startswith("Basic "):
                user, _sep, password = base64.b64decode(header[6:]).decode().partition(":")
                return {"username": user, "password": password} in instance.meta["users"]
            return False

        def do_POST(self) -> None:
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            instance.requests.append({"path": url.path, "query": url.query, "headers": dict(self.headers)})
            if not self._authorised():
                self._answer(
                    401,
                    {
                        "httpStatus": "Unauthorized",
                        "httpStatusCode": 401,
                        "status": "ERROR",
                        "message": "Unauthorized",
                    },
                )
                return
            if url.path != "/api/dataValueSets":
                self._answer(
                    404,
                    {
                        "httpStatus": "Not Found",
                        "httpStatusCode": 404,
                        "status": "ERROR",
                        "message": f"No resource at {url.path}",
                    },
                )
                return
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                self._answer(
                    415,
                    {
                        "httpStatus": "Unsupported Media Type",
                        "httpStatusCode": 415,
                        "status": "ERROR",
                        "message": "Content type not supported",
                    },
                )
                return
            try:
                payload = json.loads(body)
            except ValueError:
                self._answer(
                    400,
                    {
                        "httpStatus": "Bad Request",
                        "httpStatusCode": 400,
                        "status": "ERROR",
                        "message": "JSON parse error",
                    },
                )
                return
            dry_run = parse_qs(url.query).get("dryRun", ["false"])[0] == "true"
            self._answer(*_web_message(instance.validate(payload, dry_run=dry_run)))

    return Handler


class Server:
    """The fake DHIS2 on a loopback port, in a thread: a free one of `ports` ("8250-8299", as pytest-django's
    --liveserver takes them, so test servers stay where a shared machine allows them), else any free one."""

    def __init__(self, instance: FakeDhis2, ports: str = ""):
        self.instance = instance
        low, _sep, high = ports.partition("-")
        candidates = range(int(low), int(high or low) + 1) if low.isdigit() else range(0, 1)
        for port in candidates:
            try:
                self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler_for(instance))
                break
            except OSError:
                continue
        else:
            raise OSError(f"No free port in {ports}")
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        port = self.httpd.server_address[1]
        return f"http://127.0.0.1:{port}"

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
