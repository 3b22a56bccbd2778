"""The OpenRosa conversation exactly as ODK Collect has it, over a real socket: unauthenticated request,
Basic challenge, form list, form and manifest download with their hashes checked, the pre-authenticating
HEAD, then a multipart submission with xml_submission_file and a photo, sent twice."""

import base64
import hashlib
import http.client
import re
import uuid
import xml.etree.ElementTree as ET
from email.utils import formatdate
from urllib.parse import urlsplit

import pytest

from pathways.fieldcapture.models import Attachment, Submission, SubmissionStatus
from pathways.fieldcapture.tests.collect import fill
from pathways.outreach.models import InformationSession, SessionAttendance
from pathways.people.models import Person

USER_AGENT = (
    "Dalvik/2.1.0 (Linux; U; Android 13; SM-A135F Build/TP1A.220624.014) org.odk.collect.android/v2024.3.2"
)
LIST = "{http://openrosa.org/xforms/xformsList}"
MANIFEST = "{http://openrosa.org/xforms/xformsManifest}"
# A real (tiny) JPEG: what the camera answer of the form attaches.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////"
    "////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAA//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AN//Z"
)


class Collect:
    """ODK Collect's HTTP client: OpenRosa headers on every request, Basic credentials once challenged."""

    def __init__(self, base_url: str, username: str, key: str):
        parts = urlsplit(base_url)
        self.host, self.port, self.prefix = parts.hostname, parts.port, parts.path.rstrip("/")
        self.credentials = "Basic " + base64.b64encode(f"{username}:{key}".encode()).decode()
        self.authenticated = False

    def request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None):
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        base = {
            "X-OpenRosa-Version": "1.0",
            "Date": formatdate(usegmt=True),
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "identity",
            # A TLS-terminating proxy in front of the app says the phone came over HTTPS.
            "X-Forwarded-Proto": "https",
            **(headers or {}),
        }
        if self.authenticated:
            base["Authorization"] = self.credentials
        connection = http.client.HTTPConnection(str(self.host), self.port, timeout=30)
        connection.request(method, path, body=body, headers=base)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        if response.status == 401 and not self.authenticated:
            assert response.getheader("WWW-Authenticate", "").startswith("Basic realm=")
            assert response.getheader("X-OpenRosa-Version") == "1.0"
            self.authenticated = True
            return self.request(method, url, body, headers)
        return response, data


def multipart(parts: list[tuple[str, str, str, bytes]]) -> tuple[bytes, str]:
    boundary = f"----collect{uuid.uuid4().hex}"
    body = b""
    for name, filename, content_type, content in parts:
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.django_db(transaction=True)
def test_collect_downloads_the_forms_and_submits_an_attendance_with_a_photo_once(
    live_server, settings, svk_staff, device_key
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    collect = Collect(f"{live_server.url}/openrosa", svk_staff.username, device_key)

    response, body = collect.request("GET", f"{live_server.url}/openrosa/formList")
    assert response.status == 200
    assert response.getheader("X-OpenRosa-Version") == "1.0" and response.getheader("Date")
    forms = {x.findtext(f"{LIST}formID"): x for x in ET.fromstring(body).findall(f"{LIST}xform")}
    # Savannakhet MRC staff register people, record returns, sessions, follow-ups; no cohort of theirs runs.
    assert set(forms) == {"pw_person", "pw_returnee_intake", "pw_session_attendance", "pw_follow_up"}
    listed = forms["pw_session_attendance"]

    response, xform = collect.request("GET", listed.findtext(f"{LIST}downloadUrl"))
    assert response.status == 200
    assert listed.findtext(f"{LIST}hash") == "md5:" + hashlib.md5(xform).hexdigest()
    assert f'version="{listed.findtext(f"{LIST}version")}"' in xform.decode()

    response, body = collect.request("GET", listed.findtext(f"{LIST}manifestUrl"))
    assert response.status == 200 and response.getheader("X-OpenRosa-Version") == "1.0"
    media = ET.fromstring(body).find(f"{MANIFEST}mediaFile")
    response, logo = collect.request("GET", media.findtext(f"{MANIFEST}downloadUrl"))
    assert media.findtext(f"{MANIFEST}hash") == "md5:" + hashlib.md5(logo).hexdigest()

    response, _ = collect.request("HEAD", f"{live_server.url}/openrosa/submission")
    assert response.status == 204
    assert int(response.getheader("X-OpenRosa-Accept-Content-Length")) >= 10_000_000

    photo = "1733563200123.jpg"
    instance = fill(
        xform.decode(),
        {
            "organisation": str(svk_staff.memberships.get().organisation_id),
            "held_on": "2024-05-02",
            "topic": "safe_migration",
            "province": "LA-SV",
            "venue": "Ban Naxeng",
            "women_not_named": "14",
            "men_not_named": "9",
            "sheet_photo": photo,
        },
        repeats={
            "attendee": [
                {
                    "given_name_latin": "Noy",
                    "family_name_latin": "Sihalath",
                    "sex": "female",
                    "birth_year": "1999",
                    "notice_language": "lo",
                    "consent": "yes",
                    "pre_test": "40",
                    "post_test": "85",
                },
            ]
        },
    )
    body, content_type = multipart(
        [
            ("xml_submission_file", "pw_session_attendance_2024-05-02_10-11-12.xml", "text/xml", instance),
            (photo, photo, "image/jpeg", JPEG),
        ]
    )
    for _attempt in range(2):  # the phone lost the answer the first time and sends it again
        response, answer = collect.request(
            "POST", f"{live_server.url}/openrosa/submission", body, {"Content-Type": content_type}
        )
        assert response.status == 201, answer
        assert b"<OpenRosaResponse" in answer and b'nature="submit_success"' in answer

    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.ACCEPTED, submission.problems
    session = InformationSession.objects.get()
    assert (session.women_not_named, session.men_not_named, session.venue) == (14, 9, "Ban Naxeng")
    attendance = SessionAttendance.objects.get()
    assert (attendance.person.given_name_latin, attendance.pre_test, attendance.post_test) == ("Noy", 40, 85)
    assert Person.objects.count() == 1
    stored = Attachment.objects.get()
    assert stored.name == photo and stored.file.read() == JPEG


@pytest.mark.django_db(transaction=True)
def test_a_wrong_key_is_challenged_and_plain_http_is_refused(live_server, settings, svk_staff, device_key):
    collect = Collect(f"{live_server.url}/openrosa", svk_staff.username, "not-the-key")
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response, _ = collect.request("GET", f"{live_server.url}/openrosa/formList")
    assert response.status == 401

    settings.SECURE_PROXY_SSL_HEADER = None
    collect = Collect(f"{live_server.url}/openrosa", svk_staff.username, device_key)
    response, body = collect.request("GET", f"{live_server.url}/openrosa/formList")
    assert response.status == 403 and re.search(rb"https://", body)
