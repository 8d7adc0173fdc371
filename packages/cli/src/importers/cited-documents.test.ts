import { describe, expect, it } from "vitest";
import { citedDocuments } from "./cited-documents.js";

describe("citedDocuments", () => {
  it("keeps normative titles, once each, in order", () => {
    expect(
      citedDocuments(
        "您在《市民热线》上的留言收悉。依据《中华人民共和国民法典》和《物业管理条例》，" +
          "按《物业管理条例》有关条款处理，另见《晚间新闻》栏目。",
      ),
    ).toEqual(["《中华人民共和国民法典》", "《物业管理条例》"]);
  });

  it("finds nothing in a reply without citations", () => {
    expect(citedDocuments("您好，已转相关部门处理。")).toEqual([]);
    expect(citedDocuments(undefined)).toEqual([]);
  });
});
