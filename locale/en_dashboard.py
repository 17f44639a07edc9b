"""English for the statistics dashboard and the notification bell (rectification/dashboard.py,
rectification/notification_views.py, templates/stats/, templates/notifications/,
templates/partials/bell.html)."""

EN = {
    # the dashboard
    "统计分析": "Statistics",
    "巡察机构（含下级）": "Inspection office (with lower offices)",
    "全部轮次": "All rounds",
    "发现日期（起）": "Found from",
    "发现日期（止）": "Found until",
    "查看": "Show",
    "期间": "Period",
    "实时计算": "computed live",
    "数据截至 %(day)s（%(at)s 计算）": "Figures as of %(day)s (computed %(at)s)",
    "指定期间时按发现日期（问题）、移交日期（线索）实时统计；逾期按今天计。": (
        "With a period, figures are computed live by the date found (issues) and the transfer date "
        "(clues); overdue is as of today."
    ),
    "尚无统计数据：统计任务每晚运行，或由管理员立即运行。": (
        "No statistics yet: the statistics job runs every night, or an administrator runs it now."
    ),
    "立即运行统计任务": "Run the statistics job now",
    "立即重新计算": "Recompute now",
    "已提交统计任务，稍候刷新本页即可看到结果。": "The statistics job has been queued; reload this page shortly to see the results.",
    "统计任务未能提交，请稍后重试。": "The statistics job could not be queued; please try again later.",
    "只有系统管理员可以立即运行统计任务。": "Only administrators can run the statistics job now.",
    "只有审核监督人员、领导、线索管理员和系统管理员可以查看统计。": (
        "Only supervisors, leaders, clue officers and administrators can view the statistics."
    ),
    "挽回和避免经济损失": "Economic loss recovered or avoided",
    "清退资金": "Funds refunded",
    "万元": "10k yuan",
    "销号 %(closed)s ÷ 反馈 %(fed_back)s": "%(closed)s closed ÷ %(fed_back)s fed back",
    "线索类数据仅显示数量；线索详情仅线索管理员可查阅。": (
        "Clue figures are shown as counts only; only clue officers can read the clues themselves."
    ),
    "整改完成率（按轮次）": "Completion rate by round",
    "整改完成率（按巡察组）": "Completion rate by inspection group",
    "整改完成率（%）": "Completion rate (%)",
    "问题类别分布": "Issues by category",
    "整改完成率较低的单位": "Units with the lowest completion rate",
    "整改完成率较高的单位": "Units with the highest completion rate",
    "逾期问题较多的单位": "Units with the most overdue issues",
    "未解除的预警（按等级）": "Open alerts by level",
    "整改进度趋势（每日统计快照）": "Progress over time (daily snapshots)",
    "问题数": "Issues",
    "预警数": "Alerts",
    "数据表": "Data table",
    "数量": "Count",
    "暂无数据。": "No data yet.",
    "暂无每日统计快照。": "No daily snapshots yet.",
    "没有未解除的预警。": "No open alerts.",
    # the open alerts behind the alert chart
    "未解除的预警": "Open alerts",
    "返回统计": "Back to statistics",
    "没有符合条件的未解除预警。": "No open alerts match the filters.",
    # the bell and the notifications page
    "条未读提醒": "unread notifications",
    "正在加载…": "Loading…",
    "全部标为已读": "Mark all read",
    "标为已读": "Mark read",
    "已读": "Read",
    "未读": "Unread",
    "已解除": "Resolved",
    "查看全部提醒": "All notifications",
    "暂无提醒。": "No notifications yet.",
    "没有未读提醒。": "No unread notifications.",
}
