"""Demo protection cases: returnees in Savannakhet and Champasak assisted by IOM's case workers, some closed,
each with a few notes, so that the case pages, the caseload and the results source have something to show."""

import datetime
import random

from django.utils import timezone

from pathways.accounts.models import User
from pathways.partners.models import Organisation
from pathways.people.models import MigrantStatus, Person
from pathways.protection import services
from pathways.protection.models import CaseKind, ClosureReason, ProtectionCase, RiskLevel
from pathways.results.models import Project

CASES = 24
KINDS = [CaseKind.LABOUR_EXPLOITATION] * 5 + [CaseKind.TRAFFICKING] * 3 + [CaseKind.HEALTH] * 2
SUMMARIES = {
    CaseKind.LABOUR_EXPLOITATION: [
        "Returned from a construction site in Chonburi; three months' wages unpaid and passport kept by the "
        "employer.",
        "ເຮັດວຽກຢູ່ໂຮງງານຕັດຫຍິບ ຢູ່ບາງກອກ; ນາຍຈ້າງບໍ່ຈ່າຍຄ່າແຮງງານ ແລະ ຍຶດບັດແຮງງານໄວ້.",
        "Recruitment fee of 15,000 baht deducted from wages; contract substituted on arrival.",
    ],
    CaseKind.TRAFFICKING: [
        "Deceived with a restaurant job; held at a karaoke bar. Identified at the border by police.",
        "ຖືກຫຼອກລວງໄປເຮັດວຽກປະມົງ; ຖືກກັກຂັງຢູ່ເທິງເຮືອ 14 ເດືອນ.",
    ],
    CaseKind.HEALTH: [
        "Injured at a rubber plantation; needs follow-up treatment and cannot work for now.",
        "ກັບຄືນມາດ້ວຍອາການເຈັບປ່ວຍ; ຕ້ອງການການປິ່ນປົວ ແລະ ການຊ່ວຍເຫຼືອດ້ານຈິດໃຈ.",
    ],
}
NOTES = [
    "First interview at the quarantine centre; consent to assistance recorded.",
    "Referred to the provincial hospital for a check-up.",
    "Home visit: the family agrees to the reintegration plan.",
    "ໂທຫາ: ສະບາຍດີ, ກຳລັງຮຽນຫຼັກສູດຕັດຫຍິບ.",
    "Psychosocial counselling, second session.",
    "Complaint about unpaid wages filed with the labour office in Thailand through the MRC.",
    "ໄດ້ຮັບເງິນຊ່ວຍເຫຼືອສຳລັບການເດີນທາງກັບບ້ານ.",
]


def protection_demo_seed(orgs: dict[str, Organisation], rng: random.Random) -> dict[str, int]:
    """Add the demo cases once; a second run leaves them alone."""
    worker = User.objects.filter(username="caseworker").first()
    supervisor = User.objects.filter(username="cw.supervisor").first()
    iom = orgs.get("IOM")
    if worker is None or supervisor is None or iom is None or ProtectionCase.objects.exists():
        return {}
    project = Project.objects.filter(code="PROMISE-II").first()
    returnees = list(
        Person.objects.filter(
            home_province_id__in=["LA-SV", "LA-CH"],
            migrant_status=MigrantStatus.RETURNEE,
            merged_into__isnull=True,
        ).order_by("pk")[:400]
    )
    today = timezone.localdate()
    counts = {"cases": 0, "notes": 0}
    for person in rng.sample(returnees, min(CASES, len(returnees))):
        kind = rng.choice(KINDS)
        opened_on = today - datetime.timedelta(days=rng.randint(20, 4 * 365))
        case = services.case_open(
            actor=worker,
            person_id=person.pk,
            organisation=iom,
            kind=kind,
            risk=rng.choice([RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.MEDIUM, RiskLevel.LOW]),
            opened_on=opened_on,
            supervisor=supervisor,
            summary=rng.choice(SUMMARIES.get(kind, SUMMARIES[CaseKind.LABOUR_EXPLOITATION])),
            funding_project=project if rng.random() < 0.7 else None,
        )
        counts["cases"] += 1
        day = opened_on
        for text in rng.sample(NOTES, rng.randint(1, 4)):
            day = min(today, day + datetime.timedelta(days=rng.randint(1, 60)))
            services.note_add(actor=worker, case=case, written_on=day, text=text)
            counts["notes"] += 1
        if (today - opened_on).days > 180 and rng.random() < 0.6:
            services.case_close(
                actor=worker,
                case=case,
                closed_on=min(today, day + datetime.timedelta(days=rng.randint(10, 90))),
                closure_reason=rng.choice(
                    [
                        ClosureReason.NEEDS_MET,
                        ClosureReason.NEEDS_MET,
                        ClosureReason.REFERRED,
                        ClosureReason.LOST_CONTACT,
                    ]
                ),
            )
    return counts
