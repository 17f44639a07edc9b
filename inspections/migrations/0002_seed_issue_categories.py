"""Seed the issue category dictionary with the 三个聚焦 headings of city and county
inspection and their common sub-types. Offices add their own in the admin."""

from django.db import migrations

CATEGORIES = [
    ("聚焦贯彻落实党的路线方针政策和党中央决策部署", [
        "贯彻落实党中央决策部署不到位",
        "营商环境",
        "生态环境保护",
        "乡村振兴",
        "安全生产",
        "防范化解重大风险",
        "惠民补贴发放",
        "意识形态工作",
    ]),
    ("聚焦群众身边腐败问题和不正之风", [
        "征地拆迁",
        "工程建设",
        "村级“三资”管理",
        "惠民惠农资金",
        "教育医疗领域",
        "违反中央八项规定精神",
        "作风建设",
        "优亲厚友、吃拿卡要",
    ]),
    ("聚焦基层党组织软弱涣散、组织力欠缺问题", [
        "党组织建设",
        "选人用人",
        "干部队伍建设",
        "党员教育管理",
        "“三会一课”等组织生活",
        "巡察、审计等整改不力",
    ]),
]


def seed(apps, schema_editor):
    IssueCategory = apps.get_model("inspections", "IssueCategory")
    for heading_sort, (heading, children) in enumerate(CATEGORIES, start=1):
        parent, _ = IssueCategory.objects.get_or_create(
            name=heading, parent=None, office=None, defaults={"sort": heading_sort * 100}
        )
        for child_sort, child in enumerate(children, start=1):
            IssueCategory.objects.get_or_create(
                name=child, parent=parent, office=None, defaults={"sort": heading_sort * 100 + child_sort}
            )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
