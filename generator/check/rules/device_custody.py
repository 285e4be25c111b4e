"""密级为秘密及以上、已召开或已办结的会议，应记录参会人员手机等通信工具和录音、录像设备的收存与发还
（devices：collected 收存件数、returned 发还件数、keeper 保管人）；没有记录，或发还件数不等于收存件数时提示。"""

from __future__ import annotations

from ...core.enums import Classification

ID = "device-custody"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    fm = d.fm
    if not fm.status.took_place or fm.classification < Classification.SECRET:
        return
    dev = fm.devices
    if dev is None:
        e.report(("classification",), "devices_missing", level=fm.classification.zh)
    elif dev.collected is None:
        e.report(("devices",), "devices_not_counted")
    elif dev.returned != dev.collected:
        e.report(("devices", "returned"), "devices_not_returned", collected=dev.collected, returned=dev.returned or 0,
                 at=("devices", "returned") if dev.returned is not None else ("devices", "collected"))
