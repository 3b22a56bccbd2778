import re
import subprocess

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, ValidationError

from pathways.training import pdf, services, signing, verification
from pathways.training.conftest import assess_all, attend_all
from pathways.training.models import Certificate
from pathways.training.services.certificates import NUMBER_ALPHABET, new_numbers


@pytest.fixture
def completed(vte_staff, assessor, cohort, enrolment):
    attend_all(vte_staff, cohort, [enrolment])
    assess_all(assessor, enrolment)
    return services.enrolment_complete(actor=vte_staff, enrolment=enrolment)


def test_a_certificate_is_only_for_a_completed_enrolment(vte_staff, enrolment):
    with pytest.raises(ValidationError, match="has not completed this course"):
        services.certificate_issue(actor=vte_staff, enrolment=enrolment)
    assert not Certificate.objects.exists()


def test_certificate_numbers_are_random_and_payload_verifies(vte_staff, completed):
    certificate = services.certificate_issue(actor=vte_staff, enrolment=completed)
    assert re.fullmatch(r"PW-\d{4}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}", certificate.number)

    fields = signing.verify(certificate.payload)
    assert fields.number == certificate.number
    assert fields.holder == "Manivanh Phommachanh"
    assert fields.course == "SEW-2W"
    answer = verification.by_payload(certificate.payload)
    assert answer.status == "valid" and answer.institution == "Vientiane Skills Centre"

    with pytest.raises(ValidationError, match="already has a certificate"):
        services.certificate_issue(actor=vte_staff, enrolment=completed)


def test_tampering_with_one_byte_of_the_payload_fails_verification(vte_staff, completed):
    payload = services.certificate_issue(actor=vte_staff, enrolment=completed).payload
    for i in (5, 12, len(payload) - 3):
        tampered = payload[:i] + ("X" if payload[i] != "X" else "Y") + payload[i + 1 :]
        with pytest.raises(ValidationError, match=r"signature does not match|not a Pathways certificate"):
            verification.by_payload(tampered)


def test_revoked_certificates_answer_revoked_and_need_a_reason(vte_staff, completed):
    certificate = services.certificate_issue(actor=vte_staff, enrolment=completed)
    with pytest.raises(ValidationError, match="reason"):
        services.certificate_revoke(actor=vte_staff, certificate=certificate, reason="")
    services.certificate_revoke(actor=vte_staff, certificate=certificate, reason="Issued to the wrong person")
    assert verification.by_number(certificate.number, client="192.0.2.1").status == "revoked"
    assert verification.by_payload(certificate.payload).status == "revoked"
    assert verification.by_number("PW-1999-000001", client="192.0.2.1").status == "unknown"


def test_the_development_key_is_refused_when_debug_is_off(settings, vte_staff, completed):
    settings.CERTIFICATE_DEVELOPMENT_KEY_IN_TESTS = False
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="development key"):
        services.certificate_issue(actor=vte_staff, enrolment=completed)
    settings.CERTIFICATE_SIGNING_KEY = signing.b64url(bytes(range(32)))
    certificate = services.certificate_issue(actor=vte_staff, enrolment=completed)
    assert certificate.key_id == signing.key_id() != ""
    signing.verify(certificate.payload)


def test_a_payload_from_another_key_does_not_verify(settings, vte_staff, completed):
    certificate = services.certificate_issue(actor=vte_staff, enrolment=completed)
    settings.CERTIFICATE_SIGNING_KEY = signing.b64url(bytes(range(32)))
    with pytest.raises(ValidationError, match="signature does not match"):
        signing.verify(certificate.payload)


def test_the_pdf_holds_english_and_lao_text_and_the_qr(vte_staff, completed, tmp_path):
    certificate = services.certificate_issue(actor=vte_staff, enrolment=completed)
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf.certificate_pdf(certificate))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in [
        "Certificate of completion",
        "ໃບຢັ້ງຢືນການສຳເລັດການຝຶກອົບຮົມ",
        "ມະນີວັນ",
        "Industrial sewing",
        "ການຫຍິບອຸດສາຫະກຳ",
        certificate.number,
    ]:
        assert expected in text
    assert 'src="data:image/png;base64,' in pdf.certificates_html([certificate])


def test_numbers_cannot_be_guessed_from_one_another():
    numbers = new_numbers(2026, 2000)

    assert len(set(numbers)) == 2000
    # Each random character takes every value of the alphabet across a few thousand numbers: no counter.
    for position in (8, 9, 10, 11, 12, 14, 15, 16, 17, 18):
        assert len({n[position] for n in numbers}) == len(NUMBER_ALPHABET)


def test_a_number_typed_from_paper_is_found_as_the_register_holds_it(vte_staff, completed):
    certificate = services.certificate_issue(actor=vte_staff, enrolment=completed)
    typed = certificate.number.lower().replace("-", " ").replace("0", "o").replace("1", "l")

    assert verification.by_number(typed, client="192.0.2.1").number == certificate.number


def test_numbers_issued_before_random_ones_still_verify(vte_staff, completed):
    certificate = services.certificate_issue(actor=vte_staff, enrolment=completed)
    Certificate.objects.filter(pk=certificate.pk).update(number="PW-2021-000123")

    assert verification.by_number("pw-2021-000123", client="192.0.2.1").status == "valid"


def test_the_system_check_refuses_the_development_key_without_debug(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.DEBUG = False
    settings.SECRET_KEY = "a-real-secret-" + "x" * 40
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    settings.CERTIFICATE_SIGNING_KEY = ""
    with pytest.raises(SystemCheckError, match="CERTIFICATE_SIGNING_KEY is unset"):
        call_command("check")
    settings.CERTIFICATE_SIGNING_KEY = signing.b64url(bytes(range(32)))
    call_command("check")


def test_the_qr_code_holds_a_link_to_the_public_check_that_answers_valid(
    settings, client, vte_staff, completed
):
    settings.PUBLIC_BASE_URL = "https://pathways.example.org"
    certificate = services.certificate_issue(actor=vte_staff, enrolment=completed)

    link = verification.link_for(certificate.payload)

    assert link.startswith("https://pathways.example.org/verify/?code=PW1%7C")
    assert verification.payload_from(link) == certificate.payload
    assert verification.by_payload(link).status == "valid"  # a scanner app's text pasted into the API
    answer = client.get(link.removeprefix("https://pathways.example.org"))
    assert answer.status_code == 200 and 'data-status="valid"' in answer.text
    assert certificate.holder_name in answer.text


def test_the_paper_names_the_site_and_its_qr_is_the_link(settings, vte_staff, completed, tmp_path):
    import shutil

    settings.PUBLIC_BASE_URL = "https://pathways.example.org"
    certificate = services.certificate_issue(actor=vte_staff, enrolment=completed)
    html = pdf.certificates_html([certificate])
    assert pdf.qr_png_data_uri(verification.link_for(certificate.payload)) in html
    assert pdf.qr_png_data_uri(certificate.payload) not in html
    if not shutil.which("pdftotext"):
        return
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf.certificate_pdf(certificate))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "pathways.example.org/verify/" in text


def test_check_deploy_warns_when_the_qr_codes_would_link_to_this_machine(settings):
    from pathways.training.checks import public_base_url_is_public

    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    assert [w.id for w in public_base_url_is_public(None)] == ["pathways.W102"]
    settings.PUBLIC_BASE_URL = "https://pathways.example.org"
    assert public_base_url_is_public(None) == []
