// The eight districts: filled by 2027 target or by the chosen industry's role, labelled with
// their names, selectable by mouse and by keyboard (each path is a focusable button).
import L from "./leaflet.js";
import { mapButton } from "../dom.js";
import { money, nameOf, shortDistrictName, t } from "../i18n.js";
import { outlineRenderer } from "./outlines.js";
import { districtFill, fillGround, SELECTED_STROKE } from "./styles.js";

export function createDistrictLayer({ catalogLayer, collection, onSelect }) {
  const view = {
    mode: "target",
    roles: new Map(),
    tiers: new Map(),
    chain: new Map(),
    selected: "",
    hovered: "",
    fill: fillGround(null), // how fills are drawn over the ground (no base map, or one)
  };
  const style = catalogLayer.style;

  function styleOf(feature) {
    const adcode = feature.properties.adcode;
    const selected = adcode === view.selected;
    const hovered = adcode === view.hovered;
    return {
      color: selected || hovered ? SELECTED_STROKE : style.stroke || "#ffffff",
      weight: selected ? 3.5 : hovered ? 2.5 : 1.5,
      fillColor: districtFill(catalogLayer, feature, view),
      fillOpacity: view.fill.opacityOf(style),
    };
  }

  function describe(feature) {
    const p = feature.properties;
    return t("district.aria", { name: nameOf(p), target: money(p.revenue_target_2027) });
  }

  // Give each path its hooks and an accessible name once Leaflet has drawn it.
  function decorate(district) {
    const path = district.getElement();
    if (!path) return;
    const feature = district.feature;
    path.setAttribute("data-adcode", feature.properties.adcode);
    if (!path.dataset.keyboard) {
      path.addEventListener("focus", () => hover(feature.properties.adcode));
      path.addEventListener("blur", () => hover(""));
    }
    mapButton(path, describe(feature), () => onSelect(feature.properties.adcode));
  }

  const layer = L.geoJSON(collection, {
    pane: "districts",
    renderer: outlineRenderer("districts"),
    attribution: "",
    style: styleOf,
    onEachFeature(feature, district) {
      district.bindTooltip(shortDistrictName(feature.properties), {
        permanent: true,
        direction: "center",
        pane: "districtLabels",
        className: "district-label",
        interactive: false,
      });
      district.on("add", () => decorate(district));
      district.on("click", (event) => onSelect(feature.properties.adcode, event.latlng));
      district.on("mouseover", () => hover(feature.properties.adcode));
      district.on("mouseout", () => hover(""));
    },
  });

  function hover(adcode) {
    view.hovered = adcode;
    layer.setStyle(styleOf);
  }

  function byAdcode(adcode) {
    return layer.getLayers().find((d) => d.feature.properties.adcode === adcode);
  }

  return {
    layer,
    /** Restyle for {mode, roles (Map adcode → role), tiers (Map adcode → tier), selected,
     * fill (fillGround of the base map shown)}. */
    update(patch) {
      Object.assign(view, patch);
      layer.setStyle(styleOf);
      byAdcode(view.selected)?.bringToFront();
      for (const district of layer.getLayers()) {
        const selected = district.feature.properties.adcode === view.selected;
        district.getTooltip()?.getElement()?.classList.toggle("selected", selected);
      }
    },
    /** Labels and accessible names in the current language. */
    relabel() {
      for (const district of layer.getLayers()) {
        district.setTooltipContent(shortDistrictName(district.feature.properties));
        district.getElement()?.setAttribute("aria-label", describe(district.feature));
      }
    },
    boundsOf(adcode) {
      return byAdcode(adcode)?.getBounds();
    },
    feature(adcode) {
      return byAdcode(adcode)?.feature;
    },
  };
}
