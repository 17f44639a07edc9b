"""English for the group members and assignment editing screens (see locale/fill.py)."""

EN = {
    "人员": "Person",
    "%(person)s 已是%(group)s的成员。": "%(person)s is already a member of %(group)s.",
    "%(group)s已有组长，每个巡察组只能有一名组长。": "%(group)s already has a leader; a group has only one leader.",
    "调整巡察组成员": "change a group's members",
    "该用户已停用，不能加入巡察组。": "This user is deactivated and cannot join a group.",
    "%(person)s 没有“巡察组成员”角色，请先由系统管理员授予该角色。": (
        "%(person)s does not hold the Inspector role; ask a system administrator to grant it first."
    ),
    "不能加入巡察组，请刷新页面后重试。": "Could not add to the group; please reload the page and try again.",
    "修改巡察对象": "edit an inspected unit",
    "修改巡察对象信息": "Edit inspected unit",
    "撤离日期不能晚于反馈日期（%(date)s）。": "The exit date cannot be after the feedback date (%(date)s).",
    "回避：曾在%(units)s工作": "conflict: has worked at %(units)s",
    "只有本级或上级机构的审核监督人员、系统管理员可以调整巡察组成员。": (
        "Only supervisors and system administrators of this office or a higher one may change a group's members."
    ),
    "已将%(person)s加入%(group)s（%(role)s）。": "Added %(person)s to %(group)s (%(role)s).",
    "回避提示：%(person)s 曾在 %(unit)s 工作，该组巡察该单位，应当回避。": (
        "Conflict of interest: %(person)s has worked at %(unit)s, which this group inspects, and should stand aside."
    ),
    "已将%(person)s移出%(group)s。": "Removed %(person)s from %(group)s.",
    "只有本级或上级机构的审核监督人员、系统管理员可以修改巡察对象。": (
        "Only supervisors and system administrators of this office or a higher one may edit an inspected unit."
    ),
    "修改政治画像和进驻、撤离日期": "Edit the political portrait and the entry and exit dates",
    "该组暂无成员。": "This group has no members yet.",
    "添加成员": "Add a member",
    "可从本机构巡察组成员和巡察人才库中选择；曾在本组巡察单位工作的人员会标注“回避”。": (
        "Choose among this office's inspectors and the talent pool; anyone who has worked at a unit this group "
        "inspects is marked “conflict”."
    ),
    "加入巡察组": "Add to group",
    "该组暂无巡察单位。": "This group inspects no units yet.",
    "确定将 %(person)s 移出本组吗？": "Remove %(person)s from this group?",
    "移出": "Remove",
    "调整成员": "Change members",
}
