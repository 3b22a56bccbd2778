"""The OpenRosa 1.0 server ODK Collect and KoboCollect talk to: form list, form download and media manifest,
submission with attachments (pre-authenticated by HEAD). Server URL: https://<host>/openrosa.

Authentication is HTTP Basic with the user's name and a device key (fieldcapture.DeviceKey), over HTTPS
only: Collect sends Basic credentials only to https:// servers, and a key on a phone must not cross the
network in clear. Every answer carries the OpenRosa version and a Date header (the HTTP Request API)."""

import base64
import binascii
import hashlib
from functools import wraps
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pathways.fieldcapture import selectors, services
from pathways.fieldcapture.instances import InstanceError
from pathways.fieldcapture.models import SubmissionStatus, Via
from pathways.fieldcapture.xlsforms.base import language_of_request
from pathways.fieldcapture.xlsforms.definitions import FORMS, forms_for

OPENROSA_VERSION = "1.0"
ACCEPT_CONTENT_LENGTH = 10 * 1024 * 1024
REALM = "Pathways"
# Collect shows form_logo.png from a form's media above the form: every form's one media file.
LOGO = Path(__file__).resolve().parent / "static" / "fieldcapture" / "form_logo.png"


def _answer(
    content: str | bytes = b"", *, status: int = 200, content_type="text/xml; charset=utf-8"
) -> HttpResponse:
    response = HttpResponse(content, status=status, content_type=content_type)
    return _headers(response)


def _headers(response):
    response["X-OpenRosa-Version"] = OPENROSA_VERSION
    response["Date"] = http_date()
    return response


def _message(text: str, *, status: int, nature: str = "") -> HttpResponse:
    attribute = f' nature="{escape(nature)}"' if nature else ""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f"<message{attribute}>{escape(text)}</message></OpenRosaResponse>"
    )
    return _answer(body, status=status)


def _credentials(request: HttpRequest) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        username, colon, key = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (username, key) if colon else None


def openrosa(view):
    """Authenticate with a device key over HTTPS; answer 401 with a Basic challenge otherwise."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not (request.is_secure() or settings.DEBUG):
            return _message(
                _("Use the https:// address of this server: ODK Collect signs in only over HTTPS."),
                status=403,
            )
        credentials = _credentials(request)
        user = (
            services.device_authenticate(username=credentials[0], key=credentials[1]) if credentials else None
        )
        if user is None:
            response = _message(_("Sign in with your user name and a device key."), status=401)
            response["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
            return response
        request.user = user
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return _message(str(error) or _("Not allowed."), status=403)
        except Http404:
            return _message(_("No such form."), status=404)

    return csrf_exempt(wrapped)


def _url(request: HttpRequest, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


@openrosa
@require_http_methods(["GET", "HEAD"])
def form_list(request: HttpRequest) -> HttpResponse:
    """The forms this user may fill, each with the hash of exactly what they will download."""
    language = language_of_request()
    wanted = request.GET.get("formID", "")
    items = []
    for spec in forms_for(request.user):
        if wanted and spec.form_id != wanted:
            continue
        form = services.form_for(actor=request.user, form_id=spec.form_id, language=language)
        items.append(
            "<xform>"
            f"<formID>{escape(form.form_id)}</formID>"
            f"<name>{escape(form.title)}</name>"
            f"<version>{escape(form.version)}</version>"
            f"<hash>md5:{form.md5}</hash>"
            f"<descriptionText>{escape(str(spec.description))}</descriptionText>"
            f"<downloadUrl>{escape(_url(request, 'openrosa-form', spec.form_id))}</downloadUrl>"
            f"<manifestUrl>{escape(_url(request, 'openrosa-manifest', spec.form_id))}</manifestUrl>"
            "</xform>"
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<xforms xmlns="http://openrosa.org/xforms/xformsList">{"".join(items)}</xforms>'
    )
    return _answer(body)


def _spec(form_id: str):
    if form_id not in FORMS:
        raise Http404
    return FORMS[form_id]


@openrosa
@require_http_methods(["GET", "HEAD"])
def form_download(request: HttpRequest, form_id: str) -> HttpResponse:
    _spec(form_id)
    form = services.form_for(actor=request.user, form_id=form_id, language=language_of_request())
    response = _answer(form.xml)
    response["Content-Disposition"] = f'attachment; filename="{form_id}.xml"'
    return response


def _logo_md5() -> str:
    return hashlib.md5(LOGO.read_bytes()).hexdigest()


@openrosa
@require_http_methods(["GET", "HEAD"])
def manifest(request: HttpRequest, form_id: str) -> HttpResponse:
    spec = _spec(form_id)
    selectors.require_form(request.user, spec)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest xmlns="http://openrosa.org/xforms/xformsManifest">'
        f"<mediaFile><filename>form_logo.png</filename><hash>md5:{_logo_md5()}</hash>"
        f"<downloadUrl>{escape(_url(request, 'openrosa-media', form_id, 'form_logo.png'))}</downloadUrl>"
        "</mediaFile></manifest>"
    )
    return _answer(body)


@openrosa
@require_http_methods(["GET", "HEAD"])
def media(request: HttpRequest, form_id: str, filename: str) -> HttpResponse:
    spec = _spec(form_id)
    if filename != "form_logo.png" or not spec.may_fill(request.user):
        raise Http404
    return _headers(FileResponse(LOGO.open("rb"), content_type="image/png"))


def files_of(request: HttpRequest) -> tuple[bytes | None, dict[str, tuple[bytes, str]]]:
    """The instance and its attachments from a multipart submission, as OpenRosa names them."""
    xml = None
    attachments: dict[str, tuple[bytes, str]] = {}
    for part_name, uploads in request.FILES.lists():
        for upload in uploads:
            if part_name == "xml_submission_file":
                xml = upload.read()
            else:
                attachments[upload.name or part_name] = (upload.read(), upload.content_type or "")
    return xml, attachments


def receive(request: HttpRequest, *, via: str) -> HttpResponse:
    """Shared by Collect's submission and the browser's: the answer is OpenRosa's in both."""
    xml, attachments = files_of(request)
    if xml is None:
        return _message(_("The submission has no xml_submission_file part."), status=400)
    try:
        received = services.submission_receive(actor=request.user, xml=xml, files=attachments, via=via)
    except InstanceError as error:
        return _message(str(error), status=400)
    except services.Conflict as error:
        return _message(str(error), status=409)
    except ValidationError as error:
        return _message(" ".join(error.messages), status=400)
    submission = received.submission
    if not received.created:
        text = _("Already received; nothing changed.")
    elif submission.status == SubmissionStatus.ACCEPTED:
        text = _("Received and recorded. Thank you.")
    else:
        text = _("Received, and held for review: %(reason)s") % {
            "reason": " ".join(p["message"] for p in submission.problems[:3])
        }
    response = _message(text, status=201, nature="submit_success")
    response["Location"] = request.build_absolute_uri(request.path)
    response["X-Pathways-Submission-Status"] = str(submission.status)
    return response


@openrosa
@require_http_methods(["HEAD", "POST"])
def submission(request: HttpRequest) -> HttpResponse:
    if request.method == "HEAD":
        response = _answer(status=204)
        response["X-OpenRosa-Accept-Content-Length"] = str(ACCEPT_CONTENT_LENGTH)
        response["Location"] = request.build_absolute_uri(request.path)
        return response
    return receive(request, via=Via.COLLECT)
