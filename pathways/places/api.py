from ninja import Query, Router, Schema
from ninja.pagination import paginate

from pathways.api.paging import PagePagination
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


@router.get("/provinces", response=list[ProvinceOut], summary="Provinces (reference data)")
@paginate(PagePagination)
def provinces(request, country: str | None = Query(None, description="ISO 3166 code, e.g. LA or TH")):
    return province_list(country=country)


@router.get("/districts", response=list[DistrictOut], summary="Districts in use (reference data)")
@paginate(PagePagination)
def districts(request, province: str | None = Query(None, description="ISO 3166-2 code, e.g. LA-SV")):
    qs = district_list()
    return qs.filter(province_id=province) if province else qs
