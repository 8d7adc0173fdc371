import { describe, expect, it } from "vitest";
import { comparePlaces, placeKindOf, sameishPlace } from "./place-conflict.js";
import { placesOf } from "./places.js";

// Texts written for this test.
const compare = (mine: string, theirs: string, theirTitle = "") =>
  comparePlaces(placesOf(mine), mine, placesOf(theirs), theirTitle);

describe("place conflicts", () => {
  it("groups place words by what they name", () => {
    expect(placeKindOf("翠湖小区")).toBe(placeKindOf("金桂花园"));
    expect(placeKindOf("涉外经济学院")).toBe(placeKindOf("楚都职业学校"));
    expect(placeKindOf("3栋")).not.toBe(placeKindOf("5楼"));
    expect(placeKindOf("a3区")).not.toBe(placeKindOf("a市"));
  });

  it("counts another estate in the same template as a conflict", () => {
    const c = compare("翠湖小区物业乱收停车费", "金桂花园物业乱收停车费");
    expect(c.conflict).toBeGreaterThan(0);
    expect(c.onlyMine).toContain("翠湖小区");
    expect(c.onlyTheirs).toContain("金桂花园");
  });

  it("does not count a road the follow-up adds beside the same estate", () => {
    const c = compare("再次反映翠湖小区门口火炬路停车难", "翠湖小区停车难无人管");
    expect(c.conflict).toBe(0);
    expect(c.shared).toContain("翠湖小区");
  });

  it("matches a place the reader took a neighbouring word into", () => {
    const c = compare("反映西湖街道茶场村五组拆迁", "茶场村五组何时拆迁");
    expect(c.conflict).toBe(0);
    expect(c.shared.length).toBeGreaterThan(0);
  });

  it("reads no place in common words ending in a place word", () => {
    expect(placesOf("恳请政府尽快修好电路和马路")).toEqual([]);
  });

  it("reads Chinese numerals before a unit as digits, and a day of the month as no number", () => {
    expect(placesOf("翠湖小区二期3栋")).toContain("2期");
    expect(placesOf("十五栋楼顶漏水")).toContain("15栋");
    expect(placesOf("3月25号开始停水")).toEqual([]);
    // 五六栋 is buildings five and six, not building 56.
    expect(placesOf("翡翠小区五六栋油烟扰民")).toContain("6栋");
    expect(placesOf("翡翠小区五六栋油烟扰民")).not.toContain("56栋");
    const c = compare("翠湖小区一期南门摆摊", "翠湖小区二期30栋违建");
    expect(c.onlyMine).toContain("1期");
    expect(c.onlyTheirs).toContain("2期");
  });

  it("does not take a longer number for a shorter one", () => {
    const c = compare("金桂花园13栋漏水", "金桂花园3栋漏水");
    expect(c.conflict).toBeGreaterThan(0);
    expect(c.onlyMine).toContain("13栋");
  });

  it("reads parks and driving schools, and no place in words that run on (城管, 街坊)", () => {
    expect(placesOf("西湖文化园偷钓")).toContain("西湖文化园");
    expect(placesOf("星沙商业乐园违建")).toContain("星沙商业乐园");
    expect(placesOf("华鑫驾校乱收押金")).toContain("华鑫驾校");
    expect(placesOf("找了物业城管都不管")).toEqual([]);
    // A place word at the very end runs on into nothing.
    expect(placesOf("投诉星沙中贸城")).toContain("星沙中贸城");
    expect(placesOf("吵得街坊邻居不得安宁")).toEqual([]);
    expect(placesOf("2018年公司开始拖欠")).toEqual([]);
    expect(placesOf("请问为什么幼儿园不招生")).toEqual([]);
    expect(placesOf("省属40所中学下放，初级中学和公办幼儿园")).toEqual([]);
    // A kind of kindergarten, with or without 制 / 性 after the kind word.
    expect(placesOf("要求转成普惠制幼儿园，或者办普惠性幼儿园、普惠园")).toEqual([]);
    expect(placesOf("小太阳幼儿园转普惠")).toContain("小太阳幼儿园");
  });

  it("takes one name under a city and under one of its districts for one place", () => {
    expect(sameishPlace("a市西湖", "a3区西湖")).toBe(true);
    expect(sameishPlace("a3区西湖", "a2区西湖")).toBe(false);
    expect(sameishPlace("a市南站", "b市南站")).toBe(false);
    expect(compare("a3区西湖边夜钓扰民", "a市西湖夜钓扰民", "a市西湖夜钓扰民").titleConflict).toBe(
      0,
    );
  });

  it("reads no road in street lights, bus lines, junctions or 'this road'", () => {
    expect(placesOf("夜间无路灯，路况很差")).toEqual([]);
    expect(placesOf("等了很久才来一辆6路，如273路也很少")).toEqual([]);
    expect(placesOf("必经之路的十字路口，导致该路拥堵，修水泥路")).toEqual([]);
    expect(placesOf("黄兴北路路灯不亮")).toContain("黄兴北路");
    // The same complaint about one road, one naming its street lights and a bus line, conflicts with nothing.
    expect(compare("太平路无路灯，6路公交绕行", "太平路乱停车").conflict).toBe(0);
  });

  it("reads a number before 楼下 or 楼上 as no floor (104楼下: below flat 104)", () => {
    expect(placesOf("五栋104楼下门面开了烧烤店")).toEqual(["5栋"]);
    expect(placesOf("住在6楼，楼下开了烧烤店")).toContain("6楼");
    // The same complaint, one naming the flat above the shop, conflicts with nothing.
    expect(compare("翡翠林居5栋104楼下烧烤油烟", "翡翠林居5栋烧烤油烟").conflict).toBe(0);
  });

  it("takes one development spelt two ways for one place", () => {
    const c = compare("星沙中茂城拖欠退铺款", "星沙中贸城不退铺款");
    expect(c.conflict).toBe(0);
    expect(c.shared).toContain("星沙中贸城");
    // Two names that share only the place word and two characters stay two places.
    expect(compare("凯乐国际城停车难", "辉煌国际城停车难").conflict).toBeGreaterThan(0);
    expect(compare("翠湖小区停车难", "翠园小区停车难").conflict).toBeGreaterThan(0);
    // Most of the shorter name's characters, not in one run: 万国三期 and 国城三期.
    expect(sameishPlace("万国三期幼儿园", "国城三期幼儿园")).toBe(true);
    expect(sameishPlace("涉外经济学院", "职业技术学院")).toBe(false);
  });

  it("counts a title conflict when both titles name different places of one kind", () => {
    const template = "学校组织学生外出打工，一天工作十个小时。";
    const c = comparePlaces(
      placesOf(`涉外经济学院组织学生打工 ${template}`),
      `涉外经济学院组织学生打工 ${template}`,
      placesOf(`楚都职业学校组织学生打工 ${template}`),
      "楚都职业学校组织学生打工",
      "涉外经济学院组织学生打工",
    );
    expect(c.titleConflict).toBe(1);
    // A follow-up whose title adds the road beside the estate contradicts nothing.
    const followUp = comparePlaces(
      placesOf("翠湖小区门口火炬路乱停车 翠湖小区门口每天乱停车"),
      "翠湖小区门口火炬路乱停车 翠湖小区门口每天乱停车",
      placesOf("翠湖小区乱停车 小区门口乱停车"),
      "翠湖小区乱停车",
      "翠湖小区门口火炬路乱停车",
    );
    expect(followUp.titleConflict).toBe(0);
    // Without the new title (the older call), no title conflict is read.
    expect(compare(`涉外经济学院 ${template}`, `楚都职业学校 ${template}`).titleConflict).toBe(0);
  });

  it("reads no conflict in a kind whose place both titles name, unless the titles also differ there", () => {
    const mine = "a市南站候车室增设改签窗口 a市南站没有改签窗口，贵阳北站都有";
    const theirs = "a市南站增设改签窗口的建议 a市南站候车厅大，不像武汉火车站";
    const agreeing = comparePlaces(
      placesOf(mine),
      mine,
      placesOf(theirs),
      "a市南站增设改签窗口的建议",
      "a市南站候车室增设改签窗口",
    );
    expect(agreeing.conflict).toBe(0);
    // Without the titles the stations named beside the subject conflict.
    expect(compare(mine, theirs, "a市南站增设改签窗口的建议").conflict).toBeGreaterThan(0);
    // One template from B市 and from C市 to A市: both titles name A市, and also different cities.
    const b = "b市到a市什么时候开通地铁 不知b市到a市什么时候开通地铁";
    const c = "c市到a市会开通地铁吗 不知c市到a市什么时候开通地铁";
    const template = comparePlaces(
      placesOf(b),
      b,
      placesOf(c),
      "c市到a市会开通地铁吗",
      "b市到a市什么时候开通地铁",
    );
    expect(template.conflict).toBeGreaterThan(0);
    expect(template.titleConflict).toBe(1);
  });
});
