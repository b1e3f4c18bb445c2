"""What one app holds about one person, for "Dữ liệu của tôi" and erasure (``accounts.privacy``).

Each app's ``privacy`` module returns a :class:`PersonalData` from its
``export_data(user)``; the type lives on the bottom floor so that every app,
the audit trail included, can build one.
"""

from dataclasses import dataclass, field


@dataclass
class PersonalData:
    """What one app holds about one person."""

    records: dict = field(default_factory=dict)
    files: list[tuple[str, bytes]] = field(default_factory=list)
