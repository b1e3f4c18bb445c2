"""The demo's partners: the district office of Dĩ An, reading its teachers' results (rerunnable)."""

from accounts import roles
from accounts.demo import ensure_user
from accounts.models import Area

from .models import PartnerAccess

# (e-mail, password, full name, organisation, area)
PARTNERS = [("doitac@example.com", "demo-doitac-2026", "Phòng GD&ĐT Dĩ An", "Phòng GD&ĐT Dĩ An", "Dĩ An")]


def load(command):
    for email, password, full_name, organisation, area_name in PARTNERS:
        area = Area.objects.filter(name=area_name).first()
        if area is None:
            continue
        # A partner signs in like anybody; the access, not a role, opens the partner pages.
        user = ensure_user(email, password, full_name, roles.LEARNER)
        PartnerAccess.objects.get_or_create(
            user=user, kind=PartnerAccess.Kind.DISTRICT, area=area, defaults={"organisation": organisation}
        )
