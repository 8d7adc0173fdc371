import { definePolicy, nationalPolicy } from "@petitio/core";

/**
 * Our deployment's policy: 河南省信访条例 (2012), "HN", on top of the national
 * rules (信访工作条例 2022, "W22"). Where the province is stricter, its number
 * applies; where it allows more than the national cap, the national cap wins.
 */
export const henanPolicy = definePolicy(nationalPolicy, {
  id: "cn-henan-2012",
  name: "河南省信访条例 (2012)",
  limits: {
    // HN Art. 26(1): pass a petition to the responsible org within five days.
    routing: { days: 5, unit: "calendarDays", basis: "HN Art. 26(1)" },
    // HN Art. 26(5): an org returns a wrongly routed petition within five days.
    objection: { days: 5, unit: "calendarDays", basis: "HN Art. 26(5)" },
    // HN Art. 26(2): thirty days to handle. HN allows extending to ninety days in
    // all, but W22 Art. 34 caps an extension at thirty days, so the cap stays.
    handling: { days: 30, unit: "calendarDays", basis: "HN Art. 26(2)" },
  },
});
