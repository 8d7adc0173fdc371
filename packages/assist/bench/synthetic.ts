import type { CaseRecord } from "../src/cases/case-records.js";
import { seededRandom } from "../src/text/hash.js";

/**
 * Synthetic petitions for the benchmarks, from templates written for them
 * (no real citizen text): a template, a district, a named place, numbers and
 * a petitioner drawn at random. About one in ten re-uses a petitioner.
 */
const TEMPLATES = [
  "{place}物业从上个月起加收停车费{n}元，没有经过业主大会同意，请有关部门查处。",
  "{place}附近工地每天晚上施工到凌晨，噪音很大，居民无法休息，希望尽快处理。",
  "我在{place}的公司上班，老板已经拖欠工资{n}个月，一直不发，请求帮助讨薪。",
  "{place}{n}栋楼下的餐馆油烟直排，整栋楼都是油烟味，多次反映没有结果。",
  "{place}拆迁补偿标准不公开，补偿款至今没有到位，村民意见很大。",
  "{place}门口的道路坑洼不平，下雨天积水严重，行人和车辆通行困难。",
  "{place}小区电梯经常故障，上个月困人{n}次，物业推说没有维修资金。",
  "{place}周边没有公办幼儿园，孩子入园难，希望增设学位。",
  "{place}的自来水经常停水，一停就是{n}天，也没有提前通知。",
  "{place}有商家违规占道经营，人行道被占满，行人只能走机动车道。",
  "{place}的公交站取消后，居民出行要走{n}公里，希望恢复站点。",
  "{place}有人在小区内违章搭建，占用公共绿地，请城管部门拆除。",
];
const FIRST = Array.from("翠金银玉锦华青丽凤龙雅嘉康泰福瑞盛阳明秀星月云海湖");
const SECOND = Array.from("湖桂苑庭林园城府湾岸山河景轩阁台");
const SUFFIX = ["小区", "花园", "家园", "新城", "大厦", "社区", "村", "路"];
const DISTRICTS = ["东城区", "西城区", "南湖区", "北山区", "高新区", "开发区", "江北县", "河西县"];
const ORGS = [
  "住建局",
  "城管局",
  "人社局",
  "生态环境局",
  "交通局",
  "教育局",
  "水务局",
  "街道办事处",
];
const TOPICS = [
  "物业",
  "噪音",
  "欠薪",
  "油烟",
  "拆迁",
  "道路",
  "电梯",
  "学位",
  "供水",
  "占道",
  "公交",
  "违建",
];

export interface SyntheticPetition {
  record: CaseRecord;
  template: number;
}

export function* syntheticPetitions(count: number, seed = 7): Generator<SyntheticPetition> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const start = Date.parse("2020-01-01T00:00:00+08:00");
  const step = (5 * 365 * 86_400_000) / count;
  for (let i = 0; i < count; i++) {
    const template = Math.floor(random() * TEMPLATES.length);
    const district = pick(DISTRICTS);
    const place = `${pick(FIRST)}${pick(SECOND)}${pick(SUFFIX)}`;
    const n = 1 + Math.floor(random() * 30);
    const content = `${district}${(TEMPLATES[template] as string).replace("{place}", place).replace("{n}", String(n))}`;
    const petitioner = random() < 0.1 ? Math.floor(random() * 1000) : count + i;
    yield {
      template,
      record: {
        petitionId: `syn-${i}`,
        title: `${district}${place}${TOPICS[template]}问题`,
        content,
        category: "claim",
        topic: TOPICS[template] ?? null,
        region: district,
        address: null,
        petitionerKeys: [`id:P${petitioner}`],
        receivedAt: start + Math.floor(i * step),
        registeredBy: "市信访局",
        org: `${district}${ORGS[template % ORGS.length]}`,
        status: random() < 0.7 ? "replied" : "open",
        reply: null,
        mergedInto: null,
        repeatOf: null,
      },
    };
  }
}
