"""Reference data loading: idempotent, so migrations, the demo and the tests all call the same thing."""

import csv
import datetime
from pathlib import Path

from django.db import transaction

from pathways.places.models import Country, District, Province

DATA_DIR = Path(__file__).resolve().parent / "data"

COUNTRIES = [
    # code, English, local script, phone region
    ("LA", "Lao PDR", "ສປປ ລາວ", "LA"),
    ("TH", "Thailand", "ประเทศไทย", "TH"),
    ("KH", "Cambodia", "កម្ពុជា", "KH"),
    ("MM", "Myanmar", "မြန်မာ", "MM"),
    # Destinations of Lao workers abroad besides Thailand (EPS, technical intern and plantation schemes);
    # their provinces are not loaded.
    ("KR", "Republic of Korea", "대한민국", "KR"),
    ("JP", "Japan", "日本", "JP"),
    ("MY", "Malaysia", "Malaysia", "MY"),
    # Returns come from these too (construction and plantation work, domestic work, irregular crossings).
    ("CN", "China", "中国", "CN"),
    ("VN", "Viet Nam", "Việt Nam", "VN"),
    ("SG", "Singapore", "Singapore", "SG"),
]
# Each country's name in Lao and in Thai, for the two interfaces (apart from its own script, above).
COUNTRY_NAMES = {
    "LA": ("ສປປ ລາວ", "สปป.ลาว"),
    "TH": ("ປະເທດໄທ", "ประเทศไทย"),
    "KH": ("ກຳປູເຈຍ", "กัมพูชา"),
    "MM": ("ມຽນມາ", "เมียนมา"),
    "KR": ("ສາທາລະນະລັດເກົາຫຼີ", "สาธารณรัฐเกาหลี"),
    "JP": ("ຍີ່ປຸ່ນ", "ญี่ปุ่น"),
    "MY": ("ມາເລເຊຍ", "มาเลเซีย"),
    "CN": ("ຈີນ", "จีน"),
    "VN": ("ຫວຽດນາມ", "เวียดนาม"),
    "SG": ("ສິງກະໂປ", "สิงคโปร์"),
}
# The district table as loaded here is the one in force since Xaisomboun became a province (2013).
DISTRICTS_VALID_FROM = datetime.date(2013, 12, 1)


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _aliases(raw: str) -> list[str]:
    return [alias.strip() for alias in raw.split(";") if alias.strip()]


@transaction.atomic
def reference_places_load(*, apps=None) -> dict[str, int]:
    """Create or update countries, provinces and Lao districts from the shipped CSV files.

    Migrations pass their historical `apps` so the load keeps working after later schema changes.
    """
    Country_, Province_, District_ = (
        (apps.get_model("places", name) for name in ("Country", "Province", "District"))
        if apps
        else (Country, Province, District)
    )
    # Names in the other interface language came later (places 0005): earlier migrations' models lack them.
    translated = {f.name for f in Province_._meta.get_fields()} >= {"name_lo", "name_th"}
    for code, name_en, name_local, region in COUNTRIES:
        names = dict(zip(("name_lo", "name_th"), COUNTRY_NAMES[code], strict=True)) if translated else {}
        Country_.objects.update_or_create(
            code=code,
            defaults={"name_en": name_en, "name_local": name_local, "phone_region": region, **names},
        )
    provinces = 0
    for country in ("la", "th", "kh", "mm"):
        for row in _rows(f"provinces_{country}.csv"):
            Province_.objects.update_or_create(
                code=row["code"],
                defaults={
                    "country_id": country.upper(),
                    "name_en": row["name_en"],
                    "name_local": row["name_local"],
                    "aliases": _aliases(row.get("aliases", "")),
                    **(
                        {"name_lo": row.get("name_lo", ""), "name_th": row.get("name_th", "")}
                        if translated
                        else {}
                    ),
                },
            )
            provinces += 1
    districts = 0
    for row in _rows("districts_la.csv"):
        District_.objects.update_or_create(
            code=row["code"],
            valid_from=DISTRICTS_VALID_FROM,
            defaults={
                "province_id": row["province_code"],
                "name_en": row["name_en"],
                "name_local": row["name_local"],
                "aliases": _aliases(row.get("aliases", "")),
            },
        )
        districts += 1
    from pathways.places.selectors import clear_match_cache

    transaction.on_commit(clear_match_cache)
    clear_match_cache()
    return {"countries": len(COUNTRIES), "provinces": provinces, "districts": districts}
