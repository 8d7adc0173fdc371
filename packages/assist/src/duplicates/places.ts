/**
 * Place names and numbers of a text: what tells a re-used template
 * ("我们小区物业乱收费…" for another estate) from a true duplicate.
 * Districts and cities (A市, A2区, B县), named places ending in a place word
 * (火炬路, 景蓉华苑, 西湖小学) and numbers with their unit (G2栋, 320室).
 * No segmenter: a place word is found, and its name is read leftwards up to
 * five characters, stopping at punctuation and at characters that rarely sit
 * inside a name (在, 的, 和, 区…). Works on normalised (NFKC, lower-case) text.
 */
const PLACE_WORDS = [
  "小区",
  "花园",
  "家园",
  "公寓",
  "大厦",
  "广场",
  "新城",
  "街道",
  "社区",
  "大道",
  "学校",
  "中学",
  "小学",
  "幼儿园",
  "大学",
  "学院",
  "医院",
  "公司",
  "集团",
  "市场",
  "园区",
  "项目",
  "公园",
  "乐园",
  "驾校",
  "园",
  "村",
  "镇",
  "乡",
  "路",
  "街",
  "巷",
  "苑",
  "府",
  "城",
  "湖",
  "河",
  "桥",
  "站",
].sort((a, b) => b.length - a.length);
const SUFFIX = new RegExp(PLACE_WORDS.join("|"), "g");
const STOP = new Set(
  Array.from(
    "在的了是和与及到从向对被把我们你他这那个于市区县省镇乡村街路年月日说有些已就也还又给所号，。、；：？！（）()“”\"' \n…·-—/",
  ),
);
/** Two-character words that end a name's leftward read: what usually stands before a place in a petition. */
const STOP_WORDS = new Set([
  "反映",
  "投诉",
  "举报",
  "关于",
  "位于",
  "请问",
  "咨询",
  "再次",
  "要求",
  "希望",
  "建议",
  "解决",
  "处理",
  "我是",
  "住在",
  "家住",
  "地处",
  "附近",
  "旁边",
  "对面",
  "破坏",
  "占用",
  "影响",
  "进入",
  "整个",
  "所在",
  "进出",
  "出入",
  "周边",
  "知道",
  "部分",
  "业主",
  "居民",
  "什么",
  "如何",
  "决定",
  "孩子",
  "目前",
  "现在",
]);
const GENERIC = new Set([
  "我们小区",
  "本小区",
  "该小区",
  "这个小区",
  "小区内",
  "本村",
  "我村",
  "该公司",
  "本公司",
  "进城",
  "全城",
  "城区",
]);
/** Common words that end in a place word but name no place (政府, 电路, 马路…): a name ending in one is dropped. */
const NOT_A_PLACE = new Set([
  "政府",
  "电路",
  "马路",
  "道路",
  "线路",
  "思路",
  "出路",
  "套路",
  "走路",
  "跑路",
  "修路",
  "上路",
  "过街",
  "上街",
  "逛街",
  "进城",
  "开路",
  "进站",
  "出站",
  "大站",
  "到站",
  // 必经之路, 该路 and 此路 (this road), 交叉路 and 十字路 (a junction), 水泥路 (a kind of road)
  "之路",
  "该路",
  "此路",
  "叉路",
  "字路",
  "泥路",
]);
/**
 * What stands before a place word when a text names a kind of place, not one
 * (初级中学, 公办幼儿园, 配套学校, 物业公司, 普惠幼儿园); also with a 制, 性 or
 * 型 after it (普惠性幼儿园, 普惠制幼儿园).
 */
const KIND_OF_PLACE = new Set([
  "初级",
  "高级",
  "初高",
  "完全",
  "重点",
  "公办",
  "民办",
  "私立",
  "普通",
  "义务",
  "教育",
  "配套",
  "物业",
  "普惠",
]);
const isKindOfPlace = (normal: string, end: number): boolean =>
  KIND_OF_PLACE.has(normal.slice(end - 2, end)) ||
  ("制性型".includes(normal[end - 1] ?? "-") && KIND_OF_PLACE.has(normal.slice(end - 3, end - 1)));
/** A place word that runs on into another word is not one (城管, 城市, 街坊, 站长, 路灯, 路况): the character after it, by place word. */
const RUNS_ON: Record<string, string> = {
  城: "管市乡建镇",
  街: "坊头",
  站: "长岗",
  园: "林区艺",
  路: "灯况线过费",
};
// Numbers only with a unit that names a place (G2栋, 320室): bare amounts and dates differ between any two wordings.
// A day of the month (3月25号) is a date, not a house number; a number before
// 楼下 or 楼上 (104楼下的门面: below flat 104) is a flat, not a floor or building.
const NUMBER = /(?<![月\d])[a-z]?\d+[a-z]?(?:栋|号|楼(?![下上])|单元|室|期|组)/g;
/**
 * Chinese numerals before a unit that counts places (二期, 十五栋, 五组) are
 * read as digits, so 二期 and 2期 are one number and 一期 ≠ 二期: one digit or
 * a number with 十 (十五, 二十三); 五六栋 is buildings five and six, read as 六栋.
 */
const CHINESE_NUMBER =
  /(?:[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九两])(?=期|栋|单元|组)/g;
const DIGIT: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
/** 一 → 1, 十五 → 15, 二十 → 20, 三十二 → 32 (up to 99). */
const chineseNumeralValue = (numeral: string): number => {
  const ten = numeral.indexOf("十");
  if (ten < 0) return DIGIT[numeral] ?? 0;
  const tens = ten === 0 ? 1 : (DIGIT[numeral[ten - 1] ?? ""] ?? 1);
  return tens * 10 + (DIGIT[numeral[ten + 1] ?? ""] ?? 0);
};
const DISTRICT = /[a-l]\d{0,2}[市区县]/g;
const DISTRICT_BEFORE = /[a-l]\d{0,2}[市区县]$/;
const NAME_CHAR = /[\p{Script=Han}a-z0-9]/u;

export const placesOf = (normal: string): string[] => {
  const found = new Set<string>();
  for (const m of normal.matchAll(DISTRICT)) found.add(m[0]);
  for (const m of normal.matchAll(SUFFIX)) {
    const end = m.index;
    let start = end;
    while (start > 0 && end - start < 5) {
      const c = normal[start - 1] ?? "";
      if (STOP.has(c) || !NAME_CHAR.test(c) || STOP_WORDS.has(normal.slice(start - 2, start)))
        break;
      start--;
    }
    if (end - start < 2) {
      // A one-character name after a district is named with it (a市南站, a2区东路).
      const district =
        end - start === 1
          ? DISTRICT_BEFORE.exec(normal.slice(Math.max(0, start - 4), start))
          : null;
      if (!district) continue;
      start -= district[0].length;
    }
    const next = normal[end + m[0].length];
    if (next !== undefined && RUNS_ON[m[0]]?.includes(next)) continue;
    const name = normal.slice(start, end + m[0].length);
    if (
      GENERIC.has(name) ||
      isKindOfPlace(normal, end) ||
      NOT_A_PLACE.has(name.slice(-2)) ||
      /^\d+[a-z]?$/.test(normal.slice(start, end)) ||
      // A number right before 路 is a bus line (6路, 273路), not a road.
      (m[0] === "路" && /\d$/.test(normal.slice(start, end)))
    )
      continue;
    found.add(name);
  }
  const digits = normal.replace(CHINESE_NUMBER, (n) => String(chineseNumeralValue(n)));
  for (const m of digits.matchAll(NUMBER)) found.add(m[0]);
  return [...found];
};

const ENDING = new RegExp(`(?:${PLACE_WORDS.join("|")})$`);

/** The place word a named place ends in (小区, 路, 村…), or "" for none. */
export const placeWordOf = (place: string): string => ENDING.exec(place)?.[0] ?? "";

/**
 * The lookup key of a named place: its place word and the two characters
 * before it (翠湖小区 for both 翠湖小区 and 反映翠湖小区), since the leftward
 * read may take in a word or two that is not part of the name.
 */
export const placeKey = (place: string): string => {
  const ending = placeWordOf(place).length;
  return ending === 0 ? place : place.slice(-(ending + 2));
};
