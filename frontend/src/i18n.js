// Every string of the interface, in Chinese (the default) and English, in one place.
// Names that come with the data (districts, parks, industries) are chosen by `nameOf`.

const STRINGS = {
  zh: {
    "app.title": "渝西产业地图",
    "app.subtitle": "渝府〔2023〕13号 · 渝西跨越计划 2023—2027",
    "app.skip": "跳到侧栏",
    "map.label": "渝西地区产业地图",
    "panel.label": "信息面板",
    "search.label": "搜索区县、园区、产业",
    "search.placeholder": "搜索区县、园区、产业（支持拼音）",
    "search.none": "没有找到“{q}”",
    "search.results": "{n} 条结果",
    "search.failed": "搜索失败：{error}",
    "type.district": "区县",
    "type.park": "园区",
    "type.industry": "产业",
    "type.cluster": "产业集群",
    "type.segment": "细分领域",
    "type.key_product": "重点产品",
    "match.pinyin": "拼音",
    "match.initials": "拼音首字母",
    "match.english": "英文",
    "action.share": "复制链接",
    "action.shared": "链接已复制",
    "action.share_fallback": "请复制地址栏中的链接",
    "action.print": "打印",
    "action.language": "English",
    "action.language_label": "Switch to English",
    "action.close": "关闭",
    "action.clear": "清除",
    "action.back": "返回概况",
    "action.zoom_to": "在地图上定位",
    "tab.profile": "概况",
    "tab.find": "按产业找",
    "tab.dashboard": "数据看板",
    "tab.siting": "选址",
    "overview.heading": "渝西八区",
    "overview.intro":
      "渝西八区地处重庆中心城区和成都市之间。计划要求到 2027 年规模以上工业企业营业收入达到 1.4 万亿元；每区确定不超过 2 个主导产业和若干特色产业。",
    "overview.hint": "点击地图上的区县或园区查看详情；用“按产业找”查看某个产业在哪里。",
    "overview.total": "八区合计：{value}",
    "district.target": "2027 年营业收入目标",
    "district.share": "占渝西 1.4 万亿元目标的 {pct}%",
    "district.leading": "主导产业（优先发展）",
    "district.specialty": "特色产业（特色发展）",
    "district.segments": "细分领域",
    "district.etc": "等",
    "district.parks": "产业园区（{n}）",
    "district.no_parks": "暂无园区资料",
    "district.plan_text": "计划原文（{section}）",
    "district.data": "数据",
    "district.download": "下载本区 GeoJSON",
    "profile.print_page": "一页资料（可打印）",
    "district.all_geojson": "八区 GeoJSON（/api/districts）",
    "district.profile_json": "本区资料 JSON",
    "district.ogc": "OGC API 要素",
    "district.aria": "{name}，2027 年目标 {target}",
    "district.loading": "正在加载区县资料…",
    "district.section": "计划{section}",
    "park.level": "级别",
    "park.district": "所在区",
    "park.parent": "所属园区",
    "park.children": "下设园区",
    "park.host_town": "所在镇街",
    "park.industries": "产业",
    "park.area": "面积",
    "park.area_value": "{value} 平方公里",
    "park.area_unknown": "未知",
    "park.location": "位置",
    "park.sources": "来源",
    "park.notes": "备注",
    "park.not_drawn": "位置未知，未在地图上绘制",
    "park.approximate": "位置示意",
    "park.cluster": "个园区，放大查看",
    "precision.town_seat": "位置示意：所在镇街驻地，并非园区边界或中心",
    "precision.district_seat": "位置示意：所在区政府驻地，并非园区边界或中心",
    "precision.none": "位置未知",
    "precision.surveyed_point": "实测位置",
    "precision.surveyed_boundary": "实测边界",
    "find.heading": "这个产业在哪里？",
    "find.intro": "选择产业集群、产业或细分领域，地图会按计划标出它在各区的定位。",
    "find.input": "产业、细分领域或产品",
    "find.placeholder": "例如 动力电池、智能座舱、预制菜",
    "find.submit": "查找",
    "find.clusters": "九大产业集群",
    "find.segments": "细分领域",
    "find.industries": "产业",
    "find.choose_industry": "选择产业…",
    "find.result": "“{term}”：{n} 个区",
    "find.none": "计划中没有找到“{term}”。",
    "find.suggest": "你是不是要找：",
    "find.parks": "园区资料提到它的园区（{n}）",
    "find.no_parks": "园区资料中没有园区提到它。",
    "find.matched": "匹配：",
    "find.via_segment": "细分领域“{segment}”，属{industry}",
    "find.via_industry": "{role}：{industry}",
    "find.via_cluster": "{role}：{industry}（属{cluster}集群）",
    "find.loading": "正在查找…",
    "find.failed": "查找失败：{error}",
    "role.segment": "主导产业细分领域",
    "role.leading": "主导产业",
    "role.specialty": "特色产业",
    "role.none": "计划未提及",
    "mode.label": "着色",
    "mode.target": "2027 年营业收入目标",
    "mode.role": "产业定位",
    "mode.role_of": "“{term}”的产业定位",
    "mode.role_empty": "先在“按产业找”中选择一个产业",
    "legend.label": "图例",
    "legend.parks": "产业园区",
    "legend.central": "重庆中心城区",
    "legend.context": "其他区县 / 成都市",
    "legend.found_park": "提到该产业的园区",
    "legend.toggle": "图例",
    "layers.basemaps": "底图",
    "context.central_city": "重庆中心城区",
    "dashboard.heading": "计划一览",
    "dashboard.region_target": "渝西规模以上工业企业营业收入目标（2027）",
    "dashboard.clusters": "九大产业集群 2027 年营业收入目标",
    "dashboard.districts": "八区 2027 年营业收入目标",
    "dashboard.indicators": "全域指标（2027）",
    "dashboard.unit": "亿元",
    "dashboard.chart_clusters": "柱状图：九大产业集群 2027 年营业收入目标（亿元）",
    "dashboard.chart_districts": "柱状图：八区 2027 年营业收入目标（亿元），点击柱子查看该区",
    "dashboard.source_clusters": "来源：渝府〔2023〕13号 三、主要产业方向",
    "dashboard.source_districts": "来源：渝府〔2023〕13号 四、空间布局",

    "dashboard.loading": "正在加载图表…",
    "dashboard.tasks": "重点任务指标",
    "unit.yi_per_km2": "{value} 亿元/平方公里",
    "unit.count": "{value} {unit}",
    "siting.heading": "选址",
    "siting.placeholder": "园区选址功能正在开发中：输入产业和用地面积（亩），推荐合适的区县和园区。",
    "print.date": "打印日期：{date}",
    "print.sources": "来源",
    "print.title_target": "渝西八区 2027 年规模以上工业企业营业收入目标",
    "print.title_role": "“{term}”在渝西八区的产业定位",
    "status.selected": "已选择 {name}",
    "status.language": "界面已切换为中文",
    "status.copied": "链接已复制到剪贴板",
    "error.load": "数据加载失败：{error}",
    "money.yi": "{value} 亿元",
    "money.wanyi": "{value} 万亿元",
    "comparator.>=": "≥",
    "comparator.≈": "约",
    "comparator.=": "",
  },
  en: {
    "app.title": "Western Chongqing Industry Map",
    "app.subtitle": "渝府〔2023〕13号 · Western Chongqing Leap Plan 2023–2027",
    "app.skip": "Skip to the side panel",
    "map.label": "Industry map of Western Chongqing",
    "panel.label": "Information panel",
    "search.label": "Search districts, parks and industries",
    "search.placeholder": "Search districts, parks, industries",
    "search.none": "Nothing found for “{q}”",
    "search.results": "{n} results",
    "search.failed": "Search failed: {error}",
    "type.district": "District",
    "type.park": "Park",
    "type.industry": "Industry",
    "type.cluster": "Cluster",
    "type.segment": "Focus segment",
    "type.key_product": "Key product",
    "match.pinyin": "pinyin",
    "match.initials": "pinyin initials",
    "match.english": "English",
    "action.share": "Copy link",
    "action.shared": "Link copied",
    "action.share_fallback": "Copy the link in the address bar",
    "action.print": "Print",
    "action.language": "中文",
    "action.language_label": "切换到中文",
    "action.close": "Close",
    "action.clear": "Clear",
    "action.back": "Back to overview",
    "action.zoom_to": "Show on map",
    "tab.profile": "Overview",
    "tab.find": "Find by industry",
    "tab.dashboard": "Dashboard",
    "tab.siting": "Site selection",
    "overview.heading": "The eight districts",
    "overview.intro":
      "Western Chongqing lies between Chongqing's central city and Chengdu. By 2027 the plan wants its industrial enterprises above designated size to earn CNY 1.4 trillion; each district has at most two leading industries and several specialty industries.",
    "overview.hint":
      "Click a district or a park on the map for its profile; use “Find by industry” to see where an industry belongs.",
    "overview.total": "Eight districts together: {value}",
    "district.target": "2027 revenue target",
    "district.share": "{pct}% of the CNY 1.4 trillion target",
    "district.leading": "Leading industries (priority)",
    "district.specialty": "Specialty industries",
    "district.segments": "Focus segments",
    "district.etc": "etc.",
    "district.parks": "Industrial parks ({n})",
    "district.no_parks": "No parks on record",
    "district.plan_text": "Plan text ({section})",
    "district.data": "Data",
    "district.download": "Download this district as GeoJSON",
    "profile.print_page": "One-page profile (printable)",
    "district.all_geojson": "All eight districts, GeoJSON (/api/districts)",
    "district.profile_json": "District profile, JSON",
    "district.ogc": "OGC API feature",
    "district.aria": "{name}, 2027 target {target}",
    "district.loading": "Loading the district profile…",
    "district.section": "plan section {section}",
    "park.level": "Level",
    "park.district": "District",
    "park.parent": "Part of",
    "park.children": "Parks within",
    "park.host_town": "Host town",
    "park.industries": "Industries",
    "park.area": "Area",
    "park.area_value": "{value} km²",
    "park.area_unknown": "unknown",
    "park.location": "Location",
    "park.sources": "Sources",
    "park.notes": "Notes",
    "park.not_drawn": "Location unknown; not drawn on the map",
    "park.approximate": "indicative location",
    "park.cluster": " parks here; zoom in to see them",
    "precision.town_seat":
      "Indicative location: the seat of the host town, not the park's boundary or centre",
    "precision.district_seat":
      "Indicative location: the seat of the district government, not the park's boundary or centre",
    "precision.none": "Location unknown",
    "precision.surveyed_point": "Surveyed location",
    "precision.surveyed_boundary": "Surveyed boundary",
    "find.heading": "Where does an industry belong?",
    "find.intro":
      "Pick a cluster, an industry or a focus segment; the map marks its role in each district as the plan sets it.",
    "find.input": "Industry, segment or product",
    "find.placeholder": "e.g. 动力电池, smart cockpit, 预制菜",
    "find.submit": "Find",
    "find.clusters": "The nine clusters",
    "find.segments": "Focus segments",
    "find.industries": "Industries",
    "find.choose_industry": "Choose an industry…",
    "find.result": "“{term}”: {n} districts",
    "find.none": "The plan does not mention “{term}”.",
    "find.suggest": "Did you mean:",
    "find.parks": "Parks whose records mention it ({n})",
    "find.no_parks": "No park record mentions it.",
    "find.matched": "Matched:",
    "find.via_segment": "focus segment “{segment}” of {industry}",
    "find.via_industry": "{role}: {industry}",
    "find.via_cluster": "{role}: {industry} (in the {cluster} cluster)",
    "find.loading": "Searching…",
    "find.failed": "Could not search: {error}",
    "role.segment": "Focus segment of a leading industry",
    "role.leading": "Leading industry",
    "role.specialty": "Specialty industry",
    "role.none": "Not named by the plan",
    "mode.label": "Colour by",
    "mode.target": "2027 revenue target",
    "mode.role": "Industry role",
    "mode.role_of": "Role of “{term}”",
    "mode.role_empty": "Pick an industry under “Find by industry” first",
    "legend.label": "Legend",
    "legend.parks": "Industrial parks",
    "legend.central": "Chongqing central city",
    "legend.context": "Other districts / Chengdu",
    "legend.found_park": "Park whose record mentions it",
    "legend.toggle": "Legend",
    "layers.basemaps": "Base maps",
    "context.central_city": "Chongqing central city",
    "dashboard.heading": "The plan at a glance",
    "dashboard.region_target": "Revenue target of Western Chongqing's industry (2027)",
    "dashboard.clusters": "2027 revenue targets of the nine clusters",
    "dashboard.districts": "2027 revenue targets of the eight districts",
    "dashboard.indicators": "Region-wide indicators (2027)",
    "dashboard.unit": "CNY bn",
    "dashboard.chart_clusters": "Bar chart: 2027 revenue targets of the nine clusters (CNY bn)",
    "dashboard.chart_districts":
      "Bar chart: 2027 revenue targets of the eight districts (CNY bn); click a bar to open the district",
    "dashboard.source_clusters": "Source: 渝府〔2023〕13号, section 3 (main industry directions)",
    "dashboard.source_districts": "Source: 渝府〔2023〕13号, section 4 (spatial layout)",

    "dashboard.loading": "Loading charts…",
    "dashboard.tasks": "Targets of the main tasks",
    "unit.yi_per_km2": "CNY {bn} bn per km²",
    "unit.count": "{value}",
    "siting.heading": "Site selection",
    "siting.placeholder":
      "Site selection is being built: give an industry and a land area (mu) to get suitable districts and parks.",
    "print.date": "Printed {date}",
    "print.sources": "Sources",
    "print.title_target": "2027 revenue targets of the eight Western Chongqing districts",
    "print.title_role": "Role of “{term}” in the eight Western Chongqing districts",
    "status.selected": "Selected {name}",
    "status.language": "The interface is now in English",
    "status.copied": "Link copied to the clipboard",
    "error.load": "Could not load data: {error}",
    "money.yi": "CNY {bn} bn",
    "money.wanyi": "CNY {value} trillion",
    "comparator.>=": "≥",
    "comparator.≈": "about",
    "comparator.=": "",
  },
};

export const LANGUAGES = Object.keys(STRINGS);
let current = "zh";

export function setLanguage(lang) {
  current = STRINGS[lang] ? lang : "zh";
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  document.title = t("app.title");
  applyStaticStrings(document);
}

export function language() {
  return current;
}

/** The string for `key` in the current language, with {placeholders} filled from `params`. */
export function t(key, params = {}) {
  const text = STRINGS[current][key] ?? STRINGS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : ""));
}

/** A data record's name in the current language (`name_en` in English when present). */
export function nameOf(record) {
  if (!record) return "";
  return current === "en" && record.name_en ? record.name_en : record.name;
}

/** A {zh, en} object from the server, in the current language. */
export function localized(text) {
  if (!text) return "";
  return typeof text === "string" ? text : (text[current] ?? text.zh ?? "");
}

/** A district's short name for map labels: "Jiangjin" rather than "Jiangjin District". */
export function shortDistrictName(record) {
  return current === "en" && record.name_en ? record.name_en.replace(/ District$/, "") : record.name;
}

/** An amount given in 亿元 (100 million yuan), as the plan writes it or in CNY billions. */
export function money(yi) {
  if (yi == null) return "";
  return t("money.yi", { value: formatNumber(yi), bn: formatNumber(yi / 10) });
}

/** A large amount in 亿元, written in 万亿元 (CNY trillion): 14000 → "1.4 万亿元". */
export function moneyLarge(yi) {
  return t("money.wanyi", { value: formatNumber(yi / 10000) });
}

export function formatNumber(value) {
  return new Intl.NumberFormat(current === "zh" ? "zh-CN" : "en-GB", {
    maximumFractionDigits: 2,
    useGrouping: current === "en",
  }).format(value);
}

export function formatDate(date) {
  return new Intl.DateTimeFormat(current === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "long",
  }).format(date);
}

/** Fill elements marked with data-i18n (text), data-i18n-label (aria-label),
 * data-i18n-placeholder and data-i18n-title. */
export function applyStaticStrings(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]"))
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("[data-i18n-placeholder]"))
    el.setAttribute("placeholder", t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll("[data-i18n-title]"))
    el.setAttribute("title", t(el.dataset.i18nTitle));
}
