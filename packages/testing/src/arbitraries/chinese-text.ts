import fc from "fast-check";

/**
 * Realistic Chinese petition texts, composed from short fragments written for
 * this kit (no real petitions are copied). Titles and contents vary in length,
 * punctuation and topic, so text handling (search, duplicate detection, hot
 * topics, JSONL round trips) meets what a real intake desk records.
 */

const districts = [
  "朝阳区",
  "海淀区",
  "西湖区",
  "鼓楼区",
  "历下区",
  "浦东新区",
  "天河区",
  "雁塔区",
];
const places = [
  "幸福里小区",
  "滨江花园",
  "东风路",
  "第三中学门口",
  "人民医院附近",
  "老城区菜市场",
  "开发区工业园",
  "城南公交站",
];
const problems: ReadonlyArray<{ topic: string; issue: string; detail: string }> = [
  {
    topic: "噪音",
    issue: "夜间施工噪音扰民",
    detail: "工地每天晚上十点以后还在施工，居民无法休息",
  },
  { topic: "物业", issue: "物业费收取不合理", detail: "物业公司今年擅自上调收费标准，也没有公示" },
  {
    topic: "供暖",
    issue: "冬季供暖温度不达标",
    detail: "室内温度长期低于十八度，多次反映没有改善",
  },
  { topic: "交通", issue: "路口红绿灯时间过短", detail: "老人和孩子过马路来不及，存在安全隐患" },
  { topic: "环境", issue: "垃圾清运不及时", detail: "垃圾桶满了好几天没人清理，气味很大" },
  { topic: "劳动", issue: "工资被拖欠", detail: "公司已经三个月没有发工资，老板联系不上" },
  { topic: "教育", issue: "学区划分不合理", detail: "小区孩子被划到很远的学校，上学非常不方便" },
  { topic: "住房", issue: "老旧小区加装电梯", detail: "楼里老人多，希望政府支持加装电梯" },
  { topic: "医疗", issue: "医保报销流程复杂", detail: "异地就医报销需要跑很多趟，材料反复提交" },
  { topic: "城管", issue: "占道经营影响通行", detail: "商贩长期占用人行道，行人只能走机动车道" },
];
const asks = [
  "请有关部门尽快处理。",
  "希望政府重视这个问题。",
  "恳请领导协调解决，谢谢！",
  "请给予答复。",
  "希望能够依法处理，维护我们的合法权益。",
];
const openers = ["您好，", "尊敬的领导：", "", "我是本地居民，", "我们是小区业主，"];
const timing = ["最近一个月", "从去年开始", "这几天", "已经半年多了", "今年以来"];

export interface PetitionText {
  title: string;
  content: string;
  /** The matter's topic, as `PetitionRegistered.topic`. */
  topic: string;
  /** `region` of `PetitionRegistered.location`. */
  region: string;
}

/** A coherent title, content, topic and region for one petition. */
export const petitionTextArb = (): fc.Arbitrary<PetitionText> =>
  fc
    .record({
      district: fc.constantFrom(...districts),
      place: fc.constantFrom(...places),
      problem: fc.constantFrom(...problems),
      ask: fc.constantFrom(...asks),
      opener: fc.constantFrom(...openers),
      when: fc.constantFrom(...timing),
      titleStyle: fc.integer({ min: 0, max: 2 }),
      repeatedAsk: fc.boolean(),
    })
    .map(({ district, place, problem, ask, opener, when, titleStyle, repeatedAsk }) => {
      const title =
        titleStyle === 0
          ? `${district}${place}${problem.issue}`
          : titleStyle === 1
            ? `关于${place}${problem.issue}的问题`
            : `${problem.issue}？`;
      const content =
        `${opener}${when}，${district}${place}${problem.detail}。` +
        (repeatedAsk ? "之前打过12345热线，" : "") +
        ask;
      return { title, content, topic: problem.topic, region: district };
    });

/** A petition title alone. */
export const chineseTitleArb = (): fc.Arbitrary<string> => petitionTextArb().map((t) => t.title);

/** Free Chinese text such as a reason or a reply summary, 1–3 clauses. */
export const chineseSentenceArb = (): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...reasons), { minLength: 1, maxLength: 3 })
    .map((parts) => `${parts.join("，")}。`);

const reasons = [
  "经调查核实",
  "该事项属于本单位职责范围",
  "已责成相关部门整改",
  "依据有关规定",
  "申请人反映的情况基本属实",
  "不属于本机关职权范围",
  "已与申请人沟通",
  "诉求缺乏法律依据",
];
