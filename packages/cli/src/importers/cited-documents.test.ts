import { describe, expect, it } from "vitest";
import { citedDocuments } from "./cited-documents.js";

describe("citedDocuments", () => {
  it("keeps normative titles, once each, in order", () => {
    expect(
      citedDocuments(
        "现将网友在平台《问政西地省》栏目留言答复如下：根据《中华人民共和国物权法》和《物业管理条例》，" +
          "依照《物业管理条例》第十条……见《长沙晚报》报道。",
      ),
    ).toEqual(["《中华人民共和国物权法》", "《物业管理条例》"]);
  });

  it("finds nothing in a reply without citations", () => {
    expect(citedDocuments("您好，已转相关部门处理。")).toEqual([]);
    expect(citedDocuments(undefined)).toEqual([]);
  });
});
