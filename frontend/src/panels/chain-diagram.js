// The chain diagram: Apache ECharts' graph series (SVG), loaded with the 产业链 tab. Nodes are
// laid out in bands from upstream to downstream (their `tier`), a few to a row, coloured by
// status: present / planned but thin / gap; nodes of other chains that a link reaches are grey.
import { GraphChart } from "echarts/charts";
import { AriaComponent, GraphicComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([GraphChart, TooltipComponent, AriaComponent, GraphicComponent, SVGRenderer]);

const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';
export const STATUS_COLORS = {
  present: "#1a9850",
  planned_thin: "#f39c32",
  gap: "#d73027",
  external: "#bdbdbd",
};
const BOX = { w: 112, h: 30, gapX: 6, gapY: 12, band: 26 };

/** Positions: bands by tier, rows of `perRow` nodes within a band. */
function layout(nodes, width) {
  const perRow = Math.max(2, Math.floor((width - 8 + BOX.gapX) / (BOX.w + BOX.gapX)));
  const tiers = [...new Set(nodes.map((n) => n.tier))].sort((a, b) => a - b);
  const bands = [];
  let y = 0;
  for (const tier of tiers) {
    const members = nodes.filter((n) => n.tier === tier);
    bands.push({ tier, y });
    y += BOX.band;
    members.forEach((n, i) => {
      n.x = 4 + (i % perRow) * (BOX.w + BOX.gapX) + BOX.w / 2; // 4 px: room for a bold border
      n.y = y + Math.floor(i / perRow) * (BOX.h + BOX.gapY) + BOX.h / 2;
    });
    y += Math.ceil(members.length / perRow) * (BOX.h + BOX.gapY) + 4;
  }
  return { bands, height: y, width: perRow * (BOX.w + BOX.gapX) };
}

/**
 * Draw `nodes` ([{id, name, tier, status, external}]) and `links` ([{from, to, basis}]) in `el`.
 * texts: {tier(t), tooltip(node), description}; onClick(id). Returns {select(id), dispose()}.
 */
export function chainDiagram(el, { nodes, links, texts, onClick }) {
  const width = el.clientWidth || 380;
  const placed = nodes.map((n) => ({ ...n }));
  const { bands, height } = layout(placed, width);
  // Graph data without a coordinate system are scaled from their extent onto the series box:
  // a box exactly over that extent keeps the layout's pixels.
  const xs = placed.map((n) => n.x);
  const ys = placed.map((n) => n.y);
  const box = {
    left: Math.min(...xs),
    top: Math.min(...ys),
    width: Math.max(1, Math.max(...xs) - Math.min(...xs)),
    height: Math.max(1, Math.max(...ys) - Math.min(...ys)),
  };
  el.style.height = `${height + 8}px`;
  const chart = echarts.init(el, null, { renderer: "svg", height: height + 8, width });
  let selected = "";

  function option() {
    return {
      animation: false,
      textStyle: { fontFamily: FONT },
      aria: { enabled: true, label: { description: texts.description } },
      tooltip: {
        trigger: "item",
        confine: true,
        formatter: (p) => (p.dataType === "node" ? texts.tooltip(p.data.node) : ""),
      },
      graphic: bands.map((b) => ({
        type: "text",
        left: 0,
        top: b.y + 4,
        style: { text: texts.tier(b.tier), fill: "#52606d", font: `12px ${FONT}` },
      })),
      series: [
        {
          type: "graph",
          layout: "none",
          coordinateSystem: null,
          ...box,
          roam: false,
          symbol: "roundRect",
          symbolSize: [BOX.w, BOX.h],
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: 7,
          data: placed.map((n) => ({
            id: n.id,
            name: n.id,
            x: n.x,
            y: n.y,
            fixed: true,
            node: n,
            itemStyle: {
              color: n.external ? "#f5f5f5" : STATUS_COLORS[n.status],
              borderColor: n.id === selected ? "#111111" : n.external ? "#9e9e9e" : "#ffffff",
              borderWidth: n.id === selected ? 3 : 1,
              borderType: n.external ? "dashed" : "solid",
            },
            label: {
              show: true,
              position: "inside",
              formatter: () => n.label,
              color: n.external ? "#424242" : n.status === "planned_thin" ? "#1f1f1f" : "#ffffff",
              fontSize: n.label.length > 8 ? 10 : 12,
              width: BOX.w - 8,
              overflow: "truncate",
            },
            cursor: n.external ? "default" : "pointer",
          })),
          links: links.map((l) => ({
            source: l.from,
            target: l.to,
            lineStyle: {
              color: "#6b7785",
              width: 1.2,
              type: l.basis === "plan" ? "solid" : "dashed",
              curveness: 0.15,
              opacity: 0.8,
            },
          })),
        },
      ],
    };
  }

  chart.setOption(option());
  chart.on("click", (event) => {
    if (event.dataType === "node" && !event.data.node.external) onClick(event.data.id);
  });
  return {
    select(id) {
      selected = id;
      chart.setOption(option());
    },
    dispose: () => chart.dispose(),
  };
}
