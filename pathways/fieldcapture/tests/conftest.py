import base64

import pytest

from pathways.fieldcapture import services


@pytest.fixture
def device_key(svk_staff):
    return services.device_key_issue(actor=svk_staff, name="MRC tablet")


@pytest.fixture
def basic(svk_staff, device_key):
    return "Basic " + base64.b64encode(f"{svk_staff.username}:{device_key}".encode()).decode()


PERSON = {
    "given_name_lo": "ສົມໃຈ",
    "family_name_lo": "ພົມມະວົງ",
    "given_name_latin": "Somchai",
    "family_name_latin": "Phommavong",
    "sex": "male",
    "birth_date": "1990-03-14",
    "migrant_status": "returnee",
    "home_province": "LA-SV",
    "phone": "020 5555 1234",
    "notice_language": "lo",
    "consent": "yes",
}
