"""The demo catalogue: the demo city's (荆州) offices, its 203 units and its 18 rounds."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from inspections.choices import RoundKind, UnitKind, VillageCategory

from .accounts import CITY_OFFICE, LIAISON_UNIT_CODE
from .figures import SEED_ROUNDS, SEED_UNITS
from .names import PLACE_HEADS, PLACE_TAILS

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
