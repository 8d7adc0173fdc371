import { placeKey, placeWordOf } from "./places.js";

/** Place words grouped by what they name: 学院 and 学校 are both schools, so a template sent for each still conflicts. */
const KIND_OF_WORD: Record<string, string> = {};
for (const [kind, words] of Object.entries({
  estate: "小区 花园 家园 公寓 大厦 广场 新城 苑 府 城",
  road: "大道 路 街 巷 桥",
  community: "街道 社区 村 镇 乡",
  school: "学校 中学 小学 幼儿园 大学 学院 驾校",
  park: "公园 乐园 园",
  body: "医院 公司 集团 市场 园区 项目",
  water: "湖 河",
  station: "站",
}))
  for (const word of words.split(" ")) KIND_OF_WORD[word] = kind;

/**
 * What kind of place a place string is: a group of place words (estate, road,
 * school…) for a named place, the unit for a number (#栋, #号), the level for
 * a district (@区, @县, @市). Only places of one kind can contradict each
 * other: 3栋 and 5楼 do not, 翠湖小区 and 金桂花园 do.
 */
export const placeKindOf = (place: string): string => {
  const district = /^[a-l]\d{0,2}([市区县])$/.exec(place);
  if (district) return `@${district[1]}`;
  const number = /^[a-z]?\d+[a-z]?(栋|号|楼|单元|室|期|组)$/.exec(place);
  if (number) return `#${number[1]}`;
  const word = placeWordOf(place);
  return KIND_OF_WORD[word] ?? word;
};

/** Whether a text names a place, a number not as the tail of a longer one (13栋 does not name 3栋). */
const mentions = (text: string, place: string): boolean => {
  for (let at = text.indexOf(place); at >= 0; at = text.indexOf(place, at + 1)) {
    const before = text.charCodeAt(at - 1);
    if (!(before >= 48 && before <= 57)) return true;
  }
  return false;
};

/** The longest run of characters two strings share (names are a few characters: quadratic is cheap). */
const longestSharedRun = (a: string, b: string): number => {
  let best = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      let n = 0;
      while (i + n < a.length && j + n < b.length && a[i + n] === b[j + n]) n++;
      if (n > best) best = n;
    }
  return best;
};

/** How many distinct characters of the shorter string the longer one has too. */
const sharedCharacters = (a: string, b: string): number => {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let n = 0;
  for (let i = 0; i < short.length; i++) {
    const c = short[i] ?? "";
    if (short.indexOf(c) === i && long.includes(c)) n++;
  }
  return n;
};

/** A place string with what comparing it needs, worked out once a comparison. */
interface Place {
  text: string;
  kind: string;
  /** A number or a district (3栋, a3区): compared exactly. */
  count: boolean;
  /** The place word (小区, 路…) and the name before it. */
  word: string;
  name: string;
}

const describe = (text: string): Place => {
  const kind = placeKindOf(text);
  const count = kind.startsWith("#") || kind.startsWith("@");
  const word = count ? "" : placeWordOf(text);
  return { text, kind, count, word, name: text.slice(0, text.length - word.length) };
};

/** A name read with the district before it (a3区西, a市南): the district's letter and level, and the name after it. */
const DISTRICT_PREFIX = /^([a-l])(\d{0,2}[市区县])(.+)$/;

/**
 * One name under two districts of one city: a市西湖 and a3区西湖 are one lake
 * (A3区 lies in A市, as a follow-up names A市 where the first named A3区);
 * a2区东路 and a3区东路, or a市南站 and b市南站, stay two places.
 */
const sameNameInOneCity = (p: Place, q: Place): boolean | undefined => {
  const x = DISTRICT_PREFIX.exec(p.name);
  const y = DISTRICT_PREFIX.exec(q.name);
  if (!x || !y || x[3] !== y[3]) return undefined;
  return x[1] === y[1] && (x[2] === y[2] || x[2] === "市" || y[2] === "市");
};

const samePlace = (p: Place, q: Place): boolean => {
  if (p.text === q.text) return true;
  if (p.count || q.count) return mentions(p.text, q.text) || mentions(q.text, p.text);
  if (p.text.includes(q.text) || q.text.includes(p.text)) return true;
  if (p.word === "" || p.word !== q.word) return false;
  const inOneCity = sameNameInOneCity(p, q);
  if (inOneCity !== undefined) return inOneCity;
  const shorter = Math.min(p.name.length, q.name.length);
  // One key (two characters and the place word) is one place where a name is no longer than the key.
  if (shorter <= 2) return placeKey(p.text) === placeKey(q.text);
  return (
    longestSharedRun(p.name, q.name) >= 3 ||
    sharedCharacters(p.name, q.name) >= Math.max(3, 0.75 * shorter)
  );
};

/**
 * Whether two place strings name one place: equal, one inside the other, one
 * key where a name is no longer than the key, or one place word with names
 * that share three characters running or three quarters of the shorter
 * name's characters (星沙中贸城 and 星沙中茂城, one development spelt two ways;
 * 华唯崇医药公司 and 崇医药连锁公司, one company read from two sides; 万国三期
 * and 国城三期). Two names that share only the place word and two characters
 * (凯乐国际城, 辉煌国际城) are two places. Numbers and districts match only
 * exactly or inside a longer string not as its tail: 3栋 and 13栋 are two buildings.
 */
export const sameishPlace = (p: string, q: string): boolean => samePlace(describe(p), describe(q));

export interface PlaceComparison {
  /** Their places that the new text names too. */
  shared: string[];
  /** Places of the kinds where the two texts name only different ones. */
  onlyMine: string[];
  onlyTheirs: string[];
  /** Of the kinds both texts name, the share where they name only different places (0–1). */
  conflict: number;
  /**
   * Kinds where the two titles each name a place the other side does not: the
   * titles say where the matter is, so a template sent for another school or
   * estate shows here most plainly (0 without `myTitle`).
   */
  titleConflict: number;
}

/**
 * Compares the places of a new text (with the text itself) to an indexed
 * petition's places (with its title). The place reader takes in a neighbouring
 * word now and then (反映翠湖小区, 道茶场村), so a place counts as named by the
 * other side when the other's text contains it or one of the other's places
 * contains it or shares its key. A kind conflicts when each side names a
 * place of that kind the other does not: a template re-used for another estate
 * names another 小区 (even where the template's own words read as places on
 * both sides); a follow-up that adds the road beside the estate contradicts
 * nothing.
 */
export const comparePlaces = (
  mine: readonly string[],
  myText: string,
  theirs: readonly string[],
  theirTitle: string,
  myTitle = "",
): PlaceComparison => {
  const myPlaces = mine.map(describe);
  const theirPlaces = theirs.map(describe);
  const shared: Place[] = [];
  const matchedMine: Place[] = [];
  const byKind = new Map<string, { mine: Place[]; theirs: Place[]; only: number }>();
  const entryOf = (k: string) => {
    let entry = byKind.get(k);
    if (!entry) {
      entry = { mine: [], theirs: [], only: 0 };
      byKind.set(k, entry);
    }
    return entry;
  };
  // `only` bits: 1 = I name one of this kind they do not, 2 = they name one I do not.
  for (const q of theirPlaces) {
    const entry = entryOf(q.kind);
    if (mentions(myText, q.text) || myPlaces.some((p) => samePlace(p, q))) shared.push(q);
    else {
      entry.theirs.push(q);
      entry.only |= 2;
    }
  }
  for (const p of myPlaces) {
    const entry = entryOf(p.kind);
    if (!mentions(theirTitle, p.text) && !theirPlaces.some((q) => samePlace(p, q))) {
      entry.mine.push(p);
      entry.only |= 1;
    } else matchedMine.push(p);
  }
  // A place left over that is one of the same side's matched places read
  // again (中茂城 beside a matched 星沙中茂城) is matched too.
  for (const entry of byKind.values()) {
    if (entry.only !== 3) continue;
    entry.mine = entry.mine.filter((p) => !matchedMine.some((m) => samePlace(p, m)));
    entry.theirs = entry.theirs.filter((q) => !shared.some((m) => samePlace(q, m)));
    entry.only = (entry.mine.length > 0 ? 1 : 0) | (entry.theirs.length > 0 ? 2 : 0);
  }
  const onlyMine: string[] = [];
  const onlyTheirs: string[] = [];
  let conflicting = 0;
  let titleConflict = 0;
  // Both titles naming one place of a kind say where the matter is: places of
  // that kind the texts name beside it (a station compared, a road nearby)
  // contradict nothing, unless the titles name different ones too (B市到A市 /
  // C市到A市).
  const inMyTitle = (q: Place): boolean =>
    mentions(myTitle, q.text) || myPlaces.some((p) => mentions(myTitle, p.text) && samePlace(p, q));
  for (const [kind, entry] of byKind) {
    if (entry.only !== 3) continue;
    const titlesDiffer =
      entry.mine.some((p) => mentions(myTitle, p.text)) &&
      entry.theirs.some((q) => mentions(theirTitle, q.text));
    if (titlesDiffer) titleConflict++;
    else if (
      myTitle !== "" &&
      shared.some((q) => q.kind === kind && mentions(theirTitle, q.text) && inMyTitle(q))
    )
      continue;
    conflicting++;
    for (const p of entry.mine) onlyMine.push(p.text);
    for (const q of entry.theirs) onlyTheirs.push(q.text);
  }
  return {
    shared: shared.map((q) => q.text),
    onlyMine,
    onlyTheirs,
    conflict: conflicting / Math.max(1, byKind.size),
    titleConflict,
  };
};
