from ninja import Router, Schema

from pathways.places.selectors import district_list, province_list

router = Router(tags=["places"])


class ProvinceOut(Schema):
    code: str
    country_id: str
    name_en: str
    name_local: str
    aliases: list[str]


class DistrictOut(Schema):
    code: str
    province_id: str
    name_en: str
    name_local: str


@router.get("/provinces", response=list[ProvinceOut])
def provinces(request, country: str | None = None):
    return province_list(country=country)


@router.get("/districts", response=list[DistrictOut])
def districts(request, province: str | None = None):
    qs = district_list()
    return qs.filter(province_id=province) if province else qs
