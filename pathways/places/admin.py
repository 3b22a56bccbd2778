from django.contrib import admin

from pathways.places.models import Country, District, Province, Village


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_local"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_local", "country"]
    list_filter = ["country"]
    search_fields = ["code", "name_en", "name_local"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_local", "province", "valid_from", "valid_to"]
    list_filter = ["province"]
    search_fields = ["code", "name_en", "name_local"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name_local", "name_en", "district"]
    search_fields = ["name_local", "name_en"]
    list_select_related = ["district"]
