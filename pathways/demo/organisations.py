"""The partners of the demo programme, as named in the programme documents (seeds/)."""

# name, acronym, kind, province, Lao name
ORGANISATIONS = [
    (
        "International Organization for Migration, Lao PDR",
        "IOM",
        "un_agency",
        "LA-VT",
        "ອົງການສາກົນເພື່ອການເຄື່ອນຍ້າຍຖິ່ນຖານ",
    ),
    ("Swiss Agency for Development and Cooperation", "SDC", "donor", "LA-VT", ""),
    ("Swedish International Development Cooperation Agency", "Sida", "donor", "LA-VT", ""),
    (
        "MoLSW Skills Development and Employment Department",
        "SDED",
        "ministry_department",
        "LA-VT",
        "ກົມພັດທະນາສີມືແຮງງານ ແລະ ການຈັດຫາງານ",
    ),
    (
        "Lao-Korea Skills Development Institute",
        "LKSDI",
        "skills_centre",
        "LA-VT",
        "ສະຖາບັນພັດທະນາສີມືແຮງງານ ລາວ-ເກົາຫຼີ",
    ),
    ("Lao Federation of Trade Unions", "LFTU", "trade_union", "LA-VT", "ສູນກາງສະຫະພັນກຳມະບານລາວ"),
    ("LFTU Skills Development Institute", "LFTU-SDI", "skills_centre", "LA-VT", "ສະຖາບັນພັດທະນາສີມືແຮງງານ ສກລ"),
    ("Lao Women's Union", "LWU", "mass_organisation", "LA-VT", "ສະຫະພັນແມ່ຍິງລາວ"),
    (
        "Vientiane Capital Technical and Vocational College",
        "VTE-TVC",
        "tvet_school",
        "LA-VT",
        "ວິທະຍາໄລເຕັກນິກ ແລະ ວິຊາຊີບ ນະຄອນຫຼວງວຽງຈັນ",
    ),
    (
        "Vientiane Capital Returnee Quarantine Centre",
        "VTE-QC",
        "quarantine_centre",
        "LA-VT",
        "ສູນກັກກັນ ນະຄອນຫຼວງວຽງຈັນ",
    ),
    (
        "Savannakhet Technical and Vocational College",
        "SVK-TVC",
        "tvet_school",
        "LA-SV",
        "ວິທະຍາໄລເຕັກນິກ ແລະ ວິຊາຊີບ ສະຫວັນນະເຂດ",
    ),
    (
        "Savannakhet Skills Development Centre",
        "SVK-SDC",
        "skills_centre",
        "LA-SV",
        "ສູນພັດທະນາສີມືແຮງງານ ສະຫວັນນະເຂດ",
    ),
    (
        "Savannakhet Migration Resource Centre",
        "SVK-MRC",
        "mrc",
        "LA-SV",
        "ສູນຂໍ້ມູນຂ່າວສານການເຄື່ອນຍ້າຍແຮງງານ ສະຫວັນນະເຂດ",
    ),
    (
        "Champasak Technical and Vocational College",
        "CPS-TVC",
        "tvet_school",
        "LA-CH",
        "ວິທະຍາໄລເຕັກນິກ ແລະ ວິຊາຊີບ ຈຳປາສັກ",
    ),
    ("Champasak Skills Development Centre", "CPS-SDC", "skills_centre", "LA-CH", "ສູນພັດທະນາສີມືແຮງງານ ຈຳປາສັກ"),
    ("Champasak Migration Resource Centre", "CPS-MRC", "mrc", "LA-CH", "ສູນຂໍ້ມູນຂ່າວສານການເຄື່ອນຍ້າຍແຮງງານ ຈຳປາສັກ"),
    ("Bokeo Migration Resource Centre", "BKO-MRC", "mrc", "LA-BK", "ສູນຂໍ້ມູນຂ່າວສານການເຄື່ອນຍ້າຍແຮງງານ ບໍ່ແກ້ວ"),
    (
        "Luang Prabang Migration Resource Centre",
        "LPB-MRC",
        "mrc",
        "LA-LP",
        "ສູນຂໍ້ມູນຂ່າວສານການເຄື່ອນຍ້າຍແຮງງານ ຫຼວງພະບາງ",
    ),
]

# Organisations that register people, by the province whose residents they register. Registrations from
# provinces without a partner office are made by IOM's outreach teams.
REGISTRARS = {
    "LA-VT": ["LKSDI", "LFTU-SDI", "VTE-TVC", "VTE-QC"],
    "LA-SV": ["SVK-MRC", "SVK-SDC", "SVK-TVC"],
    "LA-CH": ["CPS-MRC", "CPS-SDC", "CPS-TVC"],
    "LA-BK": ["BKO-MRC"],
    "LA-LP": ["LPB-MRC"],
}
NATIONAL_REGISTRARS = ["IOM", "SDED"]

# Where people come from: the provinces with high outbound migration weigh most.
PROVINCE_WEIGHTS = {
    "LA-SV": 22,
    "LA-CH": 16,
    "LA-VT": 14,
    "LA-KH": 7,
    "LA-SL": 6,
    "LA-BK": 5,
    "LA-LP": 5,
    "LA-VI": 4,
    "LA-BL": 4,
    "LA-XA": 3,
    "LA-AT": 2,
    "LA-XE": 2,
    "LA-OU": 2,
    "LA-LM": 2,
    "LA-HO": 2,
    "LA-XI": 2,
    "LA-PH": 1,
    "LA-XS": 1,
}

# username, role, organisation acronym, provinces in scope, full name
USERS = [
    ("admin", "admin", "IOM", [], "System Administrator"),
    ("officer", "programme_officer", "IOM", [], "Programme Officer"),
    ("me.officer", "me_officer", "IOM", [], "M&E Officer"),
    ("vte.staff", "partner_staff", "LKSDI", ["LA-VT"], "Vientiane Partner Staff"),
    ("svk.staff", "partner_staff", "SVK-MRC", ["LA-SV"], "Savannakhet Partner Staff"),
    ("caseworker", "case_worker", "IOM", ["LA-SV", "LA-CH"], "Case Worker"),
    ("cw.supervisor", "case_worker", "IOM", ["LA-SV", "LA-CH"], "Case Supervisor"),
    ("donor", "donor", "SDC", [], "Donor Viewer"),
]

# Common village names (Lao, Latin); villages are created per district as people are registered.
VILLAGES = [
    ("ບ້ານ ນາໄຊ", "Ban Naxai"),
    ("ບ້ານ ໂພນສະອາດ", "Ban Phonsaat"),
    ("ບ້ານ ດອນໃໝ່", "Ban Donmai"),
    ("ບ້ານ ໜອງບົວ", "Ban Nongboua"),
    ("ບ້ານ ໂພນໄຊ", "Ban Phonxai"),
    ("ບ້ານ ນາຄຳ", "Ban Nakham"),
    ("ບ້ານ ທ່າແຂກ", "Ban Thakhek"),
    ("ບ້ານ ຫ້ວຍຊາຍ", "Ban Houayxay"),
    ("ບ້ານ ສີສະຫວາດ", "Ban Sisavath"),
    ("ບ້ານ ໂນນສະຫວ່າງ", "Ban Nonsavang"),
    ("ບ້ານ ນາບົງ", "Ban Nabong"),
    ("ບ້ານ ດົງໂດກ", "Ban Dongdok"),
    ("ບ້ານ ຫຼັກຫົກ", "Ban Lakhok"),
    ("ບ້ານ ໂພນທັນ", "Ban Phonthan"),
    ("ບ້ານ ນາເລົາ", "Ban Nalao"),
]

# code, name, Lao name, donor acronyms, start, end
PROJECTS = [
    (
        "PROMISE-II",
        "Poverty Reduction through Safe Migration, Skills Development and Enhanced Job Placement, phase II",
        "ໂຄງການ PROMISE ໄລຍະ II",
        ["SDC"],
        "2021-01-01",
        "2025-12-31",
    ),
    (
        "CREST",
        "Corporate Responsibility in Eliminating Slavery and Trafficking",
        "ໂຄງການ CREST",
        ["Sida"],
        "2021-01-01",
        "2024-12-31",
    ),
]
