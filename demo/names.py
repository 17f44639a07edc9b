"""Name pools and texts the generated rows are written with: people, places, findings, clues,
measures, progress, portraits, campaigns, special reports, posts."""

from __future__ import annotations

import random

from inspections.choices import Disposal, HowFound, PersonRank, SecondedFrom, UnitKind

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
