// Strings of the 产业布局总表 tab (panels/layout.js).
export default {
  zh: {
    "tab.layout": "产业布局总表",
    "layout.heading": "产业布局总表",
    "layout.intro":
      "八区（行）× 九大产业集群（列）：每格是计划四、空间布局为该区写明的产业及细分领域，标明主导（优先发展）或特色（特色发展）。点击产业，地图按它着色并打开该区概况；点击列名按该列的产业定位排序。",
    "layout.caption": "渝西八区产业布局总表：各区在九大产业集群中的主导产业和特色产业",
    "layout.loading": "正在加载产业布局总表…",
    "layout.district": "区县",
    "layout.target": "2027 年目标",
    "layout.sort_target": "按 2027 年营业收入目标排序（再点一次恢复计划顺序）",
    "layout.sort_role": "按在“{name}”中的产业定位排序（再点一次恢复计划顺序）",
    "layout.role.leading": "主导",
    "layout.role.specialty": "特色",
    "layout.linked": "经集群归类",
    "layout.linked_key": "虚线框：计划未在该集群名下写明此产业，由本站按产业内容归入（编辑归类）",
    "layout.linked_note": "计划未在该集群名下写明此产业，由本站按产业内容归入该集群（编辑归类）",
    "layout.show_in": "地图按“{term}”着色，并打开{district}",
    "layout.csv": "下载 CSV",
    "layout.xlsx": "下载 Excel（XLSX）",
    "layout.source":
      "来源：渝府〔2023〕13号 三、主要产业方向（九大集群及其 2027 年目标）、四、空间布局（各区产业）。",
    "print.title_layout": "渝西八区产业布局总表",
  },
  en: {
    "tab.layout": "Industry table",
    "layout.heading": "Industries of the eight districts",
    "layout.intro":
      "The eight districts (rows) × the nine clusters (columns): each cell holds the industries and focus segments that section 4 of the plan names for the district, marked leading (priority) or specialty. Click an industry to colour the map by it and open the district; click a column's name to sort by the roles in it.",
    "layout.caption":
      "Industries of the eight Western Chongqing districts: leading and specialty industries in the nine clusters",
    "layout.loading": "Loading the industry table…",
    "layout.district": "District",
    "layout.target": "2027 target",
    "layout.sort_target": "Sort by 2027 revenue target (again: the plan's order)",
    "layout.sort_role": "Sort by the role in “{name}” (again: the plan's order)",
    "layout.role.leading": "Leading",
    "layout.role.specialty": "Specialty",
    "layout.linked": "linked by cluster",
    "layout.linked_key":
      "Dashed badge: the plan does not name the industry under the cluster; we assigned it by its content (editorial)",
    "layout.linked_note":
      "The plan does not name this industry under the cluster; we assigned it to the cluster by its content (editorial)",
    "layout.show_in": "Colour the map by “{term}” and open {district}",
    "layout.csv": "Download CSV",
    "layout.xlsx": "Download Excel (XLSX)",
    "layout.source":
      "Source: 渝府〔2023〕13号, section 3 (the nine clusters and their 2027 targets) and section 4 (each district's industries).",
    "print.title_layout": "Industries of the eight Western Chongqing districts",
  },
};
