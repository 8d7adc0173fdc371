/**
 * The laws, regulations and policy documents a reply cites by title in 《…》,
 * used as the reply's legal basis (W22 Art. 32). Only titles that name a
 * normative document count (…法, …条例, …办法, …意见, …通知 …), so a mention of
 * a newspaper or the board's own name (《市民热线》) is not taken for one.
 */
const NORMATIVE =
  /(法|法典|条例|规定|办法|意见|通知|规程|规则|细则|标准|决定|方案|规范|规划|制度|政策|公告|纲要|批复|解释)$/;

export const citedDocuments = (reply: string | undefined): string[] => {
  if (!reply) return [];
  const found: string[] = [];
  for (const match of reply.matchAll(/《([^《》]{2,60})》/g)) {
    const title = match[1] ?? "";
    if (NORMATIVE.test(title) && !found.includes(`《${title}》`)) found.push(`《${title}》`);
  }
  return found;
};
