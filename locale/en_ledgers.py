"""English for the ledger screens (templates/ledgers/, inspections/ledger_views.py)."""

EN = {
    # the ledger home
    "选择台账，按与列表相同的条件筛选后导出 Excel。导出的行与列表所见一致，不超出您的查看范围。"
    "不超过 %(sync_max)s 行的台账直接下载，更多的在后台生成，生成的文件保留 %(ttl_hours)s 小时。每次导出都会留下记录。": (
        "Choose a ledger, filter it with the same conditions as its list and export it to Excel. The rows "
        "exported are the rows the list shows, never beyond what you may see. Ledgers of up to %(sync_max)s "
        "rows download at once; larger ones are generated in the background and kept for %(ttl_hours)s hours. "
        "Every export is logged."
    ),
    "巡察发现的面上问题：问题事实、定性依据、发现方式、整改期限和状态。": (
        "Issues found by the inspections: facts, basis, how found, rectification deadline and status."
    ),
    "问题线索的移交、处置和办理结果，含追责问责、党纪政务处分、移送司法人数和挽回损失合计。"
    "涉密，仅线索管理员和系统管理员可导出。": (
        "Transfer, disposal and outcome of problem clues, with totals of persons held accountable, party and "
        "administrative sanctions, referrals to the judiciary and losses recovered. Confidential: only clue "
        "officers and administrators may export it."
    ),
    "书记点人、点事、点问题的点题内容和办理情况。": (
        "The persons, matters and problems the secretary pointed out, and how they were handled."
    ),
    "巡察专报的期号、意见建议、报送对象和推动的专项治理。": (
        "Special reports: issue number, suggestions, recipients and the campaigns they prompted."
    ),
    "已反馈问题的问题清单、任务清单和责任清单：整改措施、责任领导、责任部门、责任人、最新进展和佐证材料数。": (
        "Issue, task and responsibility lists of the fed-back issues: measures, responsible leader, department "
        "and person, latest progress and number of evidence files."
    ),
    "各巡察机构和轮次的最新统计：巡察单位数、发现、反馈、销号和逾期问题数、移交线索和挽回损失。": (
        "The latest statistics per office and round: units inspected, issues found, fed back, closed and "
        "overdue, clues transferred and losses recovered."
    ),
    "筛选并导出": "Filter and export",
    "查看列表": "View the list",
    "我的导出": "My exports",
    "导出记录（全部用户）": "Export log (all users)",
    "Word 文书": "Word documents",
    "文书按本机构的模板生成，填入机构名称、文号和所列问题，在各自的业务页面下载：": (
        "Documents are generated from your office's templates with the office's name, the numbers and the "
        "listed issues filled in, and downloaded from their own pages:"
    ),
    "在“整改 › 巡察对象”中打开一个巡察对象，点击“巡察反馈意见书（Word）”；登记反馈时也可下载。"
    "被巡察单位只能在反馈后下载，且只含已反馈的问题。": (
        "Open an inspected unit under “Rectification › Inspected units” and click “Inspection feedback "
        "opinion (Word)”; it can also be downloaded when recording the feedback. An inspected unit can "
        "download it only after the feedback, with only the fed-back issues."
    ),
    "移交问题线索后，在该线索的页面下载（仅线索管理员和系统管理员，下载计入线索查阅记录）。": (
        "Once a clue has been transferred, download it from that clue's page (clue officers and "
        "administrators only; the download is logged as a clue read)."
    ),
    "在巡察对象或单位整改档案页面的“督办”记录中，每条督办记录后都有“整改督办通知书（Word）”。": (
        "On an inspected unit's page or a unit's rectification record, every entry under “Supervision” has "
        "a “Rectification supervision notice (Word)” link."
    ),
    "系统管理员可以上传本机构自己的 .docx 模板替换内置模板：": (
        "Administrators can upload their office's own .docx templates to replace the built-in ones:"
    ),
    # the export page
    "导出%(title)s": "Export the %(title)s",
    "我最近导出的%(title)s": "My recent exports of the %(title)s",
    "按当前条件共 %(rows)s 行": "%(rows)s rows match the current filters",
    "没有可导出的行，请调整筛选条件。": "No rows to export; please change the filters.",
    "点击导出后直接下载。": "The file downloads as soon as you export.",
    "超过 %(sync_max)s 行，将在后台生成，页面显示进度，完成后下载。": (
        "More than %(sync_max)s rows: the file is generated in the background with a progress bar, then downloaded."
    ),
    "筛选条件有误，请修改后再导出：": "The filters are not valid; please correct them before exporting:",
    "共 %(rows)s 行，超过 %(max)s 行，已转入后台生成。完成后可在本页下载，也可以离开本页，稍后在“台账”中下载。": (
        "%(rows)s rows, more than %(max)s: the file is being generated in the background. Download it here "
        "when it is done, or leave this page and download it later under “Ledgers”."
    ),
    "您还没有导出过台账。": "You have not exported any ledger yet.",
    "查看进度": "View progress",
    "已直接下载": "Downloaded directly",
    "文件已过期": "File expired",
    # the job page
    "导出进度": "Export progress",
    "返回导出页面": "Back to the export page",
    "已写入 %(rows)s 行": "%(rows)s rows written",
    "下载 Excel（%(rows)s 行）": "Download Excel (%(rows)s rows)",
    "文件已生成，下载将自动开始。": "The file is ready; the download starts by itself.",
    "文件保留至 %(at)s。": "The file is kept until %(at)s.",
    "文件已过期，请重新导出。": "The file has expired; please export again.",
    "已直接下载。": "Downloaded directly.",
    "导出失败：": "The export failed:",
    "未知错误": "Unknown error",
    "正在生成，请稍候。可以离开本页，稍后在“台账”页面的“我的导出”中下载。": (
        "Generating, please wait. You can leave this page and download the file later from “My exports” on "
        "the “Ledgers” page."
    ),
    # the export log
    "导出记录": "Export log",
    "只有系统管理员可以查看台账导出记录。": "Only administrators may view the ledger export log.",
    "所有用户的每次台账导出：导出人、台账、筛选条件、时间、行数和状态。记录不能修改或删除。": (
        "Every ledger export by every user: who, which ledger, which filters, when, how many rows and the "
        "status. The log cannot be changed or deleted."
    ),
    "导出人（用户名或姓名）": "Exported by (username or name)",
    "导出人的用户名或姓名": "Username or name of the exporter",
    "导出日期": "Export date",
    "没有符合筛选条件的导出记录。": "No exports match the filters.",
    "还没有台账导出记录。": "No ledger exports yet.",
}
