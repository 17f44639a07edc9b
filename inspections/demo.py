"""Demo and benchmark data: the 荆州 demo data set (``seed_demo``) and ``seed_demo --scale N``.

The demo data set follows the seed document: 18 rounds, 203 party organisations, 5938 issues
fed back of which 5847 closed, 937 clues transferred, 2437 persons held accountable, 56
transferred to judiciary, 52,000万元 recovered or saved. Those totals are exact; everything
else is drawn from a seeded random generator. Dates are laid out backwards from today so that
"overdue" and "due soon" mean something on the day the demo is loaded; a load is therefore
deterministic for a given day.

Both loads write with PostgreSQL COPY inside one transaction (:func:`bulk_load`) and skip the
field-history triggers (``pgtrigger.ignore``): loaded rows are a starting state, not anybody's
change, so their history starts with the first real action on them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import pgtrigger
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.demo import CITY_OFFICE, LIAISON_UNIT_CODE
from accounts.models import Office, RoleAssignment, User
from rectification.choices import ActionKind, ActionReason, MeasureKind, PlanStatus, ReviewDecision
from rectification.models import Action, Feedback, Measure, Plan, Progress, Review

from . import deadlines
from .choices import (
    FED_BACK_STATUSES,
    ClueRecipient,
    ClueStatus,
    Disposal,
    GroupRole,
    HowFound,
    IssueNature,
    IssueStatus,
    PersonRank,
    PointKind,
    RoundKind,
    RoundStage,
    SecondedFrom,
    UnitKind,
    VillageCategory,
)
from .models import (
    Assignment,
    Clue,
    CluePerson,
    Group,
    GroupMembership,
    Issue,
    IssueCategory,
    Round,
    SecretaryPoint,
    SpecialReport,
    Talent,
    Unit,
)

DEFAULT_SEED = 5938
TZ = ZoneInfo(settings.TIME_ZONE)
# Accounts that may never sign in (pool users, unit liaisons of the generated units).
UNUSABLE_PASSWORD = "!seed-demo"  # noqa: S105 - "!" marks an unusable password

# The seed document's figures (DESIGN.md, "Seed figures") and a few more it states.
SEED_ROUNDS = 18
SEED_UNITS = 203
SEED_ISSUES_FED_BACK = 5938
SEED_ISSUES_CLOSED = 5847
SEED_CLUES_TRANSFERRED = 937
SEED_PERSONS_ACCOUNTABLE = 2437
SEED_PERSONS_TO_JUDICIARY = 56
SEED_LOSS_RECOVERED_WAN = Decimal("52000.00")
SEED_COUNTY_LEVEL_CLUES = 161  # 发现县级领导干部问题线索161件
SEED_SELF_SURRENDERS = 2  # 2名公职人员巡察期间主动投案自首
SEED_SPECIAL_REPORTS = 15  # 形成巡察专报15期
SEED_CAMPAIGNS = 6  # 推动专项治理6个
SEED_FUNDS_REFUNDED_WAN = Decimal("3213.00")  # 清退清欠账款3213万元
SEED_LEADER_ATTENDANCE = 192  # 市领导参加巡察反馈会……190余人次
SEED_PORTRAITS = 94  # 形成“政治画像”……94个
SEED_UNITS_CALLED_IN = 16  # 约谈通报拖延整改、整改不力的单位16家

# Issues of the finished rounds still open on the day of loading: round index -> how many
# (rectifying, pending_review, long_term); 91 in all, so that 5938 − 91 = 5847 are closed.
OPEN_ISSUES = {13: (2, 1, 7), 14: (3, 2, 7), 15: (6, 5, 4), 16: (9, 10, 5), 17: (18, 12, 0)}
CLUES_AWAITING_RESULT = 57  # transferred, result not back yet; the other 880 are concluded
DRAFT_ISSUES_ON_SITE = 4
# Days before today on which each of the 18 rounds started (the last one is on site now).
ROUND_START_DAYS_AGO = [
    1800, 1690, 1580, 1470, 1400, 1320, 1210, 1120, 1020, 920, 850, 760, 560, 440, 330, 220, 110, 10,
]  # fmt: skip
ON_SITE_DAYS = 35
FEEDBACK_AFTER_EXIT_DAYS = 30


# --- bulk loading -----------------------------------------------------------------------------


def history_triggers() -> list[str]:
    """URIs of the field-history triggers that write on insert or update (not the append-only guards)."""
    return sorted(
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in pgtrigger.registered()
        if trigger.name in ("insert_insert", "update_update")
    )


@contextmanager
def bulk_load() -> Iterator[None]:
    """One transaction for a bulk load, with the field-history triggers skipped.

    ``pgtrigger.ignore`` prefixes every statement Django runs with a transaction-local setting
    that the history triggers read. COPY goes round Django's cursor wrapper, so one statement
    through Django sets it for the whole transaction first. Deferred foreign keys are checked
    before the block ends, so a broken load fails here, even inside a test's transaction.
    """
    with transaction.atomic(), pgtrigger.ignore(*history_triggers()):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def reserve_ids(model, count: int) -> range:
    """Take ``count`` consecutive primary keys from the table's identity sequence (one statement)."""
    if count <= 0:
        return range(0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(seq, nextval(seq) + %s - 1) FROM pg_get_serial_sequence(%s, %s) AS seq",
            [count, model._meta.db_table, model._meta.pk.column],
        )
        last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


def copy_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY ``rows`` (tuples in the order of ``columns``, field attnames) into the model's table.

    Columns left out get the field's default (``auto_now`` fields: now), the id its identity
    default; nullable ones stay NULL. Returns the number of rows written.
    """
    fields = {f.attname: f for f in model._meta.concrete_fields}
    now = timezone.now()
    extra_columns, extra_values = [], []
    for f in model._meta.concrete_fields:
        if f.attname in columns or f.primary_key:  # an omitted id comes from the identity sequence
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            continue
        elif f.empty_strings_allowed:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{f.attname} needs a value")
        extra_columns.append(f.column)
        extra_values.append(f.get_db_prep_save(value, connection))
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in [fields[name].column for name in columns] + extra_columns)
    statement = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    tail = tuple(extra_values)
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write = copy.write_row
        if tail:
            for count, row in enumerate(rows, 1):  # noqa: B007 - the last index is the count
                write(row + tail)
        else:
            for count, row in enumerate(rows, 1):  # noqa: B007
                write(row)
    return count


def copy_objects(model, objects: Sequence) -> int:
    """COPY unsaved model instances whose primary keys were taken with :func:`reserve_ids`."""
    fields = list(model._meta.concrete_fields)
    now = timezone.now()

    def value(obj, f):
        v = getattr(obj, f.attname)
        if v is None and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)):
            v = now
        return f.get_db_prep_save(v, connection)

    rows = (tuple(value(obj, f) for f in fields) for obj in objects)
    return copy_rows(model, [f.attname for f in fields], rows)


def analyze(models: Iterable) -> None:
    """Refresh the planner's statistics after a bulk load."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def apportion(total: int, weights: Sequence[float], minimums: Sequence[int] | None = None) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder), each ≥ its minimum."""
    minimums = list(minimums) if minimums is not None else [0] * len(weights)
    rest = total - sum(minimums)
    if rest < 0 or (rest and not any(weights)):
        raise ValueError(f"cannot split {total} over {len(weights)} parts")
    scale = rest / sum(weights) if rest else 0
    raw = [w * scale for w in weights]
    parts = [math.floor(x) for x in raw]
    short = rest - sum(parts)
    for i in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[:short]:
        parts[i] += 1
    return [m + p for m, p in zip(minimums, parts, strict=True)]


def leaf_categories() -> list[tuple[int, str]]:
    """(id, name) of the city-wide leaf categories of the dictionary seeded by migration 0002
    (seeded again if a flush emptied the table, as transactional tests do)."""
    leaves = IssueCategory.objects.filter(office=None, parent__isnull=False, is_active=True).order_by("sort", "id")
    if not leaves.exists():
        importlib.import_module("inspections.migrations.0002_seed_issue_categories").seed(django_apps, None)
    return list(leaves.values_list("id", "name"))


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime on ``day`` in the project's time zone."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


# --- names and texts --------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏付方邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃戴向汤"
)
GIVEN_NAMES = (
    "伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华建国文斌辉鹏宇浩红玲志海燕丹俊峰波宁莉萍亮成雪琳晶飞林凯兵荣新春"
)
PLACE_HEADS = "新红长太金永东西南北三五黄白杨清青丰和兴民胜安福联群团光明双合大高龙凤花桃柳荷"
PLACE_TAILS = "河湖岭桥台湾港垸堤口坪洲庙岗林星利华丰旺场铺园山塘渡"


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN_NAMES) + (rng.choice(GIVEN_NAMES) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def reported_name(rng: random.Random) -> str:
    """How ledgers name a reported official (被反映人): 全某, 方某某."""
    return rng.choice(SURNAMES) + ("某" if rng.random() < 0.6 else "某某")


# Titles of findings per leaf category of the seeded dictionary (inspections/migrations/0002).
ISSUE_TITLES = {
    "贯彻落实党中央决策部署不到位": [
        "贯彻落实上级重大决策部署打折扣、搞变通",
        "“第一议题”学习制度落实不到位",
        "重点工作推进迟缓，目标任务未按期完成",
        "对上级部署的专项工作研究部署不深入",
    ],
    "营商环境": [
        "政务服务事项“一网通办”落实不到位，办事环节多",
        "拖欠民营企业账款未及时清偿",
        "涉企检查多头重复，增加企业负担",
        "招商引资承诺政策兑现不及时",
    ],
    "生态环境保护": [
        "长江大保护突出问题整改不彻底",
        "污水管网建设滞后，雨污混流问题突出",
        "黑臭水体治理未达到预期目标",
        "沿江化工企业“关改搬转”推进缓慢",
    ],
    "乡村振兴": [
        "衔接资金项目绩效目标未实现",
        "产业扶持项目“重建设轻管理”",
        "防止返贫动态监测帮扶机制落实不到位",
        "村级集体经济发展缺乏有效路径",
    ],
    "安全生产": [
        "安全生产责任制落实不到位",
        "重大安全隐患排查整治不彻底",
        "危化品监管存在漏洞",
        "自建房安全专项整治推进不力",
    ],
    "防范化解重大风险": [
        "政府隐性债务风险化解不力",
        "国有资产出借、担保风险管控不严",
        "信访积案化解推进缓慢",
        "金融风险排查处置不到位",
    ],
    "惠民补贴发放": [
        "惠民补贴“一卡通”发放不及时",
        "违规发放低保、特困供养资金",
        "耕地地力保护补贴发放不精准",
        "残疾人两项补贴审核把关不严",
    ],
    "意识形态工作": [
        "意识形态工作责任制落实不到位",
        "网络意识形态阵地管理不严",
        "理论学习中心组学习流于形式",
    ],
    "征地拆迁": [
        "征地补偿款发放不规范",
        "还迁房交付不及时，群众反映强烈",
        "拆迁安置政策执行不统一",
        "违规变更拆迁补偿标准",
    ],
    "工程建设": [
        "工程项目未批先建、边批边建",
        "招标投标程序不规范，存在围标串标风险",
        "工程变更签证管理不严，增加投资",
        "工程款结算审核把关不严",
    ],
    "村级“三资”管理": [
        "村集体资产资源发包不规范",
        "村级财务收支审批不严，白条入账",
        "集体资金未纳入“三资”平台管理",
        "村集体土地违规流转",
    ],
    "惠民惠农资金": [
        "惠农资金被截留挪用",
        "项目资金拨付滞后，资金沉淀",
        "虚报冒领惠民惠农资金",
    ],
    "教育医疗领域": [
        "医保基金使用监管不严，存在违规报销",
        "药品耗材采购管理不规范",
        "违规收取教辅材料费用",
        "医疗服务价格执行不到位",
    ],
    "违反中央八项规定精神": [
        "违规公款吃喝",
        "违规发放津贴补贴",
        "公务用车管理不规范，存在公车私用",
        "超标准接待、无公函接待",
    ],
    "作风建设": [
        "形式主义、官僚主义问题仍然存在",
        "为民服务意识不强，办事推诿扯皮",
        "文山会海问题突出，基层负担重",
        "调查研究不深入，决策脱离实际",
    ],
    "优亲厚友、吃拿卡要": [
        "低保评定优亲厚友",
        "在项目审批中吃拿卡要",
        "村干部亲属违规享受政策待遇",
    ],
    "党组织建设": [
        "党组（党委）主体责任落实不到位",
        "民主集中制执行不严，“三重一大”事项决策不规范",
        "基层党组织软弱涣散问题整顿不彻底",
        "党建与业务工作“两张皮”",
    ],
    "选人用人": [
        "干部选拔任用程序不规范",
        "干部档案管理不规范，信息失真",
        "违规超职数配备干部",
        "干部交流轮岗制度落实不到位",
    ],
    "干部队伍建设": [
        "干部队伍结构老化，年轻干部储备不足",
        "干部日常监督管理不严",
        "干部担当作为不够，干事创业氛围不浓",
    ],
    "党员教育管理": [
        "党员发展程序不规范",
        "党费收缴使用管理不规范",
        "流动党员管理缺失",
    ],
    "“三会一课”等组织生活": [
        "“三会一课”制度落实不到位",
        "民主生活会批评与自我批评辣味不足",
        "主题党日活动流于形式",
    ],
    "巡察、审计等整改不力": [
        "上轮巡察反馈问题整改不到位",
        "审计发现问题整改不彻底、虚假整改",
        "整改长效机制建设不健全",
    ],
}
# Categories a village or township inspection finds most (weighted up when drawing).
GRASSROOTS_CATEGORIES = {
    "村级“三资”管理",
    "惠民惠农资金",
    "优亲厚友、吃拿卡要",
    "征地拆迁",
    "乡村振兴",
    "党组织建设",
    "党员教育管理",
    "“三会一课”等组织生活",
}
BASES = [
    "《中国共产党纪律处分条例》",
    "《中国共产党巡视工作条例》第十五条",
    "《中国共产党党组工作条例》第十五条",
    "《党政机关厉行节约反对浪费条例》第十二条",
    "《中华人民共和国招标投标法》第三条",
    "《中华人民共和国政府采购法》第二十六条",
    "《中国共产党农村基层组织工作条例》第十九条",
    "《关于新形势下党内政治生活的若干准则》",
    "《党政领导干部选拔任用工作条例》第三十一条",
    "《行政事业单位内部控制规范（试行）》第十二条",
    "《中华人民共和国预算法》第五十七条",
    "《农村集体经济组织财务制度》第二十条",
    "《中共中央政治局贯彻落实中央八项规定实施细则》",
]
FACT_TAILS = [
    "党组织履行主体责任不到位",
    "相关制度未有效执行",
    "内部监督流于形式",
    "群众反映较为强烈",
    "上轮巡察后仍未彻底解决",
    "造成一定经济损失和不良影响",
]
CLUE_ACTS = [
    "在工程项目招投标中收受好处费",
    "违规插手工程项目",
    "利用职务便利为亲属谋取利益",
    "违规发放津补贴",
    "套取挪用专项资金",
    "虚报冒领惠民补贴",
    "违规收受礼品礼金",
    "侵占村集体资产",
    "在征地拆迁中优亲厚友",
    "违规兼职取酬",
    "骗取国家棚改补助资金",
    "侵吞国有资产",
]
MEASURE_ACTIONS = [
    "完善相关制度规定",
    "开展专项清理",
    "追回违规资金",
    "严肃追责问责",
    "建立长效机制",
    "组织专题学习",
]
PROGRESS_TEXTS = [
    "已召开专题会议研究部署，制定整改方案，明确责任领导和责任人。",
    "已完成问题清理，相关资金已追回并上缴。",
    "已修订完善相关制度，并印发执行。",
    "已对相关责任人进行批评教育和诫勉谈话。",
    "整改工作按计划推进，已完成阶段性目标。",
    "已报送整改佐证材料，申请审核销号。",
]
DEPARTMENTS_IN_UNIT = ["办公室", "财务科", "规划财务科", "人事科", "项目办", "综合科", "党建办", "审计科"]
PORTRAITS = [
    "领导班子政治站位较高，贯彻落实上级决策部署总体有力，但全面从严治党主体责任压力传导逐级递减。",
    "单位政治生态总体向好，“一把手”带头作用较强，但民主集中制执行不够严格，重大事项集体研究不充分。",
    "班子团结协作较好，但在重点领域廉政风险防控方面存在薄弱环节，制度执行不够刚性。",
    "整改态度端正，但对巡察发现问题的根源剖析不深，举一反三不够。",
]
# The six special campaigns the seed's special reports led to (推动专项治理6个).
POINT_PROBLEMS = ["还迁房交付不及时", "工业园区基础设施不完善", "转供电违规加价", "村级财务不公开"]
CAMPAIGNS = [
    "“清减降”专项治理",
    "转供电环节违规加价专项治理",
    "还迁房交付不及时问题专项治理",
    "清欠民营企业账款专项治理",
    "农村集体“三资”管理专项治理",
    "招标投标领域突出问题专项治理",
]
# (round index, title, campaign index or None): the 15 special reports (巡察专报).
SPECIAL_REPORTS = [
    (1, "关于经济部门巡察发现共性问题的专题报告", None),
    (1, "关于推进“放管服”改革举措落地见效的建议", 0),
    (2, "关于长江大保护专项巡察情况的专题报告", None),
    (2, "关于沿江化工企业“关改搬转”推进情况的报告", None),
    (3, "关于民生领域巡察发现问题的专题报告", None),
    (4, "关于全市优化营商环境机动式巡察情况的专题报告", 1),
    (4, "关于政务服务环节堵点问题的专题报告", None),
    (6, "关于市属国有企业巡察发现共性问题的专题报告", None),
    (7, "关于县市区经济开发区提级交叉巡察情况的专题报告", None),
    (7, "关于征地拆迁、土地出让领域突出问题的专题报告", 2),
    (10, "关于清欠民营企业账款问题的专题报告", 3),
    (10, "关于村（社区）提级巡察发现问题的专题报告", None),
    (14, "关于重点村“三资”管理问题的专题报告", 4),
    (16, "关于法院、住建系统点穴式巡察情况的专题报告", None),
    (16, "关于招标投标领域突出问题的专题报告", 5),
]
SECONDED_BACKGROUNDS = [
    (SecondedFrom.DISCIPLINE, "纪检监察", "荆州市纪委监委"),
    (SecondedFrom.AUDIT, "审计", "荆州市审计局"),
    (SecondedFrom.FINANCE, "财会", "荆州市财政局"),
    (SecondedFrom.PUBLIC_RESOURCES, "公共资源交易", "荆州市公共资源交易中心"),
]


def principal_post(kind: str, name: str) -> str:
    """The post of a unit's 一把手, as ledgers write it."""
    if name.endswith("法院"):
        return "党组书记、院长"
    if name.endswith(("医院", "中心", "学校", "中学", "学院", "保健院")):
        return "党委书记"
    if kind == UnitKind.VILLAGE:
        return "党委书记、居委会主任" if name.endswith("社区") else "党支部书记、村委会主任"
    return {
        UnitKind.DEPARTMENT: "党组书记、主任" if name.endswith("委员会") else "党组书记、局长",
        UnitKind.SOE: "党委书记、董事长",
        UnitKind.TOWNSHIP: "党工委书记" if name.endswith("街道") else "党委书记",
    }.get(kind, "党组书记")


def reported_post(kind: str, rng: random.Random, city_level: bool) -> tuple[str, str]:
    """A (post, rank) a clue may report, by the kind and level of the unit."""
    if kind == UnitKind.VILLAGE:
        return rng.choice(
            [("村党支部书记", PersonRank.GENERAL), ("村委会主任", PersonRank.GENERAL), ("村报账员", PersonRank.GENERAL)]
        )
    if kind == UnitKind.TOWNSHIP:
        return rng.choice(
            [("党委副书记", PersonRank.TOWNSHIP), ("副镇长", PersonRank.TOWNSHIP), ("站所负责人", PersonRank.GENERAL)]
        )
    if kind == UnitKind.SOE:
        posts = [
            ("副总经理", PersonRank.TOWNSHIP),
            ("部门经理", PersonRank.TOWNSHIP),
            ("项目负责人", PersonRank.GENERAL),
        ]
    else:
        posts = [("科长", PersonRank.TOWNSHIP), ("副科长", PersonRank.TOWNSHIP), ("工作人员", PersonRank.GENERAL)]
    if not city_level:
        posts.append(("局长" if kind == UnitKind.DEPARTMENT else "主要负责人", PersonRank.TOWNSHIP))
    return rng.choice(posts)


COUNTY_LEVEL_POSTS = {
    UnitKind.SOE: ["党委书记、董事长", "总经理", "副总经理"],
    UnitKind.DEPARTMENT: ["党组书记、局长", "党组成员、副局长", "二级调研员"],
}


# --- the demo catalogue: offices' units and the 18 rounds --------------------------------------

OFFICE_CODES = {
    CITY_OFFICE: "JZ",
    "沙市区委巡察办": "SSQ",
    "荆州区委巡察办": "JZQ",
    "江陵县委巡察办": "JLX",
    "松滋市委巡察办": "SZS",
    "公安县委巡察办": "GAX",
    "石首市委巡察办": "SSS",
    "监利市委巡察办": "JLS",
    "洪湖市委巡察办": "HHS",
}
# Short names for clue letters (移交函文号) and receiving bodies, per office.
OFFICE_PLACES = {
    CITY_OFFICE: ("荆州市", "荆巡"),
    "沙市区委巡察办": ("沙市区", "沙巡"),
    "荆州区委巡察办": ("荆州区", "荆区巡"),
    "松滋市委巡察办": ("松滋市", "松巡"),
}
KIND_LETTERS = {
    UnitKind.DEPARTMENT: "D",
    UnitKind.TOWNSHIP: "T",
    UnitKind.VILLAGE: "V",
    UnitKind.SOE: "Q",
    UnitKind.INSTITUTION: "S",
    UnitKind.OTHER: "O",
}


@dataclass
class UnitSpec:
    code: str
    name: str
    kind: str
    office: str
    village_category: str = ""
    parent: str | None = None


@dataclass
class RoundSpec:
    index: int
    office: str
    term: str
    sequence: int
    kind: str
    theme: str
    groups: int
    units: list[str] = field(default_factory=list)  # unit codes, in the order groups take them


class Catalogue:
    """The demo's units and rounds, written down the way an office plans its year."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.units: dict[str, UnitSpec] = {}
        self.rounds: list[RoundSpec] = []
        self.codes_by_name: dict[str, str] = {}
        self.counters: Counter = Counter()
        self.village_names: set[str] = set()

    def round(self, office: str, term: str, sequence: int, kind: str, theme: str, groups: int) -> RoundSpec:
        spec = RoundSpec(len(self.rounds) + 1, office, term, sequence, kind, theme, groups)
        self.rounds.append(spec)
        return spec

    def add(self, rnd: RoundSpec, office: str, kind: str, names: Iterable[str], **extra) -> list[str]:
        codes = []
        for name in names:
            prefix = f"{OFFICE_CODES[office]}-{KIND_LETTERS[kind]}"
            self.counters[prefix] += 1
            code = f"{prefix}-{self.counters[prefix]:03d}"
            self.units[code] = UnitSpec(code, name, kind, office, **extra)
            self.codes_by_name[name] = code
            rnd.units.append(code)
            codes.append(code)
        return codes

    def revisit(self, rnd: RoundSpec, names: Iterable[str]) -> None:
        rnd.units.extend(self.codes_by_name[name] for name in names)

    def townships(self, rnd: RoundSpec, office: str, villages: dict[str, int], categories: list[str]) -> None:
        """Townships (乡镇街道) with the villages or communities under them; categories cycle."""
        county = office.removesuffix("委巡察办")
        position = 0
        for township, count in villages.items():
            (parent,) = self.add(rnd, office, UnitKind.TOWNSHIP, [f"{county}{township}"])
            suffix = "社区" if township.endswith("街道") else "村"
            for _ in range(count):
                name = self._village_name(f"{county}{township}", suffix)
                category = categories[position % len(categories)]
                position += 1
                self.add(rnd, office, UnitKind.VILLAGE, [name], village_category=category, parent=parent)

    def _village_name(self, township: str, suffix: str) -> str:
        while True:
            name = f"{township}{self.rng.choice(PLACE_HEADS)}{self.rng.choice(PLACE_TAILS)}{suffix}"
            if name not in self.village_names:
                self.village_names.add(name)
                return name


def demo_catalogue(rng: random.Random) -> Catalogue:
    """The 203 units and 18 rounds of the demo city (荆州), in the order they were inspected."""
    c = Catalogue(rng)
    city, shashi, jingzhou, songzi = CITY_OFFICE, "沙市区委巡察办", "荆州区委巡察办", "松滋市委巡察办"
    D, Q, S, OT = UnitKind.DEPARTMENT, UnitKind.SOE, UnitKind.INSTITUTION, UnitKind.OTHER
    V = VillageCategory
    K = RoundKind

    r = c.round(city, "五届市委", 1, K.REGULAR, "聚焦经济部门开展“政治体检”", 3)
    c.add(r, city, D, [
        "荆州市住房和城乡建设局", "荆州市发展和改革委员会", "荆州市经济和信息化局", "荆州市财政局",
        "荆州市商务局", "荆州市自然资源和规划局", "荆州市统计局", "荆州市人民政府国有资产监督管理委员会",
    ])  # fmt: skip
    c.add(r, city, Q, ["荆州市城市发展控股集团有限公司", "荆州市国有资产经营有限公司"])
    r = c.round(city, "五届市委", 2, K.SPECIAL, "长江大保护专项巡察", 3)
    c.add(r, city, D, [
        "荆州市生态环境局", "荆州市水利和湖泊局", "荆州市农业农村局", "荆州市林业局", "荆州市交通运输局",
        "洪湖湿地自然保护区管理局",
    ])  # fmt: skip
    c.add(r, city, Q, ["荆州市水务集团有限公司"])
    r = c.round(city, "五届市委", 3, K.REGULAR, "聚焦教育、医疗、社保等民生领域", 3)
    c.add(r, city, D, [
        "荆州市教育局", "荆州市卫生健康委员会", "荆州市民政局", "荆州市人力资源和社会保障局",
        "荆州市医疗保障局", "荆州市退役军人事务局",
    ])  # fmt: skip
    c.add(r, city, S, ["荆州市第一人民医院", "荆州市中心医院", "荆州中学", "荆州职业技术学院"])
    r = c.round(city, "五届市委", 4, K.MOBILE, "优化营商环境机动式巡察", 2)
    c.add(
        r,
        city,
        D,
        ["荆州市政务服务和大数据管理局", "荆州市市场监督管理局", "荆州市城市管理执法委员会", "荆州市科学技术局"],
    )
    c.add(r, city, OT, ["荆州市公共资源交易中心", "荆州市招商服务中心"])
    r = c.round(shashi, "九届区委", 1, K.TOWNSHIP_VILLAGES, "巡乡带村：聚焦群众身边腐败问题和不正之风", 3)
    c.townships(
        r,
        shashi,
        {"岑河镇": 5, "观音垱镇": 5, "锣场镇": 5},
        [V.GENERAL, V.ASSETS, V.GENERAL, V.PETITIONS, V.CO_BUILDING],
    )
    r = c.round(city, "五届市委", 5, K.REGULAR, "聚焦市属国有企业", 3)
    c.add(r, city, Q, [
        "荆州古城文化旅游投资开发有限公司", "荆州市城市建设投资开发有限公司", "荆州市公共交通集团有限责任公司",
        "荆州市交通投资集团有限公司", "荆州市房地产投资开发有限公司", "荆州市文化旅游集团有限公司",
    ])  # fmt: skip
    r = c.round(city, "五届市委", 6, K.CROSS, "对县市区经济开发区开展提级交叉巡察", 3)
    c.add(r, city, OT, ["荆州经济技术开发区"])
    for office, name in [
        ("江陵县委巡察办", "江陵经济开发区"),
        (songzi, "松滋经济开发区"),
        ("公安县委巡察办", "公安县青吉工业园"),
        ("石首市委巡察办", "石首经济开发区"),
        ("监利市委巡察办", "监利经济开发区"),
        ("洪湖市委巡察办", "洪湖经济开发区"),
    ]:
        c.add(r, office, OT, [name])
    r = c.round(jingzhou, "九届区委", 1, K.REGULAR, "聚焦区直部门和乡镇", 3)
    c.add(r, jingzhou, D, ["荆州区发展和改革局", "荆州区住房和城乡建设局", "荆州区教育局"])
    c.townships(
        r, jingzhou, {"郢城镇": 4, "纪南镇": 4, "川店镇": 4}, [V.GENERAL, V.DEMOLITION, V.GENERAL, V.REVITALISATION]
    )
    r = c.round(city, "五届市委", 7, K.REGULAR, "聚焦群团组织和政法、文旅等部门", 3)
    c.add(r, city, OT, [
        "荆州市总工会", "共青团荆州市委员会", "荆州市妇女联合会", "荆州市科学技术协会", "荆州市残疾人联合会",
        "荆州市供销合作社",
    ])  # fmt: skip
    c.add(r, city, D, [
        "荆州市司法局", "荆州市信访局", "荆州市文化和旅游局", "荆州市应急管理局", "荆州市审计局",
        "荆州市外事侨务局", "荆州市粮食和物资储备局",
    ])  # fmt: skip
    r = c.round(city, "六届市委", 1, K.ELEVATED, "对村（社区）开展提级巡察，聚焦基层“微腐败”", 3)
    c.townships(r, "江陵县委巡察办", {"郝穴镇": 5}, [V.REVITALISATION, V.ASSETS, V.PETITIONS, V.DEMOLITION, V.GENERAL])
    c.townships(r, "公安县委巡察办", {"埠河镇": 5}, [V.ASSETS, V.REVITALISATION, V.PETITIONS, V.CO_BUILDING, V.GENERAL])
    c.townships(r, "石首市委巡察办", {"调关镇": 5}, [V.ASSETS, V.PETITIONS, V.REVITALISATION, V.DEMOLITION, V.ASSETS])
    r = c.round(shashi, "九届区委", 2, K.REGULAR, "聚焦区直部门和街道社区", 3)
    c.add(
        r,
        shashi,
        D,
        ["沙市区发展和改革局", "沙市区财政局", "沙市区住房和城市更新局", "沙市区城市管理执法局", "沙市区教育局"],
    )
    c.townships(
        r,
        shashi,
        {"解放路街道": 4, "中山路街道": 4, "胜利街道": 4},
        [V.GENERAL, V.DEMOLITION, V.CO_BUILDING, V.GENERAL],
    )
    r = c.round(songzi, "九届市委", 1, K.UNIT_VILLAGES, "巡单位带村：聚焦惠民惠农政策落实", 2)
    c.add(r, songzi, D, ["松滋市财政局", "松滋市农业农村局"])
    c.townships(
        r,
        songzi,
        {"南海镇": 4, "八宝镇": 3, "涴市镇": 3, "刘家场镇": 3},
        [V.GENERAL, V.REVITALISATION, V.ASSETS, V.GENERAL],
    )
    r = c.round(city, "六届市委", 2, K.REVISIT, "巡察“回头看”：检视上轮巡察整改成效", 2)
    c.revisit(r, [
        "荆州市发展和改革委员会", "荆州市财政局", "荆州市教育局", "荆州市卫生健康委员会",
        "荆州古城文化旅游投资开发有限公司", "荆州市第一人民医院",
    ])  # fmt: skip
    c.add(r, city, S, ["荆州市中医医院", "荆州市第二人民医院", "荆州市妇幼保健院", "荆州市沙市中学"])
    r = c.round(city, "六届市委", 3, K.ELEVATED, "对重点村开展提级巡察", 2)
    c.townships(
        r,
        "监利市委巡察办",
        {"朱河镇": 6},
        [V.REVITALISATION, V.CO_BUILDING, V.DEMOLITION, V.PETITIONS, V.ASSETS, V.REVITALISATION],
    )
    c.townships(
        r,
        "洪湖市委巡察办",
        {"峰口镇": 6},
        [V.CO_BUILDING, V.DEMOLITION, V.REVITALISATION, V.PETITIONS, V.CO_BUILDING, V.DEMOLITION],
    )
    r = c.round(shashi, "九届区委", 3, K.SPECIAL, "城市社区专项巡察", 2)
    c.townships(r, shashi, {"崇文街道": 4, "朝阳街道": 4}, [V.GENERAL, V.CO_BUILDING, V.PETITIONS, V.GENERAL])
    r = c.round(city, "六届市委", 4, K.PINPOINT, "对法院、住建系统开展点穴式巡察", 2)
    c.revisit(r, ["荆州市住房和城乡建设局"])  # first, so that it falls to group 1 (the demo group)
    c.add(r, city, D, ["荆州市中级人民法院", "沙市区人民法院", "荆州区人民法院"])
    c.add(r, city, OT, ["荆州市住房公积金中心"])
    c.revisit(r, ["荆州市城市管理执法委员会"])
    r = c.round(city, "六届市委", 5, K.REGULAR, "聚焦市直部门和市属事业单位、国有企业", 3)
    c.add(
        r,
        city,
        D,
        ["荆州市公安局", "荆州市民族宗教事务委员会", "荆州市机关事务服务中心", "荆州市地方金融工作局", "荆州市档案馆"],
    )
    c.add(r, city, S, ["荆州市实验中学", "荆州市特殊教育学校", "荆州市疾病预防控制中心"])
    c.add(r, city, Q, ["荆州市粮食集团有限公司", "荆州市融资担保集团有限公司", "荆州市农业发展投资有限公司"])
    r = c.round(city, "六届市委", 6, K.REGULAR, "聚焦市直单位和事业单位", 3)
    c.add(r, city, D, ["中共荆州市委党校", "荆州市公路事业发展中心", "荆州市港航事业发展中心"])
    c.add(r, city, S, ["荆州市第三人民医院", "荆州市精神卫生中心"])
    c.add(r, city, OT, ["荆州市广播电视台", "荆州博物馆", "荆州市图书馆"])

    assert len(c.rounds) == SEED_ROUNDS and len(c.units) == SEED_UNITS, (len(c.rounds), len(c.units))
    assert c.codes_by_name["荆州市住房和城乡建设局"] == LIAISON_UNIT_CODE
    return c


# --- the demo data set --------------------------------------------------------------------------

# The 18th round (六届市委第6轮, on site now): present once the demo data set is loaded.
DEMO_MARKER_ROUND = ("六届市委", 6)
# Group 1 of these rounds (by index) is the demo group: `group_leader` leads it, `inspector` is in it.
DEMO_GROUP_ROUNDS = (16, 17, 18)
ISSUE_WEIGHTS = {
    UnitKind.DEPARTMENT: 36,
    UnitKind.SOE: 40,
    UnitKind.INSTITUTION: 28,
    UnitKind.TOWNSHIP: 30,
    UnitKind.VILLAGE: 12,
    UnitKind.OTHER: 22,
}
ROUND_WEIGHTS = {RoundKind.REVISIT: 0.6, RoundKind.PINPOINT: 1.3, RoundKind.MOBILE: 1.1}
HOW_FOUND_TEXT = {
    HowFound.TALK: "个别谈话",
    HowFound.DOCUMENTS: "查阅资料",
    HowFound.PETITION: "受理信访",
    HowFound.VISIT: "走访调研",
    HowFound.AUDIT: "专项检查",
    HowFound.SURVEY: "问卷调查",
}
DISPOSAL_TEXT = {
    Disposal.INQUIRY: "谈话函询",
    Disposal.PRELIMINARY: "初步核实",
    Disposal.SHELVED: "暂存待查",
    Disposal.CLOSED: "予以了结",
    Disposal.CASE: "立案审查调查",
}


def demo_loaded(offices: dict[str, Office]) -> bool:
    """True once the demo data set is in the database (its 18th round exists)."""
    term, sequence = DEMO_MARKER_ROUND
    return Round.objects.filter(office=offices[CITY_OFFICE], term=term, sequence=sequence).exists()


def load_demo(
    *, offices: dict[str, Office], accounts: dict[str, User], seed: int = DEFAULT_SEED, today: dt.date | None = None
) -> dict[str, int] | None:
    """Load the demo data set once (row counts per model); later runs only re-place the demo accounts."""
    if demo_loaded(offices):
        place_demo_accounts(offices=offices, accounts=accounts)
        return None
    builder = DemoBuilder(offices=offices, accounts=accounts, seed=seed, today=today or deadlines.today())
    with bulk_load():
        builder.build()
        return builder.write()


@transaction.atomic
def place_demo_accounts(*, offices: dict[str, Office], accounts: dict[str, User]) -> None:
    """`group_leader` leads and `inspector` sits in group 1 of the demo rounds (repairs a changed set-up)."""
    city = offices[CITY_OFFICE]
    catalogue_rounds = {spec.index: spec for spec in demo_catalogue(random.Random(DEFAULT_SEED)).rounds}
    for index in DEMO_GROUP_ROUNDS:
        spec = catalogue_rounds[index]
        group = Group.objects.filter(round__office=city, round__term=spec.term, round__sequence=spec.sequence, number=1)
        group = group.first()
        if group is None:
            continue
        GroupMembership.objects.get_or_create(
            group=group, user=accounts["inspector"], defaults={"role": GroupRole.MEMBER}
        )
        if not group.memberships.filter(role=GroupRole.LEADER).exists():
            GroupMembership.objects.update_or_create(
                group=group, user=accounts["group_leader"], defaults={"role": GroupRole.LEADER}
            )


@dataclass
class Staff:
    """An office's inspection staff: full-time inspectors, seconded talents and the reviewing supervisor."""

    supervisor: User
    full_time: list[User] = field(default_factory=list)
    seconded: list[tuple[User, str, str]] = field(default_factory=list)  # user, background, employer


@dataclass
class GroupInfo:
    group: Group
    leader: User
    deputy: User
    officers: list[User]  # who may be case officer (承办人): deputy and members


@dataclass
class AssignmentInfo:
    assignment: Assignment
    spec: RoundSpec
    unit: Unit
    office: Office
    group: GroupInfo
    issues: list[Issue] = field(default_factory=list)
    clues: list[Clue] = field(default_factory=list)


class DemoBuilder:
    """Builds the demo data set as unsaved model instances with reserved ids, then COPYs them."""

    def __init__(self, *, offices: dict[str, Office], accounts: dict[str, User], seed: int, today: dt.date):
        self.rng = random.Random(seed)
        self.offices = offices
        self.accounts = accounts
        self.today = today
        self.objects: dict[type, list] = defaultdict(list)
        self.units: dict[str, Unit] = {}
        self.unit_liaison: dict[str, User] = {}
        self.staff: dict[str, Staff] = {}
        self.rounds: dict[int, Round] = {}
        self.assignments: list[AssignmentInfo] = []
        self.demo_groups: dict[int, GroupInfo] = {}
        self.open_issues: list[Issue] = []
        self.liaison_assignment: AssignmentInfo | None = None

    def keep(self, obj):
        self.objects[type(obj)].append(obj)
        return obj

    # -- build --------------------------------------------------------------------------------

    def build(self) -> None:
        self.catalogue = demo_catalogue(self.rng)
        self.categories = leaf_categories()
        self._staff()
        self._units()
        self._rounds()
        self._issues()
        self._plans()
        self._rectification()
        self._clues()
        self._ledgers()

    def _new_users(self, specs: list[tuple[str, str]]) -> list[User]:
        ids = reserve_ids(User, len(specs))
        joined = at(self.today - dt.timedelta(days=1900))
        return [
            self.keep(User(id=pk, username=username, full_name=name, password=UNUSABLE_PASSWORD, date_joined=joined))
            for pk, (username, name) in zip(ids, specs, strict=True)
        ]

    def _staff(self) -> None:
        """Inspection staff of the offices that run rounds: 30 + 12 seconded in the city, 7 + 3 in a county."""
        rng = self.rng
        offices_with_rounds = list(dict.fromkeys(spec.office for spec in self.catalogue.rounds))
        specs, plan = [], []
        for office in offices_with_rounds:
            code = OFFICE_CODES[office].lower()
            full_time, seconded = (30, 12) if office == CITY_OFFICE else (7, 3)
            for i in range(1, full_time + seconded + 1):
                specs.append((f"{code}_xc{i:02d}", person_name(rng)))
            plan.append((office, full_time, seconded))
            if office not in (CITY_OFFICE, "沙市区委巡察办"):
                specs.append((f"{code}_sh01", person_name(rng)))
        users = iter(self._new_users(specs))
        supervisors = {CITY_OFFICE: self.accounts["supervisor"], "沙市区委巡察办": self.accounts["county_supervisor"]}
        for office, full_time, seconded in plan:
            office_obj = self.offices[office]
            staff = Staff(supervisor=supervisors.get(office))
            staff.full_time = [next(users) for _ in range(full_time)]
            place = office.removesuffix("委巡察办")
            for i in range(seconded):
                background, _, employer = SECONDED_BACKGROUNDS[i % len(SECONDED_BACKGROUNDS)]
                if office != CITY_OFFICE:
                    employer = employer.replace("荆州市", place)
                staff.seconded.append((next(users), background, employer))
            if staff.supervisor is None:
                staff.supervisor = next(users)
                self.keep(RoleAssignment(user=staff.supervisor, office=office_obj, role=Role.SUPERVISOR))
            for user in staff.full_time + [s[0] for s in staff.seconded]:
                self.keep(RoleAssignment(user=user, office=office_obj, role=Role.INSPECTOR))
            self.staff[office] = staff
        talents = [s for staff in self.staff.values() for s in staff.seconded]
        for pk, (user, background, employer) in zip(reserve_ids(Talent, len(talents)), talents, strict=True):
            specialty = next(s for b, s, _ in SECONDED_BACKGROUNDS if b == background)
            self.keep(
                Talent(
                    id=pk,
                    user=user,
                    name=user.full_name,
                    employer=employer,
                    background=background,
                    specialty=f"{specialty}业务",
                    created_at=at(self.today - dt.timedelta(days=1850)),
                    updated_at=at(self.today - dt.timedelta(days=1850)),
                )
            )

    def _units(self) -> None:
        rng = self.rng
        existing = {u.code: u for u in Unit.objects.filter(code__in=list(self.catalogue.units))}
        new_specs = [spec for code, spec in self.catalogue.units.items() if code not in existing]
        ids = iter(reserve_ids(Unit, len(new_specs)))
        created = at(self.today - dt.timedelta(days=1830))
        for code, spec in self.catalogue.units.items():
            fields = {
                "name": spec.name,
                "kind": spec.kind,
                "office_id": self.offices[spec.office].pk,
                "village_category": spec.village_category,
                "parent_id": self.units[spec.parent].pk if spec.parent else None,
                "principal_name": person_name(rng),
                "principal_post": principal_post(spec.kind, spec.name),
                "deputy_name": person_name(rng),
            }
            if code in existing:
                unit = existing[code]
                Unit.objects.filter(pk=unit.pk).update(**fields)
                for key, value in fields.items():
                    setattr(unit, key, value)
            else:
                unit = self.keep(Unit(id=next(ids), code=code, created_at=created, updated_at=created, **fields))
            self.units[code] = unit
        # One rectification liaison (整改联络员) per unit; the demo `liaison` is 住建局's.
        liaison_codes = [code for code in self.units if code != LIAISON_UNIT_CODE]
        users = self._new_users([(f"ll_{code.lower()}", person_name(rng)) for code in liaison_codes])
        for code, user in zip(liaison_codes, users, strict=True):
            unit = self.units[code]
            self.unit_liaison[code] = user
            self.keep(RoleAssignment(user=user, office_id=unit.office_id, role=Role.LIAISON, unit=unit))
        self.unit_liaison[LIAISON_UNIT_CODE] = self.accounts["liaison"]
        # Seconded talents' former employers (回避: a group never takes them there).
        for talent in self.objects[Talent]:
            code = self.catalogue.codes_by_name.get(talent.employer)
            if code:
                self.keep(Talent.past_units.through(talent=talent, unit=self.units[code]))

    def _rounds(self) -> None:
        """Rounds with their groups (and members) and assignments; finished ones with their feedback."""
        rng = self.rng
        specs = self.catalogue.rounds
        round_ids = iter(reserve_ids(Round, len(specs)))
        group_ids = iter(reserve_ids(Group, sum(spec.groups for spec in specs)))
        assignment_ids = iter(reserve_ids(Assignment, sum(len(spec.units) for spec in specs)))
        for spec in specs:
            office = self.offices[spec.office]
            start = self.today - dt.timedelta(days=ROUND_START_DAYS_AGO[spec.index - 1])
            finished = spec.index < SEED_ROUNDS
            entry = start + dt.timedelta(days=2)
            exit_date = entry + dt.timedelta(days=ON_SITE_DAYS) if finished else None
            feedback = exit_date + dt.timedelta(days=FEEDBACK_AFTER_EXIT_DAYS) if finished else None
            if not finished:
                stage = RoundStage.ON_SITE
            elif spec.index <= 12:
                stage = RoundStage.CLOSED
            else:
                stage = RoundStage.RECTIFICATION
            rnd = self.keep(
                Round(
                    id=next(round_ids),
                    office=office,
                    term=spec.term,
                    sequence=spec.sequence,
                    kind=spec.kind,
                    theme=spec.theme,
                    planned_start=start,
                    planned_end=entry + dt.timedelta(days=ON_SITE_DAYS + 5),
                    stage=stage,
                    created_at=at(start - dt.timedelta(days=20)),
                    updated_at=at(feedback or entry),
                )
            )
            self.rounds[spec.index] = rnd
            groups = [self._group(next(group_ids), rnd, spec, number) for number in range(1, spec.groups + 1)]
            plan_due = deadlines.plan_due(office, feedback) if feedback else None
            report_due = deadlines.report_due(office, feedback) if feedback else None
            for position, code in enumerate(spec.units):
                info = groups[position * spec.groups // len(spec.units)]
                unit = self.units[code]
                assignment = self.keep(
                    Assignment(
                        id=next(assignment_ids),
                        round=rnd,
                        unit=unit,
                        group=info.group,
                        entry_date=entry,
                        exit_date=exit_date,
                        feedback_date=feedback,
                        plan_due=plan_due,
                        report_due=report_due,
                        created_at=at(start),
                        updated_at=at(feedback or entry),
                    )
                )
                a = AssignmentInfo(assignment, spec, unit, office, info)
                self.assignments.append(a)
                if spec.index == 16 and code == LIAISON_UNIT_CODE:
                    self.liaison_assignment = a
        finished = [a for a in self.assignments if a.assignment.feedback_date]
        city_feedbacks = [a for a in finished if a.spec.office == CITY_OFFICE]
        attendance = dict(
            zip(
                (id(a) for a in city_feedbacks),
                apportion(SEED_LEADER_ATTENDANCE, [rng.uniform(0.5, 1.5) for _ in city_feedbacks]),
                strict=True,
            )
        )
        for a in finished:
            day = a.assignment.feedback_date
            place = a.spec.office.removesuffix("巡察办")
            self.keep(
                Feedback(
                    assignment=a.assignment,
                    meeting_date=day,
                    attendees=f"{place}巡察组全体成员，{a.unit.name}领导班子成员及中层以上干部",
                    leader_attendance=attendance.get(id(a), 0),
                    recorded_by=self.staff[a.spec.office].supervisor,
                    created_at=at(day, 16),
                    updated_at=at(day, 16),
                )
            )
        for a in rng.sample(finished, SEED_PORTRAITS):
            a.assignment.political_portrait = f"{a.unit.name}：{rng.choice(PORTRAITS)}"

    def _group(self, pk: int, rnd: Round, spec: RoundSpec, number: int) -> GroupInfo:
        """A group: leader, deputy, two members and one or two seconded members (never from a unit it inspects)."""
        rng = self.rng
        staff = self.staff[spec.office]
        group = self.keep(Group(id=pk, round=rnd, number=number, created_at=rnd.created_at, updated_at=rnd.created_at))
        people = staff.full_time
        if spec.office == CITY_OFFICE:
            leader = people[(number - 1 + spec.index) % 8]
            deputy = people[8 + (number + spec.index) % 8]
            members = rng.sample(people[16:], 2)
        else:
            leader = people[(number + spec.index) % 2]
            deputy = people[2 + (number + spec.index) % 2]
            members = rng.sample(people[4:], 2)
        demo = number == 1 and spec.index in DEMO_GROUP_ROUNDS
        if demo:
            leader = self.accounts["group_leader"]
            members = [self.accounts["inspector"], members[0]]
        inspected = set(spec.units)
        seconded = [s for s in staff.seconded if self.catalogue.codes_by_name.get(s[2]) not in inspected]
        seconded = rng.sample(seconded, 2 if rng.random() < 0.25 else 1)
        self.keep(GroupMembership(group=group, user=leader, role=GroupRole.LEADER))
        self.keep(GroupMembership(group=group, user=deputy, role=GroupRole.DEPUTY))
        for user in members:
            self.keep(GroupMembership(group=group, user=user, role=GroupRole.MEMBER))
        for user, background, _ in seconded:
            self.keep(GroupMembership(group=group, user=user, role=GroupRole.MEMBER, seconded_from=background))
        info = GroupInfo(group, leader, deputy, [deputy, *members, *(s[0] for s in seconded)])
        if demo:
            self.demo_groups[spec.index] = info
        return info

    def _category(self, unit: Unit) -> tuple[int, str]:
        grassroots = unit.kind in (UnitKind.VILLAGE, UnitKind.TOWNSHIP)
        weights = [3 if (name in GRASSROOTS_CATEGORIES) == grassroots else 1 for _, name in self.categories]
        return self.rng.choices(self.categories, weights)[0]

    def _issue(self, pk: int, a: AssignmentInfo, k: int, found_on: dt.date) -> Issue:
        rng = self.rng
        category_id, category = self._category(a.unit)
        title = rng.choice(ISSUE_TITLES.get(category, ["相关工作落实不到位"]))
        how_found = rng.choice(list(HOW_FOUND_TEXT))
        facts = (
            f"巡察组通过{HOW_FOUND_TEXT[how_found]}发现，{a.unit.name}{found_on.year - 1}年以来存在“{title}”问题，"
            f"涉及{rng.randint(2, 30)}项（笔），{rng.choice(FACT_TAILS)}。"
        )
        issue = Issue(
            id=pk,
            assignment=a.assignment,
            code=f"R{a.spec.sequence:02d}-G{a.group.group.number}-{a.assignment.pk:04d}-{k:03d}",
            category_id=category_id,
            title=title,
            facts=facts,
            basis=rng.choice(BASES),
            how_found=how_found,
            nature=IssueNature.COMMON if rng.random() < 0.3 else IssueNature.INDIVIDUAL,
            immediate=rng.random() < 0.12,
            case_officer=rng.choice(a.group.officers),
            found_on=found_on,
            created_at=at(found_on, 10),
        )
        issue.office_id, issue.round_id, issue.unit_id, issue.group_id = (
            a.office.pk,
            a.assignment.round_id,
            a.unit.pk,
            a.group.group.pk,
        )
        a.issues.append(issue)
        return self.keep(issue)

    def _issues(self) -> None:
        """5938 findings over the finished assignments, 91 of them still open; four drafts on site."""
        rng = self.rng
        finished = [a for a in self.assignments if a.assignment.feedback_date]
        weights = [
            ISSUE_WEIGHTS[a.unit.kind] * ROUND_WEIGHTS.get(a.spec.kind, 1) * rng.uniform(0.75, 1.25) for a in finished
        ]
        minimums = [12 if a is self.liaison_assignment else 3 for a in finished]
        counts = apportion(SEED_ISSUES_FED_BACK, weights, minimums)
        ids = iter(reserve_ids(Issue, SEED_ISSUES_FED_BACK + DRAFT_ISSUES_ON_SITE))
        for a, count in zip(finished, counts, strict=True):
            for k in range(1, count + 1):
                found_on = a.assignment.entry_date + dt.timedelta(days=rng.randrange(ON_SITE_DAYS))
                issue = self._issue(next(ids), a, k, found_on)
                issue.deputy_reviewer = a.group.deputy
                issue.reviewed_at = at(found_on + dt.timedelta(days=2), 15)
        # Which of them are still open: the demo liaison's unit gets some of every kind.
        for index, (rectifying, pending, long_term) in OPEN_ISSUES.items():
            issues = [i for a in finished if a.spec.index == index for i in a.issues]
            forced = []
            if index == 16:
                own = self.liaison_assignment.issues
                forced = list(
                    zip(
                        own[:5],
                        [IssueStatus.RECTIFYING] * 2 + [IssueStatus.PENDING_REVIEW] * 2 + [IssueStatus.LONG_TERM],
                        strict=True,
                    )
                )
            quota = Counter(
                {
                    IssueStatus.RECTIFYING: rectifying,
                    IssueStatus.PENDING_REVIEW: pending,
                    IssueStatus.LONG_TERM: long_term,
                }
            )
            quota.subtract(status for _, status in forced)
            taken = {i.pk for i, _ in forced}
            rest = rng.sample([i for i in issues if i.pk not in taken], sum(quota.values()))
            picks = forced + list(zip(rest, [s for s, n in quota.items() for _ in range(n)], strict=True))
            for issue, status in picks:
                issue.status = status
                self.open_issues.append(issue)
        info = {i.pk: a for a in finished for i in a.issues}
        for issue in self.objects[Issue]:
            if issue.status == IssueStatus.DRAFT:
                issue.status = IssueStatus.CLOSED
            self._status_dates(issue, info[issue.pk])
        # Daily work of the round on site: drafts by the demo inspector (not findings yet).
        group = self.demo_groups[SEED_ROUNDS]
        on_site = [a for a in self.assignments if a.group is group]
        inspector = self.accounts["inspector"]
        for n in range(DRAFT_ISSUES_ON_SITE):
            a = on_site[n % 2]
            found_on = min(a.assignment.entry_date + dt.timedelta(days=1 + n), self.today)
            issue = self._issue(next(ids), a, len(a.issues) + 1, found_on)
            issue.case_officer = inspector
            issue.status = IssueStatus.DRAFT
            issue.status_changed_at = issue.updated_at = issue.created_at
            if n % 2:
                issue.deputy_reviewer = group.deputy
                issue.reviewed_at = at(found_on, 17)

    def _status_dates(self, issue: Issue, a: AssignmentInfo) -> None:
        """Deadline, status and close-out dates of a fed-back issue, from its assignment's dates."""
        rng, today = self.rng, self.today
        feedback, report_due = a.assignment.feedback_date, a.assignment.report_due
        issue.deadline = deadlines.issue_deadline(
            immediate=issue.immediate, exit_date=a.assignment.exit_date, report_date=report_due
        )
        yesterday = today - dt.timedelta(days=1)
        if issue.status == IssueStatus.CLOSED:
            low = feedback + dt.timedelta(days=15)
            high = max(low, min(report_due + dt.timedelta(days=45), yesterday))
            day = low + dt.timedelta(days=rng.randrange((high - low).days + 1))
            issue.closed_at = issue.status_changed_at = at(day, rng.randint(9, 17), rng.randrange(60))
            issue.version = 5
        elif issue.status == IssueStatus.PENDING_REVIEW:
            low = max(feedback + dt.timedelta(days=20), today - dt.timedelta(days=45))
            day = low + dt.timedelta(days=rng.randrange(max(1, (yesterday - low).days + 1)))
            issue.status_changed_at = at(min(day, yesterday), 16)
            issue.version = 4
        elif issue.status == IssueStatus.LONG_TERM:
            issue.status_changed_at = at(min(report_due + dt.timedelta(days=rng.randint(5, 30)), yesterday), 11)
            issue.version = 4
        else:
            issue.status_changed_at = at(feedback, 11)
            issue.version = 3
        issue.updated_at = issue.status_changed_at

    def _plans(self) -> None:
        """An approved rectification plan per finished assignment; the demo liaison's was returned once."""
        for a in self.assignments:
            feedback = a.assignment.feedback_date
            if not feedback:
                continue
            staff = self.staff[a.spec.office]
            text = (
                f"{a.unit.name}关于巡察反馈问题的整改方案：针对反馈的{len(a.issues)}个问题，逐项制定整改措施，"
                "明确责任领导、责任部门、责任人和完成时限，实行清单化管理、销号式推进。"
            )
            versions = [(PlanStatus.APPROVED, 20, 25, "")]
            if a is self.liaison_assignment:
                versions = [
                    (PlanStatus.RETURNED, 18, 22, "整改措施针对性不强，责任未落实到人，请修改完善后重新报送。"),
                    (PlanStatus.APPROVED, 26, 29, ""),
                ]
            for version, (status, submitted, reviewed, comment) in enumerate(versions, 1):
                self.keep(
                    Plan(
                        assignment=a.assignment,
                        version=version,
                        text=text,
                        status=status,
                        submitted_by=self.unit_liaison[a.unit.code],
                        reviewed_by=staff.supervisor,
                        reviewed_at=at(feedback + dt.timedelta(days=reviewed), 15),
                        review_comment=comment,
                        created_at=at(feedback + dt.timedelta(days=submitted), 10),
                        updated_at=at(feedback + dt.timedelta(days=reviewed), 15),
                    )
                )

    def _rectification(self) -> None:
        """Measures and progress for the open issues, the demo liaison's unit and a sample of closed ones;
        close-out reviews (with the 纠清治问建 outcome) for the closed ones among them."""
        rng, today = self.rng, self.today
        yesterday = today - dt.timedelta(days=1)
        by_issue = {i.pk: a for a in self.assignments for i in a.issues}
        sample = [
            i
            for i in self.objects[Issue]
            if i.status == IssueStatus.CLOSED and by_issue[i.pk].spec.index >= 13 and rng.random() < 0.05
        ]
        chosen = {i.pk: i for i in [*self.open_issues, *self.liaison_assignment.issues, *sample]}
        extended = self.liaison_assignment.issues[1]  # rectifying, deadline moved by its measure: not overdue
        close_reviews = []
        for issue in chosen.values():
            a = by_issue[issue.pk]
            liaison = self.unit_liaison[a.unit.code]
            start = min(a.assignment.feedback_date + dt.timedelta(days=rng.randint(5, 12)), yesterday)
            if issue.immediate:
                kind = MeasureKind.IMMEDIATE
            elif issue.status == IssueStatus.LONG_TERM:
                kind = MeasureKind.LONG_TERM
            else:
                kind = MeasureKind.DEADLINE
            deadline = None if kind == MeasureKind.LONG_TERM else issue.deadline
            if issue is extended:
                deadline = issue.deadline = today + dt.timedelta(days=45)
            self.keep(
                Measure(
                    issue=issue,
                    content=f"针对“{issue.title}”问题，{rng.choice(MEASURE_ACTIONS)}，确保按期整改到位。",
                    responsible_leader=a.unit.deputy_name,
                    responsible_department=rng.choice(DEPARTMENTS_IN_UNIT)
                    if a.unit.kind != UnitKind.VILLAGE
                    else "村“两委”",
                    responsible_person=person_name(rng),
                    kind=kind,
                    deadline=deadline,
                    created_by=liaison,
                    created_at=at(start, 9),
                    updated_at=at(start, 9),
                )
            )
            if issue.status == IssueStatus.CLOSED:
                end, count = issue.closed_at.date() - dt.timedelta(days=1), rng.randint(1, 2)
            elif issue.status == IssueStatus.PENDING_REVIEW:
                end, count = issue.status_changed_at.date(), rng.randint(1, 2)
            elif issue.status == IssueStatus.LONG_TERM:
                end, count = today - dt.timedelta(days=rng.randint(10, 150)), rng.randint(2, 3)
            else:
                end, count = yesterday, 1 if issue is extended else rng.randint(0, 1)
            end = max(start, min(end, yesterday))
            days = sorted(start + dt.timedelta(days=rng.randrange((end - start).days + 1)) for _ in range(count))
            if issue.status == IssueStatus.LONG_TERM:
                days[-1] = end
                issue.next_progress_due = deadlines.long_term_next_report(a.office, end)
            for day in days:
                self.keep(
                    Progress(
                        issue=issue,
                        date=day,
                        text=rng.choice(PROGRESS_TEXTS),
                        submitted_by=liaison,
                        created_at=at(day, 17),
                    )
                )
            reviewer = self.staff[a.spec.office].supervisor
            if issue.status == IssueStatus.CLOSED:
                close_reviews.append(
                    self.keep(
                        Review(
                            issue=issue,
                            reviewer=reviewer,
                            decision=ReviewDecision.CLOSE,
                            comment="整改措施落实到位，佐证材料齐全，同意销号。",
                            corrected=1,
                            special_campaign=rng.choice(CAMPAIGNS) if rng.random() < 0.2 else "",
                            rules_made=rng.randint(0, 2),
                            created_at=issue.closed_at,
                        )
                    )
                )
            elif issue.status == IssueStatus.LONG_TERM:
                self.keep(
                    Review(
                        issue=issue,
                        reviewer=reviewer,
                        decision=ReviewDecision.LONG_TERM,
                        comment="该问题需长期坚持整改，转入长期整改，每半年报送一次进展。",
                        created_at=issue.status_changed_at,
                    )
                )
        # 清: funds refunded or recovered, 3213万元 over about a third of the close-outs.
        refunding = rng.sample(close_reviews, max(1, len(close_reviews) // 3))
        cents = apportion(int(SEED_FUNDS_REFUNDED_WAN * 100), [rng.expovariate(1) for _ in refunding])
        for review, amount in zip(refunding, cents, strict=True):
            review.funds_refunded_wan = Decimal(amount) / 100

    def _clues(self) -> None:
        """937 transferred clues (57 still awaiting results) with their figures; one draft on site."""
        rng, today = self.rng, self.today
        yesterday = today - dt.timedelta(days=1)
        finished = [a for a in self.assignments if a.assignment.feedback_date]
        grassroots = (UnitKind.VILLAGE, UnitKind.TOWNSHIP)
        weights = [len(a.issues) * (1.3 if a.unit.kind in grassroots else 1) * rng.uniform(0.6, 1.4) for a in finished]
        counts = apportion(SEED_CLUES_TRANSFERRED, weights)
        ids = iter(reserve_ids(Clue, SEED_CLUES_TRANSFERRED + 1))
        clues, durations = [], {}
        for a, count in zip(finished, counts, strict=True):
            for _ in range(count):
                found = a.assignment.entry_date + dt.timedelta(days=rng.randrange(ON_SITE_DAYS))
                transfer = min(a.assignment.exit_date + dt.timedelta(days=rng.randint(5, 25)), yesterday)
                clue = self._clue(next(ids), a, found)
                clue.transfer_date = transfer
                clue.result_due = deadlines.clue_result_due(a.office, transfer)
                roll = rng.random()
                clue.recipient = (
                    ClueRecipient.DISCIPLINE
                    if roll < 0.78
                    else ClueRecipient.ORGANISATION
                    if roll < 0.95
                    else ClueRecipient.OTHER
                )
                place = OFFICE_PLACES[a.spec.office][0]
                clue.recipient_body = {
                    ClueRecipient.DISCIPLINE: f"{place}纪委监委",
                    ClueRecipient.ORGANISATION: f"{place}委组织部",
                    ClueRecipient.OTHER: f"{place}审计局",
                }[clue.recipient]
                durations[clue.pk] = 45 + int(rng.expovariate(1 / 100))
                clues.append(clue)
        # Letter numbers (移交函文号) run per office and year in transfer order.
        letters: Counter = Counter()
        for clue in sorted(clues, key=lambda c: (c.transfer_date, c.pk)):
            key = (clue.office_id, clue.transfer_date.year)
            letters[key] += 1
            abbr = OFFICE_PLACES[self._office_name(clue.office_id)][1]
            clue.letter_number = f"{abbr}移〔{clue.transfer_date.year}〕{letters[key]}号"
        # The results not back yet are those that would take longest past today.
        waiting = sorted(clues, key=lambda c: c.transfer_date + dt.timedelta(days=durations[c.pk]), reverse=True)
        for clue in waiting[:CLUES_AWAITING_RESULT]:
            clue.status = ClueStatus.TRANSFERRED
            clue.disposal = Disposal.PRELIMINARY if rng.random() < 0.5 else ""
            clue.version = 2
            clue.updated_at = at(clue.transfer_date, 16)
        concluded = waiting[CLUES_AWAITING_RESULT:]
        for clue in concluded:
            clue.status = ClueStatus.CONCLUDED
            clue.result_received = max(
                clue.transfer_date + dt.timedelta(days=1),
                min(clue.transfer_date + dt.timedelta(days=durations[clue.pk]), yesterday),
            )
            clue.disposal = rng.choices(list(DISPOSAL_TEXT), [0.25, 0.25, 0.08, 0.12, 0.30])[0]
            clue.version = 3
            clue.updated_at = at(clue.result_received, 16)
        self._outcomes(concluded)
        self._reported_persons(clues)
        # The round on site: one clue registered by the demo inspector, not transferred yet.
        group = self.demo_groups[SEED_ROUNDS]
        a = next(a for a in self.assignments if a.group is group)
        clue = self._clue(next(ids), a, min(a.assignment.entry_date + dt.timedelta(days=3), today))
        clue.created_by = self.accounts["inspector"]
        clue.status = ClueStatus.DRAFT
        clue.version = 1
        clue.updated_at = clue.created_at
        self._reported_persons([clue], county_level=0)

    def _office_name(self, office_id: int) -> str:
        return next(name for name, office in self.offices.items() if office.pk == office_id)

    def _clue(self, pk: int, a: AssignmentInfo, found: dt.date) -> Clue:
        clue = Clue(
            id=pk,
            assignment=a.assignment,
            code=f"XS-R{a.spec.sequence:02d}-G{a.group.group.number}-{a.assignment.pk:04d}-{len(a.clues) + 1:03d}",
            summary="",
            created_by=self.rng.choice(a.group.officers),
            created_at=at(found, 15),
        )
        clue.office_id, clue.round_id, clue.unit_id, clue.group_id = (
            a.office.pk,
            a.assignment.round_id,
            a.unit.pk,
            a.group.group.pk,
        )
        a.clues.append(clue)
        return self.keep(clue)

    def _outcomes(self, concluded: list[Clue]) -> None:
        """The seed's outcome figures, split exactly over the concluded clues."""
        rng = self.rng
        cases = [c for c in concluded if c.disposal == Disposal.CASE]
        judiciary = dict(
            zip(
                (c.pk for c in rng.sample(cases, 44)),
                apportion(SEED_PERSONS_TO_JUDICIARY, [rng.random() for _ in range(44)], [1] * 44),
                strict=True,
            )
        )
        eligible = [c for c in concluded if c.disposal in (Disposal.CASE, Disposal.PRELIMINARY, Disposal.INQUIRY)]
        accountable = apportion(
            SEED_PERSONS_ACCOUNTABLE,
            [rng.uniform(0.5, 2.5) * (1.5 if c.disposal == Disposal.CASE else 1) for c in eligible],
            [max(1, judiciary.get(c.pk, 0)) for c in eligible],
        )
        for clue, persons in zip(eligible, accountable, strict=True):
            clue.persons_accountable = persons
            clue.persons_to_judiciary = judiciary.get(clue.pk, 0)
            if clue.disposal == Disposal.CASE:
                clue.party_sanctions = max(1, persons - rng.randint(0, 1))
                clue.admin_sanctions = rng.randint(0, persons)
            else:
                clue.party_sanctions = rng.randint(0, persons // 2)
        for clue in rng.sample(cases, SEED_SELF_SURRENDERS):
            clue.self_surrenders = 1
        paying = [c for c in concluded if c.disposal in (Disposal.CASE, Disposal.PRELIMINARY) and rng.random() < 0.65]
        cents = apportion(int(SEED_LOSS_RECOVERED_WAN * 100), [rng.expovariate(1) for _ in paying])
        for clue, amount in zip(paying, cents, strict=True):
            clue.loss_recovered_wan = Decimal(amount) / 100
        for clue in concluded:
            parts = [f"经{DISPOSAL_TEXT[clue.disposal]}"]
            if clue.persons_accountable:
                parts.append(f"追责问责{clue.persons_accountable}人")
            if clue.party_sanctions:
                parts.append(f"给予党纪处分{clue.party_sanctions}人")
            if clue.persons_to_judiciary:
                parts.append(f"移送司法机关{clue.persons_to_judiciary}人")
            if clue.loss_recovered_wan:
                parts.append(f"挽回和避免经济损失{clue.loss_recovered_wan}万元")
            if len(parts) == 1:
                parts.append("问题不属实或情节轻微，予以了结")
            clue.outcome_note = "，".join(parts) + "。"

    def _reported_persons(self, clues: list[Clue], county_level: int = SEED_COUNTY_LEVEL_CLUES) -> None:
        """One to three persons per clue; exactly ``county_level`` clues name a 县处级 official."""
        rng = self.rng
        units = {u.pk: u for u in self.units.values()}
        city = self.offices[CITY_OFFICE].pk

        def city_level(unit: Unit) -> bool:
            # Units of 县处级 rank: city bodies and the counties' development zones.
            return unit.kind not in (UnitKind.VILLAGE, UnitKind.TOWNSHIP) and (
                unit.office_id == city or unit.kind == UnitKind.OTHER
            )

        candidates = [c for c in clues if city_level(units[c.unit_id])]
        senior = {c.pk for c in rng.sample(candidates, county_level)}
        for clue in clues:
            unit = units[clue.unit_id]
            people = []
            if clue.pk in senior:
                posts = COUNTY_LEVEL_POSTS.get(unit.kind, ["党组书记", "主任", "副主任"])
                people.append((reported_name(rng), rng.choice(posts), PersonRank.COUNTY))
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3]) - len(people)):
                post, rank = reported_post(unit.kind, rng, city_level(unit))
                people.append((reported_name(rng), post, rank))
            for name, post, rank in people:
                self.keep(CluePerson(clue=clue, name=name, post=post, rank=rank))
            name, post, _ = people[0]
            clue.summary = f"反映{unit.name}{post}{name}{rng.choice(CLUE_ACTS)}问题。"

    def _ledgers(self) -> None:
        """书记点人点事点问题, the 15 special reports and the 督办 actions (约谈/通报 of 16 units)."""
        rng, today = self.rng, self.today
        yesterday = today - dt.timedelta(days=1)
        by_round = defaultdict(list)
        for a in self.assignments:
            by_round[a.spec.index].append(a)
        kinds = [PointKind.PERSON, PointKind.MATTER, PointKind.PROBLEM]
        for spec in self.catalogue.rounds:
            rnd = self.rounds[spec.index]
            finished = spec.index < SEED_ROUNDS
            for n in range(2 if spec.office == CITY_OFFICE and spec.index % 2 == 0 else 1):
                a = rng.choice(by_round[spec.index])
                kind = kinds[(spec.index + n) % 3]
                content = {
                    PointKind.PERSON: f"关注{a.unit.name}主要负责人{a.unit.principal_name}履职用权和廉洁自律情况",
                    PointKind.MATTER: f"关注{a.unit.name}重大项目资金使用和“三重一大”事项决策情况",
                    PointKind.PROBLEM: f"关注群众反映强烈的{rng.choice(POINT_PROBLEMS)}问题",
                }[kind]
                response = (
                    f"已纳入巡察重点，发现问题{len(a.issues)}个，移交问题线索{len(a.clues)}件，已督促整改落实。"
                    if finished
                    else "巡察组正在了解核实。"
                )
                self.keep(
                    SecretaryPoint(
                        round=rnd,
                        unit=a.unit,
                        kind=kind,
                        content=content,
                        response=response,
                        created_by=self.staff[spec.office].supervisor,
                        created_at=at(rnd.planned_start - dt.timedelta(days=5)),
                        updated_at=at(rnd.planned_start - dt.timedelta(days=5)),
                    )
                )
        city_supervisor = self.staff[CITY_OFFICE].supervisor
        for number, (index, title, campaign) in enumerate(SPECIAL_REPORTS, 1):
            day = by_round[index][0].assignment.feedback_date + dt.timedelta(days=10)
            self.keep(
                SpecialReport(
                    round=self.rounds[index],
                    number=number,
                    title=title,
                    suggestions="一是压实主体责任，二是开展专项治理，三是健全长效机制，四是强化成果运用。",
                    recipients="市委主要领导、市委分管领导，市纪委监委、市委组织部",
                    campaigns=CAMPAIGNS[campaign] if campaign is not None else "",
                    created_by=city_supervisor,
                    created_at=at(day),
                    updated_at=at(day),
                )
            )
        # 约谈/通报: units slow to rectify first (open issues past due), then earlier rounds.
        overdue = [a for a in self.assignments if a.assignment.report_due and a.assignment.report_due < today]
        lagging = [a for a in overdue if any(i.status == IssueStatus.RECTIFYING for i in a.issues)]
        others = [a for a in overdue if a not in lagging]
        called_in, seen = [], set()
        for a in [*lagging, *rng.sample(others, len(others))]:
            if a.unit.pk not in seen:
                seen.add(a.unit.pk)
                called_in.append(a)
        for n, a in enumerate(called_in[:SEED_UNITS_CALLED_IN]):
            day = min(a.assignment.report_due + dt.timedelta(days=rng.randint(10, 50)), yesterday)
            self._action(
                a,
                ActionKind.INTERVIEW if n % 2 == 0 else ActionKind.NOTICE,
                ActionReason.DELAY if n % 3 else ActionReason.INEFFECTIVE,
                day,
            )
        reminded = [
            a
            for a in self.assignments
            if a.spec.index in (16, 17) and any(i.status == IssueStatus.RECTIFYING for i in a.issues)
        ]
        for a in [self.liaison_assignment, *[a for a in reminded if a is not self.liaison_assignment][:3]]:
            self._action(a, ActionKind.REMINDER, ActionReason.DELAY, today - dt.timedelta(days=rng.randint(3, 20)))

    def _action(self, a: AssignmentInfo, kind: str, reason: str, day: dt.date) -> None:
        notes = {
            ActionKind.INTERVIEW: "约谈单位主要负责人，要求压实整改主体责任，限期完成整改。",
            ActionKind.NOTICE: "在全市范围内通报，责令限期整改并报送整改情况。",
            ActionKind.REMINDER: "整改期限临近或已过，提醒加快整改进度，及时报送整改进展和佐证材料。",
            ActionKind.SUPERVISION: "发出督办通知，跟踪督办整改落实情况。",
        }
        self.keep(
            Action(
                unit=a.unit,
                assignment=a.assignment,
                kind=kind,
                reason=reason,
                date=day,
                note=notes[kind],
                taken_by=self.staff[a.spec.office].supervisor,
                created_at=at(day, 11),
                updated_at=at(day, 11),
            )
        )

    # -- write --------------------------------------------------------------------------------

    WRITE_ORDER = (
        User,
        RoleAssignment,
        Unit,
        Talent,
        Talent.past_units.through,
        Round,
        Group,
        GroupMembership,
        Assignment,
        Feedback,
        Plan,
        Issue,
        Measure,
        Progress,
        Review,
        Clue,
        CluePerson,
        SecretaryPoint,
        SpecialReport,
        Action,
    )

    def write(self) -> dict[str, int]:
        """COPY every built row (ids of the leaf tables are taken now); return row counts per model."""
        counts = {}
        for model in self.WRITE_ORDER:
            objects = self.objects.get(model, [])
            missing = [obj for obj in objects if obj.pk is None]
            for obj, pk in zip(missing, reserve_ids(model, len(missing)), strict=True):
                obj.pk = pk
            counts[model._meta.label] = copy_objects(model, objects)
        return counts


# --- scale: benchmark data ---------------------------------------------------------------------

SCALE_TERM = "压测批次"
SCALE_MODELS = (
    User,
    RoleAssignment,
    Unit,
    Round,
    Group,
    GroupMembership,
    Assignment,
    Feedback,
    Plan,
    Issue,
    Measure,
    Progress,
    Clue,
    CluePerson,
)
# Proportions per issue: a province's 1,000,000 issues come with 50,000 units and 5,000 rounds.
ISSUES_PER_UNIT = 20
ISSUES_PER_ROUND = 200
ISSUES_PER_POOL_MEMBER = 2000  # inspection staff per office
CLUES_PER_ISSUE = 0.15
GROUPS_PER_ROUND = 3
ASSIGNMENTS_PER_UNIT = 1.2
# Unit kinds of an office, in the order they are laid out (townships first: villages hang under them).
SCALE_KINDS = [
    (UnitKind.TOWNSHIP, 0.12),
    (UnitKind.VILLAGE, 0.55),
    (UnitKind.DEPARTMENT, 0.20),
    (UnitKind.SOE, 0.05),
    (UnitKind.INSTITUTION, 0.06),
    (UnitKind.OTHER, 0.02),
]
SCALE_KIND_WEIGHT = {
    UnitKind.TOWNSHIP: 1.0,
    UnitKind.VILLAGE: 0.5,
    UnitKind.DEPARTMENT: 1.3,
    UnitKind.SOE: 1.5,
    UnitKind.INSTITUTION: 1.1,
    UnitKind.OTHER: 0.8,
}
SCALE_UNIT_NAMES = {
    UnitKind.DEPARTMENT: [
        "发展和改革局", "财政局", "教育局", "住房和城乡建设局", "农业农村局", "自然资源和规划局", "民政局",
        "人力资源和社会保障局", "卫生健康局", "交通运输局", "水利和湖泊局", "市场监督管理局", "应急管理局",
        "审计局", "统计局", "商务局", "文化和旅游局", "退役军人事务局", "医疗保障局", "城市管理执法局",
    ],
    UnitKind.SOE: [
        "城市建设投资开发有限公司", "国有资产经营有限公司", "水务有限公司", "交通投资有限公司", "农业发展投资有限公司",
    ],
    UnitKind.INSTITUTION: ["人民医院", "中医医院", "第一中学", "实验中学", "妇幼保健院", "职业教育中心"],
    UnitKind.OTHER: ["总工会", "妇女联合会", "供销合作社", "融媒体中心"],
}  # fmt: skip
VILLAGE_CATEGORIES = [VillageCategory.GENERAL] * 5 + [
    VillageCategory.REVITALISATION,
    VillageCategory.CO_BUILDING,
    VillageCategory.PETITIONS,
    VillageCategory.ASSETS,
    VillageCategory.DEMOLITION,
]
ROUND_KIND_CYCLE = [RoundKind.REGULAR] * 5 + [
    RoundKind.SPECIAL,
    RoundKind.SPECIAL,
    RoundKind.MOBILE,
    RoundKind.ELEVATED,
    RoundKind.CROSS,
    RoundKind.PINPOINT,
    RoundKind.REVISIT,
    RoundKind.TOWNSHIP_VILLAGES,
    RoundKind.UNIT_VILLAGES,
]
# Issue statuses by the stage of their round: (statuses, cumulative weights).
STATUS_MIX = {
    RoundStage.CLOSED: (
        [IssueStatus.CLOSED, IssueStatus.LONG_TERM, IssueStatus.WITHDRAWN],
        [0.975, 0.99, 1.0],
    ),
    RoundStage.RECTIFICATION: (
        [
            IssueStatus.CLOSED, IssueStatus.RECTIFYING, IssueStatus.PENDING_REVIEW, IssueStatus.LONG_TERM,
            IssueStatus.WITHDRAWN,
        ],
        [0.55, 0.77, 0.90, 0.97, 1.0],
    ),
    RoundStage.ON_SITE: ([IssueStatus.DRAFT, IssueStatus.CONFIRMED], [0.55, 1.0]),
}  # fmt: skip
STATUS_CODES = list(IssueStatus.values)
FED_BACK_CODES = {STATUS_CODES.index(s) for s in FED_BACK_STATUSES}
# Progress entries per issue by status (about two on average).
PROGRESS_COUNTS = {
    IssueStatus.CLOSED: (2, 2, 3),
    IssueStatus.PENDING_REVIEW: (1, 2, 2),
    IssueStatus.LONG_TERM: (2, 3),
    IssueStatus.RECTIFYING: (0, 1, 1, 2),
}
INSPECTOR_GROUPS = 4  # the demo inspector joins the city office's groups with the most issues


# Tables whose secondary indexes are dropped for the load and rebuilt after it (much faster
# than maintaining a dozen indexes row by row). Constraint indexes (primary, unique) stay.
REINDEXED_MODELS = (Issue, Measure, Progress, Clue, CluePerson)


def max_id(model) -> int:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(max({quote(model._meta.pk.column)}), 0) FROM {quote(model._meta.db_table)}")  # noqa: S608 - names from the model
        return cursor.fetchone()[0]


def drop_secondary_indexes(models: Iterable) -> list[str]:
    """Drop the indexes of ``models``' tables that back no constraint; return the statements recreating them."""
    statements = []
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """,
                [model._meta.db_table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")
                statements.append(definition)
    return statements


def verify_foreign_keys(model, since_id: int) -> None:
    """Set-wise check that every foreign key of the rows with id > ``since_id`` points at a row."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for f in model._meta.concrete_fields:
            if not f.is_relation:
                continue
            target = f.target_field
            column = quote(f.column)
            cursor.execute(
                f"SELECT count(*) FROM {table} c WHERE c.{pk} > %s AND c.{column} IS NOT NULL AND NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {quote(target.model._meta.db_table)} p WHERE p.{quote(target.column)} = c.{column})",
                [since_id],
            )
            broken = cursor.fetchone()[0]
            if broken:
                raise RuntimeError(f"{model._meta.label}.{f.name}: {broken} rows point at nothing")


def load_scale(
    *,
    issues: int,
    offices: dict[str, Office],
    accounts: dict[str, User],
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Add ``issues`` generated issues with proportional units, rounds, groups, assignments, clues,
    measures and progress entries, spread over the offices (benchmark data); row counts per model.

    Each run adds a new batch (its own rounds, units and users), next to whatever is there.
    """
    log = log or (lambda message: None)
    loader = ScaleLoader(
        issues=issues, offices=offices, accounts=accounts, seed=seed, today=today or deadlines.today(), log=log
    )
    with bulk_load():
        counts = loader.run()
    started = time.monotonic()
    analyze(SCALE_MODELS)
    log(f"  {'ANALYZE':<28} {'':>10}      {time.monotonic() - started:6.1f} s")
    return counts


class ScaleLoader:
    """Generates a batch of benchmark rows and streams each table through COPY.

    The plan (units, rounds, groups, assignments, per-assignment counts) is held in lists; issues
    are streamed, keeping a few bytes each (status, dates) for the measure and progress passes.
    """

    def __init__(
        self,
        *,
        issues: int,
        offices: dict[str, Office],
        accounts: dict[str, User],
        seed: int,
        today: dt.date,
        log: Callable[[str], None],
    ):
        self.rng = random.Random(seed)
        self.n_issues = issues
        self.offices = list(offices.values())
        self.accounts = accounts
        self.today = today.toordinal()
        self.log = log
        n_offices = len(self.offices)
        self.n_units = max(4 * n_offices, issues // ISSUES_PER_UNIT)
        self.n_rounds = max(2 * n_offices, issues // ISSUES_PER_ROUND)
        self.pool = max(6, issues // ISSUES_PER_POOL_MEMBER)
        self.n_clues = round(issues * CLUES_PER_ISSUE)
        self.batch = 1 + Round.objects.filter(term__startswith=SCALE_TERM).values("term").distinct().count()
        self.term = f"{SCALE_TERM}{self.batch}"
        self.prefix = f"S{self.batch}"
        supervisors = {
            offices[CITY_OFFICE].pk: accounts["supervisor"].pk,
            accounts["county_supervisor"].roles.get().office_id: accounts["county_supervisor"].pk,
        }
        self.supervisor = [supervisors.get(office.pk, accounts["admin"].pk) for office in self.offices]
        self.names = [person_name(self.rng) for _ in range(4000)]
        self._days: dict[int, str] = {}
        self._stamps: dict[tuple[int, int], str] = {}
        self._months: dict[tuple[int, int, int], int] = {}

    # -- helpers ------------------------------------------------------------------------------

    def day(self, ordinal: int) -> str:
        text = self._days.get(ordinal)
        if text is None:
            text = self._days[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def stamp(self, ordinal: int, hour: int = 10) -> str:
        key = (ordinal, hour)
        text = self._stamps.get(key)
        if text is None:
            text = self._stamps[key] = f"{self.day(ordinal)} {hour:02d}:00:00+08"
        return text

    def add_months(self, office: int, ordinal: int, which: str) -> int:
        """An office's time rule (report or clue result due) applied to a day, cached per day."""
        key = (office, ordinal, len(which))
        value = self._months.get(key)
        if value is None:
            rule = deadlines.report_due if which == "report" else deadlines.clue_result_due
            value = self._months[key] = rule(self.offices[office], dt.date.fromordinal(ordinal)).toordinal()
        return value

    def copy(self, model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        started = time.monotonic()
        count = copy_rows(model, columns, rows)
        seconds = time.monotonic() - started
        self.log(
            f"  {model._meta.label:<28} {count:>10,} rows {seconds:6.1f} s {count / max(seconds, 1e-6):>10,.0f} rows/s"
        )
        return count

    # -- plan ---------------------------------------------------------------------------------

    def plan(self) -> None:
        rng, today = self.rng, self.today
        n_offices = len(self.offices)
        # Units: per office, townships, villages under them, departments, SOEs, institutions, others.
        self.unit_ids = reserve_ids(Unit, self.n_units)
        self.unit_office, self.unit_kind, self.unit_name, self.unit_parent, self.unit_deputy = [], [], [], [], []
        self.office_units: list[list[int]] = []
        county = 0
        for office, count in enumerate(apportion(self.n_units, [1] * n_offices)):
            first = len(self.unit_kind)
            sizes = apportion(count, [share for _, share in SCALE_KINDS], [1, 1, 0, 0, 0, 0])
            counties = [self._county_name(county + c) for c in range(max(1, count // 110))]
            county += len(counties)
            townships = []
            for (kind, _), size in zip(SCALE_KINDS, sizes, strict=True):
                for j in range(size):
                    place = counties[j % len(counties)]
                    parent = None
                    if kind == UnitKind.TOWNSHIP:
                        name = f"{place}{self._place(j)}{('镇', '乡', '街道')[j % 3]}"
                        townships.append(len(self.unit_kind))
                    elif kind == UnitKind.VILLAGE:
                        parent = townships[j % len(townships)]
                        township = self.unit_name[parent]
                        suffix = "社区" if township.endswith("街道") else "村"
                        name = f"{township}{self._place(j // len(townships) + 7)}{suffix}"
                    else:
                        names = SCALE_UNIT_NAMES[kind]
                        name = f"{place}{names[(j // len(counties)) % len(names)]}"
                    self.unit_office.append(office)
                    self.unit_kind.append(kind)
                    self.unit_name.append(name)
                    self.unit_parent.append(parent)
                    self.unit_deputy.append(self.names[rng.randrange(len(self.names))])
            self.office_units.append(list(range(first, len(self.unit_kind))))
        # Rounds: round r belongs to office r % n; an office's rounds run from six years ago to
        # next month: 70 % closed, 20 % in rectification, 7 % on site, 3 % being planned.
        self.round_ids = reserve_ids(Round, self.n_rounds)
        self.rounds = []
        per_office = Counter(r % n_offices for r in range(self.n_rounds))
        for r in range(self.n_rounds):
            office, k = r % n_offices, r // n_offices
            q = (k + 0.5) / per_office[office]
            if q < 0.70:
                stage, start = RoundStage.CLOSED, today - 2190 + int(q / 0.70 * 1790)
            elif q < 0.90:
                stage, start = RoundStage.RECTIFICATION, today - 400 + int((q - 0.70) / 0.20 * 300)
            elif q < 0.97:
                stage, start = RoundStage.ON_SITE, today - 40 + int((q - 0.90) / 0.07 * 35)
            else:
                stage, start = RoundStage.PLANNING, today + 10 + int((q - 0.97) / 0.03 * 50)
            entry = start + 2
            finished = stage in (RoundStage.CLOSED, RoundStage.RECTIFICATION)
            exit_day = entry + 30 if finished else None
            feedback = exit_day + 25 if finished else None
            plan_due = report_due = None
            if finished:
                office_obj = self.offices[office]
                plan_due = deadlines.plan_due(office_obj, dt.date.fromordinal(feedback)).toordinal()
                report_due = self.add_months(office, feedback, "report")
            self.rounds.append((office, k + 1, stage, start, entry, exit_day, feedback, plan_due, report_due))
        # Groups: three per round, five people each from the office's staff pool.
        self.group_ids = reserve_ids(Group, self.n_rounds * GROUPS_PER_ROUND)
        self.user_ids = reserve_ids(User, n_offices * self.pool + self.n_units)
        pool_ids = self.user_ids[: n_offices * self.pool]
        self.groups = []  # (leader, deputy, case officers)
        for r in range(self.n_rounds):
            base = self.rounds[r][0] * self.pool
            for _ in range(GROUPS_PER_ROUND):
                people = [pool_ids[base + i] for i in rng.sample(range(self.pool), 5)]
                self.groups.append((people[0], people[1], tuple(people[1:])))
        # Assignments: each office's units, shuffled, dealt over its rounds that have started;
        # every unit is inspected at least once, some twice.
        self.assignments = []  # (round, unit, group index)
        for office in range(n_offices):
            rounds = [r for r in range(office, self.n_rounds, n_offices) if self.rounds[r][2] != RoundStage.PLANNING]
            units = self.office_units[office][:]
            rng.shuffle(units)
            total = max(len(rounds), math.ceil(len(units) * ASSIGNMENTS_PER_UNIT))
            cursor = 0
            for r, count in zip(rounds, apportion(total, [1] * len(rounds)), strict=True):
                for position in range(min(count, len(units))):
                    unit = units[cursor % len(units)]
                    cursor += 1
                    self.assignments.append((r, unit, r * GROUPS_PER_ROUND + position % GROUPS_PER_ROUND))
        self.assignment_ids = reserve_ids(Assignment, len(self.assignments))
        weights = [SCALE_KIND_WEIGHT[self.unit_kind[u]] * rng.uniform(0.5, 1.5) for _, u, _ in self.assignments]
        self.issue_counts = apportion(self.n_issues, weights)
        self.clue_counts = apportion(self.n_clues, [n + 0.01 for n in self.issue_counts])
        # Read now: nothing may query while a COPY holds the connection.
        self.categories = [(pk, ISSUE_TITLES.get(name, ["相关工作落实不到位"])) for pk, name in leaf_categories()]
        self.issue_ids = reserve_ids(Issue, self.n_issues)
        self.clue_ids = reserve_ids(Clue, self.n_clues)
        # The demo inspector's groups: the city office's busiest ones.
        city = self.offices.index(next(o for o in self.offices if o.name == CITY_OFFICE))
        per_group: Counter = Counter()
        for (r, _, g), n in zip(self.assignments, self.issue_counts, strict=True):
            if self.rounds[r][0] == city:
                per_group[g] += n
        self.inspector_groups = [g for g, _ in per_group.most_common(INSPECTOR_GROUPS)]

    def _county_name(self, index: int) -> str:
        heads, tails = PLACE_HEADS, PLACE_TAILS
        return f"{heads[index % len(heads)]}{tails[(index // len(heads)) % len(tails)]}{'县市区'[index % 3]}"

    @staticmethod
    def _place(index: int) -> str:
        heads, tails = PLACE_HEADS, PLACE_TAILS
        return f"{heads[(index * 7) % len(heads)]}{tails[(index // len(heads) + index) % len(tails)]}"

    # -- rows ---------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        """Plan, then COPY every table; the big tables' secondary indexes are rebuilt afterwards.

        As a superuser the load runs with ``session_replication_role = replica``: no trigger fires,
        neither field history nor the row-by-row foreign-key checks, and the new rows' foreign
        keys are verified set-wise at the end instead. Otherwise the deferred checks run at the end.
        """
        started = time.monotonic()
        self.plan()
        self.log(
            f"  plan: {self.n_units:,} units, {self.n_rounds:,} rounds, {len(self.assignments):,} assignments "
            f"({time.monotonic() - started:.1f} s)"
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            replica = cursor.fetchone()[0]
            if replica:
                cursor.execute("SET LOCAL session_replication_role = replica")
        since = {model: max_id(model) for model in SCALE_MODELS}
        indexes = drop_secondary_indexes(REINDEXED_MODELS)
        counts: Counter = Counter()
        for model, columns, rows in [
            (User, ["id", "password", "username", "full_name", "date_joined"], self.user_rows()),
            (RoleAssignment, ["user_id", "office_id", "role", "unit_id"], self.role_rows()),
            (Unit, UNIT_COLUMNS, self.unit_rows()),
            (Round, ROUND_COLUMNS, self.round_rows()),
            (Group, ["id", "created_at", "updated_at", "round_id", "number"], self.group_rows()),
            (GroupMembership, ["group_id", "user_id", "role", "seconded_from"], self.membership_rows()),
            (Assignment, ASSIGNMENT_COLUMNS, self.assignment_rows()),
            (Feedback, FEEDBACK_COLUMNS, self.feedback_rows()),
            (Plan, PLAN_COLUMNS, self.plan_rows()),
            (Issue, ISSUE_COLUMNS, self.issue_rows()),
            (Measure, MEASURE_COLUMNS, self.measure_rows()),
            (Progress, ["issue_id", "date", "text", "submitted_by_id", "created_at"], self.progress_rows()),
            (Clue, CLUE_COLUMNS, self.clue_rows()),
            (CluePerson, ["clue_id", "name", "post", "rank"], self.person_rows()),
        ]:
            counts[model._meta.label] += self.copy(model, columns, rows)
        started = time.monotonic()
        with connection.cursor() as cursor:
            for statement in indexes:
                cursor.execute(statement)
        self.log(f"  {f'{len(indexes)} indexes rebuilt':<28} {'':>10}      {time.monotonic() - started:6.1f} s")
        started = time.monotonic()
        with connection.cursor() as cursor:
            if replica:
                cursor.execute("SET LOCAL session_replication_role = origin")
                for model in SCALE_MODELS:
                    verify_foreign_keys(model, since[model])
            else:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.log(f"  {'foreign keys checked':<28} {'':>10}      {time.monotonic() - started:6.1f} s")
        return dict(counts)

    def user_rows(self) -> Iterator[tuple]:
        joined = self.stamp(self.today - 2200)
        n_pool = len(self.offices) * self.pool
        for i, pk in enumerate(self.user_ids):
            if i < n_pool:
                username = f"{self.prefix.lower()}_xc{i // self.pool}_{i % self.pool:05d}"
            else:
                username = f"{self.prefix.lower()}_ll_{i - n_pool:06d}"
            yield (pk, UNUSABLE_PASSWORD, username, self.names[i % len(self.names)], joined)

    def role_rows(self) -> Iterator[tuple]:
        n_pool = len(self.offices) * self.pool
        for i in range(n_pool):
            yield (self.user_ids[i], self.offices[i // self.pool].pk, Role.INSPECTOR, None)
        for u in range(self.n_units):
            yield (self.user_ids[n_pool + u], self.offices[self.unit_office[u]].pk, Role.LIAISON, self.unit_ids[u])

    def liaison(self, unit: int) -> int:
        return self.user_ids[len(self.offices) * self.pool + unit]

    def unit_rows(self) -> Iterator[tuple]:
        created = self.stamp(self.today - 2200)
        villages = 0
        for u, pk in enumerate(self.unit_ids):
            kind = self.unit_kind[u]
            category = ""
            if kind == UnitKind.VILLAGE:
                category = VILLAGE_CATEGORIES[villages % len(VILLAGE_CATEGORIES)]
                villages += 1
            parent = self.unit_parent[u]
            name = self.unit_name[u]
            yield (
                pk,
                created,
                created,
                name,
                f"{self.prefix}-{self.unit_office[u]}-{u:06d}",
                kind,
                None if parent is None else self.unit_ids[parent],
                self.offices[self.unit_office[u]].pk,
                category,
                self.names[(u * 7) % len(self.names)],
                principal_post(kind, name),
                self.unit_deputy[u],
            )

    def round_rows(self) -> Iterator[tuple]:
        for r, pk in enumerate(self.round_ids):
            office, sequence, stage, start, entry, *_, feedback, _, _ = self.rounds[r]
            kind = ROUND_KIND_CYCLE[r % len(ROUND_KIND_CYCLE)]
            yield (
                pk,
                self.stamp(start - 20),
                self.stamp(min(feedback or entry, self.today)),
                self.offices[office].pk,
                self.term,
                sequence,
                kind,
                f"{RoundKind(kind).label}",
                self.day(start),
                self.day(entry + 35),
                stage,
            )

    def group_rows(self) -> Iterator[tuple]:
        for g, pk in enumerate(self.group_ids):
            r = g // GROUPS_PER_ROUND
            created = self.stamp(self.rounds[r][3] - 20)
            yield (pk, created, created, self.round_ids[r], g % GROUPS_PER_ROUND + 1)

    def membership_rows(self) -> Iterator[tuple]:
        rng = self.rng
        seconded = [value for value in SecondedFrom.values if value]
        for g, (leader, deputy, officers) in enumerate(self.groups):
            group = self.group_ids[g]
            yield (group, leader, GroupRole.LEADER, "")
            yield (group, deputy, GroupRole.DEPUTY, "")
            for user in officers[1:]:
                yield (group, user, GroupRole.MEMBER, rng.choice(seconded) if rng.random() < 0.3 else "")
        for g in self.inspector_groups:
            yield (self.group_ids[g], self.accounts["inspector"].pk, GroupRole.MEMBER, "")

    def assignment_rows(self) -> Iterator[tuple]:
        day = self.day
        for a, (r, u, g) in enumerate(self.assignments):
            _, _, _, start, entry, exit_day, feedback, plan_due, report_due = self.rounds[r]
            yield (
                self.assignment_ids[a],
                self.stamp(start),
                self.stamp(min(feedback or entry, self.today)),
                self.round_ids[r],
                self.unit_ids[u],
                self.group_ids[g],
                day(entry) if entry <= self.today else None,
                exit_day and day(exit_day),
                feedback and day(feedback),
                plan_due and day(plan_due),
                report_due and day(report_due),
            )

    def finished_assignments(self) -> Iterator[tuple[int, int, int, tuple]]:
        for a, (r, u, _) in enumerate(self.assignments):
            rnd = self.rounds[r]
            if rnd[6]:
                yield a, r, u, rnd

    def feedback_rows(self) -> Iterator[tuple]:
        for a, _, u, rnd in self.finished_assignments():
            feedback = rnd[6]
            yield (
                self.stamp(feedback, 16),
                self.stamp(feedback, 16),
                self.assignment_ids[a],
                self.day(feedback),
                f"巡察组全体成员，{self.unit_name[u]}领导班子成员及中层以上干部",
                self.supervisor[rnd[0]],
            )

    def plan_rows(self) -> Iterator[tuple]:
        for a, _, u, rnd in self.finished_assignments():
            feedback = rnd[6]
            yield (
                self.stamp(feedback + 20),
                self.stamp(feedback + 25, 15),
                self.assignment_ids[a],
                1,
                f"{self.unit_name[u]}关于巡察反馈问题的整改方案（共{self.issue_counts[a]}个问题）",
                PlanStatus.APPROVED,
                self.liaison(u),
                self.supervisor[rnd[0]],
                self.stamp(feedback + 25, 15),
            )

    def issue_rows(self) -> Iterator[tuple]:
        """Issues, assignment by assignment; keeps status, deadline and end day of each for later passes."""
        rng, today, day, stamp = self.rng, self.today, self.day, self.stamp
        random_, randrange = rng.random, rng.randrange
        categories = self.categories
        hows = list(HOW_FOUND_TEXT)
        codes = {s: STATUS_CODES.index(s) for s in STATUS_CODES}
        n = self.n_issues
        self.issue_status = bytearray(n)
        self.issue_immediate = bytearray(n)
        self.issue_deadline = [0] * n
        self.issue_end = [0] * n
        closed, pending, long_term = IssueStatus.CLOSED, IssueStatus.PENDING_REVIEW, IssueStatus.LONG_TERM
        rectifying, withdrawn, confirmed = IssueStatus.RECTIFYING, IssueStatus.WITHDRAWN, IssueStatus.CONFIRMED
        i = 0
        for a, (r, u, g) in enumerate(self.assignments):
            count = self.issue_counts[a]
            if not count:
                continue
            office, sequence, stage, _, entry, exit_day, feedback, _, report_due = self.rounds[r]
            statuses, weights = STATUS_MIX[stage]
            drawn = rng.choices(statuses, cum_weights=weights, k=count)
            office_id, round_id, unit_id = self.offices[office].pk, self.round_ids[r], self.unit_ids[u]
            group_id, assignment_id = self.group_ids[g], self.assignment_ids[a]
            leader, deputy, officers = self.groups[g]
            name = self.unit_name[u]
            span = 30 if exit_day else max(1, today - entry)
            prefix = f"R{sequence:02d}-G{g % GROUPS_PER_ROUND + 1}-{assignment_id:04d}-"
            if feedback:
                close_from = feedback + 15
                close_span = max(1, min(report_due + 45, today - 1) - close_from + 1)
                pending_from = max(feedback + 20, today - 45)
                pending_span = max(1, today - pending_from)
            for k in range(count):
                status = drawn[k]
                found = entry + randrange(span)
                category, titles = categories[randrange(len(categories))]
                title = titles[randrange(len(titles))]
                immediate = random_() < 0.12
                deadline = closed_at = next_due = None
                reason = ""
                reviewer = deputy
                reviewed = stamp(found + 2, 15)
                end = 0
                if status == closed:
                    end = close_from + randrange(close_span)
                    closed_at = changed = stamp(end, 15)
                    version = 5
                elif status == rectifying:
                    changed, version = stamp(feedback, 11), 3
                elif status == pending:
                    end = min(pending_from + randrange(pending_span), today - 1)
                    changed, version = stamp(end, 16), 4
                elif status == long_term:
                    changed, version = stamp(min(report_due + 10, today - 1), 11), 4
                    next_due = day(today + 10 + randrange(160))
                elif status == withdrawn:
                    changed, version = stamp(feedback + 5), 4
                    reason = "经核实不属于巡察发现问题，予以撤销。"
                elif status == confirmed:
                    changed, version = stamp(min(found + 3, today)), 2
                else:  # draft
                    changed, version = stamp(found), 1
                    reviewer = reviewed = None
                if feedback and status != withdrawn:
                    deadline = exit_day if immediate else report_due
                    self.issue_deadline[i] = deadline
                    deadline = day(deadline)
                self.issue_status[i] = codes[status]
                self.issue_immediate[i] = immediate
                self.issue_end[i] = end
                yield (
                    self.issue_ids[i],
                    stamp(found),
                    changed,
                    office_id,
                    round_id,
                    unit_id,
                    group_id,
                    assignment_id,
                    f"{prefix}{k + 1:03d}",
                    category,
                    title,
                    f"{name}{title}，涉及{randrange(2, 30)}项（笔）。",
                    BASES[randrange(len(BASES))],
                    hows[randrange(len(hows))],
                    IssueNature.COMMON if random_() < 0.3 else IssueNature.INDIVIDUAL,
                    immediate,
                    officers[randrange(len(officers))],
                    reviewer,
                    reviewed,
                    day(found),
                    deadline,
                    status,
                    changed,
                    closed_at,
                    reason,
                    next_due,
                    version,
                )
                i += 1

    def fed_back_issues(self) -> Iterator[tuple[int, int, int, int, tuple]]:
        """(issue index, status code, assignment, unit, round) of every fed-back issue, in id order."""
        i = 0
        status = self.issue_status
        for a, (r, u, _) in enumerate(self.assignments):
            count = self.issue_counts[a]
            rnd = self.rounds[r]
            if rnd[6]:
                for index in range(i, i + count):
                    if status[index] in FED_BACK_CODES:
                        yield index, status[index], a, u, rnd
            i += count

    def measure_rows(self) -> Iterator[tuple]:
        rng = self.rng
        today = self.today
        kinds = {STATUS_CODES.index(IssueStatus.LONG_TERM): MeasureKind.LONG_TERM}
        for i, status, _, u, rnd in self.fed_back_issues():
            start = min(rnd[6] + 5 + i % 8, today - 1)
            kind = kinds.get(status) or (MeasureKind.IMMEDIATE if self.issue_immediate[i] else MeasureKind.DEADLINE)
            deadline = self.issue_deadline[i]
            yield (
                self.stamp(start, 9),
                self.stamp(start, 9),
                self.issue_ids[i],
                f"针对巡察反馈问题，{MEASURE_ACTIONS[i % len(MEASURE_ACTIONS)]}，确保按期整改到位。",
                self.unit_deputy[u],
                DEPARTMENTS_IN_UNIT[i % len(DEPARTMENTS_IN_UNIT)],
                self.names[rng.randrange(len(self.names))],
                kind,
                None if kind == MeasureKind.LONG_TERM else self.day(deadline),
                self.liaison(u),
            )

    def progress_rows(self) -> Iterator[tuple]:
        rng = self.rng
        today = self.today
        counts = {STATUS_CODES.index(s): c for s, c in PROGRESS_COUNTS.items()}
        closed = STATUS_CODES.index(IssueStatus.CLOSED)
        for i, status, _, u, rnd in self.fed_back_issues():
            start = min(rnd[6] + 5 + i % 8, today - 1)
            end = self.issue_end[i]  # closed or reported done on that day
            if status == closed:
                end -= 1
            elif not end:
                end = today - 1
            end = max(start, min(end, today - 1))
            options = counts[status]
            issue, liaison = self.issue_ids[i], self.liaison(u)
            for _ in range(options[rng.randrange(len(options))]):
                date = start + rng.randrange(end - start + 1)
                yield (issue, self.day(date), PROGRESS_TEXTS[date % len(PROGRESS_TEXTS)], liaison, self.stamp(date, 17))

    def clue_rows(self) -> Iterator[tuple]:
        rng, today, day, stamp = self.rng, self.today, self.day, self.stamp
        random_, randrange = rng.random, rng.randrange
        disposals = list(DISPOSAL_TEXT)
        self.clue_persons = bytearray(self.n_clues)
        self.clue_kind = []
        i = 0
        for a, (r, u, g) in enumerate(self.assignments):
            count = self.clue_counts[a]
            if not count:
                continue
            office, sequence, _, _, entry, exit_day, feedback, _, _ = self.rounds[r]
            office_id, round_id, unit_id = self.offices[office].pk, self.round_ids[r], self.unit_ids[u]
            group_id, assignment_id = self.group_ids[g], self.assignment_ids[a]
            officers = self.groups[g][2]
            kind = self.unit_kind[u]
            prefix = f"XS-R{sequence:02d}-G{g % GROUPS_PER_ROUND + 1}-{assignment_id:04d}-"
            for k in range(count):
                found = entry + randrange(30 if exit_day else max(1, today - entry))
                persons = 2 if random_() < 0.3 else 1
                self.clue_persons[i] = persons
                self.clue_kind.append(kind)
                recipient = body = letter = disposal = outcome = ""
                transfer = result_due = received = None
                accountable = party = judiciary = 0
                loss = "0"
                reason = ""
                if not feedback:
                    status, version, changed = ClueStatus.DRAFT, 1, stamp(found, 15)
                else:
                    roll = random_()
                    status = (
                        ClueStatus.CONCLUDED
                        if roll < 0.80
                        else ClueStatus.TRANSFERRED
                        if roll < 0.97
                        else ClueStatus.WITHDRAWN
                    )
                if status in (ClueStatus.CONCLUDED, ClueStatus.TRANSFERRED):
                    transfer_day = min(exit_day + 5 + randrange(20), today - 1)
                    transfer = day(transfer_day)
                    result_due = day(self.add_months(office, transfer_day, "clue"))
                    recipient = ClueRecipient.DISCIPLINE if random_() < 0.8 else ClueRecipient.ORGANISATION
                    body = "纪委监委" if recipient == ClueRecipient.DISCIPLINE else "组织部"
                    letter = f"{self.prefix}巡移〔{transfer[:4]}〕{i + 1}号"
                    version, changed = 2, stamp(transfer_day, 16)
                    if status == ClueStatus.CONCLUDED:
                        received_day = min(transfer_day + 30 + randrange(150), today - 1)
                        received = day(received_day)
                        disposal = disposals[randrange(len(disposals))]
                        if disposal not in (Disposal.CLOSED, Disposal.SHELVED):
                            accountable = 1 + randrange(4)
                            party = randrange(accountable + 1)
                            judiciary = 1 if disposal == Disposal.CASE and random_() < 0.1 else 0
                            if random_() < 0.3:
                                loss = f"{randrange(100, 500000) / 100:.2f}"
                        outcome = f"经{DISPOSAL_TEXT[disposal]}，追责问责{accountable}人。"
                        version, changed = 3, stamp(received_day, 16)
                elif status == ClueStatus.WITHDRAWN:
                    reason, version, changed = "经核实不属于问题线索，予以撤销。", 2, stamp(exit_day, 16)
                yield (
                    self.clue_ids[i],
                    stamp(found, 15),
                    changed,
                    office_id,
                    round_id,
                    unit_id,
                    group_id,
                    assignment_id,
                    f"{prefix}{k + 1:03d}",
                    f"反映{self.unit_name[u]}有关人员{CLUE_ACTS[i % len(CLUE_ACTS)]}问题。",
                    status,
                    recipient,
                    body,
                    transfer,
                    letter,
                    disposal,
                    accountable,
                    party,
                    judiciary,
                    loss,
                    outcome,
                    result_due,
                    received,
                    reason,
                    officers[randrange(len(officers))],
                    version,
                )
                i += 1

    def person_rows(self) -> Iterator[tuple]:
        rng = self.rng
        for i, pk in enumerate(self.clue_ids):
            kind = self.clue_kind[i]
            for _ in range(self.clue_persons[i]):
                post, rank = reported_post(kind, rng, city_level=False)
                yield (pk, reported_name(rng), post, rank)


UNIT_COLUMNS = [
    "id", "created_at", "updated_at", "name", "code", "kind", "parent_id", "office_id", "village_category",
    "principal_name", "principal_post", "deputy_name",
]  # fmt: skip
ROUND_COLUMNS = [
    "id", "created_at", "updated_at", "office_id", "term", "sequence", "kind", "theme", "planned_start",
    "planned_end", "stage",
]  # fmt: skip
ASSIGNMENT_COLUMNS = [
    "id", "created_at", "updated_at", "round_id", "unit_id", "group_id", "entry_date", "exit_date",
    "feedback_date", "plan_due", "report_due",
]  # fmt: skip
FEEDBACK_COLUMNS = ["created_at", "updated_at", "assignment_id", "meeting_date", "attendees", "recorded_by_id"]
PLAN_COLUMNS = [
    "created_at", "updated_at", "assignment_id", "version", "text", "status", "submitted_by_id", "reviewed_by_id",
    "reviewed_at",
]  # fmt: skip
ISSUE_COLUMNS = [
    "id", "created_at", "updated_at", "office_id", "round_id", "unit_id", "group_id", "assignment_id", "code",
    "category_id", "title", "facts", "basis", "how_found", "nature", "immediate", "case_officer_id",
    "deputy_reviewer_id", "reviewed_at", "found_on", "deadline", "status", "status_changed_at", "closed_at",
    "withdrawn_reason", "next_progress_due", "version",
]  # fmt: skip
MEASURE_COLUMNS = [
    "created_at", "updated_at", "issue_id", "content", "responsible_leader", "responsible_department",
    "responsible_person", "kind", "deadline", "created_by_id",
]  # fmt: skip
CLUE_COLUMNS = [
    "id", "created_at", "updated_at", "office_id", "round_id", "unit_id", "group_id", "assignment_id", "code",
    "summary", "status", "recipient", "recipient_body", "transfer_date", "letter_number", "disposal",
    "persons_accountable", "party_sanctions", "persons_to_judiciary", "loss_recovered_wan", "outcome_note",
    "result_due", "result_received", "withdrawn_reason", "created_by_id", "version",
]  # fmt: skip
