import type { Category, Channel } from "@petitio/core";

/**
 * The demo's petitions: texts written for this project about a fictional city
 * (青禾市) — no real person, place or case. Each names the office it goes to.
 */
export interface SamplePetition {
  title: string;
  content: string;
  category: Category;
  topic: string;
  region: string;
  org: string;
  channel: Channel;
}

const CITY = "青禾市";
export const ORGS = {
  transport: `${CITY}交通运输局`,
  housing: `${CITY}住房和城乡建设局`,
  education: `${CITY}教育局`,
  health: `${CITY}卫生健康委员会`,
  environment: `${CITY}生态环境局`,
  labour: `${CITY}人力资源和社会保障局`,
  civil: `${CITY}民政局`,
  market: `${CITY}市场监督管理局`,
  linjiang: "临江区人民政府",
  beishan: "北山区人民政府",
} as const;

export const INTAKE_ORG = `${CITY}信访局`;

export const SAMPLE_PETITIONS: readonly SamplePetition[] = [
  {
    title: "临江区滨河路公交站台拆除后一直未恢复",
    content:
      "滨河路与望江街交叉口的公交站台去年因道路施工拆除，施工结束已三个月仍未恢复，附近老人和学生只能步行一公里去下一站，请尽快恢复站台。",
    category: "claim",
    topic: "公共交通",
    region: "临江区",
    org: ORGS.transport,
    channel: "online",
  },
  {
    title: "建议增开高新区至火车站的早班公交",
    content:
      "高新区园区职工早上七点前到火车站没有公交可坐，打车费用高。建议在六点至七点之间增开两班直达公交，方便通勤。",
    category: "suggestion",
    topic: "公共交通",
    region: "高新区",
    org: ORGS.transport,
    channel: "hotline",
  },
  {
    title: "北山区翠屏小区物业长期不维修电梯",
    content:
      "翠屏小区3栋电梯半年内停运五次，物业收取维修基金后迟迟不修，楼内有多位行动不便的老人，请主管部门督促物业履行维修义务。",
    category: "claim",
    topic: "物业管理",
    region: "北山区",
    org: ORGS.housing,
    channel: "letter",
  },
  {
    title: "反映南湖新城小区业委会选举程序不公开",
    content:
      "南湖新城业委会换届选举未公示候选人名单，投票箱由物业人员保管，多名业主质疑结果，请街道和住建部门依法指导重新选举。",
    category: "accusation",
    topic: "物业管理",
    region: "南湖区",
    org: ORGS.housing,
    channel: "visit",
  },
  {
    title: "临江区金沙苑交房两年仍未办理不动产权证",
    content:
      "金沙苑项目2023年交房，开发商以配套未验收为由至今未办理产权证，影响孩子入学和房屋抵押，请相关部门协调解决。",
    category: "claim",
    topic: "住房保障",
    region: "临江区",
    org: ORGS.housing,
    channel: "online",
  },
  {
    title: "建议公租房申请材料实行网上提交",
    content:
      "申请公租房需要多次往返街道和区住建局递交纸质材料，建议开通网上申请和材料上传，减少群众跑腿。",
    category: "suggestion",
    topic: "住房保障",
    region: "北山区",
    org: ORGS.housing,
    channel: "email",
  },
  {
    title: "高新区实验小学学位不足孩子无法就近入学",
    content:
      "我们小区划片在高新区实验小学，但学校称学位已满，要求去六公里外的学校报到，希望教育部门说明划片依据并解决就近入学问题。",
    category: "claim",
    topic: "义务教育",
    region: "高新区",
    org: ORGS.education,
    channel: "online",
  },
  {
    title: "举报某培训机构在职教师违规补课",
    content:
      "北山区一家培训机构聘请公办学校在职教师周末授课并收取高额费用，家长被暗示不报班会影响成绩，请教育局查处。",
    category: "accusation",
    topic: "义务教育",
    region: "北山区",
    org: ORGS.education,
    channel: "hotline",
  },
  {
    title: "建议延长学校课后服务时间至六点",
    content:
      "双职工家庭下班时间晚，目前课后服务五点结束，孩子无人接送，建议有条件的学校将课后服务延长到六点。",
    category: "suggestion",
    topic: "义务教育",
    region: "南湖区",
    org: ORGS.education,
    channel: "online",
  },
  {
    title: "市第二人民医院门诊挂号排队时间过长",
    content:
      "市第二人民医院门诊大厅只开两个人工窗口，老年人不会用手机挂号，早上排队超过一小时，建议增加窗口和志愿者引导。",
    category: "suggestion",
    topic: "医疗服务",
    region: "临江区",
    org: ORGS.health,
    channel: "hotline",
  },
  {
    title: "异地就医报销材料被退回三次",
    content:
      "母亲在外省住院后回青禾报销，医保窗口三次以材料不全退回，每次说法不一，请一次性告知所需材料并尽快办理。",
    category: "claim",
    topic: "医疗服务",
    region: "北山区",
    org: ORGS.health,
    channel: "letter",
  },
  {
    title: "南湖区一诊所涉嫌无证行医",
    content:
      "南湖区农贸市场旁一家诊所没有悬挂执业许可证，给患者输液时无医护人员看护，存在安全隐患，请卫生监督部门检查。",
    category: "accusation",
    topic: "医疗服务",
    region: "南湖区",
    org: ORGS.health,
    channel: "online",
  },
  {
    title: "临江区化工园区夜间排放刺鼻气味",
    content:
      "每天晚上十点以后临江化工园区方向飘来刺鼻气味，周边居民关窗也能闻到，怀疑企业夜间偷排废气，请环保部门夜间执法检测。",
    category: "accusation",
    topic: "环境污染",
    region: "临江区",
    org: ORGS.environment,
    channel: "hotline",
  },
  {
    title: "北山区采石场粉尘污染严重",
    content:
      "北山区石岭村采石场作业时粉尘弥漫，村民晾晒的衣物和庄稼上都是灰，雨天道路泥泞，请督促企业落实降尘措施。",
    category: "claim",
    topic: "环境污染",
    region: "北山区",
    org: ORGS.environment,
    channel: "visit",
  },
  {
    title: "商业街酒吧深夜噪音扰民",
    content:
      "南湖区风荷街两家酒吧每晚营业到凌晨两点，音响声音很大，居民多次报警后仍未改善，请相关部门依法处理噪音问题。",
    category: "claim",
    topic: "环境污染",
    region: "南湖区",
    org: ORGS.environment,
    channel: "hotline",
  },
  {
    title: "建议在望江公园增设垃圾分类投放点",
    content: "望江公园游客多但垃圾桶少，节假日垃圾溢出，建议增设分类投放点并增加清运频次。",
    category: "suggestion",
    topic: "环境污染",
    region: "临江区",
    org: ORGS.linjiang,
    channel: "online",
  },
  {
    title: "建筑工地拖欠农民工工资四个月",
    content:
      "我们二十多名工人在高新区一处住宅工地做木工，包工头拖欠四个月工资共约四十万元，总包单位推说已付款，请劳动监察部门介入。",
    category: "claim",
    topic: "劳动报酬",
    region: "高新区",
    org: ORGS.labour,
    channel: "visit",
  },
  {
    title: "公司未依法缴纳社会保险",
    content:
      "本人在北山区一家物流公司工作三年，公司一直按最低基数缴纳社保，去年起干脆停缴，请社保部门核查并责令补缴。",
    category: "accusation",
    topic: "劳动报酬",
    region: "北山区",
    org: ORGS.labour,
    channel: "online",
  },
  {
    title: "灵活就业人员养老保险缴费渠道不畅",
    content:
      "灵活就业人员只能到窗口缴纳养老保险，窗口每天限号，建议开通手机缴费并延长窗口办理时间。",
    category: "suggestion",
    topic: "社会保障",
    region: "临江区",
    org: ORGS.labour,
    channel: "email",
  },
  {
    title: "高龄津贴连续两个月未发放",
    content:
      "父亲今年九十一岁，按规定每月领取高龄津贴，但最近两个月没有到账，社区说在走流程，请民政部门查明原因。",
    category: "claim",
    topic: "社会保障",
    region: "南湖区",
    org: ORGS.civil,
    channel: "phone",
  },
  {
    title: "养老院收费项目不透明",
    content:
      "临江区一家民办养老院在合同外另收护理耗材费和节日活动费，收费没有明细，家属询问时态度恶劣，请民政部门规范。",
    category: "accusation",
    topic: "社会保障",
    region: "临江区",
    org: ORGS.civil,
    channel: "letter",
  },
  {
    title: "超市销售过期食品",
    content:
      "在北山区一家连锁超市购买的酸奶已过保质期三天，门店拒绝按规定赔偿，请市场监管部门查处并督促整改。",
    category: "accusation",
    topic: "市场监管",
    region: "北山区",
    org: ORGS.market,
    channel: "hotline",
  },
  {
    title: "预付卡健身房突然关门无法退费",
    content:
      "南湖区一家健身房上月突然停业，会员预付卡余额无法退还，涉及数百人，请相关部门协调退费并追究经营者责任。",
    category: "claim",
    topic: "市场监管",
    region: "南湖区",
    org: ORGS.market,
    channel: "online",
  },
  {
    title: "北山区老旧小区改造施工时间过长",
    content:
      "北山区东坡小区改造工程已进行十个月，道路开挖后长期未恢复，车辆无法进出，请区政府督促施工单位按期完工。",
    category: "claim",
    topic: "城市建设",
    region: "北山区",
    org: ORGS.beishan,
    channel: "online",
  },
  {
    title: "临江区雨后道路积水严重",
    content:
      "每逢大雨临江区江滨大道下穿隧道积水超过半米，多辆汽车熄火，建议改造排水设施并在积水时及时封闭道路。",
    category: "suggestion",
    topic: "城市建设",
    region: "临江区",
    org: ORGS.linjiang,
    channel: "hotline",
  },
  {
    title: "拆迁安置房交付延期且无说明",
    content:
      "我们是临江区旧城改造拆迁户，安置房原定去年年底交付，至今没有动静，过渡费也停发了，请政府给出明确交付时间。",
    category: "claim",
    topic: "征地拆迁",
    region: "临江区",
    org: ORGS.linjiang,
    channel: "visit",
  },
  {
    title: "征地补偿款分配不公",
    content:
      "北山区石岭村征地补偿款分配时，部分外嫁女和新生儿未被列入分配名单，村委会不予解释，请区政府依法调查处理。",
    category: "claim",
    topic: "征地拆迁",
    region: "北山区",
    org: ORGS.beishan,
    channel: "letter",
  },
  {
    title: "出租车拒载短途乘客",
    content:
      "晚上在火车站排队乘出租车，多名司机拒绝去三公里内的目的地，调度员也不管，请交通部门加强火车站出租车管理。",
    category: "accusation",
    topic: "公共交通",
    region: "临江区",
    org: ORGS.transport,
    channel: "hotline",
  },
  {
    title: "学校周边道路缺少人行横道和信号灯",
    content:
      "南湖区第三小学门口的南湖路车流量大，没有人行横道和信号灯，学生上下学横穿马路很危险，请尽快增设。",
    category: "suggestion",
    topic: "公共交通",
    region: "南湖区",
    org: ORGS.transport,
    channel: "online",
  },
  {
    title: "小区地下车库长期渗水",
    content:
      "高新区云栖苑地下车库顶板渗水，车辆被泡，开发商和物业互相推诿，请住建部门督促开发商履行保修责任。",
    category: "claim",
    topic: "物业管理",
    region: "高新区",
    org: ORGS.housing,
    channel: "online",
  },
];

/** Reply summaries by topic, so the demo's replies read like replies. */
export const REPLY_SUMMARIES: Readonly<Record<string, string>> = {
  公共交通: "经现场核查，已责成公交公司调整线路并限期恢复站点，同时加强对运营单位的监督检查。",
  物业管理: "已约谈物业服务企业，责令限期整改，并由街道牵头召开业主协调会，后续将跟踪落实情况。",
  住房保障: "经核查，相关手续正在办理，已督促责任单位加快进度，并将办理时限书面告知信访人。",
  义务教育: "经调查，已按招生政策重新核定学位安排，违规补课问题已立案查处并通报学校。",
  医疗服务: "已要求医院增设服务窗口和引导人员，医保报销所需材料已一次性告知并完成办理。",
  环境污染: "环境执法部门开展了夜间检测和现场检查，对超标排放企业已立案处罚并责令整改。",
  劳动报酬: "劳动保障监察部门已立案调查，责令用人单位限期支付拖欠工资并依法补缴社会保险。",
  社会保障: "经查，待遇发放因系统数据迁移延迟，已于本月补发到位，并完善了发放提醒机制。",
  市场监管: "市场监管部门已现场检查并立案调查，督促经营者依法退赔，相关情况将向社会公布。",
  城市建设: "已督促施工单位调整施工方案，明确完工时限，并安排专人跟踪进度。",
  征地拆迁: "经核查，已责成相关单位依法重新核定分配方案和交付时间，并书面答复信访人。",
};
