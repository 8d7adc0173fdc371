// Runs inside the browser page of the HTML report test (added with
// page.addScriptTag): measures what the report shows.
window.inspectPetitioReport = () => {
  const charts = [...document.querySelectorAll("figure[data-chart]")].map((figure) => {
    const svg = figure.querySelector("svg");
    const drawn = {};
    // Each chart names the colours its data are drawn in: count drawn shapes of each.
    for (const color of (figure.dataset.seriesColors ?? "").split(" ").filter(Boolean)) {
      drawn[color] = [
        ...figure.querySelectorAll(`[fill="${color}" i], [stroke="${color}" i]`),
      ].filter((el) => {
        const box = el.getBBox();
        return box.width > 0 || box.height > 0;
      }).length;
    }
    return {
      name: figure.dataset.chart ?? "",
      width: svg?.getBoundingClientRect().width ?? 0,
      drawn,
    };
  });
  // Cells that must stay on one line: their text's boxes share one top.
  const wrapped = [...document.querySelectorAll("td.id, td.date, td.key")]
    .filter((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      return tops.size > 1;
    })
    .map((td) => td.textContent);
  const monthRows = [...document.querySelectorAll("details table tbody tr td.key")].map(
    (td) => td.textContent ?? "",
  );
  return {
    charts,
    wrapped,
    monthRows,
    groupSections: [...document.querySelectorAll("section.group")].map((s) => ({
      key: s.getAttribute("data-group"),
      rates: s.querySelectorAll("tbody tr").length,
    })),
    fewMarked: document.querySelectorAll("td.few").length,
    sampleShown: /\(\d+\/\d+\)/.test(document.body.textContent ?? ""),
    hotTopicsHeading:
      [...document.querySelectorAll("h2")].find((h) => h.textContent?.startsWith("Hot topics"))
        ?.textContent ?? "",
    cjkFontInstalled: document.fonts.check("16px 'Noto Sans CJK SC'", "信访"),
  };
};

// The XML parser's complaint about each SVG text, or null when it is well-formed.
window.svgParseErrors = (texts) =>
  texts.map(
    (text) =>
      new DOMParser()
        .parseFromString(text, "image/svg+xml")
        .querySelector("parsererror")
        ?.textContent?.slice(0, 200) ?? null,
  );
