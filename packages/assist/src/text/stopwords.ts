/** Words that say nothing about a matter: greetings, pronouns, function words, petition boilerplate. */
export const STOPWORDS = new Set(
  (
    "的 了 是 在 和 与 及 或 也 都 就 还 又 很 有 没有 我 我们 你 你们 他 他们 她 这 那 这个 那个 一个 什么 怎么 " +
    "为什么 如何 是否 能否 可以 能 会 要 请 希望 要求 建议 问题 情况 相关 有关 部门 领导 尊敬 您好 你好 谢谢 感谢 " +
    "反映 关于 对于 目前 现在 已经 一直 多次 非常 严重 进行 没有 不 但是 因为 所以 如果 而且 以及 我家 本人 " +
    "一下 看到 知道 觉得 认为 大家 时候 地方 东西 事情 政府 市民 居民 群众 老百姓 书记 市长 局长 县长 同志 百忙之中 恳请 麻烦 帮忙 解决 处理 回复 答复 留言"
  ).split(" "),
);

export const isContentWord = (word: string): boolean =>
  word.length >= 2 && !STOPWORDS.has(word) && !/^[\d.a-z]+$/.test(word);
